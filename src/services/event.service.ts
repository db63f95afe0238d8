/**
 * Reading the events outbox (domain/events.ts): what webhooks and the web app's live updates consume, in seq order,
 * resuming after the last seq they handled. Events tell of every team's assets, so reading them is a global
 * permission (audit:read, which admins hold too).
 */
import { can, teamsWith, type RequestContext } from '../domain/access.ts';
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

/** What a signed-in page hears of a change: which asset, what kind of change, when — no payload, no actor. */
export type LiveEvent = Pick<OutboxEvent, 'seq' | 'type' | 'subjectType' | 'subjectId' | 'createdAt'>;

export interface LiveEventPage {
  items: LiveEvent[];
  /** The seq to ask after next time (events out of the caller's reach are passed over too). */
  nextAfter: number;
}

export class EventService {
  constructor(private readonly deps: { store: UnitOfWork<'events' | 'assets'> }) {}

  async after(ctx: RequestContext, seq = 0, limit = 100): Promise<EventPage> {
    authorise(ctx, 'audit:read');
    checkPage(seq, limit);
    const items = await this.deps.store.events.after(seq, limit);
    return { items, nextAfter: items[items.length - 1]?.seq ?? seq };
  }

  /**
   * The live updates of the web app: the events after `seq` about assets the caller may read, thinned to what tells
   * a page which data to fetch again (no payload, no actor). Anyone who may read some team's assets may listen; the
   * events of other teams' assets (and of purged ones) are passed over.
   */
  async live(ctx: RequestContext, seq = 0, limit = 100): Promise<LiveEventPage> {
    const reach = teamsWith(ctx, 'asset:read');
    if (reach !== 'all' && reach.length === 0) authorise(ctx, 'asset:read');
    checkPage(seq, limit);
    const items = await this.deps.store.events.after(seq, limit);
    const teams = await this.deps.store.assets.teamsOf([...new Set(items.map((e) => e.subjectId))]);
    const visible = items.filter(
      (e) => teams.has(e.subjectId) && can(ctx, 'asset:read', teams.get(e.subjectId) ?? null),
    );
    return {
      items: visible.map(({ seq: at, type, subjectType, subjectId, createdAt }) => ({
        seq: at,
        type,
        subjectType,
        subjectId,
        createdAt,
      })),
      nextAfter: items[items.length - 1]?.seq ?? seq,
    };
  }

  /** Where a listener that wants only what happens from now on starts. */
  async lastSeq(ctx: RequestContext): Promise<number> {
    const reach = teamsWith(ctx, 'asset:read');
    if (reach !== 'all' && reach.length === 0) authorise(ctx, 'asset:read');
    return this.deps.store.events.lastSeq();
  }
}

function checkPage(seq: number, limit: number): void {
  const problems = [
    ...(!Number.isSafeInteger(seq) || seq < 0 ? [{ field: 'after', problem: 'a whole number, 0 or more' }] : []),
    ...(!Number.isSafeInteger(limit) || limit < 1 || limit > maxEventPage
      ? [{ field: 'limit', problem: `a whole number from 1 to ${maxEventPage}` }]
      : []),
  ];
  if (problems.length > 0) throw validationFailed(problems);
}
