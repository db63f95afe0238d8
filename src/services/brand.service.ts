/**
 * Brands and the brand check as a product (issue 13, decision 0022): a brand manager creates brands, imports versions
 * of each brand's guideline (JSON or YAML, checked whole: every problem is one VALIDATION_FAILED naming its path),
 * exports them, and uploads the reference logos the logo rules name. An asset is checked against every brand whose
 * newest guideline applies to its team and campaign: the facts come from what enrichment stored (palette, OCR words,
 * faces, moderation scores), the asset's fields (prompt, intended use as the channel) and, for logo rules, the
 * LogoMatcher run now on the picture; brand-check.ts evaluates them into named rule results with evidence.
 *
 * Three ways a check runs: the workflow's `brand_check` state (brand-gate.ts queues it at the end of enrichment;
 * `runWorkflowCheck` stores the results and takes the asset on to review, or back to the requestor when the verdict
 * fails), a person asking (`check`), and a new guideline version (`recheckBatch`, a job walking the brand's current
 * results in keyset batches: only the rules whose digest changed are re-run, and an asset whose verdict changed is
 * flagged for re-review with its old and new result).
 */
import type { Readable } from 'node:stream';
import { stringify as toYaml } from 'yaml';
import { actorLabel, teamsWith, type RequestContext } from '../domain/access.ts';
import { digestOf } from '../domain/audit.ts';
import { compareGuidelines, ruleDigest, type GuidelineChanges } from '../domain/brand-changes.ts';
import { checkBrand, logoRulesToMatch, recheckBrand, type BrandFacts } from '../domain/brand-check.ts';
import {
  guidelineAppliesTo,
  parseBrandGuideline,
  readBrandGuidelineText,
  type BrandCheckResult,
  type BrandGuideline,
  type LogoRule,
} from '../domain/brand-guideline.ts';
import type {
  Brand,
  BrandCheckCause,
  BrandRereview,
  BrandSubject,
  GuidelineVersionEntry,
  LogoReference,
  StoredBrandCheck,
  StoredGuideline,
} from '../domain/brand-records.ts';
import { notFound, ProvenaError, validationFailed, type FieldProblem } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type {
  DetailImage,
  DetectedFace,
  LogoMatch,
  LogoMatcher,
  RecognisedWord,
  ReferenceImage,
} from '../domain/image-content.ts';
import type { JobQueue } from '../domain/jobs.ts';
import type { BlobStore, StoreTx, Transaction, UnitOfWork } from '../domain/ports.ts';
import { authorise, readable } from './authorise.ts';
import { raiseTierAtLeast } from './risk-tier.ts';
import type { WorkflowRepositories, WorkflowService } from './workflow.service.ts';

export type BrandRepositories = 'brand' | WorkflowRepositories;

/** The workflow's check of one asset version (jobs/brand.jobs.ts `brand.check`). */
export interface BrandCheckRequest {
  assetId: string;
  version: number;
}

/** One batch of the re-check a new guideline version queued (`brand.recheck`). */
export interface BrandRecheckRequest {
  brandId: string;
  guidelineVersion: number;
  /** The last asset id of the previous batch (keyset); absent: from the start. */
  after?: string;
}

/** What logo matching needs, wired in main/runtime.ts over src/enrich/logo/. */
export interface BrandPictures {
  /** The stored picture at the size the matcher reads (a missing or damaged file throws). */
  picture(sha256: string): Promise<DetailImage>;
  /** A reference logo from its file's bytes; a file that is not an image is UNSUPPORTED_MEDIA_TYPE. */
  reference(bytes: Uint8Array): Promise<ReferenceImage>;
  matcher(): Promise<LogoMatcher>;
}

export interface BrandServiceDeps {
  store: UnitOfWork<BrandRepositories>;
  blobs: Pick<BlobStore, 'put' | 'open'>;
  workflow: Pick<WorkflowService, 'transitionIfDue'>;
  pictures: BrandPictures;
  recheck: JobQueue<BrandRecheckRequest>;
  /** Largest logo file accepted (default defaultMaxLogoBytes). */
  maxLogoBytes?: number;
  /** Assets per re-check batch (one transaction and one job each). */
  batchSize?: number;
}

/** A guideline document as the caller gives it: text (JSON by default, or YAML), or a value already parsed. */
export type GuidelineDocument = { text: string; format?: 'json' | 'yaml' } | { value: unknown };

export interface ImportedGuideline extends StoredGuideline {
  /** What changed from the previous version (absent for the first). */
  changes?: GuidelineChanges;
  /** Whether the brand's checked assets are being re-checked (a job queued). */
  recheckQueued: boolean;
}

