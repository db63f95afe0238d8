/**
 * The brand check (issue 13, decision 0022): an asset is checked against every brand whose newest guideline applies
 * to its team and campaign: the facts come from what enrichment stored (palette, OCR words, faces, moderation
 * scores), the asset's fields (prompt, intended use as the channel) and, for logo rules, the LogoMatcher run now on
 * the picture; brand-check.ts evaluates them into named rule results with evidence.
 *
 * Three ways a check runs: the workflow's `brand_check` state (brand-gate.ts queues it at the end of enrichment;
 * `runWorkflowCheck` stores the results and takes the asset on to review, or back to the requestor when the verdict
 * fails), a person asking (`check`), and a new guideline version (`recheckBatch`, a job walking the brand's current
 * results in keyset batches: only the rules whose digest changed are re-run, and an asset whose verdict changed is
 * flagged for re-review with its old and new result).
 */
import { actorLabel, type RequestContext } from '../domain/access.ts';
import { digestOf } from '../domain/audit.ts';
import { ruleDigest } from '../domain/brand-changes.ts';
import { checkBrand, logoRulesToMatch, recheckBrand, type BrandFacts } from '../domain/brand-check.ts';
import {
  guidelineAppliesTo,
  type BrandCheckResult,
  type BrandGuideline,
  type LogoRule,
} from '../domain/brand-guideline.ts';
import type {
  BrandCheckCause,
  BrandRereview,
  BrandSubject,
  StoredBrandCheck,
  StoredGuideline,
} from '../domain/brand-records.ts';
import { ProvenaError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { DetailImage, DetectedFace, LogoMatch, RecognisedWord, ReferenceImage } from '../domain/image-content.ts';
import type { BlobStore, StoreTx, Transaction, UnitOfWork } from '../domain/ports.ts';
import { authorise, readable } from './authorise.ts';
import type { BrandPictures, BrandRecheckRequest, BrandRepositories } from './brand-service-types.ts';
import { raiseTierAtLeast } from './risk-tier.ts';
import type { WorkflowService } from './workflow.service.ts';

/** The workflow's check of one asset version (jobs/brand.jobs.ts `brand.check`). */
export interface BrandCheckRequest {
  assetId: string;
  version: number;
}

export interface BrandCheckServiceDeps {
  store: UnitOfWork<BrandRepositories>;
  blobs: Pick<BlobStore, 'read'>;
  workflow: Pick<WorkflowService, 'transitionIfDue'>;
  pictures: BrandPictures;
  /** Assets per re-check batch (one transaction and one job each). */
  batchSize?: number;
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

export const defaultRecheckBatch = 500;
/** Copy of a text asset read for its text rules: a brand check never reads a huge file whole. */
const maxCopyBytes = 1024 * 1024;
/** The reference logos decoded lately, by digest: a batch of checks decodes each once. */
const referenceCacheSize = 16;

export class BrandCheckService {
  private readonly references = new Map<string, Promise<ReferenceImage>>();

  constructor(private readonly deps: BrandCheckServiceDeps) {}
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
    if (logoRules.length > 0) facts.logoMatches = await this.logoMatches(logoRules, picture);
    return facts;
  }

  /**
   * The matches of each logo rule's reference in the picture. A picture or logo that cannot be read or matched
   * (a damaged file, a flat-colour logo) leaves that rule without matches — not applicable — rather than failing
   * the check.
   */
  private async logoMatches(
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
      loading = this.deps.blobs.read(sha256).then(async (bytes) => this.deps.pictures.reference(bytes));
      loading.catch(() => this.references.delete(sha256));
      this.references.set(sha256, loading);
      if (this.references.size > referenceCacheSize) this.references.delete(this.references.keys().next().value!);
    }
    return loading;
  }

  private async copyOf(subject: BrandSubject): Promise<string | undefined> {
    if (subject.size > maxCopyBytes) return undefined;
    try {
      return new TextDecoder('utf-8', { fatal: false }).decode(await this.deps.blobs.read(subject.sha256));
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

/** A value computed on first use (a picture decoded only when a logo rule needs it). */
class Lazy<T> {
  private value: Promise<T> | undefined;
  constructor(private readonly make: () => Promise<T>) {}
  async get(): Promise<T> {
    return (this.value ??= this.make());
  }
}
