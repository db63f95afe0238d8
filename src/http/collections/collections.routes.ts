/**
 * /api/v1/collections: named, ordered sets of assets kept in a team — list, create, show, change, delete, and their
 * members (list, add, remove, move); /api/v1/saved-searches: named search queries. Thin: each handler calls the
 * service and presents what it answers.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { MemberPlacement } from '../../domain/collection.ts';
import type { CollectionService } from '../../services/collection.service.ts';
import type { SavedSearchService } from '../../services/saved-search.service.ts';
import { presentCollection, presentSavedSearch } from './collections.presenter.ts';
import {
  addMembersSchema,
  createCollectionSchema,
  createSavedSearchSchema,
  deleteCollectionSchema,
  deleteSavedSearchSchema,
  getCollectionSchema,
  getSavedSearchSchema,
  listCollectionsSchema,
  listMembersSchema,
  listSavedSearchesSchema,
  moveMemberSchema,
  removeMemberSchema,
  updateCollectionSchema,
  updateSavedSearchSchema,
} from './collections.schemas.ts';

export interface CollectionRouteDeps {
  collections: CollectionService;
  savedSearches: SavedSearchService;
}

/** The placement fields of a body, as the service takes them (it refuses none or several). */
const placementOf = (b: { before?: string; after?: string; position?: number }) =>
  ({
    ...(b.before !== undefined ? { before: b.before } : {}),
    ...(b.after !== undefined ? { after: b.after } : {}),
    ...(b.position !== undefined ? { position: b.position } : {}),
  }) as MemberPlacement;

export const collectionRoutes =
  ({ collections, savedSearches }: CollectionRouteDeps): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.get('/api/v1/collections', { schema: listCollectionsSchema }, async (request) => {
      const page = await collections.list(request.context, request.query);
      return { ...page, items: page.items.map(presentCollection) };
    });
    app.post('/api/v1/collections', { schema: createCollectionSchema }, async (request, reply) =>
      reply.code(201).send(presentCollection(await collections.create(request.context, request.body))),
    );
    app.get('/api/v1/collections/:id', { schema: getCollectionSchema }, async (request) =>
      presentCollection(await collections.get(request.context, request.params.id)),
    );
    app.patch('/api/v1/collections/:id', { schema: updateCollectionSchema }, async (request) =>
      presentCollection(await collections.update(request.context, request.params.id, request.body)),
    );
    app.delete('/api/v1/collections/:id', { schema: deleteCollectionSchema }, async (request, reply) => {
      await collections.delete(request.context, request.params.id);
      return reply.status(204).send(null);
    });
    app.get('/api/v1/collections/:id/members', { schema: listMembersSchema }, (request) =>
      collections.members(request.context, request.params.id, request.query),
    );
    app.post('/api/v1/collections/:id/members', { schema: addMembersSchema }, async (request) => {
      const { assetIds, ...placement } = request.body;
      const hasPlacement = Object.keys(placement).length > 0;
      const result = await collections.addMembers(
        request.context,
        request.params.id,
        assetIds,
        hasPlacement ? placementOf(placement) : undefined,
      );
      return { ...result, collection: presentCollection(result.collection) };
    });
    app.delete('/api/v1/collections/:id/members/:assetId', { schema: removeMemberSchema }, (request) =>
      collections.removeMember(request.context, request.params.id, request.params.assetId),
    );
    app.post('/api/v1/collections/:id/members/:assetId/move', { schema: moveMemberSchema }, async (request) =>
      presentCollection(
        await collections.move(request.context, request.params.id, request.params.assetId, placementOf(request.body)),
      ),
    );

    app.get('/api/v1/saved-searches', { schema: listSavedSearchesSchema }, async (request) => {
      const page = await savedSearches.list(request.context, request.query);
      return { ...page, items: page.items.map(presentSavedSearch) };
    });
    app.post('/api/v1/saved-searches', { schema: createSavedSearchSchema }, async (request, reply) =>
      reply.code(201).send(presentSavedSearch(await savedSearches.create(request.context, request.body))),
    );
    app.get('/api/v1/saved-searches/:id', { schema: getSavedSearchSchema }, async (request) =>
      presentSavedSearch(await savedSearches.get(request.context, request.params.id)),
    );
    app.patch('/api/v1/saved-searches/:id', { schema: updateSavedSearchSchema }, async (request) =>
      presentSavedSearch(await savedSearches.update(request.context, request.params.id, request.body)),
    );
    app.delete('/api/v1/saved-searches/:id', { schema: deleteSavedSearchSchema }, async (request, reply) => {
      await savedSearches.delete(request.context, request.params.id);
      return reply.status(204).send(null);
    });
  };
