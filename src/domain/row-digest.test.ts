import { describe, expect, it } from 'vitest';
import type { AssetVersion } from './asset.ts';
import { AuditKey, canonicalJson } from './audit.ts';
import type { NewAsset } from './ports.ts';
import { emptyProvenance } from './provenance.ts';
import { assetDigestFields, checkRowDigest, rowDigest, versionDigestFields } from './row-digest.ts';

const key = new AuditKey(Buffer.alloc(32, 1));
const asset: NewAsset = {
  id: 'a1',
  title: 'cat.png',
  kind: 'image',
  status: 'draft',
  quarantineReasons: [],
  prompt: 'a cat',
  tool: 'ComfyUI',
  rightsStatus: 'pending',
  teamId: 't1',
  currentVersion: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const digest = rowDigest(key, 'asset', asset.id, assetDigestFields(asset));
const check = (changed: NewAsset, stored: string | null = digest, k = key) =>
  checkRowDigest(k, 'asset', changed.id, assetDigestFields(changed), stored);

describe('row digests', () => {
  it('match the fields they were made from', () => {
    expect(check(asset)).toEqual({ ok: true });
    // Absent and null optional fields are the same field (a row read back has no undefined).
    expect(check({ ...asset, model: undefined })).toEqual({ ok: true });
  });

  it('name the fields edited since', () => {
    expect(check({ ...asset, rightsStatus: 'cleared' })).toEqual({
      ok: false,
      reason: 'fields',
      fields: ['rightsStatus'],
    });
    expect(check({ ...asset, prompt: 'a dog', teamId: 't2' })).toEqual({
      ok: false,
      reason: 'fields',
      fields: ['prompt', 'teamId'],
    });
  });

  it('cannot be copied onto another row, nor forged without the key', () => {
    expect(check({ ...asset, id: 'a2' })).toMatchObject({ ok: false, reason: 'fields' });
    const forged = rowDigest(new AuditKey(Buffer.alloc(32, 9)), 'asset', asset.id, assetDigestFields(asset));
    expect(check(asset, forged)).toEqual({
      ok: false,
      reason: 'wrong-key',
      keyId: new AuditKey(Buffer.alloc(32, 9)).id,
    });
    const relabelled = JSON.stringify({ ...(JSON.parse(forged) as object), key: key.id });
    expect(check(asset, relabelled)).toMatchObject({ ok: false, reason: 'fields' });
    expect(check(asset, null)).toEqual({ ok: false, reason: 'missing' });
    expect(check(asset, 'not json')).toEqual({ ok: false, reason: 'unreadable' });
  });

  it('cover the bytes and provenance of a version, byte arrays included as storage keeps them', () => {
    const version: AssetVersion = {
      id: 'v1',
      assetId: 'a1',
      number: 1,
      blob: { sha256: 'ab'.repeat(32), size: 10 },
      mediaType: 'image/png',
      fileName: 'cat.png',
      provenance: { ...emptyProvenance(), warnings: ['w'] },
      createdAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'ana',
    };
    const stored = rowDigest(key, 'version', 'v1', versionDigestFields(version));
    const edited = { ...version, blob: { ...version.blob, sha256: 'cd'.repeat(32) } };
    expect(checkRowDigest(key, 'version', 'v1', versionDigestFields(edited), stored)).toEqual({
      ok: false,
      reason: 'fields',
      fields: ['blobSha256'],
    });
    expect(canonicalJson({ b: new Uint8Array([1, 2]) })).toBe(canonicalJson({ b: { $bytes: 'AQI=' } }));
  });
});
