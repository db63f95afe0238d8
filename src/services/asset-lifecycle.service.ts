/**
 * Soft deletion, restore and purge. A deleted asset is missing to every read, list, transition, edit and download
 * (the asset repository leaves it out) except an admin's listing of deleted assets; it keeps its status, versions and
 * blobs, so a restore (asset:restore) puts it back exactly as it was. After the retention period (a setting) the
 * purge removes it with every row made of it, then deletes the blob files no other version or rendition uses, each
 * under its digest's hold (services/blob-collection.ts), so an upload of the same bytes at that moment is safe.
 * Every change is audited with the actor and written to the events outbox.
 */
import { actorLabel, type RequestContext } from '../domain/access.ts';
import { updateOf } from '../domain/asset-edit.ts';
import type { AssetDeletion, AssetWithVersions } from '../domain/asset.ts';
import { digestOf } from '../domain/audit.ts';
import { notFound, ProvenaError } from '../domain/errors.ts';
import type { JobQueue } from '../domain/jobs.ts';
import type { BlobStore, Transaction, UnitOfWork } from '../domain/ports.ts';
import { authorise, authoriseOn } from './authorise.ts';
import { deleteBlobIfUnreferenced } from './blob-collection.ts';

export type LifecycleRepositories = 'assets' | 'audit' | 'events' | 'jobs';

/** The purge job, queued by a soft delete for the day its retention ends (`due`: that day, YYYY-MM-DD). */
export type PurgeDeletedQueue = JobQueue<{ due?: string }>;

export interface PurgedAsset {
  id: string;
  title: string;
  deletedAt: string;
  purgeAfter: string;
  /** Blob files removed with it (none on a dry run): the bytes no other version or rendition used. */
  blobsRemoved: string[];
}

export interface PurgeReport {
  dryRun: boolean;
  assets: PurgedAsset[];
  /** Blobs left in place because another version or rendition still uses them, or already gone. */
  blobsKept: number;
  /** A full batch was purged: more may be past their retention (the purge job then runs again). */
  more: boolean;
}

/** Assets purged per call at most: a backlog is worked off by the next run. */
const purgeBatch = 500;

export class AssetLifecycleService {
  constructor(
    private readonly deps: {
      store: UnitOfWork<LifecycleRepositories>;
      blobs: Pick<BlobStore, 'stat' | 'delete'>;
      /** Days a deleted asset can still be restored (config assetRetentionDays). */
      retentionDays: number;
      /** Where a soft delete queues the purge of its day; absent: purges run only when asked (`provena purge`). */
      purgeQueue?: PurgeDeletedQueue;
    },
  ) {}

  /** Soft-deletes the asset (asset:delete on its team); it can be restored until purgeAfter. */
  async delete(ctx: RequestContext, assetId: string, now = new Date()): Promise<AssetWithVersions> {
    return this.deps.store.transaction(async (tx) => {
      const asset = authoriseOn(ctx, 'asset:delete', await tx.assets.get(assetId), assetId);
      const at = now.toISOString();
      const deletion: AssetDeletion = {
        at,
        by: actorLabel(ctx.actor),
        purgeAfter: new Date(now.getTime() + this.deps.retentionDays * 86_400_000).toISOString(),
      };
      await tx.assets.update(assetId, { ...updateOf(asset), deletion, updatedAt: at }, asset.updatedAt);
      await this.record(ctx, tx, asset, 'deleted', { purgeAfter: deletion.purgeAfter });
      // Due once the day its retention ends is over: every deletion of that day is past its retention by then.
      const due = deletion.purgeAfter.slice(0, 10);
      await this.deps.purgeQueue?.enqueue(
        tx,
        { due },
        { runAt: new Date(Date.parse(`${due}T00:00:00Z`) + 86_400_000) },
      );
      return { ...asset, deletion, updatedAt: at };
    });
  }

