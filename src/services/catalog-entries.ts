/** Catalogue entries (teams, campaigns, requestors) named by intake and edits: made on first mention, audited then. */
import type { Team } from '../domain/asset.ts';
import { digestOf } from '../domain/audit.ts';
import type { CatalogKind, Transaction } from '../domain/ports.ts';

/** The entry of that name, made (and its creation audited as `actor`'s) when there is none yet. */
export async function ensureCatalogEntry(
  tx: Transaction<'catalog' | 'audit'>,
  actor: string,
  kind: CatalogKind,
  name: string,
): Promise<Team> {
  const { entry, created } = await tx.catalog.ensure(kind, name);
  if (created)
    await tx.audit.append({
      actor,
      action: `${kind}.created`,
      subjectType: kind,
      subjectId: entry.id,
      afterDigest: digestOf(entry),
    });
  return entry;
}
