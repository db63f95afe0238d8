/** /api/v1/teams: list, create, members. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { IdentityService } from '../../services/identity.service.ts';
import { createTeamSchema, listTeamsSchema, teamMembersSchema } from './teams.schemas.ts';

export const teamRoutes =
  (deps: { identity: IdentityService }): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    const { identity } = deps;

    app.get('/api/v1/teams', { schema: listTeamsSchema }, async (request) => ({
      items: await identity.listTeams(request.context),
    }));

    app.post('/api/v1/teams', { schema: createTeamSchema }, async (request, reply) =>
      reply.status(201).send(await identity.createTeam(request.context, request.body.name)),
    );

    app.get('/api/v1/teams/:team/members', { schema: teamMembersSchema }, async (request) => {
      const { team, members } = await identity.teamMembers(request.context, request.params.team);
      return {
        team,
        items: members.map(({ account, membership }) => ({
          user: {
            id: account.id,
            username: account.username,
            displayName: account.displayName,
            disabled: account.disabled,
          },
          role: membership.role,
        })),
      };
    });
  };
