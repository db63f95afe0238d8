import { describe, expect, it } from 'vitest';
import type { AuditVerification } from '../domain/audit.ts';
import { describeAuditVerification } from './audit-report.ts';

const intact: AuditVerification = {
  ok: true,
  entries: 12,
  legacyEntries: 0,
  keyedFrom: 1,
  keyId: '0123456789abcdef',
  rows: { asset: 3, version: 4 },
  checkpoints: [
    { source: 'checkpoint-file', where: '/data/audit-checkpoint.json', seq: 12, at: '2026-01-01T00:00:00Z' },
  ],
  problemCount: 0,
  problems: [],
};

describe('the audit verify summary', () => {
  it('says what an intact log was checked against', () => {
    expect(describeAuditVerification(intact)).toBe(
      [
        'audit log OK: chain intact',
        '  entries:     12 entries, keyed with key 0123456789abcdef',
        '  rows:        3 assets and 4 versions match their digests',
        '  checkpoint:  entry 12 at 2026-01-01T00:00:00Z (/data/audit-checkpoint.json)',
        '',
      ].join('\n'),
    );
    expect(describeAuditVerification({ ...intact, legacyEntries: 10, keyedFrom: 11 })).toContain(
      'entries 1–10 plain SHA-256, sealed by the keyed cut-over at entry 11; key 0123456789abcdef',
    );
  });

  it('puts the first problem first and counts what it does not list', () => {
    const text = describeAuditVerification({
      ...intact,
      ok: false,
      problemCount: 150,
      problems: Array.from({ length: 100 }, (_, i) => ({
        problem: 'wrong-key' as const,
        seq: i + 1,
        message: `entry ${i + 1} was made with key x`,
      })),
    });
    const lines = text.trim().split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'audit log BROKEN: 150 problems in 12 entries, 3 assets, 4 versions',
      '  first: entry 1 was made with key x',
      '  - entry 2 was made with key x',
    ]);
    expect(lines.at(-1)).toBe('  … and 50 more, not listed');
  });
});
