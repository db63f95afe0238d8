import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditKey, checkpointSignatureMatches, parseCheckpoint, type ChainHead } from '../domain/audit.ts';
import { CheckpointAnchor, externalAnchorFileName } from './checkpoint-anchor.ts';

const key = new AuditKey(Buffer.alloc(32, 3));
const root = mkdtempSync(join(tmpdir(), 'provena-anchor-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

/** A log held in memory: seq → hash. */
function fakeChain() {
  const hashes = new Map<number, string>();
  let head: ChainHead = { seq: 0, hash: '0'.repeat(64) };
  return {
    append() {
      head = { seq: head.seq + 1, hash: `${head.seq + 1}`.padStart(64, 'a') };
      hashes.set(head.seq, head.hash);
    },
    truncate(seq: number) {
      for (const s of [...hashes.keys()]) if (s > seq) hashes.delete(s);
      head = { seq, hash: hashes.get(seq)! };
    },
    head: () => Promise.resolve({ ...head, keyId: key.id }),
    hashAt: (seq: number) => Promise.resolve(hashes.get(seq)),
  };
}

function setUp(minIntervalMs = 1000) {
  const dir = join(root, `d${++n}`);
  const external = join(root, `worm${n}`);
  for (const d of [dir, external]) mkdirSync(d);
  const warnings: string[] = [];
  const anchor = new CheckpointAnchor({
    file: join(dir, 'audit-checkpoint.json'),
    external,
    key,
    minIntervalMs,
    warn: (m) => warnings.push(m),
  });
  const chain = fakeChain();
  anchor.attach(chain);
  const log = () => readFileSync(join(external, externalAnchorFileName), 'utf8');
  const file = () => parseCheckpoint(readFileSync(join(dir, 'audit-checkpoint.json'), 'utf8'))!;
  return { anchor, chain, warnings, log, file, dir, external };
}

const nextTurns = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
};

describe('audit checkpoints', () => {
  it('replace the checkpoint file and append to the external anchor, signed, with the database head', async () => {
    const { anchor, chain, log, file } = setUp();
    chain.append();
    anchor.committed();
    await anchor.flush();
    chain.append();
    chain.append();
    anchor.committed();
    await anchor.flush();
    expect(file()).toMatchObject({ seq: 3, keyId: key.id });
    expect(checkpointSignatureMatches(file(), key)).toBe(true);
    const lines = log()
      .trim()
      .split('\n')
      .map((l) => parseCheckpoint(l)!);
    expect(lines.map((c) => c.seq)).toEqual([1, 3]);
    expect(await anchor.read()).toMatchObject([
      { source: 'checkpoint-file', checkpoint: { seq: 3 } },
      { source: 'external-anchor', checkpoint: { seq: 3 } },
    ]);
  });

  it('write at most once per interval: commits in between only mark the anchor, the next write takes them all', async () => {
    const { anchor, chain, log } = setUp(3_600_000);
    chain.append();
    anchor.committed();
    await anchor.flush();
    for (let i = 0; i < 5; i++) {
      chain.append();
      anchor.committed();
    }
    await nextTurns();
    expect(log().trim().split('\n')).toHaveLength(1);
    await anchor.close();
    expect(
      log()
        .trim()
        .split('\n')
        .map((l) => parseCheckpoint(l)!.seq),
    ).toEqual([1, 6]);
  });

  it('stop, and keep the evidence, when the database no longer holds the entry last anchored', async () => {
    const { anchor, chain, warnings, file, log } = setUp();
    for (let i = 0; i < 4; i++) chain.append();
    anchor.committed();
    await anchor.flush();
    chain.truncate(2);
    chain.append();
    anchor.committed();
    await anchor.flush();
    expect(file().seq).toBe(4);
    expect(log().trim().split('\n')).toHaveLength(1);
    expect(warnings).toEqual([
      expect.stringContaining('records entry 4, which the database no longer holds as it was'),
    ]);
  });

  it('never overwrite a checkpoint signed with another key or altered', async () => {
    const { anchor, chain, warnings, dir } = setUp();
    chain.append();
    anchor.committed();
    await anchor.flush();
    const path = join(dir, 'audit-checkpoint.json');
    const altered = readFileSync(path, 'utf8').replace('"seq":1', '"seq":0');
    writeFileSync(path, altered);
    chain.append();
    anchor.committed();
    await anchor.flush();
    expect(readFileSync(path, 'utf8')).toBe(altered);
    expect(warnings).toEqual([expect.stringContaining('does not match its signature')]);
  });

  it('start an empty log with a checkpoint of it, but never invent one for a log already written', async () => {
    const empty = setUp();
    await empty.anchor.start();
    expect(empty.file()).toMatchObject({ seq: 0 });
    // The first commit then moves it on, as after any checkpoint.
    empty.chain.append();
    empty.anchor.committed();
    await empty.anchor.flush();
    expect(empty.file()).toMatchObject({ seq: 1 });
    const written = setUp();
    written.chain.append();
    await written.anchor.start();
    expect(await written.anchor.read()).toMatchObject([{ problem: 'missing' }, { problem: 'missing' }]);
  });

  it('read the last complete line of the external anchor, and end a line a crash cut short before appending', async () => {
    const { anchor, chain, log, external } = setUp();
    chain.append();
    anchor.committed();
    await anchor.flush();
    appendFileSync(join(external, externalAnchorFileName), '{"v":1,"seq":9');
    expect((await anchor.read())[1]).toMatchObject({ checkpoint: { seq: 1 } });
    chain.append();
    anchor.committed();
    await anchor.flush();
    const lines = log().split('\n');
    expect(lines[1]).toBe('{"v":1,"seq":9');
    expect(parseCheckpoint(lines[2]!)).toMatchObject({ seq: 2 });
  });
});
