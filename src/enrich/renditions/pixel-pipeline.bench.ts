/**
 * Speed comparison (no assertions): the default pixel enrichment of one image — decode, thumbnail, preview,
 * ThumbHash, palette — against a bare sharp decode + resize of the same 1024² PNGs.
 *
 *   npx tsx src/enrich/renditions/pixel-pipeline.bench.ts [count=40] [concurrency=2]
 *
 * Reports CPU time per image (user + system, robust on a shared machine) and wall-clock throughput with
 * `concurrency` images in flight. Uses the real photographs in ../shared/fixtures when present, scaled and
 * varied to 1024² PNGs; otherwise synthetic textured images.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { extractPalette } from '../colour/palette.ts';
import { decodeImage } from '../decode/decode-image.ts';
import { testImages } from '../decode/test-images.ts';
import { makePreview, makeRenditions } from './renditions.ts';

const count = Number(process.argv[2] ?? 40);
const concurrency = Number(process.argv[3] ?? 2);
const fixtures = fileURLToPath(new URL('../../../../shared/fixtures/provenance/', import.meta.url));
const photos = [
  'c2pa_openai_dalle3_chatgpt.webp',
  'c2pa_microsoft_bing_image_creator.jpg',
  'c2pa_adobe_firefly_genai_actions_v2.jpg',
];

const makeInputs = async (dir: string): Promise<string[]> => {
  const paths: string[] = [];
  const real = photos.every((p) => existsSync(join(fixtures, p)));
  for (let i = 0; i < count; i++) {
    const path = join(dir, `in-${i}.png`);
    if (real) {
      let pipeline = sharp(join(fixtures, photos[i % photos.length] ?? '')).resize(1024, 1024, { fit: 'cover' });
      if (i & 1) pipeline = pipeline.flop();
      if (i & 2) pipeline = pipeline.rotate(90);
      pipeline = pipeline.modulate({ hue: (i * 37) % 360 });
      await pipeline.png().toFile(path);
      paths.push(path);
    } else {
      paths.push(await testImages.textured(dir, 1024, 1024, i));
    }
  }
  console.log(`${count} inputs: ${real ? 'fixture photographs' : 'synthetic textures'}, 1024² PNG`);
  return paths;
};

const limit = { limitInputPixels: 100_000_000 };

const full = (options: Parameters<typeof makeRenditions>[1]) => async (path: string) => {
  const decoded = await decodeImage(path, limit);
  return [await makeRenditions(decoded, options), extractPalette(decoded.image)];
};

const variants: Record<string, (path: string) => Promise<unknown>> = {
  'bare: sharp decode + resize 256 → raw': (path) => sharp(path).resize(256, 256, { fit: 'inside' }).raw().toBuffer(),
  'bare: sharp decode + resize 256 → webp': (path) => sharp(path).resize(256, 256, { fit: 'inside' }).webp().toBuffer(),
  'decodeImage (base 1024 + working 512)': (path) => decodeImage(path, limit),
  'full: decode, thumb, preview, thumbhash, palette': full({}),
  'full, preview effort 0': full({ previewEffort: 0 }),
  'full, preview deferred (preview: false)': full({ preview: false }),
  'full, preview deferred, thumbnail effort 2': full({ preview: false, thumbnailEffort: 2 }),
  'makePreview alone (decoded beforehand, not counted)': () => Promise.resolve(undefined),
};

const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

const run = async (paths: string[], fn: (path: string) => Promise<unknown>, inFlight: number) => {
  let next = 0;
  const worker = async () => {
    while (next < paths.length) await fn(paths[next++] ?? '');
  };
  const cpu0 = cpuMs();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { cpuPerImage: (cpuMs() - cpu0) / paths.length, perSecond: paths.length / ((performance.now() - t0) / 1000) };
};

const dir = await mkdtemp(join(tmpdir(), 'provena-bench-'));
try {
  const paths = await makeInputs(dir);
  console.log(
    `sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, sharp.concurrency() = ${sharp.concurrency()}`,
  );
  const results: Record<string, { cpuPerImage: number; perSecond: number }> = {};
  const decoded = new Map(await Promise.all(paths.map(async (p) => [p, await decodeImage(p, limit)] as const)));
  variants['makePreview alone (decoded beforehand, not counted)'] = async (path) => {
    const asset = decoded.get(path);
    return asset && makePreview(asset);
  };
  for (const [name, fn] of Object.entries(variants)) {
    await run(paths.slice(0, 4), fn, 1); // warm-up
    results[name] = await run(paths, fn, concurrency);
  }
  const baseline = results['bare: sharp decode + resize 256 → raw']?.cpuPerImage ?? 1;
  console.log(`\n${'variant'.padEnd(56)}  CPU ms/img  × bare  images/s (${concurrency} in flight)`);
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `${name.padEnd(56)}  ${r.cpuPerImage.toFixed(1).padStart(10)}  ${(r.cpuPerImage / baseline).toFixed(2).padStart(6)}  ${r.perSecond.toFixed(1).padStart(8)}`,
    );
  }
  const sample = await decodeImage(paths[0] ?? '', limit);
  const palette0 = performance.now();
  for (let i = 0; i < 20; i++) extractPalette(sample.image);
  console.log(`\npalette alone on the 512² working image: ${((performance.now() - palette0) / 20).toFixed(1)} ms`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
