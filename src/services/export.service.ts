/**
 * Export with provenance (issue 15 §3 and §5, decision 0035): one asset version as a channel rendition, or many as a
 * zip stream with a JSON-LD sidecar per file and a manifest of what was exported and what was refused.
 *
 * Order of every export: the asset must be readable by the caller (NOT_FOUND otherwise), then the usage check through
 * the DeliveryGate (via 'export': a denial is audited there and is USAGE_DENIED), and only then is a byte read. The
 * rendition comes from the cache by content address (source SHA-256 + renditionDigest) or is made once through the
 * ProvenanceExporter and stored through the blob store; concurrent requests for the same rendition in one process
 * wait for the one making it, and across processes the first recorded wins and every caller serves its bytes.
 */
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import { actorLabel, type RequestContext } from '../domain/access.ts';
import type { AssetVersion, AssetWithVersions } from '../domain/asset.ts';
import { isProvenaError, ProvenaError, validationFailed, type ErrorCode, type FieldProblem } from '../domain/errors.ts';
import type {
  ArchiveWriter,
  ExportedEntry,
  ExportManifest,
  ExportProgress,
  RefusedEntry,
} from '../domain/export-archive.ts';
import { renditionDigest } from '../domain/export-presets.ts';
import type { ExportRightsFacts, ProvenanceExporter, RenditionFacts, RenditionPreset } from '../domain/export.ts';
import type { BlobStore, UnitOfWork } from '../domain/ports.ts';
import type { CachedRendition } from '../domain/rendition-cache.ts';
import type { DeliveryGate, UsageDecision, UsageReason } from '../domain/usage.ts';
import { loadAssetVersion } from './asset.service.ts';
import type { CollectionService } from './collection.service.ts';
import type { SearchService } from './search.service.ts';

export type ExportRepositories = 'assets' | 'presets' | 'renditionCache' | 'rights';

export interface ExportServiceDeps {
  store: UnitOfWork<ExportRepositories>;
  blobs: BlobStore;
  exporter: ProvenanceExporter;
  /** Changes whenever the exporter would write other bytes for the same request (its code, the signing certificate). */
  exporterVersion: string;
  gate: DeliveryGate;
  /** A new, empty archive for each bulk export. */
  archive: () => ArchiveWriter;
  /** For a bulk export of a collection or a search. */
  collections?: Pick<CollectionService, 'members'>;
  search?: Pick<SearchService, 'search'>;
  /** The most assets one bulk export takes (default 10,000). */
  maxBulkAssets?: number;
  /**
   * How many renditions are rendered at once in this process, whatever asks (default: one per core). Each holds its
   * original and a decoded picture in memory and keeps a core busy; more would only share the cores.
   */
  renderSlots?: number;
  /**
   * How many files of a bulk export are on their way at once, ahead of the one being written (default: one per render
   * slot). More keeps the slots busier but costs more CPU per file than it gains on two cores (decision 0039).
   */
  bulkLookAhead?: number;
}

/** What an export is for. */
export interface ExportOptions {
  /** Default: the current version. */
  version?: number;
  preset: string;
  channel: string;
  region?: string;
}

/** One exported file, its bytes opened from the blob store, and the decision that let it leave. */
export interface ExportedFileStream extends RenditionFacts {
  stream: Readable;
  sha256: string;
  size: number;
  fileName: string;
  decision: UsageDecision;
}

/** Which assets a bulk export takes: a list of ids, a collection (id or name), or a search query. */
export type ExportSelection = { assetIds: string[] } | { collection: string } | { query: string };

export interface BulkExport {
  /** The zip, entry by entry; the manifest is its last entry. */
  stream: Readable;
  /** The manifest, once the last entry is written (rejects when the archive failed or its reader went away). */
  manifest: Promise<ExportManifest>;
}

const defaultMaxBulkAssets = 10_000;
const searchPage = 200;

