import { describe, expect, it } from 'vitest';
import { missingSignOffs, rolesToSignIn, signOffRefusal, type SignOff } from './review.ts';

const approve = (userId: string, role: SignOff['role'], versionNumber = 1): SignOff => ({
  versionNumber,
  userId,
  role,
  decision: 'approve',
  at: '2026-12-07T00:00:00Z',
});
const reviewer = (userId: string) => ({ userId, username: userId });
const ownership = { uploaderIds: ['creator-1'], requestorName: 'Ana Lopez' };

describe('sign-offs by tier', () => {
  it('needs one reviewer at tier 1, the brand team at tier 2, legal and compliance at tier 3', () => {
    expect(missingSignOffs(1, 1, [])).toEqual(['reviewer']);
    expect(missingSignOffs(1, 1, [approve('r', 'reviewer')])).toEqual([]);
    expect(missingSignOffs(2, 1, [approve('r', 'reviewer')])).toEqual(['brand']);
    expect(missingSignOffs(3, 1, [approve('l', 'legal')])).toEqual(['compliance']);
    expect(missingSignOffs(3, 1, [approve('l', 'legal'), approve('c', 'compliance')])).toEqual([]);
  });

  it('counts only approvals of the version under review', () => {
    expect(missingSignOffs(1, 2, [approve('r', 'reviewer', 1)])).toEqual(['reviewer']);
  });
});

describe('signOffRefusal', () => {
  const base = { tier: 3 as const, versionNumber: 1, ownership, signOffs: [] as SignOff[] };

  it('refuses the uploader and the requestor', () => {
    expect(signOffRefusal({ ...base, role: 'legal', reviewer: reviewer('creator-1') })).toMatch(/uploaded/);
    expect(
      signOffRefusal({ ...base, role: 'legal', reviewer: { userId: 'x', username: 'ana', displayName: 'ana lopez' } }),
    ).toMatch(/requested/);
    expect(signOffRefusal({ ...base, role: 'legal', reviewer: reviewer('lena') })).toBeUndefined();
  });

  it('wants two distinct people at tier 3, and each role once', () => {
    const signOffs = [approve('lena', 'legal')];
    expect(signOffRefusal({ ...base, signOffs, role: 'compliance', reviewer: reviewer('lena') })).toMatch(
      /another person/,
    );
    expect(signOffRefusal({ ...base, signOffs, role: 'legal', reviewer: reviewer('otto') })).toMatch(/already given/);
    expect(signOffRefusal({ ...base, signOffs, role: 'compliance', reviewer: reviewer('otto') })).toBeUndefined();
  });

  it('refuses a role the tier does not ask for', () => {
    expect(signOffRefusal({ ...base, tier: 1, role: 'brand', reviewer: reviewer('b') })).toMatch(/tier-1/);
  });

  it('offers the roles a reviewer can still sign in', () => {
    expect(rolesToSignIn(3, 1, ['legal', 'compliance'], [approve('x', 'legal')])).toEqual(['compliance']);
    expect(rolesToSignIn(2, 1, ['reviewer'], [])).toEqual([]);
  });
});