  /** Puts a soft-deleted asset back as it was (asset:restore); NOT_FOUND when no deleted asset has this id. */
  async restore(ctx: RequestContext, assetId: string): Promise<AssetWithVersions> {
    return this.deps.store.transaction(async (tx) => {
      authorise(ctx, 'asset:restore');
      const asset = await tx.assets.get(assetId, { includeDeleted: true });
      if (!asset?.deletion) {
        if (asset) throw new ProvenaError('CONFLICT', `Asset ${assetId} is not deleted: there is nothing to restore.`);
        throw notFound('Deleted asset', assetId);
      }
      const at = new Date().toISOString();
      const { deletion: _deletion, ...restored } = updateOf(asset);
      await tx.assets.update(assetId, { ...restored, updatedAt: at }, asset.updatedAt);
      await this.record(ctx, tx, asset, 'restored', { deletedAt: asset.deletion.at, deletedBy: asset.deletion.by });
      const { deletion: _gone, ...back } = asset;
      return { ...back, updatedAt: at };
    });
  }

  /**
   * Removes the deleted assets whose retention has passed (asset:restore), with every row made of them, then the blob
   * files nothing uses any more. A dry run only lists them.
   */
  async purge(ctx: RequestContext, options: { dryRun?: boolean; now?: Date } = {}): Promise<PurgeReport> {
    authorise(ctx, 'asset:restore');
    const now = (options.now ?? new Date()).toISOString();
    const ids = await this.deps.store.assets.purgeable(now, purgeBatch);
    const report: PurgeReport = {
      dryRun: options.dryRun === true,
      assets: [],
      blobsKept: 0,
      more: ids.length === purgeBatch,
    };
    for (const id of ids) {
      if (options.dryRun) {
        const asset = await this.deps.store.assets.get(id, { includeDeleted: true });
        if (asset?.deletion) report.assets.push({ ...summary(asset, asset.deletion), blobsRemoved: [] });
        continue;
      }
      const purged = await this.deps.store.transaction(async (tx) => {
        // Read again in the transaction: restored (or purged by another run) since the list was made.
        const asset = await tx.assets.get(id, { includeDeleted: true });
        if (!asset?.deletion || asset.deletion.purgeAfter > now) return undefined;
        const unreferenced = await tx.assets.purge(id, async (sha256) => tx.holdBlob(sha256));
        await this.record(ctx, tx, asset, 'purged', {
          deletedAt: asset.deletion.at,
          deletedBy: asset.deletion.by,
          versions: asset.versions.map((v) => ({ number: v.number, sha256: v.blob.sha256 })),
          blobsUnreferenced: unreferenced,
        });
        return { asset, deletion: asset.deletion, unreferenced };
      });
      if (!purged) continue;
      // After the commit: a crash here leaves orphan files, which doctor --fix removes.
      const removed: string[] = [];
      for (const sha256 of purged.unreferenced) {
        if (await deleteBlobIfUnreferenced(this.deps.store, this.deps.blobs, sha256)) removed.push(sha256);
        else report.blobsKept++;
      }
      report.assets.push({ ...summary(purged.asset, purged.deletion), blobsRemoved: removed });
    }
    return report;
  }

  private async record(
    ctx: RequestContext,
    tx: Transaction<LifecycleRepositories>,
    asset: AssetWithVersions,
    what: 'deleted' | 'restored' | 'purged',
    details: Record<string, unknown>,
  ): Promise<void> {
    const actor = actorLabel(ctx.actor);
    await tx.audit.append({
      actor,
      action: `asset.${what}`,
      subjectType: 'asset',
      subjectId: asset.id,
      beforeDigest: digestOf({ deleted: what !== 'deleted' }),
      afterDigest: digestOf({ deleted: what === 'deleted', purged: what === 'purged' }),
      details: { title: asset.title, status: asset.status, ...details },
    });
    await tx.events.append({
      type: `asset.${what}`,
      subjectType: 'asset',
      subjectId: asset.id,
      actor,
      payload: { teamId: asset.team?.id ?? null, ...details },
    });
  }
}

const summary = (asset: AssetWithVersions, deletion: AssetDeletion) => ({
  id: asset.id,
  title: asset.title,
  deletedAt: deletion.at,
  purgeAfter: deletion.purgeAfter,
});
