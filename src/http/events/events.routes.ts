/**
 * /api/v1/events: the events outbox, read in seq order after the last seq a consumer handled. Webhook delivery and the
 * web app's live updates read it (later issues); so can any integration holding audit:read.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { eventTypes } from '../../domain/events.ts';
import { maxEventPage, type EventService } from '../../services/event.service.ts';
import { errorResponses, stringEnum } from '../schemas.ts';

const EventBody = Type.Object({
  seq: Type.Integer(),
  type: stringEnum(eventTypes),
  subjectType: Type.String(),
  subjectId: Type.String(),
  actor: Type.String({ description: 'Who acted: user:…, operator:…, system:…' }),
  payload: Type.Object({}, { additionalProperties: true }),
  createdAt: Type.String(),
});

export const listEventsSchema = {
  tags: ['events'],
  summary: 'Events after a seq, oldest first (the outbox)',
  description:
    'Every workflow transition and lifecycle change of an asset (new version, edit, delete, restore, purge) writes one event in the transaction of the change, so an event exists exactly when its change committed, and seq order is commit order. Poll with `after` set to the last seq handled (`nextAfter` of the previous answer). Needs audit:read (admins hold it).',
  querystring: Type.Object(
    {
      after: Type.Optional(
        Type.Integer({ minimum: 0, default: 0, description: 'Answer events with a seq above this' }),
      ),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: maxEventPage, default: 100 })),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      items: Type.Array(EventBody),
      nextAfter: Type.Integer({ description: 'The `after` of the next poll' }),
    }),
    ...errorResponses,
  },
};

export const eventRoutes =
  (deps: { events: EventService }): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.get('/api/v1/events', { schema: listEventsSchema }, (request) =>
      deps.events.after(request.context, request.query.after, request.query.limit),
    );
  };