export interface BrandSummary extends Brand {
  /** The newest guideline version, when one was imported. */
  latestVersion?: number;
  logos: LogoReference[];
}

/** An asset's brand checks: the current result per brand, the history (newest first), and a re-review flag. */
export interface AssetBrandChecks {
  assetId: string;
  current: StoredBrandCheck[];
  history: StoredBrandCheck[];
  rereview?: BrandRereview;
}

export interface RecheckOutcome {
  examined: number;
  /** Results written under the new version. */
  rechecked: number;
  /** Rule evaluations run (the rest of each result was kept). */
  rulesRerun: number;
  flagged: number;
  next?: string;
  /** The job's version is no longer the newest: the newer version's job does the work. */
  superseded?: boolean;
}

export const defaultMaxLogoBytes = 5 * 1024 * 1024;
export const defaultRecheckBatch = 500;
/** Copy of a text asset read for its text rules: a brand check never reads a huge file whole. */
const maxCopyBytes = 1024 * 1024;
const namePattern = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** The reference logos decoded lately, by digest: a batch of checks decodes each once. */
const referenceCacheSize = 16;

export class BrandService {
  private readonly references = new Map<string, Promise<ReferenceImage>>();

  constructor(private readonly deps: BrandServiceDeps) {}

  // -------------------------------------------------------------------------------------------------------------
  // Brands, guideline versions, logos

