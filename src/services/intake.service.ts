/**
 * Intake: the one path by which a file becomes an asset, whatever the entry point (HTTP upload, CLI ingest, later
 * connectors). It stages the bytes, checks what they are, lets the provenance engine fill fields from the file, then
 * either creates a draft and starts its enrichment, quarantines (bulk intake with missing fields) or refuses with every
 * problem listed. The request context must hold asset:create on the asset's team; the audit log names its actor.
 */
import type { Readable } from 'node:stream';
import type { AssetWithVersions, AssetVersion, IntakeFields, QuarantineReason } from '../domain/asset.ts';
import { digestOf } from '../domain/audit.ts';
import { actorLabel, can, systemContext, teamsWith, type RequestContext } from '../domain/access.ts';
import { isProvenaError, notFound, ProvenaError, validationFailed, type FieldProblem } from '../domain/errors.ts';
import { checkFileName } from '../domain/file-name.ts';
import { newId } from '../domain/ids.ts';
import {
  fillFromProvenance,
  missingIntakeFields,
  parseIntakeFields,
  quarantineReasonsFor,
  withDeclaredGeneration,
} from '../domain/intake-rules.ts';
import type {
  BlobStore,
  CatalogKind,
  MediaInspector,
  NewAsset,
  StagedBlob,
  Transaction,
  UnitOfWork,
} from '../domain/ports.ts';
import { ensureCatalogEntry } from './catalog-entries.ts';
import { intakeFieldsOf, updateOf } from '../domain/asset-edit.ts';
import { emptyProvenance, type ProvenanceExtractor, type ProvenanceRecord } from '../domain/provenance.ts';
import { authorise, authoriseOn } from './authorise.ts';
import type { EnrichmentQueue } from './enrichment-types.ts';
import { initialTierFields } from './risk-tier.ts';
import type { WorkflowRepositories, WorkflowService } from './workflow.service.ts';

export type IntakeMode = 'interactive' | 'bulk';

export interface IntakeRequest {
  fileName: string;
  /** Untrusted field values as received; checked here. */
  fields: Record<string, unknown>;
  /** interactive: refuse on any field problem. bulk: quarantine with the reasons (unless strict). */
  mode: IntakeMode;
  strict?: boolean;
}

export interface VersionRequest {
  fileName: string;
}

export interface VersionResult {
  /** created: a new current version; unchanged: these are the current version's bytes; duplicate: another asset's. */
  status: 'created' | 'unchanged' | 'duplicate';
  /** The asset as it is now (for a duplicate: the asset that holds the bytes). */
  asset: AssetWithVersions;
  /** The new version, or the current one when unchanged. */
  version?: AssetVersion;
  duplicateOf?: string;
  provenance: ProvenanceRecord;
}

export interface IntakeResult {
  status: 'created' | 'quarantined' | 'duplicate';
  asset: AssetWithVersions;
  /** For duplicates: the existing asset that already holds these bytes. */
  duplicateOf?: string;
  /** Fields that the file itself supplied, and from which source. */
  filledFromFile: Partial<Record<keyof IntakeFields, string>>;
  provenance: ProvenanceRecord;
}

/**
 * The points intake passes, in order: bytes staged, type checked, provenance read, blob file in place, rows written
 * (transaction not yet committed), committed.
 */
export const intakeSteps = [
  'staged',
  'inspected',
  'provenance-read',
  'blob-committed',
  'recorded',
  'committed',
] as const;
export type IntakeStep = (typeof intakeSteps)[number];

export interface IntakeDeps {
  store: UnitOfWork<'catalog' | 'riskPolicies' | 'enrichment' | WorkflowRepositories>;
  /** Takes the new draft into enrichment (start-enrichment), which queues its enrichment. */
  workflow: Pick<WorkflowService, 'transitionIn'>;
  blobs: BlobStore;
  media: MediaInspector;
  provenance: ProvenanceExtractor;
  maxUploadBytes: number;
  /** Where a quarantined asset's enrichment is queued, in the intake transaction (a draft's is the workflow's). */
  enrichment: EnrichmentQueue;
  /** Test seam, absent in production: called at each step (the crash tests kill the process there). */
  checkpoint?: (step: IntakeStep) => void;
}

export class IntakeService {
  constructor(private readonly deps: IntakeDeps) {}

