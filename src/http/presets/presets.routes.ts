/** /api/v1/presets: the organisation's channel rendition presets — list, read, create or replace, delete. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { PresetService } from '../../services/preset.service.ts';
import {
  createPresetSchema,
  deletePresetSchema,
  getPresetSchema,
  listPresetsSchema,
  putPresetSchema,
} from './presets.schemas.ts';

export const presetRoutes =
  (deps: { presets: PresetService }): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.get('/api/v1/presets', { schema: listPresetsSchema }, async (request) => ({
      items: await deps.presets.list(request.context),
    }));

    app.get('/api/v1/presets/:name', { schema: getPresetSchema }, (request) =>
      deps.presets.get(request.context, request.params.name),
    );

    app.post('/api/v1/presets', { schema: createPresetSchema }, async (request, reply) => {
      const { preset, created } = await deps.presets.save(request.context, request.body);
      return reply.status(created ? 201 : 200).send(preset);
    });

    app.put('/api/v1/presets/:name', { schema: putPresetSchema }, async (request, reply) => {
      const { preset, created } = await deps.presets.save(request.context, request.body, request.params.name);
      return reply.status(created ? 201 : 200).send(preset);
    });

    app.delete('/api/v1/presets/:name', { schema: deletePresetSchema }, async (request, reply) => {
      await deps.presets.delete(request.context, request.params.name);
      return reply.status(204).send(null);
    });
  };
