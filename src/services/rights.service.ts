/**
 * Rights (issue 15 §1-2, decision 0033): an asset's rights record — read, set whole against the revision it replaces,
 * its history — the organisation's channels, the usage check, and the DeliveryGate every delivery path calls before
 * a byte leaves. The decision itself is domain/usage-check.ts's; this service gathers its facts in one read.
 *
 * Setting a record also sets the asset's one-word rights status (Asset.rightsStatus, what search filters on) to the
 * record's, in the same transaction, so the two never disagree. Every change is audited with what it changed (before
 * and after); a denied delivery is audited in a transaction of its own. An allowed delivery is not: library screens
 * fetch dozens of thumbnails a page, and an audit append per picture would serialise reads behind the log.
 */
import { actorLabel, type RequestContext } from '../domain/access.ts';
import type { AssetWithVersions } from '../domain/asset.ts';
import { digestOf } from '../domain/audit.ts';
import { notFound, ProvenaError, validationFailed } from '../domain/errors.ts';
import type { AssetUpdate, Transaction, UnitOfWork } from '../domain/ports.ts';
import {
  changedRightsFields,
  channelNameProblem,
  parseRightsRecord,
  type ChannelEntry,
  type RightsRecord,
  type StoredRights,
} from '../domain/rights.ts';
import { approvedStatuses, checkUsage, parseUsageRequest, type UsageFacts } from '../domain/usage-check.ts';
import {
  internalChannel,
  type DeliveryGate,
  type UsageDecision,
  type UsageReason,
  type UsageRequest,
} from '../domain/usage.ts';
import { authorise, authoriseOn, readable } from './authorise.ts';
import type { RiskTierRepositories } from './risk-tier.ts';

type RightsRepositories = 'rights' | RiskTierRepositories;

export interface RightsServiceDeps {
  store: UnitOfWork<RightsRepositories>;
  /** The risk tier's derivation, when installed: the rights status is one of its facts (risk-tier.ts). */
  tiers?: {
    rederiveTier(ctx: RequestContext, tx: Transaction<RiskTierRepositories>, assetId: string): Promise<unknown>;
  };
  now?: () => Date;
}

/** An asset's rights as read: the current revision (0 and no record before legal writes one). */
export interface AssetRights {
  assetId: string;
  revision: number;
  record?: RightsRecord;
  versionNumber?: number;
  setAt?: string;
  setBy?: string;
}

export interface RightsChange {
  /** The revision this change replaces (0 for the first record): a stale one is CONFLICT. */
  expectedRevision: unknown;
  record: unknown;
}

type Delivery = Parameters<DeliveryGate['authoriseDelivery']>[1];

/**
 * A denied rendition (a thumbnail or preview a screen asks for) is audited once in this window per process for the
 * same caller, asset, version, channel, region and reasons: a library page showing a quarantined asset asks for its
 * thumbnail on every view, and the log should say that it was refused, not how often the page was reloaded. Every
 * other denial (an original, an export, a share-link hit: deliberate acts) is audited each time.
 */
export const repeatedDenialWindowMs = 10 * 60_000;
const maxRememberedDenials = 10_000;

export class RightsService implements DeliveryGate {
  private readonly now: () => Date;
  /** When each recent denial was audited (insertion order is age order: the oldest goes first when full). */
  private readonly auditedDenials = new Map<string, number>();