  async intake(ctx: RequestContext, source: Readable | Uint8Array, request: IntakeRequest): Promise<IntakeResult> {
    checkFileName(request.fileName);
    const staged = await this.stage(ctx, source);
    return this.intakeStaged(ctx, staged, request);
  }

  /**
   * Receives bytes before the fields are known (multipart may send the file part first). A caller who may create
   * assets on no team is refused here, before the bytes are read; the team itself is checked once it is known.
   */
  async stage(ctx: RequestContext, source: Readable | Uint8Array): Promise<StagedBlob> {
    const teams = teamsWith(ctx, 'asset:create');
    if (teams !== 'all' && teams.length === 0) authorise(ctx, 'asset:create');
    return this.deps.blobs.stage(source, { maxBytes: this.deps.maxUploadBytes });
  }

  async discard(_ctx: RequestContext, staged: StagedBlob): Promise<void> {
    return this.deps.blobs.discard(staged);
  }

  async intakeStaged(ctx: RequestContext, staged: StagedBlob, request: IntakeRequest): Promise<IntakeResult> {
    try {
      return await this.admit(ctx, staged, request);
    } finally {
      // The staged name goes whatever happened: a committed blob keeps its content address.
      await this.deps.blobs.discard(staged);
    }
  }

  private async admit(ctx: RequestContext, staged: StagedBlob, request: IntakeRequest): Promise<IntakeResult> {
    this.deps.checkpoint?.('staged');
    const fileName = checkFileName(request.fileName);
    const strict = request.mode === 'interactive' || request.strict === true;
    const { fields: declared, problems: fieldProblems } = parseIntakeFields(request.fields);
    if (strict && fieldProblems.length > 0) throw validationFailed(fieldProblems);

    const media = await this.deps.media.inspect(staged, fileName);
    this.deps.checkpoint?.('inspected');
    const existing = await this.deps.store.assets.findByBlob(staged.sha256);
    if (existing) {
      await this.restoreIfLost(staged);
      return this.duplicate(ctx, existing.assetId, fileName);
    }

    // What the file says, joined to what the uploader declared about how it was made (the file's evidence wins).
    const provenance = withDeclaredGeneration(await this.readProvenance(staged, media.mediaType), declared);
    this.deps.checkpoint?.('provenance-read');
    // The blob is written and its names fsynced before the transaction, so that no lock waits on the disk.
    await this.deps.blobs.commit(staged);
    this.deps.checkpoint?.('blob-committed');
    const { fields, filled } = fillFromProvenance(declared, provenance);
    const missing = missingIntakeFields(fields);
    if (strict && missing.length > 0) {
      throw validationFailed(missing, 'INTAKE_INCOMPLETE');
    }
    const reasons: QuarantineReason[] = [
      ...fieldProblems.map((p: FieldProblem) => ({ code: 'INVALID_FIELD', field: p.field, message: p.problem })),
      ...quarantineReasonsFor(missing),
    ];

    try {
      const asset = await this.deps.store.transaction(async (tx) => {
        // `doctor --fix` deletes a blob only holding its digest and finding no record of it: holding the digest, the
        // blob is looked for again (put back if doctor took it since the commit) and recorded before the hold ends.
        await tx.holdBlob(staged.sha256);
        await this.deps.blobs.keep(staged);
        const actor = actorLabel(ctx.actor);
        const ref = async (kind: CatalogKind, name: string | undefined) =>
          name === undefined ? undefined : ensureCatalogEntry(tx, actor, kind, name);
        const requestor = await ref('user', fields.requestor);
        const team = await ref('team', fields.team);
        const campaign = await ref('campaign', fields.campaign);
        // Checked once the team is known (and made, if new: refusing rolls its creation back).
        authorise(ctx, 'asset:create', team?.id ?? null);
        const now = new Date().toISOString();
        const newAsset: NewAsset = {
          id: newId(),
          title: fields.title ?? fileName,
          kind: media.kind,
          status: reasons.length > 0 ? 'quarantined' : 'draft',
          quarantineReasons: reasons,
          ...pick(fields, ['prompt', 'tool', 'model', 'toolVersion', 'intendedUse', 'audience', 'regulated']),
          rightsStatus: fields.rightsStatus ?? 'unknown',
          requestorId: requestor?.id,
          teamId: team?.id,
          campaignId: campaign?.id,
          currentVersion: 1,
          createdAt: now,
          updatedAt: now,
        };
        const version: AssetVersion = {
          id: newId(),
          assetId: newAsset.id,
          number: 1,
          blob: { sha256: staged.sha256, size: staged.size },
          mediaType: media.mediaType,
          fileName,
          ...(media.width !== undefined ? { width: media.width, height: media.height! } : {}),
          provenance,
          createdAt: now,
          createdBy: actor,
        };
        // The first tier, from the fields alone; enrichment derives it again with what it finds.
        Object.assign(
          newAsset,
          await initialTierFields(tx, {
            ...newAsset,
            ...(team ? { team } : {}),
            ...(campaign ? { campaign } : {}),
            versions: [version],
          }),
        );
        await tx.assets.insert(newAsset);
        await tx.assets.insertVersion(version);
        // Everything the asset is made of is already in hand: no need to read back what was just written.
        const { requestorId: _requestorId, teamId: _teamId, campaignId: _campaignId, ...assetFields } = newAsset;
        const asset: AssetWithVersions = {
          ...assetFields,
          ...(requestor ? { requestor } : {}),
          ...(team ? { team } : {}),
          ...(campaign ? { campaign } : {}),
          versions: [version],
        };
        await tx.audit.append({
          actor,
          action: asset.status === 'quarantined' ? 'asset.quarantined' : 'asset.created',
          subjectType: 'asset',
          subjectId: asset.id,
          afterDigest: digestOf({ ...asset, versions: asset.versions.map((v) => v.blob.sha256) }),
          details: { sha256: staged.sha256, ...(reasons.length ? { reasons } : {}) },
        });
        // Both are enriched: a quarantined asset stays held (its hashes still flag near-duplicates), a draft goes on
        // to enrichment and review. Starting enrichment is intake's bookkeeping, not the uploader's decision.
        const admitted =
          asset.status === 'draft'
            ? (await this.deps.workflow.transitionIn(systemContext('intake'), tx, asset, 'start-enrichment')).asset
            : asset;
        if (admitted.status === 'quarantined')
          await this.deps.enrichment.enqueue(tx, { assetId: asset.id, version: asset.currentVersion });
        this.deps.checkpoint?.('recorded');
        return admitted;
      });
      this.deps.checkpoint?.('committed');
      return {
        status: asset.status === 'quarantined' ? 'quarantined' : 'created',
        asset,
        filledFromFile: filled,
        provenance,
      };
    } catch (error) {
      // The same bytes were admitted concurrently by another request: answer as for any exact duplicate.
      if (isProvenaError(error) && error.code === 'CONFLICT') {
        const winner = await this.deps.store.assets.findByBlob(staged.sha256);
        if (winner) return this.duplicate(ctx, winner.assetId, fileName);
      }
      throw error;
    }
  }