export class ExportService {
  /** Renditions being made in this process, by cache key: a second request waits for the first. */
  private readonly making = new Map<string, Promise<CachedRendition>>();
  private readonly renderSlots: RenderSlots;

  constructor(private readonly deps: ExportServiceDeps) {
    this.renderSlots = new RenderSlots(Math.max(1, deps.renderSlots ?? availableParallelism()));
  }

  /** One asset version for a preset and channel: USAGE_DENIED (nothing read) when the usage check denies it. */
  async exportOne(ctx: RequestContext, assetId: string, options: ExportOptions): Promise<ExportedFileStream> {
    const preset = await this.preset(checkedOptions(options).preset);
    return this.exportWith(ctx, assetId, preset, options);
  }

  private async exportWith(
    ctx: RequestContext,
    assetId: string,
    preset: RenditionPreset,
    options: ExportOptions,
  ): Promise<ExportedFileStream> {
    const { asset, version, decision } = await this.permitted(ctx, assetId, preset, options);
    return { ...(await this.openedRendition(asset, version, preset)), decision };
  }

  /**
   * The file of a use already allowed by whoever calls (a share link asks the gate itself, for its own channel, at
   * every hit): the cached rendition of the version for the named preset, with `watermark` drawn instead of the
   * preset's own when given. VALIDATION_FAILED for an unknown preset, NOT_FOUND for a version the caller may not read.
   */
  async renditionOf(
    ctx: RequestContext,
    request: { assetId: string; version: number; preset: string; watermark?: string },
  ): Promise<Omit<ExportedFileStream, 'decision'>> {
    const named = await this.preset(request.preset);
    const preset = request.watermark !== undefined ? { ...named, watermark: request.watermark } : named;
    const { asset, version } = await loadAssetVersion(ctx, this.deps.store, request.assetId, request.version);
    return this.openedRendition(asset, version, preset);
  }

  /** The cached (or newly made) rendition of the version for the preset, its bytes opened from the blob store. */
  private async openedRendition(
    asset: AssetWithVersions,
    version: AssetVersion,
    preset: RenditionPreset,
  ): Promise<Omit<ExportedFileStream, 'decision'>> {
    const rendition = await this.rendition(asset, version, preset);
    return {
      stream: await this.deps.blobs.open(rendition.sha256),
      sha256: rendition.sha256,
      size: rendition.size,
      mediaType: rendition.mediaType,
      fileName: exportFileName(version.fileName, preset, rendition.mediaType),
      ...(rendition.width !== undefined ? { width: rendition.width } : {}),
      ...(rendition.height !== undefined ? { height: rendition.height } : {}),
      c2pa: rendition.c2pa,
      jsonLd: rendition.jsonLd,
    };
  }

  /** The version the caller may read (NOT_FOUND otherwise), and the gate's decision for this use (or USAGE_DENIED). */
  private async permitted(ctx: RequestContext, assetId: string, preset: RenditionPreset, options: ExportOptions) {
    const { asset, version } = await loadAssetVersion(ctx, this.deps.store, assetId, options.version);
    const decision = await this.authorise(ctx, asset, version, preset, options);
    return { asset, version, decision };
  }

  /**
   * The Schema.org JSON-LD of an asset version (without making the file): it tells what the asset is, who made it and
   * under which licence, so reading it needs only the right to read the asset.
   */
  async jsonLd(ctx: RequestContext, assetId: string, number?: number): Promise<Record<string, unknown>> {
    const { asset, version } = await loadAssetVersion(ctx, this.deps.store, assetId, number);
    return this.deps.exporter.jsonLd({
      ...described(asset, version, await this.rightsFacts(asset, version)),
      preset: { name: 'original', fit: 'inside', format: 'original', colourSpace: 'srgb', metadata: 'provenance' },
    });
  }