  constructor(private readonly deps: RightsServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async get(ctx: RequestContext, assetId: string): Promise<AssetRights> {
    readable(ctx, await this.deps.store.assets.get(assetId), assetId);
    return rightsOf(assetId, await this.deps.store.rights.current(assetId));
  }

  /** Every revision, newest first. */
  async history(ctx: RequestContext, assetId: string): Promise<StoredRights[]> {
    readable(ctx, await this.deps.store.assets.get(assetId), assetId);
    return this.deps.store.rights.history(assetId);
  }

  /** Replaces the record whole (a new revision), checked against the organisation's channels. */
  async set(ctx: RequestContext, assetId: string, change: RightsChange): Promise<AssetRights> {
    authoriseOn(ctx, 'rights:edit', await this.deps.store.assets.get(assetId), assetId);
    const expected = change.expectedRevision;
    if (typeof expected !== 'number' || !Number.isSafeInteger(expected) || expected < 0)
      throw validationFailed([
        {
          field: 'expectedRevision',
          problem: 'is required: the revision this change replaces (0 for the first record; GET …/rights answers it)',
        },
      ]);
    const channels = await this.channelNames();
    const record = parseRightsRecord(change.record, channels);
    const actor = actorLabel(ctx.actor);
    return this.deps.store.transaction(async (tx) => {
      const asset = authoriseOn(ctx, 'rights:edit', await tx.assets.get(assetId), assetId);
      const current = await tx.rights.current(assetId);
      const revision = current?.revision ?? 0;
      if (revision !== expected)
        throw new ProvenaError(
          'CONFLICT',
          `The rights of asset ${assetId} are at revision ${revision}, not ${expected}: someone changed them meanwhile. Read them again and re-apply the change.`,
          { revision, expectedRevision: expected },
        );
      const at = this.now().toISOString();
      const stored: StoredRights = {
        assetId,
        revision: revision + 1,
        versionNumber: asset.currentVersion,
        record,
        setAt: at,
        setBy: actor,
      };
      await tx.rights.insert(stored);
      const changed = changedRightsFields(current?.record, record);
      const pick = (r: RightsRecord | undefined) =>
        Object.fromEntries(
          changed.map((field) => [field, (r as Record<string, unknown> | undefined)?.[field] ?? null]),
        );
      const statusChanged = asset.rightsStatus !== record.status;
      if (statusChanged)
        await tx.assets.update(assetId, { ...assetUpdateOf(asset, at), rightsStatus: record.status }, asset.updatedAt);
      await tx.audit.append({
        actor,
        action: 'rights.set',
        subjectType: 'asset',
        subjectId: assetId,
        ...(current ? { beforeDigest: digestOf(current.record) } : {}),
        afterDigest: digestOf(record),
        details: {
          revision: stored.revision,
          versionNumber: stored.versionNumber,
          changed,
          before: pick(current?.record),
          after: pick(record),
          ...(statusChanged ? { rightsStatus: { before: asset.rightsStatus, after: record.status } } : {}),
        },
      });
      if (statusChanged) await this.deps.tiers?.rederiveTier(ctx, tx, assetId);
      return rightsOf(assetId, stored);
    });
  }

  /** The organisation's channels (anyone signed in may read them: a record and a check name them). */
  async channels(_ctx: RequestContext): Promise<ChannelEntry[]> {
    return this.deps.store.rights.channels();
  }

  async addChannel(ctx: RequestContext, name: unknown): Promise<{ channel: ChannelEntry; created: boolean }> {
    authorise(ctx, 'channels:manage');
    const wrong = channelNameProblem(name);
    if (wrong) throw validationFailed([{ field: 'name', problem: wrong }]);
    const entry: ChannelEntry = {
      name: name as string,
      addedAt: this.now().toISOString(),
      addedBy: actorLabel(ctx.actor),
    };
    return this.deps.store.transaction(async (tx) => {
      const created = await tx.rights.addChannel(entry);
      if (!created) {
        const existing = (await tx.rights.channels()).find((c) => c.name === entry.name);
        return { channel: existing ?? entry, created };
      }
      await tx.audit.append({
        actor: entry.addedBy,
        action: 'channel.added',
        subjectType: 'channel',
        subjectId: entry.name,
        details: { name: entry.name },
      });
      return { channel: entry, created };
    });
  }

  /** Records naming it keep it (their history is theirs); a check or a new record for it is then refused. */
  async removeChannel(ctx: RequestContext, name: string): Promise<void> {
    authorise(ctx, 'channels:manage');
    if (name === internalChannel)
      throw validationFailed([
        { field: 'name', problem: `${internalChannel} cannot be removed: downloads that name no channel use it` },
      ]);
    await this.deps.store.transaction(async (tx) => {
      if (!(await tx.rights.removeChannel(name))) throw notFound('Channel', name);
      await tx.audit.append({
        actor: actorLabel(ctx.actor),
        action: 'channel.removed',
        subjectType: 'channel',
        subjectId: name,
        details: { name },
      });
    });
  }

  /** "May this asset be used so?" for a caller who may read it: the decision, allowed or not. */
  async check(ctx: RequestContext, input: unknown): Promise<UsageDecision> {
    const channels = await this.channelNames();
    const request = parseUsageRequest(input, channels);
    const asset = readable(ctx, await this.deps.store.assets.get(request.assetId), request.assetId);
    return this.decide(asset, request, channels);
  }

  /**
   * The DeliveryGate: the caller has already authorised the read (the route's service did); a denial is audited in
   * its own transaction and thrown as USAGE_DENIED with the decision in details.
   */
  async authoriseDelivery(request: UsageRequest, delivery: Delivery): Promise<UsageDecision> {
    const channels = await this.channelNames();
    const parsed = parseUsageRequest(request, channels);
    const asset = await this.deps.store.assets.get(parsed.assetId);
    if (!asset) throw notFound('Asset', parsed.assetId);
    const decision = await this.decide(asset, parsed, channels);
    if (decision.allowed) return decision;
    const denials = decision.reasons.filter((r) => r.verdict === 'deny');
    const repeat = delivery.via === 'rendition' ? this.denialKey(delivery, decision, denials) : undefined;
    if (repeat === undefined || !this.auditedRecently(repeat)) {
      await this.deps.store.transaction(async (tx) => {
        await tx.audit.append({
          actor: delivery.by,
          action: 'delivery.denied',
          subjectType: 'asset',
          subjectId: asset.id,
          details: {
            via: delivery.via,
            version: decision.version,
            channel: decision.channel,
            ...(decision.region ? { region: decision.region } : {}),
            reasons: denials.map((r) => r.code),
          },
        });
      });
      // Remembered once written: a failed append is tried again by the next request.
      if (repeat !== undefined) this.rememberAudited(repeat);
    }
    throw new ProvenaError(
      'USAGE_DENIED',
      `Asset ${asset.id} may not be delivered for ${decision.channel}: ${denials.map((r) => r.message).join(' ')}`,
      { decision },
    );
  }

  private denialKey(delivery: Delivery, decision: UsageDecision, denials: readonly UsageReason[]): string {
    return JSON.stringify([
      delivery.by,
      decision.assetId,
      decision.version,
      delivery.via,
      decision.channel,
      decision.region ?? null,
      denials.map((r) => r.code),
    ]);
  }

  private auditedRecently(key: string): boolean {
    const last = this.auditedDenials.get(key);
    const now = this.now().getTime();
    return last !== undefined && now >= last && now - last < repeatedDenialWindowMs;
  }

  private rememberAudited(key: string): void {
    this.auditedDenials.delete(key);
    this.auditedDenials.set(key, this.now().getTime());
    if (this.auditedDenials.size > maxRememberedDenials) {
      const oldest = this.auditedDenials.keys().next().value;
      if (oldest !== undefined) this.auditedDenials.delete(oldest);
    }
  }

  private async decide(
    asset: AssetWithVersions,
    request: UsageRequest,
    channels: readonly string[],
  ): Promise<UsageDecision> {
    const number = request.version ?? asset.currentVersion;
    const version = asset.versions.find((v) => v.number === number);
    if (!version) throw notFound('Version', `${number} of asset ${asset.id}`);
    const [current, faces] = await Promise.all([
      this.deps.store.rights.current(asset.id),
      this.deps.store.enrichment.result(version.id, 'faces'),
    ]);
    const containsPeople = faces?.status === 'done' ? faces.result.containsPeople : undefined;
    const facts: UsageFacts = {
      ...(current ? { rights: current.record } : {}),
      status: asset.status,
      deleted: asset.deletion !== undefined,
      currentVersion: asset.currentVersion,
      approvedVersions: approvedStatuses.includes(asset.status) ? [asset.currentVersion] : [],
      ...(typeof containsPeople === 'boolean' ? { facesPresent: containsPeople } : {}),
      aiInvolvement: version.provenance.aiInvolvement,
      channels,
    };
    return checkUsage(facts, { ...request, at: request.at ?? this.now() });
  }

  private async channelNames(): Promise<string[]> {
    return (await this.deps.store.rights.channels()).map((c) => c.name);
  }
}

const rightsOf = (assetId: string, stored: StoredRights | undefined): AssetRights =>
  stored
    ? {
        assetId,
        revision: stored.revision,
        record: stored.record,
        versionNumber: stored.versionNumber,
        setAt: stored.setAt,
        setBy: stored.setBy,
      }
    : { assetId, revision: 0 };

/** The asset's row as it is, for AssetRepository.update (which clears an optional field left out). */
function assetUpdateOf(asset: AssetWithVersions, at: string): AssetUpdate {
  const optional = {
    description: asset.description,
    prompt: asset.prompt,
    tool: asset.tool,
    model: asset.model,
    toolVersion: asset.toolVersion,
    intendedUse: asset.intendedUse,
    requestorId: asset.requestor?.id,
    teamId: asset.team?.id,
    campaignId: asset.campaign?.id,
    audience: asset.audience,
    regulated: asset.regulated,
    deletion: asset.deletion,
  };
  return {
    title: asset.title,
    quarantineReasons: asset.quarantineReasons,
    rightsStatus: asset.rightsStatus,
    currentVersion: asset.currentVersion,
    updatedAt: at,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}