  /**
   * A new version of an existing asset (asset:create on its team): the same staging, inspection, provenance and
   * exact-duplicate rules as intake. The bytes of the current version answer 'unchanged'; bytes another asset holds
   * answer 'duplicate' with it; otherwise the version becomes current and the asset goes back to enrichment and review
   * (the workflow's new-version: an approval belongs to one version). A quarantined asset stays quarantined: its new
   * version is enriched, and an edit that resolves its reasons, or a release, lets it go on.
   */
  async addVersion(
    ctx: RequestContext,
    assetId: string,
    source: Readable | Uint8Array,
    request: VersionRequest,
  ): Promise<VersionResult> {
    checkFileName(request.fileName);
    const staged = await this.stageVersion(ctx, assetId, source);
    return this.addStagedVersion(ctx, assetId, staged, request);
  }

  /** Receives a new version's bytes once the caller is known to be allowed to add one (before reading them). */
  async stageVersion(ctx: RequestContext, assetId: string, source: Readable | Uint8Array): Promise<StagedBlob> {
    authoriseOn(ctx, 'asset:create', await this.deps.store.assets.get(assetId), assetId);
    return this.deps.blobs.stage(source, { maxBytes: this.deps.maxUploadBytes });
  }

  async addStagedVersion(
    ctx: RequestContext,
    assetId: string,
    staged: StagedBlob,
    request: VersionRequest,
  ): Promise<VersionResult> {
    try {
      return await this.admitVersion(ctx, assetId, staged, request);
    } finally {
      await this.deps.blobs.discard(staged);
    }
  }