  /**
   * Many assets as one zip stream: each allowed one as `<name>` with `<name>.jsonld`, each refused one (not found,
   * denied, failed) listed in manifest.json with its reasons; one asset at a time, so memory stays flat whatever
   * their number. Every asset's use is checked before the stream starts — when none may leave, the answer is that
   * refusal (USAGE_DENIED listing every asset's reasons) instead of an empty archive — and again just before its
   * file is written. `onProgress` hears of every asset.
   */
  async exportMany(
    ctx: RequestContext,
    selection: ExportSelection,
    options: Omit<ExportOptions, 'version'>,
    onProgress?: (event: ExportProgress) => void,
  ): Promise<BulkExport> {
    const preset = await this.preset(checkedOptions(options).preset);
    const assetIds = await this.selected(ctx, selection);
    const total = assetIds.length;
    const allowed: { assetId: string; index: number }[] = [];
    const refused: RefusedEntry[] = [];
    for (const [index, assetId] of assetIds.entries()) {
      try {
        await this.permitted(ctx, assetId, preset, options);
        allowed.push({ assetId, index });
      } catch (error) {
        if (!isProvenaError(error)) throw error;
        // One asset asked for is refused as an export of it alone would be (a hidden asset is NOT_FOUND, word for word).
        if (total === 1) throw error;
        const entry = refusal(assetId, error);
        refused.push(entry);
        onProgress?.({ kind: 'refused', index, total, entry });
      }
    }
    if (allowed.length === 0) {
      const denied = refused.some((entry) => entry.code === 'USAGE_DENIED');
      throw new ProvenaError(
        denied ? 'USAGE_DENIED' : (refused[0]!.code as ErrorCode),
        `None of the ${total} assets may be exported for ${options.channel}${options.region ? ` in ${options.region}` : ''}: ` +
          refused.map((entry) => `${entry.assetId}: ${entry.message}`).join(' '),
        { refused },
      );
    }
    const archive = this.deps.archive();
    const manifest = this.writeArchive(ctx, archive, { allowed, refused, total }, preset, options, onProgress);
    // The manifest promise is also the stream's fate: a failure ends the stream with an error (abort, below).
    manifest.catch(() => undefined);
    return { stream: archive.output, manifest };
  }

  private async writeArchive(
    ctx: RequestContext,
    archive: ArchiveWriter,
    checked: { allowed: { assetId: string; index: number }[]; refused: RefusedEntry[]; total: number },
    preset: RenditionPreset,
    options: Omit<ExportOptions, 'version'>,
    onProgress?: (event: ExportProgress) => void,
  ): Promise<ExportManifest> {
    const manifest: ExportManifest = {
      preset: preset.name,
      channel: options.channel,
      ...(options.region !== undefined ? { region: options.region } : {}),
      createdAt: new Date().toISOString(),
      createdBy: actorLabel(ctx.actor),
      exported: [],
      refused: [...checked.refused],
    };
    const names = new Set<string>(['manifest.json']);
    const { total } = checked;
    const lookAhead = this.deps.bulkLookAhead ?? this.renderSlots.size;
    const made = new Map<number, Promise<{ file: ExportedFileStream } | { error: unknown }>>();
    try {
      for (const [position, { assetId, index }] of checked.allowed.entries()) {
        // The next renditions are made while this one is written: the exporter's work overlaps the archive's.
        for (let ahead = position; ahead < Math.min(position + lookAhead, checked.allowed.length); ahead++)
          if (!made.has(ahead))
            made.set(ahead, settle(this.exportWith(ctx, checked.allowed[ahead]!.assetId, preset, options)));
        const outcome = await made.get(position)!;
        made.delete(position);
        if ('error' in outcome) {
          // One asset that cannot be exported (denied now, gone, a file the exporter cannot read) is listed.
          const entry = refusal(assetId, outcome.error);
          manifest.refused.push(entry);
          onProgress?.({ kind: 'refused', index, total, entry });
          continue;
        }
        const { file } = outcome;
        const name = uniqueName(names, file.fileName);
        const sidecar = `${name}.jsonld`;
        names.add(sidecar);
        const jsonLd = Buffer.from(`${JSON.stringify(file.jsonLd, null, 2)}\n`);
        await archive.add(name, file.stream, file.size);
        await archive.add(sidecar, jsonLd, jsonLd.length);
        const warnings = file.decision.reasons.filter((reason) => reason.verdict === 'warn');
        const entry: ExportedEntry = {
          assetId,
          version: file.decision.version,
          title: typeof file.jsonLd.name === 'string' ? file.jsonLd.name : name,
          file: name,
          sidecar,
          sha256: file.sha256,
          size: file.size,
          mediaType: file.mediaType,
          c2pa: file.c2pa,
          ...(warnings.length > 0 ? { warnings } : {}),
        };
        manifest.exported.push(entry);
        onProgress?.({ kind: 'exported', index, total, entry });
      }
      const text = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
      await archive.add('manifest.json', text, text.length);
      await archive.finish();
      return manifest;
    } catch (error) {
      archive.abort(error instanceof Error ? error : new Error(String(error)));
      // Files made ahead are never written: their opened blobs are closed.
      for (const pending of made.values()) void pending.then((o) => 'file' in o && o.file.stream.destroy());
      throw error;
    }
  }

