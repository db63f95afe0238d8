/**
 * The keyed digest each row the audit log vouches for carries (asset and version rows): written by every repository
 * write and recomputed by `audit verify`, so that a field edited straight in the database shows, by name. One function
 * per row type lists the fields it covers from the domain object; the writer and the verifier both call it, so the two
 * cannot drift. Adding a field changes every digest: bump `v` and keep the old list for rows made with it.
 */
import type { AssetVersion } from './asset.ts';
import { canonicalJson, sameMac, type AuditKey, type RowDigestCheck } from './audit.ts';
import type { NewAsset } from './ports.ts';

export type DigestedRowType = 'asset' | 'version';

/** The asset row: its governance state (status, rights status), what was declared at intake, and its references. */
export function assetDigestFields(asset: NewAsset): Record<string, unknown> {
  return {
    title: asset.title,
    kind: asset.kind,
    status: asset.status,
    quarantineReasons: asset.quarantineReasons,
    prompt: asset.prompt ?? null,
    tool: asset.tool ?? null,
    model: asset.model ?? null,
    toolVersion: asset.toolVersion ?? null,
    intendedUse: asset.intendedUse ?? null,
    rightsStatus: asset.rightsStatus,
    requestorId: asset.requestorId ?? null,
    teamId: asset.teamId ?? null,
    campaignId: asset.campaignId ?? null,
    currentVersion: asset.currentVersion,
    createdAt: asset.createdAt,
    updatedAt: asset.updatedAt,
    // Fields added after v1 are covered only when set, so that every row written before keeps its digest (no `v`
    // bump); a row that has one is covered for it, and clearing it shows (checkRowDigest compares both field lists).
    ...optional('audience', asset.audience),
    ...optional('regulated', asset.regulated),
    ...optional('riskTier', asset.riskTier),
    ...optional('riskRule', asset.riskRule),
    ...optional('riskPolicyVersion', asset.riskPolicyVersion),
    ...optional('description', asset.description),
    ...optional('deletion', asset.deletion),
  };
}

const optional = (name: string, value: unknown): Record<string, unknown> =>
  value === undefined ? {} : { [name]: value };

/** The version row: which bytes it is (SHA-256 and size), what they are, and the provenance read from them. */
export function versionDigestFields(version: AssetVersion): Record<string, unknown> {
  return {
    assetId: version.assetId,
    number: version.number,
    blobSha256: version.blob.sha256,
    blobSize: version.blob.size,
    mediaType: version.mediaType,
    fileName: version.fileName,
    width: version.width ?? null,
    height: version.height ?? null,
    provenance: version.provenance,
    createdAt: version.createdAt,
    createdBy: version.createdBy,
    ...(version.revertOf !== undefined ? { revertOf: version.revertOf } : {}),
  };
}

/** As stored: the MAC over every field (what decides), and a short tag per field (what names an edited field). */
interface StoredRowDigest {
  v: 1;
  key: string;
  mac: string;
  fields: Record<string, string>;
}

/** Tags only say which field changed; the full MAC is what an attacker would have to forge. */
const tagLength = 8;

function macsOf(key: AuditKey, type: DigestedRowType, id: string, fields: Record<string, unknown>) {
  // The row's type and id are covered, so that a digest cannot be copied onto another row with the same fields.
  const prefix = `${type}\n${id}\n`;
  const perField = Object.entries(fields).map(
    ([name, value]) => [name, key.mac('rows', `${prefix}${name}\n${canonicalJson(value)}`)] as const,
  );
  return {
    mac: key.mac('rows', prefix + perField.map(([name, mac]) => `${name}=${mac}`).join('\n')),
    tags: Object.fromEntries(perField.map(([name, mac]) => [name, mac.slice(0, tagLength)])),
  };
}

/** The digest to store beside a row with these fields. */
export function rowDigest(key: AuditKey, type: DigestedRowType, id: string, fields: Record<string, unknown>): string {
  const { mac, tags } = macsOf(key, type, id, fields);
  const stored: StoredRowDigest = { v: 1, key: key.id, mac, fields: tags };
  return JSON.stringify(stored);
}

function parseStored(text: string): StoredRowDigest | undefined {
  try {
    const value = JSON.parse(text) as Partial<StoredRowDigest> | null;
    return value?.v === 1 &&
      typeof value.key === 'string' &&
      typeof value.mac === 'string' &&
      value.fields !== null &&
      typeof value.fields === 'object'
      ? (value as StoredRowDigest)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a row's stored digest still matches its fields, and if not, which fields differ. */
export function checkRowDigest(
  key: AuditKey,
  type: DigestedRowType,
  id: string,
  fields: Record<string, unknown>,
  stored: string | null,
): RowDigestCheck {
  if (stored === null) return { ok: false, reason: 'missing' };
  const digest = parseStored(stored);
  if (!digest) return { ok: false, reason: 'unreadable' };
  if (digest.key !== key.id) return { ok: false, reason: 'wrong-key', keyId: digest.key };
  const { mac, tags } = macsOf(key, type, id, fields);
  if (sameMac(mac, digest.mac)) return { ok: true };
  return {
    ok: false,
    reason: 'fields',
    fields: [...new Set([...Object.keys(tags), ...Object.keys(digest.fields)])].filter(
      (name) => digest.fields[name] !== tags[name],
    ),
  };
}
