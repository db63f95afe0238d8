/**
 * The workflow service owns every change of an asset's status: it applies the one state machine of
 * domain/workflow.ts, checks the transition's permission against the asset's team, writes the status (only from the
 * state it read: a concurrent change is CONFLICT) and audits the transition with before, after and the actor, all in
 * one transaction — its own, or the caller's (intake, an enrichment run, a family action). Entering `enriching`
 * queues the current version's enrichment in the same transaction, whose run takes the asset on to review. Every
 * transition also writes an `asset.transitioned` event to the outbox (domain/events.ts) in that transaction.
 */
import { actorLabel, type RequestContext } from '../domain/access.ts';
import type { AssetStatus, AssetWithVersions } from '../domain/asset.ts';
import { digestOf } from '../domain/audit.ts';
import { ProvenaError, validationFailed } from '../domain/errors.ts';
import type { Transaction, UnitOfWork } from '../domain/ports.ts';
import { nextStatus, transitions, transitionsFrom, type TransitionName } from '../domain/workflow.ts';
import { authorise, readable } from './authorise.ts';
import type { EnrichmentQueue } from './enrichment-types.ts';

/** What the workflow reads and writes; a service that takes transitions in its own transaction declares these too. */
export type WorkflowRepositories = 'assets' | 'audit' | 'jobs' | 'events';

export interface TransitionRequest {
  /** Why (recorded in the audit entry): a quarantine's cause, a release's resolution. */
  reason?: string;
  /** For a transition that leads to one of two states (finish-enrichment: in_review or brand_check). */
  to?: AssetStatus;
}

export interface TransitionOutcome {
  transition: TransitionName;
  from: AssetStatus;
  to: AssetStatus;
  /** The asset as it is now. */
  asset: AssetWithVersions;
}

/** What the caller adds to the audit entry of a transition taken in its transaction (the family it acts for, say). */
interface InTransaction extends TransitionRequest {
  details?: Record<string, unknown>;
}

export class WorkflowService {
  constructor(private readonly deps: { store: UnitOfWork<WorkflowRepositories>; enrichment: EnrichmentQueue }) {}

  /** Takes the transition in a transaction of its own. */
  async transition(
    ctx: RequestContext,
    assetId: string,
    name: TransitionName,
    request: TransitionRequest = {},
  ): Promise<TransitionOutcome> {
    return this.deps.store.transaction(async (tx) => this.transitionIn(ctx, tx, assetId, name, request));
  }

  /**
   * Takes the transition in the caller's transaction. `asset` is its id, or the asset as read in this very
   * transaction (intake has just written it): the status is written only from the one given, so a stale copy can
   * only end in CONFLICT, never in a wrong state.
   */
  async transitionIn(
    ctx: RequestContext,
    tx: Transaction<WorkflowRepositories>,
    asset: string | AssetWithVersions,
    name: TransitionName,
    request: InTransaction = {},
  ): Promise<TransitionOutcome> {
    const current = await this.load(ctx, tx, asset);
    this.authorise(ctx, current, name);
    return this.apply(ctx, tx, current, name, request);
  }

  /**
   * Takes the transition only when it is due: it starts from the asset's status and `due` holds of the asset;
   * otherwise changes nothing and answers undefined (an enrichment run finishing an asset someone has quarantined
   * meanwhile, or whose version is no longer current).
   */
  async transitionIfDue(
    ctx: RequestContext,
    tx: Transaction<WorkflowRepositories>,
    assetId: string,
    name: TransitionName,
    due: (asset: AssetWithVersions) => boolean,
    request: InTransaction = {},
  ): Promise<TransitionOutcome | undefined> {
    const current = await this.load(ctx, tx, assetId);
    if (!transitions[name].from.includes(current.status) || !due(current)) return undefined;
    this.authorise(ctx, current, name);
    return this.apply(ctx, tx, current, name, request);
  }

  private async load(
    ctx: RequestContext,
    tx: Transaction<WorkflowRepositories>,
    asset: string | AssetWithVersions,
  ): Promise<AssetWithVersions> {
    if (typeof asset !== 'string') return readable(ctx, asset, asset.id);
    return readable(ctx, await tx.assets.get(asset), asset);
  }

  /** The transition's permission on the asset's team; one without a permission is the system's alone. */
  private authorise(ctx: RequestContext, asset: AssetWithVersions, name: TransitionName): void {
    const { permission } = transitions[name];
    if (permission) return authorise(ctx, permission, asset.team?.id ?? null);
    if (ctx.actor.kind === 'user')
      throw new ProvenaError(
        'FORBIDDEN',
        `${actorLabel(ctx.actor)} may not take the ${name} transition: no permission grants it, only the system takes it (${transitions[name].description}).`,
        { transition: name },
      );
  }

  private async apply(
    ctx: RequestContext,
    tx: Transaction<WorkflowRepositories>,
    asset: AssetWithVersions,
    name: TransitionName,
    request: InTransaction,
  ): Promise<TransitionOutcome> {
    const from = asset.status;
    const transition = transitions[name];
    const to = nextStatus(name, from, request.to);
    if (to === undefined) {
      if (transition.from.includes(from))
        throw validationFailed([{ field: 'to', problem: `${name} leads to ${transition.to.join(' or ')}` }]);
      const possible = transitionsFrom(from);
      throw new ProvenaError(
        'ILLEGAL_TRANSITION',
        `Asset ${asset.id} is ${from}: ${name} starts only from ${transition.from.join(', ')}. From ${from}: ${possible.join(', ')}.`,
        { assetId: asset.id, status: from, transition: name, possible },
      );
    }
    const at = new Date().toISOString();
    await tx.assets.setStatus(asset.id, to, at, from);
    if (to === 'enriching')
      await this.deps.enrichment.enqueue(tx, { assetId: asset.id, version: asset.currentVersion });
    const actor = actorLabel(ctx.actor);
    await tx.audit.append({
      actor,
      action: 'asset.transitioned',
      subjectType: 'asset',
      subjectId: asset.id,
      beforeDigest: digestOf({ status: from }),
      afterDigest: digestOf({ status: to }),
      details: {
        transition: name,
        from,
        to,
        ...(request.reason !== undefined ? { reason: request.reason } : {}),
        ...request.details,
      },
    });
    await tx.events.append({
      type: 'asset.transitioned',
      subjectType: 'asset',
      subjectId: asset.id,
      actor,
      payload: { transition: name, from, to, version: asset.currentVersion, teamId: asset.team?.id ?? null },
    });
    return { transition: name, from, to, asset: { ...asset, status: to, updatedAt: at } };
  }
}
