import { describe, expect, it } from 'vitest';
import { intakeFieldsOf, parseAssetEdit, remainingQuarantineReasons } from './asset-edit.ts';
import type { Asset, QuarantineReason } from './asset.ts';

const asset: Asset = {
  id: 'a',
  title: 'poster',
  kind: 'image',
  status: 'quarantined',
  quarantineReasons: [],
  rightsStatus: 'unknown',
  prompt: 'a lighthouse',
  tool: 'ComfyUI',
  model: 'sdxl',
  intendedUse: 'web',
  team: { id: 't', slug: 'brand', name: 'Brand' },
  campaign: { id: 'c', slug: 'summer', name: 'Summer' },
  requestor: { id: 'u', slug: 'ana', name: 'Ana' },
  currentVersion: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('parseAssetEdit', () => {
  it('takes values, nulls that clear, tags; names every unknown field and wrong value at once', () => {
    expect(parseAssetEdit({ title: ' New ', prompt: null, description: '', addTags: ['a', 'A', ' b '] })).toEqual({
      edit: { set: { title: 'New', prompt: null, description: null }, addTags: ['a', 'b'], removeTags: [] },
      problems: [],
    });
    const { problems } = parseAssetEdit({
      colour: 'red',
      title: null,
      rightsStatus: '',
      tool: 7,
      intendedUse: 'billboards',
      model: 'x'.repeat(301),
      addTags: ['ok', 3],
      removeTags: ['OK'],
    });
    expect(problems.map((p) => p.field)).toEqual([
      'colour',
      'title',
      'rightsStatus',
      'tool',
      'intendedUse',
      'model',
      'addTags[1]',
      'removeTags',
    ]);
  });
});

describe('remainingQuarantineReasons', () => {
  const missing = (field: string): QuarantineReason => ({ code: 'MISSING_FIELD', field, message: `${field} missing` });

  it('keeps a missing field until it is known; an unknown rights status is still missing', () => {
    const reasons = [missing('rightsStatus'), missing('toolVersion')];
    // A model stands in for the tool version, as at intake.
    expect(remainingQuarantineReasons(reasons, intakeFieldsOf(asset), new Set())).toEqual([missing('rightsStatus')]);
    const cleared = intakeFieldsOf({ ...asset, rightsStatus: 'cleared' });
    expect(remainingQuarantineReasons(reasons, cleared, new Set(['rightsStatus']))).toEqual([]);
  });

  it('resolves an invalid field only by a valid value given, a rights reason only by a usable status, and keeps others', () => {
    const invalid: QuarantineReason = { code: 'INVALID_FIELD', field: 'intendedUse', message: 'not a use' };
    const rights: QuarantineReason = { code: 'RIGHTS_EXPIRED', message: 'licence ended' };
    const policy: QuarantineReason = { code: 'POLICY_HIT', message: 'a reviewer must look' };
    const fields = intakeFieldsOf({ ...asset, rightsStatus: 'expired' });
    expect(remainingQuarantineReasons([invalid, rights, policy], fields, new Set())).toEqual([invalid, rights, policy]);
    const fixed = intakeFieldsOf({ ...asset, rightsStatus: 'pending' });
    expect(
      remainingQuarantineReasons([invalid, rights, policy], fixed, new Set(['intendedUse', 'rightsStatus'])),
    ).toEqual([policy]);
    const restricted = intakeFieldsOf({ ...asset, rightsStatus: 'restricted' });
    expect(remainingQuarantineReasons([rights], restricted, new Set(['rightsStatus']))).toEqual([rights]);
  });
});
