/**
 * bench:brand — the brand-compliance proof of issue 13, one part after the other, each in its own process (so that
 * one part's models and threads do not slow the next): rule checks from stored facts and palette-share error
 * (bench/brand/rules.bench.ts), logo matching (logo.bench.ts), OCR (ocr.bench.ts), faces and objects
 * (vision.bench.ts), a guideline bump over 100,000 assets (bump.bench.ts). Each part prints its own report and exits
 * non-zero when it misses a target; this runner prints every part's output and a summary line per part, and exits
 * non-zero when any part did.
 *
 * Usage: npm run bench:brand [-- --only rules,logo] ; any other argument is passed to every part.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const parts = ['rules', 'logo', 'ocr', 'vision', 'bump'] as const;

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set(args[onlyAt + 1]?.split(',')) : undefined;
const passOn = onlyAt >= 0 ? args.filter((_, i) => i !== onlyAt && i !== onlyAt + 1) : args;

const summary: string[] = [];
let failed = false;
for (const part of parts) {
  if (only && !only.has(part)) continue;
  const script = fileURLToPath(new URL(`./brand/${part}.bench.ts`, import.meta.url));
  if (!existsSync(script)) {
    summary.push(`${part.padEnd(7)} missing (${script})`);
    failed = true;
    continue;
  }
  process.stdout.write(`\n=== bench:brand ${part} ===\n`);
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, ...passOn], { stdio: 'inherit' });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const ok = run.status === 0;
  failed ||= !ok;
  summary.push(`${part.padEnd(7)} ${ok ? 'targets met' : `MISSED (exit ${run.status ?? run.signal})`} in ${seconds} s`);
}
process.stdout.write(`\n=== bench:brand summary ===\n${summary.join('\n')}\n`);
process.exitCode = failed ? 1 : 0;
