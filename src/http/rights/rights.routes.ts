/**
 * /api/v1/assets/:id/rights (read, set whole, history), /api/v1/usage-checks (the usage check, 200 whether allowed or
 * not) and /api/v1/channels (the organisation's list). Thin: each handler calls the rights service.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RightsService } from '../../services/rights.service.ts';
import { presentDecision } from './rights.presenter.ts';
import {
  addChannelSchema,
  getRightsSchema,
  listChannelsSchema,
  putRightsSchema,
  removeChannelSchema,
  rightsHistorySchema,
  usageCheckSchema,
} from './rights.schemas.ts';

export interface RightsRouteDeps {
  rights: RightsService;
}

export const rightsRoutes =
  ({ rights }: RightsRouteDeps): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.get('/api/v1/assets/:id/rights', { schema: getRightsSchema }, async (request) =>
      rights.get(request.context, request.params.id),
    );
    app.put('/api/v1/assets/:id/rights', { schema: putRightsSchema }, async (request) =>
      rights.set(request.context, request.params.id, request.body),
    );
    app.get('/api/v1/assets/:id/rights/history', { schema: rightsHistorySchema }, async (request) => ({
      items: await rights.history(request.context, request.params.id),
    }));
    app.post('/api/v1/usage-checks', { schema: usageCheckSchema }, async (request) =>
      presentDecision(await rights.check(request.context, request.body)),
    );
    app.get('/api/v1/channels', { schema: listChannelsSchema }, async (request) => ({
      items: await rights.channels(request.context),
    }));
    app.post('/api/v1/channels', { schema: addChannelSchema }, async (request, reply) => {
      const added = await rights.addChannel(request.context, request.body.name);
      return reply.status(added.created ? 201 : 200).send(added);
    });
    app.delete('/api/v1/channels/:name', { schema: removeChannelSchema }, async (request, reply) => {
      await rights.removeChannel(request.context, request.params.name);
      return reply.status(204).send(null);
    });
  };
