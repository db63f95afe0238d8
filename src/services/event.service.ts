/**
 * Reading the events outbox (domain/events.ts): what webhooks and the web app's live updates consume, in seq order,
 * resuming after the last seq they handled. Events tell of every team's assets, so reading them is a global
 * permission (audit:read, which admins hold too).
 */
import type { RequestContext } from '../domain/access.ts';
import type { OutboxEvent } from '../domain/events.ts';
import { validationFailed } from '../domain/errors.ts';
import type { UnitOfWork } from '../domain/ports.ts';
import { authorise } from './authorise.ts';

export const maxEventPage = 1000;

export interface EventPage {
  items: OutboxEvent[];
  /** The seq to ask after next time: the last one returned, or the one asked after when none followed. */
  nextAfter: number;
}

export class EventService {
  constructor(private readonly deps: { store: UnitOfWork<'events'> }) {}

  async after(ctx: RequestContext, seq = 0, limit = 100): Promise<EventPage> {
    authorise(ctx, 'audit:read');
    const problems = [
      ...(!Number.isSafeInteger(seq) || seq < 0 ? [{ field: 'after', problem: 'a whole number, 0 or more' }] : []),
      ...(!Number.isSafeInteger(limit) || limit < 1 || limit > maxEventPage
        ? [{ field: 'limit', problem: `a whole number from 1 to ${maxEventPage}` }]
        : []),
    ];
    if (problems.length > 0) throw validationFailed(problems);
    const items = await this.deps.store.events.after(seq, limit);
    return { items, nextAfter: items[items.length - 1]?.seq ?? seq };
  }
}