  /** The asset ids a selection names, in its order, without repeats; VALIDATION_FAILED when there are too many. */
  private async selected(ctx: RequestContext, selection: ExportSelection): Promise<string[]> {
    const max = this.deps.maxBulkAssets ?? defaultMaxBulkAssets;
    const ids = new Set<string>();
    const tooMany = (field: string) =>
      validationFailed([{ field, problem: `names more than ${max} assets; export them in parts` }]);
    if ('assetIds' in selection) {
      if (!Array.isArray(selection.assetIds) || selection.assetIds.length === 0)
        throw validationFailed([{ field: 'assetIds', problem: 'must list at least one asset id' }]);
      for (const id of selection.assetIds) ids.add(id);
      if (ids.size > max) throw tooMany('assetIds');
    } else if ('collection' in selection) {
      const collections = this.deps.collections;
      if (!collections) throw new ProvenaError('VALIDATION_FAILED', 'Collections are not available here.');
      let cursor: string | undefined;
      do {
        const page = await collections.members(ctx, selection.collection, {
          limit: searchPage,
          ...(cursor ? { cursor } : {}),
        });
        for (const member of page.items) ids.add(member.assetId);
        if (ids.size > max) throw tooMany('collection');
        cursor = page.nextCursor;
      } while (cursor);
    } else {
      const search = this.deps.search;
      if (!search) throw new ProvenaError('VALIDATION_FAILED', 'Search is not available here.');
      let cursor: string | undefined;
      do {
        const page = await search.search(ctx, {
          q: selection.query,
          limit: searchPage,
          semantic: false,
          ...(cursor ? { cursor } : {}),
        });
        for (const hit of page.items) ids.add(hit.asset.id);
        if (ids.size > max) throw tooMany('query');
        cursor = page.nextCursor;
      } while (cursor);
    }
    return [...ids];
  }

  private async preset(name: string): Promise<RenditionPreset> {
    const stored = await this.deps.store.presets.get(name);
    if (stored) {
      const { updatedAt: _at, updatedBy: _by, ...preset } = stored;
      return preset;
    }
    const known = (await this.deps.store.presets.list()).map((p) => p.name);
    throw validationFailed([
      { field: 'preset', problem: `${JSON.stringify(name)} is unknown; one of ${known.join(', ') || '(none)'}` },
    ]);
  }

