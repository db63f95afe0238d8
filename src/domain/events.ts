/**
 * The events outbox: what happened to assets, one row per change, written in the transaction of the change, so that
 * an event exists exactly when its change committed. Webhooks and the web app's live updates (later issues) read it
 * in seq order, resuming after the last seq they handled. Pure: types only.
 */

export const eventTypes = [
  /** A workflow transition (services/workflow.service.ts): payload { transition, from, to, version, teamId }. */
  'asset.transitioned',
  /** A new version was uploaded or an old one reverted to: payload { version, sha256, revertOf? }. */
  'asset.version-added',
  /** Fields were edited: payload { fields } (the names of the fields that changed). */
  'asset.edited',
  /** Soft-deleted: payload { purgeAfter }. */
  'asset.deleted',
  'asset.restored',
  /** Removed for good after its retention. */
  'asset.purged',
  /**
   * A reviewer's sign-off (approve, request changes, reject) on a version: payload { version, tier, role, decision }.
   * An approval that completes the tier's sign-offs writes asset.transitioned too.
   */
  'asset.signed-off',
  /**
   * An upload of bytes this asset already holds, answered with the asset instead of a second copy (intake's exact
   * duplicate): payload { fileName, teamId }. What the dashboard counts as exact duplicates prevented.
   */
  'asset.duplicate-refused',
] as const;
export type EventType = (typeof eventTypes)[number];

export interface NewOutboxEvent {
  type: EventType;
  subjectType: 'asset';
  subjectId: string;
  /** The actor label (domain/access.ts actorLabel). */
  actor: string;
  payload: Record<string, unknown>;
}

export interface OutboxEvent extends NewOutboxEvent {
  /** Increases with commit order: a reader that handled seq N asks for the events after N. */
  seq: number;
  createdAt: string;
}

export interface EventRepository {
  /** Appends the event in the caller's transaction; its seq is the last one plus one. */
  append(event: NewOutboxEvent): Promise<OutboxEvent>;
  /** Up to `limit` events with a seq above `seq`, oldest first. */
  after(seq: number, limit: number): Promise<OutboxEvent[]>;
  /** The highest seq written so far (0 for none): where a reader that wants only what happens next starts. */
  lastSeq(): Promise<number>;
}
