/**
 * /api/v1/events: the events outbox, read in seq order after the last seq a consumer handled. Webhook delivery and the
 * web app's live updates read it (later issues); so can any integration holding audit:read.
 */
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RequestContext } from '../../domain/access.ts';
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

export const eventStreamSchema = {
  tags: ['events'],
  summary: 'Live updates: the changes to assets the caller may read, as server-sent events',
  description:
    'A `text/event-stream` for signed-in pages: one `change` event per outbox event about an asset the caller may read (data: JSON `{ seq, type, subjectType, subjectId, createdAt }`, id: the seq; no payload, no actor), read from the outbox about once a second, and a comment line every 15 s to keep the connection open. Starts after `after`, or the Last-Event-ID a reconnecting browser sends, or else at the newest event (only what happens next). `follow=false` answers the events already there and ends. Needs asset:read on some team. The server ends open streams when it shuts down; the browser reconnects.',
  querystring: Type.Object(
    {
      after: Type.Optional(Type.Integer({ minimum: 0, description: 'Answer events with a seq above this' })),
      follow: Type.Optional(Type.Boolean({ default: true, description: 'false: the events there now, then end' })),
    },
    { additionalProperties: false },
  ),
  response: {
    200: {
      description: 'Server-sent events',
      content: { 'text/event-stream': { schema: Type.String() } },
    },
    ...errorResponses,
  },
};

/** How often an open stream reads the outbox, and how often it says it is alive when nothing happened. */
export const liveTiming = { pollMs: 1000, heartbeatMs: 15_000 };

export const eventRoutes =
  (deps: { events: EventService }): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.get('/api/v1/events', { schema: listEventsSchema }, (request) =>
      deps.events.after(request.context, request.query.after, request.query.limit),
    );

    // Open streams end when the server shuts down (before it waits for requests in flight to finish).
    const open = new Set<() => void>();
    app.addHook('preClose', (done) => {
      for (const end of open) end();
      done();
    });

    app.get('/api/v1/events/stream', { schema: eventStreamSchema }, async (request, reply) => {
      const ctx = request.context;
      const resumed = Number(request.headers['last-event-id']);
      // The permission is checked here, before the stream starts, so a refusal is an ordinary error answer.
      let cursor =
        request.query.after ??
        (Number.isSafeInteger(resumed) && resumed >= 0 ? resumed : await deps.events.lastSeq(ctx));
      const first = await deps.events.live(ctx, cursor);
      const stream = new PassThrough();
      const write = (page: Awaited<ReturnType<EventService['live']>>) => {
        for (const event of page.items)
          stream.write(`id: ${event.seq}\nevent: change\ndata: ${JSON.stringify(event)}\n\n`);
        cursor = page.nextAfter;
      };
      write(first);
      if (request.query.follow === false) {
        stream.end();
      } else {
        stream.write(`retry: 3000\n: listening after ${cursor}\n\n`);
        followStream(
          ctx,
          stream,
          deps.events,
          () => cursor,
          write,
          open,
          (error) => request.log.warn({ err: error }, 'live updates: reading the outbox failed; the stream ends'),
        );
        reply.raw.on('close', () => stream.end());
      }
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-accel-buffering', 'no')
        .send(stream);
    });
  };

/** Reads the outbox for an open stream until it ends (the client went, the server stops, a read failed). */
function followStream(
  ctx: RequestContext,
  stream: PassThrough,
  events: EventService,
  cursor: () => number,
  write: (page: Awaited<ReturnType<EventService['live']>>) => void,
  open: Set<() => void>,
  onError: (error: unknown) => void,
): void {
  let quietSince = Date.now();
  let reading = false;
  const timer = setInterval(() => {
    if (reading) return;
    reading = true;
    events
      .live(ctx, cursor())
      .then((page) => {
        if (stream.writableEnded) return;
        write(page);
        if (page.items.length > 0) quietSince = Date.now();
        else if (Date.now() - quietSince >= liveTiming.heartbeatMs) {
          stream.write(': still here\n\n');
          quietSince = Date.now();
        }
      })
      .catch((error: unknown) => {
        onError(error);
        stream.end();
      })
      .finally(() => {
        reading = false;
      });
  }, liveTiming.pollMs);
  const end = () => {
    clearInterval(timer);
    open.delete(end);
    if (!stream.writableEnded) stream.end();
  };
  open.add(end);
  stream.on('close', end);
  stream.on('finish', end);
}
