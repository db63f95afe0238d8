/** /api/v1/families: variant families — list, read, confirm, split, merge, move a member, set canonical, deprecate the rest. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FamilyService } from '../../services/family.service.ts';
import {
  addMemberSchema,
  canonicalSchema,
  confirmSchema,
  deprecateRestSchema,
  getFamilySchema,
  listFamiliesSchema,
  mergeSchema,
  removeMemberSchema,
  splitSchema,
} from './families.schemas.ts';

export const familyRoutes =
  (deps: { families: FamilyService }): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    const { families } = deps;
    app.get('/api/v1/families', { schema: listFamiliesSchema }, async (request) => {
      const { limit, cursor, state } = request.query;
      return families.list(request.context, state ? { state } : {}, {
        ...(limit ? { limit } : {}),
        ...(cursor ? { cursor } : {}),
      });
    });
    app.get('/api/v1/families/:id', { schema: getFamilySchema }, (request) =>
      families.get(request.context, request.params.id),
    );
    app.post('/api/v1/families/:id/confirm', { schema: confirmSchema }, (request) =>
      families.confirm(request.context, request.params.id, request.body?.assetIds),
    );
    app.post('/api/v1/families/:id/split', { schema: splitSchema }, (request) =>
      families.split(request.context, request.params.id, request.body.assetIds, request.body.canonical),
    );
    app.post('/api/v1/families/:id/merge', { schema: mergeSchema }, (request) =>
      families.merge(request.context, request.params.id, request.body.sourceId),
    );
    app.post('/api/v1/families/:id/members', { schema: addMemberSchema }, (request) =>
      families.moveMember(request.context, request.body.assetId, request.params.id),
    );
    app.delete('/api/v1/families/:id/members/:assetId', { schema: removeMemberSchema }, async (request) => {
      const family = await families.removeMembers(request.context, request.params.id, [request.params.assetId]);
      return family ? { family } : {};
    });
    app.post('/api/v1/families/:id/canonical', { schema: canonicalSchema }, (request) =>
      families.setCanonical(request.context, request.params.id, request.body.assetId),
    );
    app.post('/api/v1/families/:id/deprecate-rest', { schema: deprecateRestSchema }, (request) =>
      families.deprecateRest(request.context, request.params.id),
    );
  };
