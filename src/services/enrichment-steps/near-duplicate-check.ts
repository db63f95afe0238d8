/**
 * The near-duplicate check of one run (NearDuplicateCheck): the hashes step checks the version against the similarity
 * index as soon as it has hashed, the embeddings step gives it the vector that confirms or demotes hash matches (the
 * run re-checks once every step is done: recheckWithEmbedding), and the variant step reads its links. One object per
 * run, held by the run and reached by those steps through their StepContext.
 */
import type { AssetVersion, AssetWithVersions } from '../../domain/asset.ts';
import { digestOf } from '../../domain/audit.ts';
import type { DecodedPicture, SimilarityProbe } from '../../domain/enrichers.ts';
import type { NearDuplicateLink } from '../../domain/sameness.ts';
import type { EnrichmentDeps } from '../enrichment-types.ts';
import type { RunTransaction } from './step.ts';

/**
 * Bumped when the near-duplicate rule changes; recorded on each link as `decidedBy`. 2: flat regions need an embedding.
 * 3: a picture with a side under 32 px is never matched by its hashes (hashesCarryInformation).
 * 4: crop probes at pHash ≤ 8, dHash ≤ 10; variant candidates from hashes at pHash ≤ 12 and dHash ≤ 14 (decision 0023).
 */
const similarityRule = 'phash-dhash-mih@4';

export interface NearDuplicateCheckHost {
  deps: EnrichmentDeps;
  asset: AssetWithVersions;
  version: AssetVersion;
  actor: string;
  /** Whether the version was hashed before this run (its links were then written with those hashes). */
  hashedBefore(): boolean;
  refreshIndex(): Promise<void>;
  picture(): Promise<DecodedPicture>;
  queueWrite(write: (tx: RunTransaction) => Promise<void>): void;
}

export class NearDuplicateCheck {
  /** This run's hashes, once the hashes step (or the re-check) made them. */
  probe: SimilarityProbe | undefined;
  /** The links of the last check in this run. */
  links: NearDuplicateLink[] = [];
  private vector: Float32Array | undefined;
  private embeddedNow = false;
  /** Matches this version was already flagged with (read once; kept up to date in memory): audited only once. */
  private flagged: Set<string> | undefined;

  constructor(private readonly host: NearDuplicateCheckHost) {}

  /** The embedding made by this run: later checks use it, and the run re-checks with it (recheckWithEmbedding). */
  embedded(vector: Float32Array): void {
    this.vector = vector;
    this.embeddedNow = true;
  }

  /**
   * A new embedding for a version hashed by an earlier run (the hashes job goes first): confirm or demote its
   * near-duplicate links now that the embedding exists. Hashing again costs a few ms on the decoded image.
   */
  async recheckWithEmbedding(): Promise<void> {
    if (!this.embeddedNow) return;
    this.embeddedNow = false;
    const { deps, version } = this.host;
    if (this.probe) {
      await this.check(this.probe);
      return;
    }
    if (!(await deps.store.enrichment.hashes(version.id))) return;
    await this.check(await deps.enrichers.hashes(await this.host.picture()));
  }

  /**
   * Queries the index, records the links of this version, and files the hashes under the asset (current version
   * only). Query and insert happen with no await between them, so two versions enriched in this process always
   * see each other.
   */
  async check(probe: SimilarityProbe): Promise<NearDuplicateLink[]> {
    const { deps, asset, version, actor } = this.host;
    const { index, enrichers, store } = deps;
    this.probe = probe;
    let vector = this.vector;
    const embedder = enrichers.embedder;
    if (!vector && embedder) {
      vector = (await store.enrichment.embeddings(version.id)).find(
        (e) => e.model === embedder.model && e.modelVersion === embedder.modelVersion,
      )?.vector;
    }
    // A version never hashed has no links of its own (they are written with its hashes): nothing to read.
    this.flagged ??= !this.host.hashedBefore()
      ? new Set()
      : new Set(
          (await store.enrichment.linksOf(asset.id))
            .filter(
              (l) => l.assetId === asset.id && l.versionNumber === version.number && l.verdict === 'near-duplicate',
            )
            .map((l) => l.matchedAssetId),
        );
    // Hashes other processes stored since the last refresh. A failure fails this step (recorded, and retried by the
    // next run) rather than checking against a stale index: a near-duplicate missed here is flagged by no one later,
    // whereas a failed step is visible in the asset's enrichments and the job's outcome.
    await this.host.refreshIndex();
    // First pass without embeddings gives the candidates; their vectors are then read in one query.
    const firstPass = index.find(probe, { excludeId: asset.id });
    let candidates = firstPass;
    let decidedBy = similarityRule;
    if (vector && embedder && firstPass.length > 0) {
      const vectors = await store.enrichment.currentEmbeddings(
        firstPass.map((c) => c.assetId),
        embedder.model,
      );
      const mine = vector;
      candidates = index.find(probe, {
        excludeId: asset.id,
        embeddingCosine: (id) => {
          const other = vectors.get(id);
          return other && other.length === mine.length ? enrichers.cosine(mine, other) : undefined;
        },
      });
      decidedBy = `${similarityRule}+${embedder.model}@${embedder.modelVersion}`;
    }
    if (version.number === asset.currentVersion) index.set(asset.id, probe.stored);
    const now = new Date().toISOString();
    const links: NearDuplicateLink[] = candidates.map((c) => ({
      assetId: asset.id,
      versionNumber: version.number,
      matchedAssetId: c.assetId,
      verdict: c.verdict,
      distances: c.distances,
      reason: c.reason,
      decidedBy,
      createdAt: now,
    }));
    // Audit only matches this version was not already flagged with (a re-check with the embedding rewrites links).
    const flagged = this.flagged;
    const nearDuplicates = links.filter((l) => l.verdict === 'near-duplicate' && !flagged.has(l.matchedAssetId));
    // A re-check in the same run replaces the links the first check queued; both writes run, in order.
    this.host.queueWrite(async (tx) => {
      await tx.enrichment.replaceLinks(asset.id, version.number, links);
      if (nearDuplicates.length > 0) {
        await tx.audit.append({
          actor,
          action: 'asset.near-duplicate-flagged',
          subjectType: 'asset',
          subjectId: asset.id,
          afterDigest: digestOf(nearDuplicates.map((l) => [l.matchedAssetId, l.distances])),
          details: {
            version: version.number,
            matches: nearDuplicates.map((l) => ({ assetId: l.matchedAssetId, reason: l.reason })),
          },
        });
      }
    });
    this.flagged = new Set(links.filter((l) => l.verdict === 'near-duplicate').map((l) => l.matchedAssetId));
    this.links = links;
    return links;
  }
}
