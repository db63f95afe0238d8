/**
 * End-to-end fuzz: the whole engine (walkers → XMP → C2PA validator → tool parsers → stealth pixels → normaliser)
 * on truncated, bit-flipped, spliced and zero-filled versions of real files. Per-module fuzz tests exist beside each
 * module; this one catches what only the composition can do wrong (a stage handing hostile output to the next, a
 * rejected promise escaping, a record that cannot be serialised). It must always resolve to a record.
 *
 * Inputs: the generated fixtures (every tool format, written by our writers), a PNG and a JPEG whose C2PA store we
 * build by hand, and the real files in ../shared when present.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProvenanceFixtures } from '../../test/provenance-fixtures.ts';
import type { ProvenanceRecord } from '../domain/provenance.ts';
import { app11Segments, buildJpeg, c2paStoreBox, ihdr, buildPng, pngChunk, tEXt } from './containers/test-builders.ts';
import { fixtureNames, loadFixture } from './containers/test-fixtures.ts';
import { createProvenanceEngine } from './engine.ts';
import { itWith } from '../../test/requirements.ts';

const engine = createProvenanceEngine();
const involvements = new Set(['none', 'ai-edited', 'ai-generated', 'unknown']);

interface Input {
  name: string;
  bytes: Uint8Array;
  mediaType: string;
}

const mediaTypeOf = (name: string): string =>
  name.endsWith('.png') ? 'image/png' : name.endsWith('.webp') ? 'image/webp' : 'image/jpeg';

/** A mutation of `bytes`, described for the failure message. */
type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number[]; mask: number }
  | { kind: 'zero'; at: number; length: number }
  | { kind: 'splice'; at: number; insert: Uint8Array };

const mutation = (size: number): fc.Arbitrary<Mutation> => {
  // Metadata sits near the start of every container (and C2PA stores can be large), so bias positions there.
  const position = fc.oneof(fc.nat({ max: Math.min(size - 1, 4096) }), fc.nat({ max: size - 1 }));
  return fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: position }),
    fc.record({
      kind: fc.constant('flip' as const),
      at: fc.array(position, { minLength: 1, maxLength: 8 }),
      mask: fc.integer({ min: 1, max: 255 }),
    }),
    fc.record({ kind: fc.constant('zero' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ kind: fc.constant('splice' as const), at: position, insert: fc.uint8Array({ maxLength: 32 }) }),
  );
};

function apply(bytes: Uint8Array, m: Mutation): Uint8Array {
  switch (m.kind) {
    case 'truncate':
      return bytes.slice(0, m.at);
    case 'flip': {
      const out = bytes.slice();
      for (const at of m.at) out[at] = (out[at] ?? 0) ^ m.mask;
      return out;
    }
    case 'zero': {
      const out = bytes.slice();
      out.fill(0, m.at, m.at + m.length);
      return out;
    }
    case 'splice': {
      const out = new Uint8Array(bytes.length + m.insert.length);
      out.set(bytes.subarray(0, m.at));
      out.set(m.insert, m.at);
      out.set(bytes.subarray(m.at), m.at + m.insert.length);
      return out;
    }
  }
}

/** What every record must satisfy, whatever the input. */
function checkRecord(record: ProvenanceRecord, label: string): void {
  expect(involvements.has(record.aiInvolvement), label).toBe(true);
  expect(Array.isArray(record.dstSources), label).toBe(true);
  for (const warning of record.warnings ?? []) expect(typeof warning, label).toBe('string');
  // The record is stored as JSON: it must serialise (no cycles, no bigint).
  expect(() => JSON.stringify(record), label).not.toThrow();
}

async function fuzz(inputs: Input[], runsPerInput: number): Promise<void> {
  for (const input of inputs) {
    await fc.assert(
      fc.asyncProperty(mutation(input.bytes.length), async (m) => {
        const label = `${input.name} ${JSON.stringify(m, (_, v: unknown) => (v instanceof Uint8Array ? [...v] : v))}`;
        const record = await engine.extractFromBytes(apply(input.bytes, m), input.mediaType);
        checkRecord(record, label);
      }),
      { numRuns: runsPerInput, seed: 20261126 },
    );
  }
}

describe('engine end-to-end fuzz: mutated files always give a record', () => {
  let dir: string;
  const generated: Input[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'provena-prov-fuzz-'));
    for (const fixture of await generateProvenanceFixtures(dir)) {
      generated.push({
        name: fixture.format,
        bytes: new Uint8Array(await readFile(fixture.file)),
        mediaType: fixture.mediaType,
      });
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('generated tool-format files (every writer format)', async () => {
    expect(generated.length).toBeGreaterThan(10);
    await fuzz(generated, 25);
  });

  it('files with a hand-built C2PA store go through the validator and the fallback reader', async () => {
    const store = c2paStoreBox(400);
    const inputs: Input[] = [
      {
        name: 'c2pa.png',
        bytes: buildPng([pngChunk('caBX', store), tEXt('parameters', 'p\nSteps: 20, Seed: 1')], ihdr(8, 8, 8, 6)),
        mediaType: 'image/png',
      },
      { name: 'c2pa.jpg', bytes: buildJpeg(app11Segments(store, 150)), mediaType: 'image/jpeg' },
    ];
    for (const input of inputs) {
      // The unmutated files already carry a store the validator rejects: the record says so, it does not throw.
      const record = await engine.extractFromBytes(input.bytes, input.mediaType);
      checkRecord(record, input.name);
      expect(record.c2pa?.embedded, input.name).toBe(true);
    }
    await fuzz(inputs, 40);
  });

  itWith(
    'sharedFixtures',
    'real fixtures from ../shared (skipped when absent)',
    async () => {
      const inputs = fixtureNames.map((name) => ({ name, bytes: loadFixture(name), mediaType: mediaTypeOf(name) }));
      await fuzz(inputs, 12);
    },
    240_000,
  );

  it('a wrong media type, empty input and non-image bytes', async () => {
    for (const [bytes, mediaType] of [
      [new Uint8Array(0), 'image/png'],
      [Uint8Array.of(0x89, 0x50, 0x4e, 0x47), 'image/png'],
      [new TextEncoder().encode('<?xml version="1.0"?><x/>'), 'image/jpeg'],
      [generated[0]?.bytes ?? new Uint8Array(0), 'application/octet-stream'],
    ] as const) {
      checkRecord(await engine.extractFromBytes(bytes, mediaType), mediaType);
    }
  });
});