  /**
   * A new version made of version `number`'s bytes and provenance, recorded as a revert of it (asset:create on the
   * asset's team); the asset goes back to review as for any new version. Reverting to the current version changes
   * nothing ('unchanged').
   */
  async revert(ctx: RequestContext, assetId: string, number: number): Promise<VersionResult> {
    return this.deps.store.transaction(async (tx) => {
      const asset = authoriseOn(ctx, 'asset:create', await tx.assets.get(assetId), assetId);
      const source = asset.versions.find((v) => v.number === number);
      if (!source) throw notFound(`Version ${number} of asset`, assetId);
      if (number === asset.currentVersion)
        return { status: 'unchanged', asset, version: source, provenance: source.provenance };
      await tx.holdBlob(source.blob.sha256);
      const { id: _id, assetId: _assetId, number: _number, createdAt: _at, createdBy: _by, ...content } = source;
      const { revertOf: _revertOf, ...copied } = content;
      const made = await this.recordVersion(ctx, tx, asset, { ...copied, revertOf: number });
      return { status: 'created', asset: made.asset, version: made.version, provenance: source.provenance };
    });
  }

  private async admitVersion(
    ctx: RequestContext,
    assetId: string,
    staged: StagedBlob,
    request: VersionRequest,
  ): Promise<VersionResult> {
    const fileName = checkFileName(request.fileName);
    const asset = authoriseOn(ctx, 'asset:create', await this.deps.store.assets.get(assetId), assetId);
    const unchanged = this.unchanged(asset, staged.sha256);
    if (unchanged) return unchanged;
    const media = await this.deps.media.inspect(staged, fileName);
    if (media.kind !== asset.kind)
      throw validationFailed([
        {
          field: 'file',
          problem: `a new version of an ${asset.kind} asset must be an ${asset.kind} too; this file is ${media.mediaType}`,
        },
      ]);
    const existing = await this.deps.store.assets.findByBlob(staged.sha256);
    if (existing && existing.assetId !== assetId) {
      await this.restoreIfLost(staged);
      return { ...(await this.duplicate(ctx, existing.assetId, fileName)), status: 'duplicate' };
    }
    const provenance = withDeclaredGeneration(
      await this.readProvenance(staged, media.mediaType),
      intakeFieldsOf(asset),
    );
    await this.deps.blobs.commit(staged);
    try {
      return await this.deps.store.transaction(async (tx) => {
        await tx.holdBlob(staged.sha256);
        await this.deps.blobs.keep(staged);
        // Read again holding the digest: a concurrent upload of the same bytes came first, or another change did.
        const fresh = authoriseOn(ctx, 'asset:create', await tx.assets.get(assetId), assetId);
        const same = this.unchanged(fresh, staged.sha256);
        if (same) return same;
        const other = await tx.assets.findByBlob(staged.sha256);
        if (other && other.assetId !== assetId)
          throw new ProvenaError('CONFLICT', 'These bytes were admitted meanwhile as another asset.');
        const made = await this.recordVersion(ctx, tx, fresh, {
          blob: { sha256: staged.sha256, size: staged.size },
          mediaType: media.mediaType,
          fileName,
          ...(media.width !== undefined ? { width: media.width, height: media.height! } : {}),
          provenance,
        });
        return { status: 'created' as const, asset: made.asset, version: made.version, provenance };
      });
    } catch (error) {
      if (isProvenaError(error) && error.code === 'CONFLICT') {
        const winner = await this.deps.store.assets.findByBlob(staged.sha256);
        if (winner && winner.assetId !== assetId)
          return { ...(await this.duplicate(ctx, winner.assetId, fileName)), status: 'duplicate' };
      }
      throw error;
    }
  }

  private unchanged(asset: AssetWithVersions, sha256: string): VersionResult | undefined {
    const current = asset.versions.find((v) => v.number === asset.currentVersion);
    if (current?.blob.sha256 !== sha256) return undefined;
    return { status: 'unchanged', asset, version: current, provenance: current.provenance };
  }

