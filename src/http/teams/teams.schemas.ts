/** /api/v1/teams: the teams assets and memberships belong to. */
import { Type } from 'typebox';
import { errorResponses } from '../schemas.ts';
import { MembershipBody } from '../users/users.schemas.ts';

export const TeamBody = Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() });

export const listTeamsSchema = {
  tags: ['teams'],
  summary: 'Every team, by name (anyone holding a role, or users:manage)',
  response: { 200: Type.Object({ items: Type.Array(TeamBody) }), ...errorResponses },
};

export const createTeamSchema = {
  tags: ['teams'],
  summary: 'Create a team (users:manage); a team of the same name (ignoring case and punctuation) is answered as is',
  body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
  response: { 201: TeamBody, ...errorResponses },
};

export const teamMembersSchema = {
  tags: ['teams'],
  summary: "A team's members and their roles there (members of the team, or users:manage)",
  description:
    'One entry per role held on this team; roles held on every team are not repeated here (GET /api/v1/users shows them).',
  params: Type.Object({ team: Type.String({ minLength: 1, maxLength: 200, description: 'Team id or name' }) }),
  response: {
    200: Type.Object({
      team: TeamBody,
      items: Type.Array(
        Type.Object({
          user: Type.Object({
            id: Type.String(),
            username: Type.String(),
            displayName: Type.String(),
            disabled: Type.Boolean(),
          }),
          role: MembershipBody.properties.role,
        }),
      ),
    }),
    ...errorResponses,
  },
};