  private async authorise(
    ctx: RequestContext,
    asset: AssetWithVersions,
    version: AssetVersion,
    preset: RenditionPreset,
    options: ExportOptions,
  ): Promise<UsageDecision> {
    return this.deps.gate.authoriseDelivery(
      {
        assetId: asset.id,
        version: version.number,
        channel: options.channel,
        ...(options.region !== undefined ? { region: options.region } : {}),
        // A crop or a drawn watermark alters the picture; a resize or another format delivers it as it is.
        derivative: preset.fit === 'cover' || preset.watermark !== undefined,
      },
      { via: 'export', by: actorLabel(ctx.actor) },
    );
  }

  /** The cached rendition, or the one this call (or a concurrent one) makes. */
  private async rendition(
    asset: AssetWithVersions,
    version: AssetVersion,
    preset: RenditionPreset,
  ): Promise<CachedRendition> {
    const rights = await this.rightsFacts(asset, version);
    const digest = renditionDigest(preset, {
      exporterVersion: this.deps.exporterVersion,
      assetId: asset.id,
      version: version.number,
      title: asset.title,
      ...(asset.description !== undefined ? { description: asset.description } : {}),
      rights,
    });
    const cached = await this.deps.store.renditionCache.find(version.blob.sha256, digest);
    if (cached) return cached;
    const key = `${version.blob.sha256}:${digest}`;
    let making = this.making.get(key);
    if (!making) {
      making = this.make(asset, version, preset, rights, digest).finally(() => this.making.delete(key));
      this.making.set(key, making);
    }
    return making;
  }

  private async make(
    asset: AssetWithVersions,
    version: AssetVersion,
    preset: RenditionPreset,
    rights: ExportRightsFacts,
    digest: string,
  ): Promise<CachedRendition> {
    // The original is read only once a slot is free: read early, it would wait in memory (and outlive the garbage
    // collector's cheap young-generation sweeps). The exporter decodes the whole picture anyway; the original is
    // bounded by the upload limit.
    const file = await this.renderSlots.run(async () =>
      this.deps.exporter.exportFile({
        ...described(asset, version, rights),
        source: await this.deps.blobs.read(version.blob.sha256),
        preset,
      }),
    );
    const { sha256 } = await this.deps.blobs.put(file.bytes);
    return this.deps.store.transaction(async (tx) => {
      // Doctor holds the digest while it re-checks a blob before deleting it: recorded under the hold, it is kept.
      await tx.holdBlob(sha256);
      return tx.renditionCache.record({
        sourceSha256: version.blob.sha256,
        renditionDigest: digest,
        sha256,
        size: file.bytes.length,
        mediaType: file.mediaType,
        ...(file.width !== undefined ? { width: file.width } : {}),
        ...(file.height !== undefined ? { height: file.height } : {}),
        c2pa: file.c2pa,
        jsonLd: file.jsonLd,
        createdAt: new Date().toISOString(),
      });
    });
  }

  /**
   * The rights and credit an export writes: the asset's rights record where legal wrote one, otherwise what the
   * file's own metadata said (IPTC credit, copyright, web statement; the licence its provenance names).
   */
  private async rightsFacts(asset: AssetWithVersions, version: AssetVersion): Promise<ExportRightsFacts> {
    const record = (await this.deps.store.rights.current(asset.id))?.record;
    const { iptc, rights } = version.provenance;
    const facts: ExportRightsFacts = {
      creditLine: record?.creditLine ?? iptc?.creditLine,
      copyrightNotice: record?.copyrightNotice ?? iptc?.copyrightNotice,
      licence: record?.licence ?? rights?.license,
      licenceUrl: record?.licenceUrl,
      acquireLicensePage: record?.acquireLicensePage ?? rights?.acquireLicensePage ?? iptc?.licensorUrl,
      usageTerms: record?.usageTerms,
      webStatement: iptc?.webStatement,
      creators: iptc?.creator,
    };
    return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined));
  }
}

