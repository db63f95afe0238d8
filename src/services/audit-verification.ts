/**
 * `audit verify`: the log walked entry by entry, every row it vouches for recomputed, and the head compared with the
 * checkpoints kept outside the database (decision 0012). The rules are domain/audit.ts's; this only feeds them.
 */
import type { RequestContext } from '../domain/access.ts';
import { AuditVerifier, type AuditKey, type AuditVerification } from '../domain/audit.ts';
import type { AuditAnchor, Store } from '../domain/ports.ts';
import { assetDigestFields, checkRowDigest, versionDigestFields } from '../domain/row-digest.ts';
import { authorise } from './authorise.ts';

export interface AuditVerificationDeps {
  store: Pick<Store, 'audit' | 'assets'>;
  key: AuditKey;
  anchor: AuditAnchor;
}

/** Needs audit:read. */
export async function verifyAuditLog(
  ctx: RequestContext,
  { store, key, anchor }: AuditVerificationDeps,
): Promise<AuditVerification> {
  authorise(ctx, 'audit:read');
  // This process's own pending checkpoint first; checkpoints, then the head, then the walk: whatever commits
  // meanwhile lies beyond all three and cannot look like a deletion.
  await anchor.flush();
  const checkpoints = await anchor.read();
  const verifier = new AuditVerifier(key, await store.audit.head(), checkpoints);
  for await (const entry of store.audit.all()) verifier.entry(entry);
  for await (const row of store.assets.digestedRows()) {
    if (row.type === 'asset')
      verifier.row(
        'asset',
        row.asset.id,
        checkRowDigest(key, 'asset', row.asset.id, assetDigestFields(row.asset), row.digest),
      );
    else
      verifier.row(
        'version',
        row.version.id,
        checkRowDigest(key, 'version', row.version.id, versionDigestFields(row.version), row.digest),
      );
  }
  return verifier.finish();
}
