import { describe, expect, it } from 'vitest';
import {
  AuditKey,
  AuditVerifier,
  cutOverAction,
  genesisHash,
  legacyEntryHash,
  sealAuditEntry,
  signCheckpoint,
  type AuditEntry,
  type CheckpointReading,
} from './audit.ts';

const key = new AuditKey(Buffer.alloc(32, 1));
const otherKey = new AuditKey(Buffer.alloc(32, 2));
const event = (seq: number) => ({ actor: 'ana', action: 'asset.created', subjectType: 'asset', subjectId: `a${seq}` });
const at = (seq: number) => `2026-01-01T00:00:${String(seq).padStart(2, '0')}.000Z`;

/** Entries as the repository appends them, keyed from `keyedFrom` on (plain SHA-256 before, as older releases wrote). */
function chain(n: number, options: { keyedFrom?: number; with?: AuditKey } = {}): AuditEntry[] {
  const { keyedFrom = 1 } = options;
  const entries: AuditEntry[] = [];
  let prevHash = genesisHash;
  for (let seq = 1; seq <= n; seq++) {
    let entry: AuditEntry;
    if (seq < keyedFrom) {
      const unhashed = { ...event(seq), seq, at: at(seq), prevHash, scheme: 'sha256' as const };
      entry = { ...unhashed, hash: legacyEntryHash(unhashed) };
    } else if (seq === keyedFrom && keyedFrom > 1) {
      const legacyHead = { seq: seq - 1, hash: prevHash };
      entry = sealAuditEntry(
        {
          actor: 'system:upgrade',
          action: cutOverAction,
          subjectType: 'audit-log',
          subjectId: 'audit-log',
          details: { legacyHead, sealedRows: { assets: 0, versions: 0 } },
        },
        { seq, at: at(seq), prevHash },
        options.with ?? key,
      );
    } else {
      entry = sealAuditEntry(event(seq), { seq, at: at(seq), prevHash }, options.with ?? key);
    }
    entries.push(entry);
    prevHash = entry.hash;
  }
  return entries;
}

const headOf = (entries: AuditEntry[]) => ({ seq: entries.at(-1)!.seq, hash: entries.at(-1)!.hash, keyId: key.id });

const checkpointOf = (entries: AuditEntry[], k = key): CheckpointReading => ({
  source: 'checkpoint-file',
  where: '/data/audit-checkpoint.json',
  checkpoint: signCheckpoint(headOf(entries), '2026-01-01T00:01:00.000Z', k),
});

function verify(
  entries: AuditEntry[],
  options: { head?: ReturnType<typeof headOf>; checkpoints?: CheckpointReading[]; with?: AuditKey } = {},
) {
  const verifier = new AuditVerifier(options.with ?? key, options.head ?? headOf(entries), options.checkpoints ?? []);
  entries.forEach((e) => verifier.entry(e));
  return verifier.finish();
}

/** What someone who can write the database but lacks the key can do: recompute every hash after an edit. */
function recomputedWithoutKey(entries: AuditEntry[]): AuditEntry[] {
  let prevHash = genesisHash;
  return entries.map((e) => {
    const unhashed = { ...e, prevHash, scheme: 'sha256' as const };
    delete unhashed.keyId;
    const rewritten = { ...unhashed, hash: legacyEntryHash(unhashed) };
    prevHash = rewritten.hash;
    return rewritten;
  });
}