/** The one selection a bulk export request names: asset ids, a collection or a search query (VALIDATION_FAILED otherwise). */
export function selectionOf(input: { assetIds?: string[]; collection?: string; query?: string }): ExportSelection {
  const given = (['assetIds', 'collection', 'query'] as const).filter((field) => input[field] !== undefined);
  if (given.length !== 1)
    throw validationFailed([
      {
        field: given.length === 0 ? 'assetIds' : given.join(', '),
        problem: 'name exactly one of assetIds (a list of asset ids), collection (an id or name) or query (a search)',
      },
    ]);
  if (input.assetIds !== undefined) return { assetIds: input.assetIds };
  if (input.collection !== undefined) return { collection: input.collection };
  return { query: input.query! };
}

/** What the exporter writes of an asset version into its file and JSON-LD, besides the preset. */
function described(asset: AssetWithVersions, version: AssetVersion, rights: ExportRightsFacts) {
  return {
    mediaType: version.mediaType,
    fileName: version.fileName,
    provenance: version.provenance,
    rights,
    title: asset.title,
    ...(asset.description !== undefined ? { description: asset.description } : {}),
    assetId: asset.id,
    version: version.number,
    createdAt: version.createdAt,
  };
}

/** At most `size` renders at once; the others wait their turn, first come first served. */
class RenderSlots {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {}

  async run<T>(render: () => Promise<T>): Promise<T> {
    if (this.busy >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.busy++;
    try {
      return await render();
    } finally {
      // A slot freed goes straight to the next in line (busy unchanged), or is given back.
      const next = this.waiting.shift();
      if (next) next();
      else this.busy--;
    }
  }
}

/** The outcome of a file made ahead, as a value: its failure is listed when its turn comes, never unhandled. */
async function settle<T>(work: Promise<T>): Promise<{ file: T } | { error: unknown }> {
  try {
    return { file: await work };
  } catch (error) {
    return { error };
  }
}

function checkedOptions<T extends Omit<ExportOptions, 'version'>>(options: T): T {
  const problems: FieldProblem[] = [];
  if (typeof options.preset !== 'string' || options.preset === '')
    problems.push({ field: 'preset', problem: 'is required: the name of a rendition preset (provena presets list)' });
  if (typeof options.channel !== 'string' || options.channel === '')
    problems.push({ field: 'channel', problem: 'is required: where the file will be used (web, social, print, …)' });
  if (problems.length > 0) throw validationFailed(problems);
  return options;
}

const extensionOf: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

/** `<original name without extension>.<preset>.<extension>`: the preset shows in the name, the type in the extension. */
export function exportFileName(original: string, preset: RenditionPreset, mediaType: string): string {
  const dot = original.lastIndexOf('.');
  const base = dot > 0 ? original.slice(0, dot) : original;
  const extension = extensionOf[mediaType] ?? (dot > 0 ? original.slice(dot + 1) : 'bin');
  return `${base}.${preset.name}.${extension}`;
}

/** The name, or the name with -2, -3, … before its extension when another entry took it. */
function uniqueName(taken: Set<string>, name: string): string {
  let candidate = name;
  const dot = name.lastIndexOf('.');
  for (let n = 2; taken.has(candidate) || taken.has(`${candidate}.jsonld`); n++)
    candidate = dot > 0 ? `${name.slice(0, dot)}-${n}${name.slice(dot)}` : `${name}-${n}`;
  taken.add(candidate);
  return candidate;
}

function refusal(assetId: string, failure: unknown): RefusedEntry {
  const error = isProvenaError(failure)
    ? failure
    : new ProvenaError(
        'INTERNAL',
        `Making the rendition failed unexpectedly: ${failure instanceof Error ? failure.message : String(failure)}`,
      );
  const decision = error.code === 'USAGE_DENIED' ? (error.details.decision as UsageDecision | undefined) : undefined;
  const reasons: UsageReason[] | undefined = decision?.reasons.filter((reason) => reason.verdict === 'deny');
  return {
    assetId,
    code: error.code,
    message: error.message,
    ...(reasons && reasons.length > 0 ? { reasons } : {}),
  };
}
