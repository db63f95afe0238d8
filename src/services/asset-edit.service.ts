/**
 * Correcting an asset's intake fields and descriptive metadata (PATCH /api/v1/assets/:id, `provena asset edit`):
 * asset:edit on the asset's team (and on the team it moves to), every changed field audited with its value before
 * and after, a precondition against concurrent edits, and quarantine repair: an edit that resolves every reason the
 * asset was quarantined for takes it out of quarantine (the workflow's release, by the editor) in the same
 * transaction, so that its enrichment and review go on; one that leaves reasons answers them.
 */
import { actorLabel, type RequestContext } from '../domain/access.ts';
import {
  intakeFieldsOf,
  parseAssetEdit,
  remainingQuarantineReasons,
  sameTag,
  updateOf,
  type AssetEdit,
} from '../domain/asset-edit.ts';
import type {
  AssetWithVersions,
  Audience,
  IntendedUse,
  QuarantineReason,
  RightsStatus,
  Team,
} from '../domain/asset.ts';
import { digestOf } from '../domain/audit.ts';
import type { Tag } from '../domain/enrichment.ts';
import { ProvenaError, validationFailed } from '../domain/errors.ts';
import type { AssetUpdate, CatalogKind, Transaction, UnitOfWork } from '../domain/ports.ts';
import { ensureCatalogEntry } from './catalog-entries.ts';
import { authorise, authoriseOn } from './authorise.ts';
import type { WorkflowRepositories, WorkflowService } from './workflow.service.ts';

export type AssetEditRepositories = 'catalog' | 'enrichment' | 'riskPolicies' | WorkflowRepositories;

/** One field an edit changed, with its value before and after (names for the team, campaign and requestor). */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface EditOutcome {
  asset: AssetWithVersions;
  /** Empty when the edit set every field to what it already was (nothing is written then). */
  changes: FieldChange[];
  /** The user tags of the current version after the edit. */
  tags: string[];
  /** Whether the edit resolved the last quarantine reason and the asset left quarantine. */
  released: boolean;
  /** For a quarantined asset: the reasons that still hold it. */
  remainingReasons?: QuarantineReason[];
}

/** The risk-tier derivation, when installed: called after fact fields change, in the same transaction. */
export interface TierDerivation {
  rederiveTier(ctx: RequestContext, tx: Transaction<AssetEditRepositories>, assetId: string): Promise<unknown>;
}

/** The tag source of tags people give (beside the enrichers' prompt, file-name and visual tags). */
const userTagSource = 'manual' as const;

export class AssetEditService {
  constructor(
    private readonly deps: {
      store: UnitOfWork<AssetEditRepositories>;
      workflow: Pick<WorkflowService, 'transitionIn'>;
      tiers?: TierDerivation;
    },
  ) {}

  /** The user tags of the asset's current version. */
  async tags(ctx: RequestContext, assetId: string): Promise<string[]> {
    const asset = authoriseOn(ctx, 'asset:read', await this.deps.store.assets.get(assetId), assetId);
    return userTags(await this.deps.store.enrichment.tags(currentVersionId(asset)));
  }

  /**
   * Applies an untrusted edit (VALIDATION_FAILED naming every unknown field and wrong value). `expectedUpdatedAt`
   * (an If-Match): the edit applies only to the asset as it was then, CONFLICT otherwise.
   */
  async edit(
    ctx: RequestContext,
    assetId: string,
    raw: Record<string, unknown>,
    options: { expectedUpdatedAt?: string } = {},
  ): Promise<EditOutcome> {
    const { edit, problems } = parseAssetEdit(raw);
    if (problems.length > 0) throw validationFailed(problems);
    if (Object.keys(edit.set).length === 0 && edit.addTags.length === 0 && edit.removeTags.length === 0)
      throw validationFailed([{ field: 'body', problem: 'names no field to change' }]);
    return this.deps.store.transaction(async (tx) => this.apply(ctx, tx, assetId, edit, options.expectedUpdatedAt));
  }