  async createBrand(ctx: RequestContext, input: { name: string }): Promise<Brand> {
    authorise(ctx, 'brand:manage');
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name.length === 0 || name.length > 100)
      throw validationFailed([{ field: 'name', problem: 'must be 1–100 characters' }]);
    const slug = slugOf(name);
    if (slug.length === 0)
      throw validationFailed([{ field: 'name', problem: 'must contain a letter or digit (the brand is named by it)' }]);
    return this.deps.store.transaction(async (tx) => {
      if (await tx.brand.findBrand(slug))
        throw new ProvenaError('CONFLICT', `A brand named "${slug}" exists already.`, { slug });
      const brand: Brand = {
        id: newId(),
        slug,
        name,
        createdAt: new Date().toISOString(),
        createdBy: actorLabel(ctx.actor),
      };
      await tx.brand.insertBrand(brand);
      await tx.audit.append({
        actor: brand.createdBy,
        action: 'brand.created',
        subjectType: 'brand',
        subjectId: brand.id,
        afterDigest: digestOf(brand),
        details: { slug, name },
      });
      return brand;
    });
  }

  async listBrands(ctx: RequestContext): Promise<BrandSummary[]> {
    mayRead(ctx);
    const [brands, latest] = await Promise.all([
      this.deps.store.brand.listBrands(),
      this.deps.store.brand.latestGuidelines(),
    ]);
    const versions = new Map(latest.map((g) => [g.brandId, g.version]));
    return Promise.all(
      brands.map(async (brand) => {
        const version = versions.get(brand.id);
        return {
          ...brand,
          ...(version !== undefined ? { latestVersion: version } : {}),
          logos: await this.deps.store.brand.logos(brand.id),
        };
      }),
    );
  }

  async brand(ctx: RequestContext, idOrSlug: string): Promise<BrandSummary> {
    mayRead(ctx);
    const brand = await this.find(idOrSlug);
    const [latest, logos] = await Promise.all([
      this.deps.store.brand.latestGuideline(brand.id),
      this.deps.store.brand.logos(brand.id),
    ]);
    return { ...brand, ...(latest ? { latestVersion: latest.version } : {}), logos };
  }

  /** Every guideline version of the brand, newest first. */
  async versions(ctx: RequestContext, idOrSlug: string): Promise<GuidelineVersionEntry[]> {
    mayRead(ctx);
    const brand = await this.find(idOrSlug);
    return this.deps.store.brand.guidelineVersions(brand.id);
  }

  /** One version (the newest by default). */
  async guideline(ctx: RequestContext, idOrSlug: string, version?: number): Promise<StoredGuideline> {
    mayRead(ctx);
    const brand = await this.find(idOrSlug);
    const found =
      version === undefined
        ? await this.deps.store.brand.latestGuideline(brand.id)
        : Number.isSafeInteger(version)
          ? await this.deps.store.brand.guideline(brand.id, version)
          : undefined;
    if (!found)
      throw notFound(
        `Guideline version of brand ${brand.slug}`,
        version === undefined ? '(none imported yet)' : String(version),
      );
    return found;
  }

  /** A version as text to edit and import again: JSON (two-space indented) or YAML. */
  async exportGuideline(
    ctx: RequestContext,
    idOrSlug: string,
    options: { version?: number; format?: 'json' | 'yaml' } = {},
  ): Promise<{ version: number; format: 'json' | 'yaml'; text: string }> {
    const stored = await this.guideline(ctx, idOrSlug, options.version);
    const format = options.format ?? 'json';
    const document = documentOf(stored.guideline);
    const text = format === 'yaml' ? toYaml(document) : `${JSON.stringify(document, null, 2)}\n`;
    return { version: stored.version, format, text };
  }

  /** Checks a document without storing it: VALIDATION_FAILED naming the path of every problem. */
  parse(document: GuidelineDocument): BrandGuideline {
    const { guideline, problems } =
      'value' in document
        ? parseBrandGuideline(document.value)
        : readBrandGuidelineText(document.text, document.format ?? 'json');
    if (!guideline) throw validationFailed(problems);
    return guideline;
  }

  /**
   * Stores the document as the brand's next guideline version, audited, and — when rules were added, changed or
   * removed, or the teams and campaigns it applies to changed — queues the re-check of the brand's checked assets in
   * the same transaction. A logo rule must name a logo uploaded for the brand; its digest is written into the rule,
   * so that a rule pointing at other bytes is a changed rule.
   */
  async importGuideline(
    ctx: RequestContext,
    idOrSlug: string,
    document: GuidelineDocument,
    note?: string,
  ): Promise<ImportedGuideline> {
    authorise(ctx, 'brand:manage');
    const brand = await this.find(idOrSlug);
    const parsed = this.parse(document);
    const trimmed = note?.trim();
    if (trimmed !== undefined && trimmed.length > 1000)
      throw validationFailed([{ field: 'note', problem: 'longer than 1000 characters' }]);
    const guideline = await this.withLogoDigests(brand, parsed);
    return this.deps.store.transaction(async (tx) => {
      const before = await tx.brand.latestGuideline(brand.id);
      const entry: StoredGuideline = {
        brandId: brand.id,
        version: (before?.version ?? 0) + 1,
        guideline,
        digest: digestOf(guideline),
        createdAt: new Date().toISOString(),
        createdBy: actorLabel(ctx.actor),
        ...(trimmed ? { note: trimmed } : {}),
      };
      await tx.brand.insertGuideline(entry);
      const changes = before ? compareGuidelines(before.guideline, guideline) : undefined;
      const recheck =
        changes !== undefined &&
        (changes.added.length > 0 ||
          changes.changed.length > 0 ||
          changes.removed.length > 0 ||
          changes.appliesToChanged);
      await tx.audit.append({
        actor: entry.createdBy,
        action: 'brand.guideline-imported',
        subjectType: 'brand',
        subjectId: brand.id,
        ...(before ? { beforeDigest: before.digest } : {}),
        afterDigest: entry.digest,
        details: {
          brand: brand.slug,
          version: entry.version,
          ...(before ? { previousVersion: before.version } : {}),
          ...(entry.note ? { note: entry.note } : {}),
          rules: guideline.rules.map((r) => r.id),
          ...(changes ? { added: changes.added, changed: changes.changed, removed: changes.removed, recheck } : {}),
        },
      });
      if (recheck) await this.deps.recheck.enqueue(tx, { brandId: brand.id, guidelineVersion: entry.version });
      return { ...entry, ...(changes ? { changes } : {}), recheckQueued: recheck };
    });
  }

  /** Logo rules name uploaded logos; each gets the stored logo's digest (a mismatching one is refused). */
  private async withLogoDigests(brand: Brand, guideline: BrandGuideline): Promise<BrandGuideline> {
    const logoRules = guideline.rules.filter((r): r is LogoRule => r.type === 'logo');
    if (logoRules.length === 0) return guideline;
    const logos = new Map((await this.deps.store.brand.logos(brand.id)).map((l) => [l.name, l]));
    const problems: FieldProblem[] = [];
    const rules = guideline.rules.map((rule, index) => {
      if (rule.type !== 'logo') return rule;
      const logo = logos.get(rule.logo.id);
      if (!logo) {
        const known = [...logos.keys()];
        problems.push({
          field: `rules[${index}].logo.id`,
          problem: `no logo "${rule.logo.id}" was uploaded for brand ${brand.slug} (${known.length > 0 ? `uploaded: ${known.join(', ')}` : 'none uploaded yet'}): upload it first`,
        });
        return rule;
      }
      if (rule.logo.sha256 !== undefined && rule.logo.sha256 !== logo.sha256)
        problems.push({
          field: `rules[${index}].logo.sha256`,
          problem: `is not the digest of the uploaded logo "${logo.name}" (${logo.sha256})`,
        });
      return { ...rule, logo: { id: rule.logo.id, sha256: logo.sha256 } };
    });
    if (problems.length > 0) throw validationFailed(problems);
    return { ...guideline, rules };
  }

  /**
   * Uploads a reference logo under a name the logo rules use (`logo.id`): the file must be an image (PNG, JPEG, WebP,
   * SVG…) no larger than maxLogoBytes; its bytes go to the blob store under their digest.
   */
  async addLogo(
    ctx: RequestContext,
    idOrSlug: string,
    input: { name: string; bytes: Uint8Array },
  ): Promise<LogoReference> {
    authorise(ctx, 'brand:manage');
    const brand = await this.find(idOrSlug);
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (!namePattern.test(name))
      throw validationFailed([
        {
          field: 'name',
          problem: 'must be a lowercase name of letters, digits and dashes (at most 64), e.g. "wordmark"',
        },
      ]);
    const limit = this.deps.maxLogoBytes ?? defaultMaxLogoBytes;
    if (input.bytes.length === 0) throw new ProvenaError('EMPTY_FILE', 'The logo file is empty (0 bytes).');
    if (input.bytes.length > limit)
      throw new ProvenaError(
        'FILE_TOO_LARGE',
        `The logo file is ${input.bytes.length} bytes; a reference logo may be at most ${limit} bytes.`,
        { limit, size: input.bytes.length },
      );
    const mediaType = imageMediaType(input.bytes);
    // Decoding proves it is an image the matcher can read (and tells its size); UNSUPPORTED_MEDIA_TYPE otherwise.
    const reference = mediaType
      ? await this.deps.pictures.reference(input.bytes)
      : Promise.reject(
          new ProvenaError(
            'UNSUPPORTED_MEDIA_TYPE',
            'The logo file is not an image (PNG, JPEG, WebP, GIF, TIFF or SVG).',
          ),
        );
    const decoded = await reference;
    if ((await this.deps.store.brand.logos(brand.id)).some((l) => l.name === name))
      throw new ProvenaError(
        'CONFLICT',
        `Brand ${brand.slug} already has a logo named "${name}": upload the new file under another name and point the logo rule at it in a new guideline version.`,
        { name },
      );
    const { sha256 } = await this.deps.blobs.put(input.bytes);
    return this.deps.store.transaction(async (tx) => {
      await tx.holdBlob(sha256);
      const logo: LogoReference = {
        id: newId(),
        brandId: brand.id,
        name,
        sha256,
        size: input.bytes.length,
        mediaType: mediaType!,
        width: decoded.width,
        height: decoded.height,
        createdAt: new Date().toISOString(),
        createdBy: actorLabel(ctx.actor),
      };
      await tx.brand.insertLogo(logo);
      await tx.audit.append({
        actor: logo.createdBy,
        action: 'brand.logo-added',
        subjectType: 'brand',
        subjectId: brand.id,
        afterDigest: sha256,
        details: { brand: brand.slug, name, sha256, size: logo.size, mediaType: logo.mediaType },
      });
      return logo;
    });
  }

  private async find(idOrSlug: string): Promise<Brand> {
    const brand = await this.deps.store.brand.findBrand(idOrSlug.trim().toLowerCase());
    if (!brand) throw notFound('Brand', idOrSlug);
    return brand;
  }

  // -------------------------------------------------------------------------------------------------------------
  // The check

  /** The newest guideline of every brand that applies to an asset of this team and campaign (names). */
  async guidelinesFor(
    tx: Pick<StoreTx, 'brand'>,
    scope: { team?: string; campaign?: string },
  ): Promise<StoredGuideline[]> {
    return (await tx.brand.latestGuidelines()).filter((g) => guidelineAppliesTo(g.guideline, scope));
  }

  /** An asset's checks: current per brand, history, re-review flag (whoever may read the asset). */
  async checksOf(ctx: RequestContext, assetId: string): Promise<AssetBrandChecks> {
    const asset = await this.deps.store.assets.get(assetId);
    readable(ctx, asset, assetId);
    const [history, rereview] = await Promise.all([
      this.deps.store.brand.checksOf(assetId),
      this.deps.store.brand.rereviewOf(assetId),
    ]);
    return {
      assetId,
      current: history.filter((c) => c.current),
      history,
      ...(rereview ? { rereview } : {}),
    };
  }

  /**
   * Checks the asset's current version now against every guideline that applies, and stores the results (a person
   * asking: brand:check on the asset's team). An asset no guideline applies to gets no result (an empty list).
   */
  async check(ctx: RequestContext, assetId: string): Promise<StoredBrandCheck[]> {
    const subject = await this.subject(assetId);
    const asset = readable(ctx, subject && assetLike(subject), assetId);
    authorise(ctx, 'brand:check', asset.team?.id ?? null);
    const guidelines = await this.guidelinesFor(this.deps.store, subject!);
    if (guidelines.length === 0) return [];
    const evaluated = await this.evaluate(subject!, guidelines);
    return this.deps.store.transaction(async (tx) => this.store(ctx, tx, subject!, evaluated, 'requested'));
  }

  /**
   * The workflow's check (the `brand.check` job): only while the asset is in brand_check with this version current.
   * Stores the results and, in the same transaction, takes the asset on: `finish-brand-check` to review, or
   * `fail-brand-check` back to the requestor when the verdict fails (a fail-severity rule violated), the failed
   * rules and their reasons in the transition's audit entry. A stale job (the asset moved on) does nothing.
   */
  async runWorkflowCheck(
    ctx: RequestContext,
    request: BrandCheckRequest,
    guard?: (tx: Pick<StoreTx, 'jobs'>) => Promise<void>,
  ): Promise<{ outcome: 'skipped' } | { outcome: 'in_review' | 'changes_requested'; checks: StoredBrandCheck[] }> {
    const subject = await this.subject(request.assetId);
    if (!subject || subject.status !== 'brand_check' || subject.versionNumber !== request.version)
      return { outcome: 'skipped' };
    const guidelines = await this.guidelinesFor(this.deps.store, subject);
    const evaluated = await this.evaluate(subject, guidelines);
    return this.deps.store.transaction(async (tx) => {
      await guard?.(tx);
      const failed = evaluated.flatMap(({ guideline, result }) =>
        result.results
          .filter((r) => r.outcome === 'fail')
          .map((r) => ({ brandId: guideline.brandId, ruleId: r.ruleId, reason: r.reason })),
      );
      const name = failed.length > 0 ? 'fail-brand-check' : 'finish-brand-check';
      const moved = await this.deps.workflow.transitionIfDue(
        ctx,
        tx,
        request.assetId,
        name,
        (asset) => asset.currentVersion === request.version,
        {
          ...(failed.length > 0
            ? { reason: `The brand check failed: ${failed.map((f) => `${f.ruleId}: ${f.reason}`).join('; ')}` }
            : {}),
          details: {
            version: request.version,
            brandChecks: evaluated.map(({ guideline, result }) => ({
              brandId: guideline.brandId,
              guidelineVersion: guideline.version,
              verdict: result.verdict,
              score: result.score,
            })),
            ...(failed.length > 0 ? { failedRules: failed } : {}),
          },
        },
      );
      if (!moved) return { outcome: 'skipped' as const };
      // People depicted where a guideline's people rule asks for a higher review tier: the highest such tier.
      const [raise] = evaluated
        .flatMap(({ guideline, result }) =>
          result.results.flatMap((r) =>
            r.evidence?.type === 'people' && r.evidence.raiseTierTo !== undefined
              ? [{ tier: r.evidence.raiseTierTo, rule: `brand:${guideline.guideline.brand.name}/${r.ruleId}` }]
              : [],
          ),
        )
        .sort((a, b) => b.tier - a.tier);
      if (raise) await raiseTierAtLeast(ctx, tx, request.assetId, { ...raise, cause: 'brand-check' });
      const checks = await this.store(ctx, tx, subject, evaluated, 'workflow');
      // A new version was checked: a flag raised on an older one no longer stands.
      await tx.brand.clearRereview(request.assetId);
      return {
        outcome: moved.to === 'changes_requested' ? ('changes_requested' as const) : ('in_review' as const),
        checks,
      };
    });
  }

  /** Clears an asset's re-review flag once a person has looked (brand:check on its team). */
  async clearRereview(ctx: RequestContext, assetId: string): Promise<boolean> {
    const asset = await this.deps.store.assets.get(assetId);
    authorise(ctx, 'brand:check', readable(ctx, asset, assetId).team?.id ?? null);
    return this.deps.store.transaction(async (tx) => {
      const flag = await tx.brand.rereviewOf(assetId);
      if (!(await tx.brand.clearRereview(assetId))) return false;
      await tx.audit.append({
        actor: actorLabel(ctx.actor),
        action: 'brand.rereview-cleared',
        subjectType: 'asset',
        subjectId: assetId,
        details: { ...(flag ? { checkId: flag.check.id, previousCheckId: flag.previous.id } : {}) },
      });
      return true;
    });
  }

  /**
   * One batch of the re-check a guideline version queued: the brand's current results after `after` in asset
   * order. A result made under an older version is checked again with recheckBrand — only the rules whose digest
   * differs from the one the old result carries are evaluated, so facts (and the picture, for a changed logo rule)
   * are read only for assets that need them. Results are written in one transaction; an asset whose verdict
   * changed is flagged for re-review. Idempotent (a result already under this version is skipped); a version no
   * longer newest stops (its successor's job walks every asset anyway).
   */
  async recheckBatch(
    ctx: RequestContext,
    request: BrandRecheckRequest,
    guard?: (tx: Pick<StoreTx, 'jobs'>) => Promise<void>,
  ): Promise<RecheckOutcome> {
    authorise(ctx, 'brand:manage');
    const store = this.deps.store;
    const limit = this.deps.batchSize ?? defaultRecheckBatch;
    const guideline = await store.brand.latestGuideline(request.brandId);
    if (!guideline || guideline.version !== request.guidelineVersion)
      return { examined: 0, rechecked: 0, rulesRerun: 0, flagged: 0, superseded: true };
    const previous = await store.brand.currentChecks(request.brandId, request.after ?? '', limit);
    const stale = previous.filter((c) => c.guidelineVersion < guideline.version);
    const subjects = new Map((await store.brand.subjects(stale.map((c) => c.assetId))).map((s) => [s.assetId, s]));
    const digests = new Map(
      guideline.guideline.rules.map((rule) => [rule.id, ruleDigest(rule, guideline.guideline.brand)]),
    );
    const writes: { check: Omit<StoredBrandCheck, 'current'>; previous: StoredBrandCheck }[] = [];
    let rulesRerun = 0;
    const now = new Date().toISOString();
    for (const old of stale) {
      const subject = subjects.get(old.assetId);
      // A newer version of the asset is checked by the workflow; a result of an older one stays as it was.
      if (!subject || subject.versionNumber !== old.versionNumber) continue;
      if (!guidelineAppliesTo(guideline.guideline, subject)) continue;
      const before = new Map(old.results.map((r) => [r.ruleId, r]));
      const rerun = new Set(
        guideline.guideline.rules
          .filter((rule) => {
            const was = before.get(rule.id);
            return !was || was.type !== rule.type || was.ruleDigest !== digests.get(rule.id);
          })
          .map((rule) => rule.id),
      );
      const facts = rerun.size > 0 ? await this.factsOf(subject, guideline.guideline, rerun) : {};
      const result = recheckBrand(guideline.guideline, facts, {
        verdict: old.verdict,
        score: old.score,
        results: old.results,
      });
      rulesRerun += result.rerun.length;
      writes.push({ check: this.record(ctx, subject, guideline, result, 'guideline-changed', now), previous: old });
    }
    let flagged = 0;
    const next = previous.length === limit ? previous[previous.length - 1]!.assetId : undefined;
    await store.transaction(async (tx) => {
      await guard?.(tx);
      await tx.brand.insertChecks(writes.map((w) => w.check));
      for (const { check, previous: old } of writes) {
        if (check.verdict === old.verdict) continue;
        flagged++;
        await tx.brand.flagRereview({
          assetId: check.assetId,
          brandId: check.brandId,
          checkId: check.id,
          previousCheckId: old.id,
          at: now,
        });
        await tx.audit.append({
          actor: actorLabel(ctx.actor),
          action: 'brand.rereview-flagged',
          subjectType: 'asset',
          subjectId: check.assetId,
          details: {
            brandId: check.brandId,
            guidelineVersion: check.guidelineVersion,
            previousGuidelineVersion: old.guidelineVersion,
            verdict: check.verdict,
            previousVerdict: old.verdict,
            checkId: check.id,
            previousCheckId: old.id,
          },
        });
      }
      if (previous.length > 0)
        await tx.audit.append({
          actor: actorLabel(ctx.actor),
          action: 'brand.rechecked',
          subjectType: 'brand',
          subjectId: request.brandId,
          details: {
            guidelineVersion: guideline.version,
            examined: previous.length,
            rechecked: writes.length,
            rulesRerun,
            flagged,
            first: previous[0]!.assetId,
            last: previous[previous.length - 1]!.assetId,
            ...(next === undefined ? { complete: true } : {}),
          },
        });
    });
    return {
      examined: previous.length,
      rechecked: writes.length,
      rulesRerun,
      flagged,
      ...(next !== undefined ? { next } : {}),
    };
  }

  private async subject(assetId: string): Promise<BrandSubject | undefined> {
    return (await this.deps.store.brand.subjects([assetId]))[0];
  }

  /** Each applicable guideline evaluated against the subject's facts (logo matches for its logo rules). */
  private async evaluate(
    subject: BrandSubject,
    guidelines: readonly StoredGuideline[],
  ): Promise<{ guideline: StoredGuideline; result: BrandCheckResult }[]> {
    const picture = new Lazy(async () => this.deps.pictures.picture(subject.sha256));
    const evaluated: { guideline: StoredGuideline; result: BrandCheckResult }[] = [];
    for (const guideline of guidelines) {
      const facts = await this.factsOf(subject, guideline.guideline, undefined, picture);
      evaluated.push({ guideline, result: checkBrand(guideline.guideline, facts) });
    }
    return evaluated;
  }

  /**
   * What the rules look at, from the stored enrichment (a fact enrichment did not determine stays absent: its rules
   * are not applicable) and, for the logo rules among `only` (every one when absent), the matcher's findings now.
   */
  private async factsOf(
    subject: BrandSubject,
    guideline: BrandGuideline,
    only?: ReadonlySet<string>,
    picture = new Lazy(async () => this.deps.pictures.picture(subject.sha256)),
  ): Promise<BrandFacts> {
    const facts = storedFactsOf(subject);
    if (subject.kind === 'text') {
      const copy = await this.copyOf(subject);
      if (copy !== undefined) facts.copyText = copy;
    }
    const logoRules = subject.kind === 'image' ? logoRulesToMatch(guideline, only) : [];
    if (logoRules.length > 0) facts.logoMatches = await this.logoMatches(subject, logoRules, picture);
    return facts;
  }

  /**
   * The matches of each logo rule's reference in the picture. A picture or logo that cannot be read or matched
   * (a damaged file, a flat-colour logo) leaves that rule without matches — not applicable — rather than failing
   * the check.
   */
  private async logoMatches(
    subject: BrandSubject,
    rules: readonly LogoRule[],
    picture: Lazy<DetailImage>,
  ): Promise<Record<string, LogoMatch[]>> {
    const found: Record<string, LogoMatch[]> = {};
    let image: DetailImage;
    try {
      image = await picture.get();
    } catch (error) {
      if (error instanceof ProvenaError) return found;
      throw error;
    }
    const matcher = await this.deps.pictures.matcher();
    for (const rule of rules) {
      // Import writes the uploaded logo's digest into every logo rule.
      const sha256 = rule.logo.sha256;
      if (sha256 === undefined) continue;
      try {
        // A reference larger than the picture is looked for smaller by the matcher itself.
        found[rule.id] = await matcher.find(image, await this.reference(sha256), { minScore: rule.minScore });
      } catch (error) {
        if (!(error instanceof ProvenaError)) throw error;
      }
    }
    return found;
  }

  private async reference(sha256: string): Promise<ReferenceImage> {
    let loading = this.references.get(sha256);
    if (!loading) {
      loading = readAll(await this.deps.blobs.open(sha256)).then(async (bytes) => this.deps.pictures.reference(bytes));
      loading.catch(() => this.references.delete(sha256));
      this.references.set(sha256, loading);
      if (this.references.size > referenceCacheSize) this.references.delete(this.references.keys().next().value!);
    }
    return loading;
  }

  private async copyOf(subject: BrandSubject): Promise<string | undefined> {
    if (subject.size > maxCopyBytes) return undefined;
    try {
      return new TextDecoder('utf-8', { fatal: false }).decode(
        await readAll(await this.deps.blobs.open(subject.sha256)),
      );
    } catch (error) {
      if (error instanceof ProvenaError) return undefined;
      throw error;
    }
  }

  private record(
    ctx: RequestContext,
    subject: BrandSubject,
    guideline: StoredGuideline,
    result: BrandCheckResult,
    cause: BrandCheckCause,
    at = new Date().toISOString(),
  ): Omit<StoredBrandCheck, 'current'> {
    return {
      id: newId(),
      assetId: subject.assetId,
      versionNumber: subject.versionNumber,
      brandId: guideline.brandId,
      guidelineVersion: guideline.version,
      results: result.results,
      ruleDigests: Object.fromEntries(result.results.map((r) => [r.ruleId, r.ruleDigest])),
      score: result.score,
      verdict: result.verdict,
      cause,
      checkedAt: at,
      checkedBy: actorLabel(ctx.actor),
    };
  }

  /** Stores the results in the caller's transaction, each audited on the asset. */
  private async store(
    ctx: RequestContext,
    tx: Transaction<BrandRepositories>,
    subject: BrandSubject,
    evaluated: readonly { guideline: StoredGuideline; result: BrandCheckResult }[],
    cause: BrandCheckCause,
  ): Promise<StoredBrandCheck[]> {
    const stored: StoredBrandCheck[] = [];
    for (const { guideline, result } of evaluated) {
      const check = await tx.brand.insertCheck(this.record(ctx, subject, guideline, result, cause));
      await tx.audit.append({
        actor: check.checkedBy,
        action: 'asset.brand-checked',
        subjectType: 'asset',
        subjectId: subject.assetId,
        afterDigest: digestOf(check.results),
        details: {
          checkId: check.id,
          version: subject.versionNumber,
          brandId: guideline.brandId,
          guidelineVersion: guideline.version,
          cause,
          verdict: check.verdict,
          score: check.score,
          failed: check.results.filter((r) => r.outcome === 'fail').map((r) => r.ruleId),
          warned: check.results.filter((r) => r.outcome === 'warn').map((r) => r.ruleId),
        },
      });
      stored.push(check);
    }
    return stored;
  }
}

