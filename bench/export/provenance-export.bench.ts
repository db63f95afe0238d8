/**
 * One export with provenance, timed: npx tsx bench/export/provenance-export.bench.ts [--files 100] [--format webp]
 *   [--concurrency 1,2]
 *
 * Each file is a distinct 1024² photograph-like PNG (made here with sharp), exported through the ProvenanceExporter
 * with a web preset (1600 px box, inside: no resize for a 1024² original; WebP q82 or JPEG q85, sRGB), the XMP packet
 * with the IPTC AI and rights fields, a new C2PA manifest signed with a test ECDSA P-256 certificate (the original as
 * ingredient), and the JSON-LD. Printed: wall and CPU time per file one at a time (median, p95), the split between
 * pixels (sharp decode + encode), metadata + signing and JSON-LD, and files per second with several exports at once.
 *
 * The issue's target (≥ 20 files/s on 2 cores for 1,000 files, memory flat) is for the whole bulk export, which the
 * export service measures in `npm run bench:export`; this isolates the exporter's share of it.
 */
import { availableParallelism, loadavg } from 'node:os';
import type { ExportRequest, RenditionPreset } from '../../src/domain/export.ts';
import { signC2pa } from '../../src/provenance/c2pa/sign/sign-c2pa.ts';
import { generateTestPki } from '../../src/provenance/c2pa/sign/test-pki.ts';
import { duckRequest, photoLike } from '../../src/provenance/export/export-test-support.ts';
import { buildJsonLd } from '../../src/provenance/export/json-ld.ts';
import { SharpProvenanceExporter } from '../../src/provenance/export/provenance-exporter.ts';
import { renderPixels } from '../../src/provenance/export/render-pixels.ts';
import { fmt, percentile } from '../support.ts';

const arg = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
};
const FILES = Math.max(1, Number(arg('files', '100')) || 100);
const FORMAT = arg('format', 'webp') === 'jpeg' ? 'jpeg' : 'webp';
const CONCURRENCY = arg('concurrency', '1,2,4')
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);

const preset: RenditionPreset = {
  name: 'web-1600',
  width: 1600,
  height: 1600,
  fit: 'inside',
  format: FORMAT,
  quality: FORMAT === 'webp' ? 82 : 85,
  colourSpace: 'srgb',
  metadata: 'provenance',
};

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
const cpuMs = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};
const summary = (label: string, values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  console.log(`  ${label.padEnd(34)} median ${fmt(percentile(sorted, 50))} ms   p95 ${fmt(percentile(sorted, 95))} ms`);
};

async function main(): Promise<void> {
  console.log(
    `export with provenance: ${FILES} distinct 1024² PNGs → ${preset.name} (${FORMAT}), XMP, re-signed C2PA, JSON-LD`,
  );
  console.log(
    `machine: ${availableParallelism()} cores, load ${loadavg()
      .map((l) => fmt(l, 2))
      .join(' ')}`,
  );
  const pki = generateTestPki();
  const signing = { certificateChainPem: pki.chainPem, privateKeyPem: pki.leafKeyPem, subject: 'bench' };
  const exporter = new SharpProvenanceExporter({ signing, claimGenerator: { name: 'Provena' }, maxPixels: 1e8 });
  const originals: Uint8Array[] = [];
  for (let i = 0; i < FILES; i++) originals.push(await photoLike(1024, 1024, 'png', { seed: 1000 + i }));
  const requests: ExportRequest[] = originals.map((png) => duckRequest(png, 'image/png', preset));
  await exporter.exportFile(requests[0]!); // warm: sharp, the codecs, node:crypto

  const wall: number[] = [];
  const cpu: number[] = [];
  const pixels: number[] = [];
  const signingTimes: number[] = [];
  const jsonLd: number[] = [];
  let bytesOut = 0;
  for (const request of requests) {
    const startCpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    const out = await exporter.exportFile(request);
    wall.push(ms(start));
    cpu.push(cpuMs(startCpu));
    bytesOut += out.bytes.length;
    // The stages apart (the exporter runs them in this order).
    const pixelStart = process.hrtime.bigint();
    const rendered = await renderPixels(request.source, request.mediaType, preset, { maxPixels: 1e8 });
    pixels.push(ms(pixelStart));
    if (rendered.kind === 'rendered') {
      const signStart = process.hrtime.bigint();
      signC2pa(rendered.bytes, rendered.mediaType, {
        certificateChainPem: signing.certificateChainPem,
        privateKeyPem: signing.privateKeyPem,
        action: 'c2pa.edited',
        editActions: [{ action: 'c2pa.transcoded' }],
      });
      signingTimes.push(ms(signStart));
    }
    const jsonStart = process.hrtime.bigint();
    buildJsonLd(request, { mediaType: out.mediaType, width: out.width ?? 0, height: out.height ?? 0 });
    jsonLd.push(ms(jsonStart));
  }
  console.log(`one at a time (mean output ${fmt(bytesOut / FILES / 1024)} KiB):`);
  summary('whole export, wall', wall);
  summary('whole export, CPU (all threads)', cpu);
  summary('pixels (sharp decode + encode)', pixels);
  summary('C2PA signing (hash + ECDSA)', signingTimes);
  summary('JSON-LD', jsonLd);

  for (const concurrency of CONCURRENCY) {
    const rss: number[] = [];
    let next = 0;
    const start = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests.length) {
          const request = requests[next++]!;
          await exporter.exportFile(request);
          rss.push(process.memoryUsage().rss / 2 ** 20);
        }
      }),
    );
    const seconds = ms(start) / 1000;
    console.log(
      `  ${`${concurrency} at once`.padEnd(34)} ${fmt(FILES / seconds)} files/s   rss ${fmt(Math.min(...rss), 0)}–${fmt(Math.max(...rss), 0)} MiB`,
    );
  }
  console.log(
    `load after: ${loadavg()
      .map((l) => fmt(l, 2))
      .join(' ')} (a shared machine: figures are noisy)`,
  );
}

await main();
