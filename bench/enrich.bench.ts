/**
 * npm run bench:enrich — generated 1024×1024 PNGs (bench/support.ts intakeCorpus) through intake and the default
 * enrichment, in process, on a fresh embedded store. Reports images/s for:
 *   floor       a bare sharp decode + resize of the same files to the working size (what enrichment decodes to,
 *               defaultWorkingSize): what any pixel work costs at least,
 *   decode      the same without the resize (a plain decode; a 1024² source needs no resize to 1024), as a
 *               second reference for the ratio,
 *   intake      IntakeService alone (the enrichment job is queued, not run),
 *   enrich      EnrichmentService over every asset without embeddings, and its ratio to the floor,
 *   embed       the full default enrichment with the MobileNet embedder and moderation (on --embed-files files),
 *   hash-only   decode + perceptual hashes (crop probes included): the cost that hashing at intake would add,
 *   content     the default enrichment plus text (OCR), faces and objects (on --content-files files), beside the floor.
 * The first four enrichment rows run with text, faces and objects off (PROVENA_OCR/FACES/OBJECTS), as before them.
 * Floor and enrich take turns in chunks of 100 files (each chunk ingested under its own campaign), so that the shared
 * machine's slower and faster spells weigh on the ratio's two sides alike; the plain decode runs in a pass of its own
 * after them (see decodeOf). Before anything is timed, 200 other files go through intake, floor and enrichment once
 * (a warm-up, as in any benchmark of a JIT-compiled runtime: after 50 images V8 was still optimising ~60 of the
 * enrichment's functions per 100 images — Kysely's query compiler, compromise, the run — ~2 ms of CPU per image on its
 * compiler threads, and ~25 per 100 images after 300).
 * Targets (2 cores): enrich ≥ 30 images/s and ≤ 2× the floor; embed ≥ 8 images/s. Intake must stay ≥ 100 files/s,
 * so hashing at intake would have to cost < 10 ms per file at 2-way concurrency; the hash-only row decides it.
 * Usage: npm run bench:enrich [-- --files 1000 --embed-files 200 --content-files 50 --concurrency 2]
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { loadConfig } from '../src/config/config.ts';
import { defaultWorkingSize } from '../src/enrich/decode/index.ts';
import { createEnrichers } from '../src/enrich/pipeline/enrichers.ts';
import { createRuntime, type Runtime } from '../src/main/runtime.ts';
import { fmt, intakeCorpus } from './support.ts';
import { operator } from '../test/contexts.ts';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const count = arg('files', 1000);
const embedCount = Math.min(count, arg('embed-files', 200));
const contentCount = Math.min(count, arg('content-files', 50));
const concurrency = arg('concurrency', Math.max(2, cpus().length));
const fields = {
  tool: 'Stable Diffusion web UI',
  toolVersion: '1.10.1',
  requestor: 'bench',
  team: 'Bench',
  intendedUse: 'web',
  campaign: 'Bench',
  rightsStatus: 'pending',
};

async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
  return (performance.now() - started) / 1000;
}

/** A runtime on a fresh data directory; the detectors (text, faces, objects) only where `content` asks for them. */
async function openRuntime(
  embedder: 'none' | 'mobilenet',
  content = false,
): Promise<{ runtime: Runtime; dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'provena-bench-enrich-'));
  const detectors = content ? 'on' : 'off';
  const config = loadConfig(
    {},
    {
      dataDir,
      embedder,
      moderation: embedder === 'none' ? 'false' : 'true',
      ocr: detectors,
      faces: detectors,
      objects: detectors,
    },
  );
  const runtime = await createRuntime(config);
  return {
    runtime,
    dispose: async () => {
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Chunks of the corpus, each ingested under its own campaign, so that floor and enrichment can take turns. */
const chunkSize = 100;
const warmUpCount = 200;
const warmUpCampaign = 'Bench warm-up';
const campaignOf = (index: number) => `Bench chunk ${Math.floor(index / chunkSize)}`;

async function ingest(
  runtime: Runtime,
  files: readonly string[],
  campaign: (index: number) => string = campaignOf,
): Promise<number> {
  return pool(files, concurrency, async (file) => {
    const result = await runtime.intake.intake(operator, createReadStream(file), {
      fileName: basename(file),
      fields: { ...fields, campaign: campaign(files.indexOf(file)) },
      mode: 'bulk',
    });
    if (result.status !== 'created') throw new Error(`${file}: ${result.status}`);
  });
}

/** Process CPU (every thread: main, pixel and model workers, libvips) in ms since `from`. */
const cpuMs = (from: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};

interface Timing {
  seconds: number;
  cpuMs: number;
}

const timed = async (work: () => Promise<unknown>): Promise<Timing> => {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await work();
  return { seconds: (performance.now() - started) / 1000, cpuMs: cpuMs(cpu) };
};

/** The floor: sharp's decode + resize to the working size, and nothing else. */
const floorOf = (files: readonly string[]) =>
  pool(files, concurrency, async (file) => {
    await sharp(file).resize({ width: defaultWorkingSize, height: defaultWorkingSize, fit: 'inside' }).raw().toBuffer();
  });

/**
 * A plain decode, no resize: the second reference. It runs after the floor and enrichment chunks, not between them:
 * it leaves ~300 MB of 1024² pixel buffers per 100 files, and V8 collects them in whatever runs next. Interleaved, it
 * added ~7 ms of CPU per image to the enrichment timed after it. A full collection forced before each timed phase
 * removed that but made V8 re-grow its heap limits in every phase (a 400-file run counted ~20 major collections
 * during the enrichment chunks against none without: +2–4 ms of CPU per image, mostly on V8's helper threads), and
 * even one forced collection after a separate decode pass left the enrichment collecting ~5 times per 100 images.
 * Floor and enrichment chunks leave each other almost nothing (the floor's raw buffers are 100 × 192 KB), so no
 * collection is forced.
 */
const decodeOf = (files: readonly string[]) =>
  pool(files, concurrency, async (file) => {
    await sharp(file).raw().toBuffer();
  });

const add = (a: Timing, b: Timing): Timing => ({ seconds: a.seconds + b.seconds, cpuMs: a.cpuMs + b.cpuMs });
const zero: Timing = { seconds: 0, cpuMs: 0 };

async function enrichAll(runtime: Runtime): Promise<Timing & { failed: number }> {
  const service = await runtime.openEnrichment();
  let failed = 0;
  const timing = await timed(async () => {
    failed = (await service.enrichAll(operator, {}, { concurrency })).filter((i) => !i.ok).length;
  });
  return { ...timing, failed };
}

const corpus = await intakeCorpus(count);
console.log(
  `corpus: ${count} PNGs 1024×1024, ${fmt(corpus.bytes / 1024 / 1024)} MB; concurrency ${concurrency}, ${cpus().length} CPUs, sharp threads ${sharp.concurrency()}`,
);

/** Files for the warm-up only, never timed. */
const warmUpFiles = (await intakeCorpus(count + warmUpCount)).files.slice(count);

// Every file read once before anything is timed: the first pass would otherwise also pay for the disk.
for (const file of [...corpus.files, ...warmUpFiles]) readFileSync(file);

const hashEnrichers = await createEnrichers({ maxPixels: 200_000_000 });
const hashSeconds = await pool(corpus.files, concurrency, async (file) => {
  await hashEnrichers.hashes(await hashEnrichers.decode(file));
});
await hashEnrichers.dispose?.();

const plain = await openRuntime('none');
await ingest(plain.runtime, warmUpFiles, () => warmUpCampaign);
const intakeSeconds = await ingest(plain.runtime, corpus.files);

// The floor (decode + resize to the working size, nothing else: enrichment decodes straight to that size, and the
// preview, the one larger rendition, is made on request) and the enrichment take turns chunk by chunk over the same
// files, so that a slower or faster spell of this shared machine weighs on both alike.
let floor = zero;
let decodeOnly = zero;
let enrich = { ...zero, failed: 0, nearDuplicates: 0 };
/** Enrichment time over floor time, chunk by chunk: how much the machine's spells move the ratio. */
const chunkRatios: number[] = [];
const service = await plain.runtime.openEnrichment();
await floorOf(warmUpFiles);
await service.enrichAll(operator, { campaign: warmUpCampaign }, { concurrency });
for (let start = 0; start < corpus.files.length; start += chunkSize) {
  const chunk = corpus.files.slice(start, start + chunkSize);
  const chunkFloor = await timed(() => floorOf(chunk));
  floor = add(floor, chunkFloor);
  let items: Awaited<ReturnType<typeof service.enrichAll>> = [];
  const timing = await timed(async () => {
    items = await service.enrichAll(operator, { campaign: campaignOf(start) }, { concurrency });
  });
  if (items.length !== chunk.length) throw new Error(`chunk at ${start}: ${items.length} of ${chunk.length} enriched`);
  chunkRatios.push(timing.seconds / chunkFloor.seconds);
  enrich = {
    ...add(enrich, timing),
    failed: enrich.failed + items.filter((i) => !i.ok).length,
    nearDuplicates: enrich.nearDuplicates + items.reduce((sum, i) => sum + i.nearDuplicates, 0),
  };
}
// The plain decode, last and apart (see decodeOf).
await decodeOf(warmUpFiles);
for (let start = 0; start < corpus.files.length; start += chunkSize)
  decodeOnly = add(decodeOnly, await timed(() => decodeOf(corpus.files.slice(start, start + chunkSize))));
const [floorSeconds, floorCpuMs, decodeSeconds, decodeCpuMs] = [
  floor.seconds,
  floor.cpuMs,
  decodeOnly.seconds,
  decodeOnly.cpuMs,
];
await plain.dispose();

const withEmbedder = await openRuntime('mobilenet');
const embedFiles = corpus.files.slice(0, embedCount);
const embedIntakeSeconds = await ingest(withEmbedder.runtime, embedFiles);
const embedStarted = performance.now();
await withEmbedder.runtime.openEnrichment(); // model load, reported apart
const modelLoadSeconds = (performance.now() - embedStarted) / 1000;
const embed = await enrichAll(withEmbedder.runtime);
await withEmbedder.dispose();

// The default enrichment plus text, faces and objects (no embedder): their models load on the first picture, so two
// files enriched first, untimed, pay for that; the rest is timed.
const withContent = await openRuntime('none', true);
const contentFiles = corpus.files.slice(0, contentCount);
await ingest(withContent.runtime, contentFiles, (index) => (index < 2 ? 'Content warm-up' : 'Content'));
const contentService = await withContent.runtime.openEnrichment();
const contentLoad = await timed(async () =>
  contentService.enrichAll(operator, { campaign: 'Content warm-up' }, { concurrency }),
);
let contentFailed = 0;
const contentTiming = await timed(async () => {
  const items = await contentService.enrichAll(operator, { campaign: 'Content' }, { concurrency });
  contentFailed = items.filter((i) => !i.ok).length;
});
await withContent.dispose();
const contentTimed = contentCount - 2;
const floorPerImage = floorSeconds / count;

const rate = (n: number, s: number) => n / s;
const rows: (string | number)[][] = [
  ['run', 'images', 'seconds', 'images/s', 'note'],
  [
    `floor: sharp decode+resize to ${defaultWorkingSize}`,
    count,
    fmt(floorSeconds),
    fmt(rate(count, floorSeconds)),
    `CPU ${fmt(floorCpuMs / count)} ms per image`,
  ],
  [
    'decode only (no resize)',
    count,
    fmt(decodeSeconds),
    fmt(rate(count, decodeSeconds)),
    `CPU ${fmt(decodeCpuMs / count)} ms per image`,
  ],
  [
    'hash-only: decode + hashes',
    count,
    fmt(hashSeconds),
    fmt(rate(count, hashSeconds)),
    `${fmt((hashSeconds / count) * concurrency * 1000)} ms per file per worker`,
  ],
  ['intake (job queued)', count, fmt(intakeSeconds), fmt(rate(count, intakeSeconds)), ''],
  [
    'enrich, no embeddings',
    count,
    fmt(enrich.seconds),
    fmt(rate(count, enrich.seconds)),
    `${enrich.failed} failed; ${fmt(enrich.seconds / floorSeconds, 2)}× the floor, ${fmt(enrich.seconds / decodeSeconds, 2)}× decode only; CPU ${fmt(enrich.cpuMs / count)} ms per image`,
  ],
  [
    'intake + enrich, no embeddings',
    count,
    fmt(intakeSeconds + enrich.seconds),
    fmt(rate(count, intakeSeconds + enrich.seconds)),
    '',
  ],
  ['intake (embedder run)', embedCount, fmt(embedIntakeSeconds), fmt(rate(embedCount, embedIntakeSeconds)), ''],
  [
    'enrich, MobileNet + moderation',
    embedCount,
    fmt(embed.seconds),
    fmt(rate(embedCount, embed.seconds)),
    `${embed.failed} failed; model load ${fmt(modelLoadSeconds)} s apart; CPU ${fmt(embed.cpuMs / embedCount)} ms per image`,
  ],
  [
    'enrich + text, faces, objects',
    contentTimed,
    fmt(contentTiming.seconds),
    fmt(rate(contentTimed, contentTiming.seconds)),
    `${contentFailed} failed; ${fmt(contentTiming.seconds / contentTimed / floorPerImage, 1)}× the floor; first 2 with model load ${fmt(contentLoad.seconds)} s apart; CPU ${fmt(contentTiming.cpuMs / contentTimed)} ms per image`,
  ],
];
for (const row of rows) console.log(row.map((cell, i) => String(cell).padEnd([36, 8, 9, 10, 40][i] ?? 10)).join(' '));
console.log(`ratio to the floor chunk by chunk: ${chunkRatios.map((r) => fmt(r, 2)).join(' ')}`);
console.log(
  `near-duplicates flagged: ${enrich.nearDuplicates} (the generated images are all distinct, so any would be a false positive)`,
);
const intakePerFileMs = (intakeSeconds / count) * concurrency * 1000;
const hashPerFileMs = (hashSeconds / count) * concurrency * 1000;
const intakeWithHash = count / (intakeSeconds + hashSeconds);
console.log(
  `hashing at intake: intake ${fmt(intakePerFileMs)} ms + hashing ${fmt(hashPerFileMs)} ms per file per worker → about ${fmt(intakeWithHash)} files/s ` +
    `(${intakeWithHash >= 100 ? 'within' : 'BELOW'} the 100 files/s intake target)`,
);
console.log(
  `targets: enrich ${fmt(rate(count, enrich.seconds))} ≥ 30 images/s ${rate(count, enrich.seconds) >= 30 ? 'OK' : 'MISSED'}; ` +
    `${fmt(enrich.seconds / floorSeconds, 2)}× floor ≤ 2 ${enrich.seconds / floorSeconds <= 2 ? 'OK' : 'MISSED'}; ` +
    `with embedder ${fmt(rate(embedCount, embed.seconds))} ≥ 8 images/s ${rate(embedCount, embed.seconds) >= 8 ? 'OK' : 'MISSED'}`,
);