/** The guideline as a document that imports again: empty optional lists (the parser's defaults) left out. */
function documentOf(guideline: BrandGuideline): Record<string, unknown> {
  const { spellings, ...brand } = guideline.brand;
  return { ...guideline, brand: spellings.length > 0 ? { ...brand, spellings } : brand };
}

/** The facts enrichment stored for the subject; what it did not determine stays absent. */
export function storedFactsOf(subject: BrandSubject): BrandFacts {
  const facts: BrandFacts = {};
  if (subject.width !== undefined) facts.width = subject.width;
  if (subject.height !== undefined) facts.height = subject.height;
  if (subject.palette.length > 0) facts.palette = subject.palette;
  if (subject.prompt !== undefined) facts.prompt = subject.prompt;
  if (subject.intendedUse !== undefined) facts.channels = [subject.intendedUse];
  const text = subject.enrichments.text;
  if (text && Array.isArray(text.words)) facts.words = text.words as RecognisedWord[];
  const faces = subject.enrichments.faces;
  if (faces && Array.isArray(faces.faces)) {
    facts.faces = faces.faces as DetectedFace[];
    if (typeof faces.containsPeople === 'boolean') facts.containsPeople = faces.containsPeople;
  }
  const moderation = subject.enrichments['visual-tags']?.moderation;
  if (moderation !== null && typeof moderation === 'object') {
    // { model: { label: score } }: the highest score any model gave each label.
    const scores: Record<string, number> = {};
    for (const byModel of Object.values(moderation as Record<string, unknown>)) {
      if (byModel === null || typeof byModel !== 'object') continue;
      for (const [label, score] of Object.entries(byModel as Record<string, unknown>))
        if (typeof score === 'number' && Number.isFinite(score))
          scores[label.toLowerCase()] = Math.max(scores[label.toLowerCase()] ?? 0, score);
    }
    if (Object.keys(scores).length > 0) facts.moderation = scores;
  }
  return facts;
}

