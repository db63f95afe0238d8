/**
 * npm run bench:enrich-steps — where the CPU of one image's pixel enrichment goes, step by step, on the
 * bench:enrich corpus (generated 1024² PNGs, bench/support.ts). No assertions: a map for whoever tunes the pipeline.
 * Steps run one after another on one image at a time, so each figure is that step's CPU (every thread, libvips
 * included) per image. The preview is made on first request, not by enrichment; its cost is shown apart.
 * Usage: npm run bench:enrich-steps [-- --files 100]
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { extractPalette } from '../src/enrich/colour/index.ts';
import { decodeImage, defaultWorkingSize, readSourceFacts } from '../src/enrich/decode/index.ts';
import { queryHashes } from '../src/enrich/hashes/crop-probes.ts';
import { decodeDetail } from '../src/enrich/pipeline/detail-image.ts';
import { makeRenditions, renderPreview } from '../src/enrich/renditions/index.ts';
import { fmt, intakeCorpus } from './support.ts';

const i = process.argv.indexOf('--files');
const count = i >= 0 ? Number(process.argv[i + 1]) : 100;
const warmUp = 20;
const corpus = await intakeCorpus(count + warmUp);
const limit = { limitInputPixels: 200_000_000 };

const totals = new Map<string, number>();
const measure = async <T>(step: string, work: () => T | Promise<T>): Promise<T> => {
  const from = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(from);
  totals.set(step, (totals.get(step) ?? 0) + (used.user + used.system) / 1000);
  return result;
};

for (const [n, file] of corpus.files.entries()) {
  if (n === warmUp) totals.clear(); // the first few warm the JIT and libvips' caches
  await measure('floor: sharp decode → raw', () => sharp(file).raw().toBuffer());
  await measure('floor: same, from bytes in memory', () => sharp(readFileSync(file)).raw().toBuffer());
  await measure('header (readSourceFacts)', () => readSourceFacts(file, limit));
  const decoded = await measure(`decodeImage (header + decode to ${defaultWorkingSize}²)`, () =>
    decodeImage(file, limit),
  );
  await measure('thumbnail + placeholder (makeRenditions)', () => makeRenditions(decoded));
  await measure('palette', () => extractPalette(decoded.image));
  await measure('hashes with crop probes', () => queryHashes(decoded.image));
  await measure('preview, on first request (not in enrichment)', () => renderPreview(file, limit));
  // The decode the detectors read (text, faces, objects), made once per run at the largest size a due step needs.
  await measure('detail decode, long edge 1024 (faces, objects)', () => decodeDetail(file, 1024, limit));
  await measure('detail decode, long edge 2048 (with text)', () => decodeDetail(file, 2048, limit));
}

const images = Math.max(1, corpus.files.length - warmUp);
console.log(`${images} images (after ${warmUp} to warm up), 1024² PNG; CPU ms per image, all threads`);
for (const [step, ms] of totals) console.log(`${step.padEnd(50)} ${fmt(ms / images).padStart(8)}`);