  private async apply(
    ctx: RequestContext,
    tx: Transaction<AssetEditRepositories>,
    assetId: string,
    edit: AssetEdit,
    expectedUpdatedAt: string | undefined,
  ): Promise<EditOutcome> {
    const asset = authoriseOn(ctx, 'asset:edit', await tx.assets.get(assetId), assetId);
    if (expectedUpdatedAt !== undefined && expectedUpdatedAt !== asset.updatedAt)
      throw new ProvenaError(
        'CONFLICT',
        `Asset ${assetId} was changed at ${asset.updatedAt}, after the version of it this edit started from (${expectedUpdatedAt}): read it again and retry.`,
        { assetId, updatedAt: asset.updatedAt, expected: expectedUpdatedAt },
      );
    const actor = actorLabel(ctx.actor);
    const changes: FieldChange[] = [];
    const next: AssetUpdate = updateOf(asset);
    const { set } = edit;

    const text = (field: 'title' | 'description' | 'prompt' | 'tool' | 'model' | 'toolVersion') => {
      if (!(field in set)) return;
      const after = set[field] ?? undefined;
      if (after === asset[field]) return;
      changes.push({ field, before: asset[field] ?? null, after: after ?? null });
      if (after === undefined) delete next[field];
      else next[field] = after;
    };
    for (const field of ['title', 'description', 'prompt', 'tool', 'model', 'toolVersion'] as const) text(field);
    if ('intendedUse' in set && (set.intendedUse ?? undefined) !== asset.intendedUse) {
      changes.push({ field: 'intendedUse', before: asset.intendedUse ?? null, after: set.intendedUse ?? null });
      if (set.intendedUse) next.intendedUse = set.intendedUse as IntendedUse;
      else delete next.intendedUse;
    }
    if ('audience' in set && (set.audience ?? undefined) !== asset.audience) {
      changes.push({ field: 'audience', before: asset.audience ?? null, after: set.audience ?? null });
      if (set.audience) next.audience = set.audience as Audience;
      else delete next.audience;
    }
    const regulated = set.regulated === undefined || set.regulated === null ? undefined : set.regulated === 'true';
    if ('regulated' in set && regulated !== asset.regulated) {
      changes.push({ field: 'regulated', before: asset.regulated ?? null, after: regulated ?? null });
      if (regulated !== undefined) next.regulated = regulated;
      else delete next.regulated;
    }
    if (set.rightsStatus && set.rightsStatus !== asset.rightsStatus) {
      changes.push({ field: 'rightsStatus', before: asset.rightsStatus, after: set.rightsStatus });
      next.rightsStatus = set.rightsStatus as RightsStatus;
    }
    const refs = { team: 'teamId', campaign: 'campaignId', requestor: 'requestorId' } as const;
    const kinds: Record<keyof typeof refs, CatalogKind> = { team: 'team', campaign: 'campaign', requestor: 'user' };
    const named: Partial<Record<keyof typeof refs, Team | undefined>> = {};
    for (const field of ['team', 'campaign', 'requestor'] as const) {
      if (!(field in set)) continue;
      const name = set[field] ?? undefined;
      const entry = name === undefined ? undefined : await ensureCatalogEntry(tx, actor, kinds[field], name);
      if (entry?.id === asset[field]?.id) continue;
      // Moving the asset to another team needs asset:edit there too (on its own team it was checked above).
      if (field === 'team') authorise(ctx, 'asset:edit', entry?.id ?? null);
      changes.push({ field, before: asset[field]?.name ?? null, after: entry?.name ?? null });
      named[field] = entry;
      if (entry) next[refs[field]] = entry.id;
      else delete next[refs[field]];
    }

    const versionId = currentVersionId(asset);
    const stored = await tx.enrichment.tags(versionId);
    const before = userTags(stored);
    const after = [
      ...before.filter((tag) => !edit.removeTags.some((t) => sameTag(t, tag))),
      ...edit.addTags.filter((tag) => !before.some((t) => sameTag(t, tag))),
    ].sort((a, b) => a.localeCompare(b));
    const tagsChanged = after.length !== before.length || after.some((tag, i) => tag !== before[i]);
    if (tagsChanged) changes.push({ field: 'tags', before, after });

    // Quarantine repair: the reasons this edit resolves go; the asset leaves quarantine when none is left.
    const quarantined = asset.status === 'quarantined' && asset.quarantineReasons.length > 0;
    const edited = new Set(changes.map((c) => c.field));
    const remaining = quarantined
      ? remainingQuarantineReasons(
          asset.quarantineReasons,
          intakeFieldsOf({ ...asset, ...withNames(next, named, asset) }),
          edited,
        )
      : asset.quarantineReasons;
    if (remaining.length !== asset.quarantineReasons.length) {
      changes.push({ field: 'quarantineReasons', before: asset.quarantineReasons, after: remaining });
      next.quarantineReasons = remaining;
    }

    if (changes.length === 0) return { asset, changes, tags: before, released: false, ...reasonsOf(asset) };

    next.updatedAt = new Date().toISOString();
    await tx.assets.update(assetId, next, expectedUpdatedAt ?? asset.updatedAt);
    if (tagsChanged)
      await tx.enrichment.replaceTags(
        versionId,
        [userTagSource],
        after.map((label) => ({ label, category: 'other', source: userTagSource, confidence: 1, model: actor })),
      );
    const fieldsOf = (side: 'before' | 'after') => Object.fromEntries(changes.map((c) => [c.field, c[side]]));
    await tx.audit.append({
      actor,
      action: 'asset.edited',
      subjectType: 'asset',
      subjectId: assetId,
      beforeDigest: digestOf(fieldsOf('before')),
      afterDigest: digestOf(fieldsOf('after')),
      details: { changes },
    });
    await tx.events.append({
      type: 'asset.edited',
      subjectType: 'asset',
      subjectId: assetId,
      actor,
      payload: { fields: changes.map((c) => c.field) },
    });
    await this.deps.tiers?.rederiveTier(ctx, tx, assetId);
    const released = quarantined && remaining.length === 0;
    if (released)
      await this.deps.workflow.transitionIn(ctx, tx, assetId, 'release', {
        reason: 'every quarantine reason was resolved by an edit',
      });
    const edited_ = (await tx.assets.get(assetId))!;
    return { asset: edited_, changes, tags: after, released, ...reasonsOf(edited_) };
  }