/** The subject as the authorisation helpers see an asset (its team). */
const assetLike = (subject: BrandSubject) => (subject.teamId ? { team: { id: subject.teamId } } : {});

/** The guideline is read by anyone who may read assets somewhere: it explains every asset's check. */
function mayRead(ctx: RequestContext): void {
  const teams = teamsWith(ctx, 'asset:read');
  if (teams === 'all' || teams.length > 0) return;
  throw new ProvenaError(
    'FORBIDDEN',
    `${actorLabel(ctx.actor)} lacks the permission asset:read on any team: brands and their guidelines are shown to those who may read assets.`,
    { permission: 'asset:read' },
  );
}

/** A brand's slug: its name folded to lowercase letters, digits and dashes. */
export const slugOf = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');

/** The media type of an image file from its first bytes; undefined for anything else. */
export function imageMediaType(bytes: Uint8Array): string | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP') return 'image/webp';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return 'image/tiff';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 1024)).trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'image/svg+xml';
  return undefined;
}

/** A value computed on first use (a picture decoded only when a logo rule needs it). */
class Lazy<T> {
  private value: Promise<T> | undefined;
  constructor(private readonly make: () => Promise<T>) {}
  async get(): Promise<T> {
    return (this.value ??= this.make());
  }
}

async function readAll(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
