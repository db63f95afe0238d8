/**
 * Review: the caller's queue and its counts, an asset's review status, claims, sign-off decisions, comments with
 * region annotations, and the bulk review of a variant family.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ReviewService } from '../../services/review.service.ts';
import {
  addCommentSchema,
  claimSchema,
  countsSchema,
  decisionSchema,
  familyReviewSchema,
  listCommentsSchema,
  queueSchema,
  releaseSchema,
  statusSchema,
} from './review.schemas.ts';

export const reviewRoutes =
  (deps: { review: ReviewService }): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    const { review } = deps;
    app.get('/api/v1/review/queue', { schema: queueSchema }, (request) => {
      const { limit, cursor, tier, ...filter } = request.query;
      return review.queue(
        request.context,
        { ...filter, ...(tier !== undefined ? { tier: tier as 1 | 2 | 3 } : {}) },
        { ...(limit ? { limit } : {}), ...(cursor ? { cursor } : {}) },
      );
    });
    app.get('/api/v1/review/counts', { schema: countsSchema }, (request) =>
      review.counts(request.context, request.query),
    );
    app.get('/api/v1/assets/:id/review', { schema: statusSchema }, (request) =>
      review.status(request.context, request.params.id),
    );
    app.post('/api/v1/assets/:id/review/claim', { schema: claimSchema }, (request) =>
      review.claim(request.context, request.params.id),
    );
    app.delete('/api/v1/assets/:id/review/claim', { schema: releaseSchema }, (request) =>
      review.release(request.context, request.params.id),
    );
    app.post('/api/v1/assets/:id/review/decisions', { schema: decisionSchema }, (request) =>
      review.decide(request.context, request.params.id, request.body),
    );
    app.get('/api/v1/assets/:id/comments', { schema: listCommentsSchema }, async (request) => ({
      items: await review.comments(request.context, request.params.id, request.query.version),
    }));
    app.post('/api/v1/assets/:id/comments', { schema: addCommentSchema }, async (request, reply) => {
      const comment = await review.addComment(request.context, request.params.id, request.body);
      return reply.code(201).send(comment);
    });
    app.post('/api/v1/families/:id/review', { schema: familyReviewSchema }, (request) =>
      review.reviewFamily(request.context, request.params.id, request.body),
    );
  };