describe('audit hash chain', () => {
  const entries = chain(5);

  it('verifies an intact keyed chain, and its checkpoint', () => {
    expect(verify(entries, { checkpoints: [checkpointOf(entries)] })).toMatchObject({
      ok: true,
      entries: 5,
      legacyEntries: 0,
      keyedFrom: 1,
      problemCount: 0,
      problems: [],
    });
  });

  it('detects an edited entry', () => {
    const edited = entries.map((e) => (e.seq === 3 ? { ...e, actor: 'mallory' } : e));
    expect(verify(edited).problems).toEqual([
      expect.objectContaining({ seq: 3, problem: 'edited', message: 'entry 3 was altered after it was written' }),
    ]);
  });

  it('detects a deleted entry in the middle, naming the missing seq', () => {
    const result = verify(entries.filter((e) => e.seq !== 2));
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toEqual({
      seq: 2,
      problem: 'missing',
      message: 'entry 2 is missing: deleted from the database',
    });
  });

  it('detects entries removed from the end, by the head record and by the checkpoint', () => {
    const truncated = entries.slice(0, 3);
    expect(verify(truncated, { head: headOf(entries) }).problems).toEqual([
      expect.objectContaining({ problem: 'head-mismatch', seq: 4 }),
    ]);
    // Whoever can delete the rows can rewrite the head record too; the checkpoint outside the database remains.
    const result = verify(truncated, { checkpoints: [checkpointOf(entries)] });
    expect(result.problems).toEqual([expect.objectContaining({ problem: 'checkpoint-ahead', seq: 5 })]);
    expect(result.problems[0]!.message).toContain('records entry 5, but the database ends at entry 3');
  });

  it('detects reordered entries, even with their seq numbers swapped to look in order', () => {
    const swapped = [entries[0]!, { ...entries[2]!, seq: 2 }, { ...entries[1]!, seq: 3 }, entries[3]!, entries[4]!];
    const result = verify(swapped);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.problem)).toContain('edited');
  });

  it('refuses a chain recomputed with plain SHA-256 after an edit (what an unkeyed chain could not tell)', () => {
    const forged = recomputedWithoutKey(entries.map((e) => (e.seq === 2 ? { ...e, actor: 'mallory' } : e)));
    // The forged log is internally consistent, and its head record was rewritten to match...
    const head = { seq: 5, hash: forged[4]!.hash, keyId: key.id };
    const result = verify(forged, { head, checkpoints: [checkpointOf(entries)] });
    // ...but the head record still says the log is keyed, and the checkpoint recorded another entry 5.
    expect(result.problems.map((p) => p.problem)).toEqual(['downgraded', 'checkpoint-diverged']);
  });

  it('refuses plain SHA-256 entries after keyed ones', () => {
    const tail = recomputedWithoutKey(entries).slice(3);
    const mixed = [...entries.slice(0, 3), ...tail];
    expect(verify(mixed).problems[0]).toMatchObject({ problem: 'reordered', seq: 4 });
    expect(
      verify(mixed)
        .problems.filter((p) => p.problem === 'downgraded')
        .map((p) => p.seq),
    ).toEqual([4, 5]);
  });

  it('names a wrong key rather than calling every entry edited', () => {
    const result = verify(entries, { with: otherKey, checkpoints: [checkpointOf(entries)] });
    expect(result.problems.map((p) => p.problem)).toEqual(Array(6).fill('wrong-key'));
    expect(result.problems[0]!.message).toBe(
      `entry 1 was made with key ${key.id}, but the key in use is ${otherKey.id}: the key file was replaced, or the database belongs to another installation`,
    );
  });

  it('detects an altered checkpoint, a missing one, and one ahead of a rolled-back database', () => {
    const altered = checkpointOf(entries);
    altered.checkpoint = { ...altered.checkpoint!, seq: 4 };
    expect(verify(entries, { checkpoints: [altered] }).problems).toEqual([
      expect.objectContaining({ problem: 'checkpoint-invalid' }),
    ]);
    const missing: CheckpointReading = { source: 'checkpoint-file', where: '/data/x', problem: 'missing' };
    expect(verify(entries, { checkpoints: [missing] }).problems).toEqual([
      expect.objectContaining({ problem: 'checkpoint-missing' }),
    ]);
    // Rolled back to a copy with three entries, then written again: entry 4 exists but is not the one anchored.
    const later = chain(4);
    const rewritten = [
      ...entries.slice(0, 3),
      sealAuditEntry(event(99), { seq: 4, at: at(9), prevHash: entries[2]!.hash }, key),
    ];
    expect(verify(rewritten, { checkpoints: [checkpointOf(later)] }).problems).toEqual([
      expect.objectContaining({ problem: 'checkpoint-diverged', seq: 4 }),
    ]);
  });

  it('keeps verifying plain SHA-256 entries written before the cut-over, sealed by it', () => {
    const upgraded = chain(6, { keyedFrom: 4 });
    expect(verify(upgraded)).toMatchObject({ ok: true, legacyEntries: 3, keyedFrom: 4 });
    // The plain entries can still be recomputed by anyone, but no longer end where the cut-over sealed them.
    const rewritten = [
      ...recomputedWithoutKey(upgraded.slice(0, 3).map((e) => (e.seq === 1 ? { ...e, actor: 'mallory' } : e))),
      ...upgraded.slice(3),
    ];
    const problems = verify(rewritten).problems.map((p) => p.problem);
    expect(problems).toContain('legacy-rewritten');
  });
});