  /**
   * Writes the next version and makes it current, carries the user tags over, audits it and writes its event, then
   * takes the workflow's new-version transition (a quarantined asset stays held, its new version enriched).
   */
  private async recordVersion(
    ctx: RequestContext,
    tx: Transaction<'catalog' | 'enrichment' | WorkflowRepositories>,
    asset: AssetWithVersions,
    content: Omit<AssetVersion, 'id' | 'assetId' | 'number' | 'createdAt' | 'createdBy'>,
  ): Promise<{ asset: AssetWithVersions; version: AssetVersion }> {
    const actor = actorLabel(ctx.actor);
    const now = new Date().toISOString();
    const previous = asset.versions.find((v) => v.number === asset.currentVersion);
    const number = Math.max(0, ...asset.versions.map((v) => v.number)) + 1;
    const version: AssetVersion = {
      id: newId(),
      assetId: asset.id,
      number,
      ...content,
      createdAt: now,
      createdBy: actor,
    };
    await tx.assets.insertVersion(version);
    await tx.assets.update(asset.id, { ...updateOf(asset), currentVersion: number, updatedAt: now }, asset.updatedAt);
    if (previous) {
      const userTags = (await tx.enrichment.tags(previous.id)).filter((t) => t.source === 'manual');
      if (userTags.length > 0) await tx.enrichment.replaceTags(version.id, ['manual'], userTags);
    }
    const details = {
      version: number,
      previous: asset.currentVersion,
      sha256: version.blob.sha256,
      ...(version.revertOf !== undefined ? { revertOf: version.revertOf } : {}),
    };
    await tx.audit.append({
      actor,
      action: version.revertOf !== undefined ? 'asset.reverted' : 'asset.version-added',
      subjectType: 'asset',
      subjectId: asset.id,
      beforeDigest: digestOf({ currentVersion: asset.currentVersion }),
      afterDigest: digestOf({ currentVersion: number, sha256: version.blob.sha256 }),
      details,
    });
    await tx.events.append({
      type: 'asset.version-added',
      subjectType: 'asset',
      subjectId: asset.id,
      actor,
      payload: details,
    });
    const updated: AssetWithVersions = {
      ...asset,
      currentVersion: number,
      updatedAt: now,
      versions: [...asset.versions, version],
    };
    if (asset.status === 'quarantined') {
      await this.deps.enrichment.enqueue(tx, { assetId: asset.id, version: number });
      return { asset: updated, version };
    }
    const outcome = await this.deps.workflow.transitionIn(ctx, tx, updated, 'new-version');
    return { asset: outcome.asset, version };
  }

  /**
   * Bytes already recorded whose file is gone or cut short (lost outside Provena; `doctor` lists it as missing) are
   * put back from this upload of the same bytes.
   */
  private async restoreIfLost(staged: StagedBlob): Promise<void> {
    if ((await this.deps.blobs.stat(staged.sha256))?.size === staged.size) return;
    await this.deps.blobs.commit(staged);
  }

  /**
   * The asset that already holds these bytes. One the caller may not read is not named: the upload is refused as a
   * conflict without its id (that the bytes are stored somewhere cannot be hidden from someone who holds them).
   */
  private async duplicate(ctx: RequestContext, assetId: string, fileName: string): Promise<IntakeResult> {
    const asset = await this.deps.store.assets.get(assetId);
    // A soft-deleted asset keeps its bytes until it is purged: it is restored, not uploaded again.
    if (!asset)
      throw new ProvenaError(
        'CONFLICT',
        'These bytes belong to a deleted asset: an admin can restore it (provena asset restore), or upload them again once it is purged.',
      );
    if (!can(ctx, 'asset:read', asset.team?.id ?? null))
      throw new ProvenaError('CONFLICT', 'These bytes are already stored, as an asset you may not see.');
    // Recorded (the outbox, not the audit chain: nothing changed) so that the dashboard can count what was prevented.
    await this.deps.store.transaction(async (tx) =>
      tx.events.append({
        type: 'asset.duplicate-refused',
        subjectType: 'asset',
        subjectId: assetId,
        actor: actorLabel(ctx.actor),
        payload: { fileName, teamId: asset.team?.id ?? null },
      }),
    );
    const provenance = asset.versions[0]?.provenance ?? emptyProvenance();
    return { status: 'duplicate', asset, duplicateOf: assetId, filledFromFile: {}, provenance };
  }

  /** Provenance is best effort: a file whose metadata cannot be read is still admitted, with the warning kept. */
  private async readProvenance(staged: StagedBlob, mediaType: string): Promise<ProvenanceRecord> {
    try {
      return await this.deps.provenance.extract({
        path: staged.path,
        mediaType,
        size: staged.size,
        ...(staged.bytes ? { bytes: staged.bytes } : {}),
      });
    } catch (error) {
      if (isProvenaError(error) && error.code !== 'PROVENANCE_INVALID') throw error;
      return { ...emptyProvenance(), warnings: [`provenance could not be read: ${(error as Error).message}`] };
    }
  }
}

function pick<T extends object, K extends keyof T>(source: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
