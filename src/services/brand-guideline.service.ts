/**
 * Brands and their guidelines (issue 13, decision 0022): a brand manager creates brands, imports versions of each
 * brand's guideline (JSON or YAML, checked whole: every problem is one VALIDATION_FAILED naming its path), exports
 * them, and uploads the reference logos the logo rules name. A new guideline version that changes the rules queues
 * the re-check of the brand's checked assets (brand-check.service.ts `recheckBatch` runs it).
 */
import type { Readable } from 'node:stream';
import { stringify as toYaml } from 'yaml';
import { actorLabel, teamsWith, type RequestContext } from '../domain/access.ts';
import { digestOf } from '../domain/audit.ts';
import { compareGuidelines, type GuidelineChanges } from '../domain/brand-changes.ts';
import {
  parseBrandGuideline,
  readBrandGuidelineText,
  type BrandGuideline,
  type LogoRule,
} from '../domain/brand-guideline.ts';
import type {
  Brand,
  GuidelineFlaggedAsset,
  GuidelineVersionEntry,
  LogoReference,
  StoredGuideline,
} from '../domain/brand-records.ts';
import { notFound, ProvenaError, validationFailed, type FieldProblem } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { JobQueue } from '../domain/jobs.ts';
import type { BlobStore, UnitOfWork } from '../domain/ports.ts';
import { authorise } from './authorise.ts';
import type { BrandPictures, BrandRecheckRequest, BrandRepositories } from './brand-service-types.ts';

export interface BrandGuidelineServiceDeps {
  store: UnitOfWork<BrandRepositories>;
  blobs: Pick<BlobStore, 'put' | 'open'>;
  pictures: Pick<BrandPictures, 'reference'>;
  recheck: JobQueue<BrandRecheckRequest>;
  /** Largest logo file accepted (default defaultMaxLogoBytes). */
  maxLogoBytes?: number;
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

export interface VersionChanges {
  version: number;
  previousVersion?: number;
  /** Absent for the first version. */
  changes?: GuidelineChanges;
  /** Results the re-check of this version wrote (assets of every team). */
  rechecked: number;
  flagged: GuidelineFlaggedAsset[];
}

export const defaultMaxLogoBytes = 5 * 1024 * 1024;
const namePattern = /^[a-z0-9][a-z0-9-]{0,63}$/;

export class BrandGuidelineService {
  constructor(private readonly deps: BrandGuidelineServiceDeps) {}

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

  /** A reference logo's stored file, to show beside the rules that name it; `open` verifies the bytes as it reads. */
  async logoFile(
    ctx: RequestContext,
    idOrSlug: string,
    name: string,
  ): Promise<{ logo: LogoReference; open: () => Promise<Readable> }> {
    mayRead(ctx);
    const brand = await this.find(idOrSlug);
    const logo = (await this.deps.store.brand.logos(brand.id)).find((l) => l.name === name);
    if (!logo) throw notFound(`Logo of brand ${brand.slug}`, name);
    return { logo, open: async () => this.deps.blobs.open(logo.sha256) };
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

  /**
   * What a version changed from the one before (rule by rule: added, removed, changed, only reworded) and what its
   * re-check did: how many results it wrote and the assets whose verdict it changed (flagged for re-review), of the
   * caller's teams only.
   */
  async versionChanges(ctx: RequestContext, idOrSlug: string, version: number, limit = 200): Promise<VersionChanges> {
    const stored = await this.guideline(ctx, idOrSlug, version);
    const previous =
      stored.version > 1 ? await this.deps.store.brand.guideline(stored.brandId, stored.version - 1) : undefined;
    const teams = teamsWith(ctx, 'asset:read');
    const [flagged, rechecked] = await Promise.all([
      this.deps.store.brand.flaggedByGuideline(
        stored.brandId,
        stored.version,
        limit,
        teams === 'all' ? undefined : teams,
      ),
      this.deps.store.brand.recheckedCount(stored.brandId, stored.version),
    ]);
    return {
      version: stored.version,
      ...(previous
        ? { previousVersion: previous.version, changes: compareGuidelines(previous.guideline, stored.guideline) }
        : {}),
      rechecked,
      flagged,
    };
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
}

/** The guideline as a document that imports again: empty optional lists (the parser's defaults) left out. */
function documentOf(guideline: BrandGuideline): Record<string, unknown> {
  const { spellings, ...brand } = guideline.brand;
  return { ...guideline, brand: spellings.length > 0 ? { ...brand, spellings } : brand };
}

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