  /** A team, campaign or requestor by name, made (and audited) when new, as intake does. */
}

const reasonsOf = (asset: AssetWithVersions) =>
  asset.status === 'quarantined' ? { remainingReasons: asset.quarantineReasons } : {};

const userTags = (tags: readonly Tag[]): string[] =>
  tags
    .filter((t) => t.source === userTagSource)
    .map((t) => t.label)
    .sort((a, b) => a.localeCompare(b));

function currentVersionId(asset: AssetWithVersions): string {
  const version = asset.versions.find((v) => v.number === asset.currentVersion);
  if (!version) throw new ProvenaError('INTERNAL', `Asset ${asset.id} has no version ${asset.currentVersion}.`);
  return version.id;
}

/** The references as they will be after the edit, by name, for the quarantine rules. */
function withNames(
  next: AssetUpdate,
  named: Partial<Record<'team' | 'campaign' | 'requestor', Team | undefined>>,
  asset: AssetWithVersions,
) {
  const ref = (field: 'team' | 'campaign' | 'requestor', id: string | undefined) =>
    id === undefined ? undefined : field in named ? named[field] : asset[field];
  return {
    title: next.title,
    rightsStatus: next.rightsStatus,
    prompt: next.prompt,
    tool: next.tool,
    model: next.model,
    toolVersion: next.toolVersion,
    intendedUse: next.intendedUse,
    team: ref('team', next.teamId),
    campaign: ref('campaign', next.campaignId),
    requestor: ref('requestor', next.requestorId),
  };
}
