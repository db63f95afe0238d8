import { describe, expect, it } from 'vitest';
import { AuditChainVerifier, genesisHash, hashAuditEntry, type AuditEntry } from './audit.ts';

function chain(n: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let prevHash = genesisHash;
  for (let seq = 1; seq <= n; seq++) {
    const unhashed = {
      seq,
      at: `2026-01-01T00:00:0${seq}.000Z`,
      prevHash,
      actor: 'ana',
      action: 'asset.created',
      subjectType: 'asset',
      subjectId: `a${seq}`,
    };
    const entry = { ...unhashed, hash: hashAuditEntry(unhashed) };
    entries.push(entry);
    prevHash = entry.hash;
  }
  return entries;
}

const verify = (entries: AuditEntry[], head: { seq: number; hash: string }) => {
  const verifier = new AuditChainVerifier();
  entries.forEach((e) => verifier.add(e));
  return verifier.finish(head);
};

describe('audit hash chain', () => {
  const entries = chain(5);
  const head = { seq: 5, hash: entries[4]!.hash };

  it('verifies an intact chain', () => {
    expect(verify(entries, head)).toEqual({ ok: true, entries: 5, problems: [] });
  });

  it('detects an edited entry', () => {
    const edited = entries.map((e) => (e.seq === 3 ? { ...e, actor: 'mallory' } : e));
    expect(verify(edited, head).problems).toEqual([expect.objectContaining({ seq: 3, problem: 'edited' })]);
  });

  it('detects a deleted entry in the middle', () => {
    const result = verify(
      entries.filter((e) => e.seq !== 2),
      head,
    );
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ seq: 3, problem: 'missing-or-reordered' });
  });

  it('detects entries removed from the end, thanks to the separately stored head', () => {
    const result = verify(entries.slice(0, 4), head);
    expect(result.problems).toEqual([expect.objectContaining({ problem: 'head-mismatch' })]);
  });

  it('detects reordered entries, even with their seq numbers swapped to look in order', () => {
    const swapped = [entries[0]!, { ...entries[2]!, seq: 2 }, { ...entries[1]!, seq: 3 }, entries[3]!, entries[4]!];
    const result = verify(swapped, head);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.problem)).toContain('edited');
  });
});
