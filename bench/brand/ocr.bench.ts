/**
 * bench:brand's OCR share (issue 13, Proof and Performance): word recall on the generated text set (bench/brand/
 * text-set.ts) per category, false words on distractors, and milliseconds per 1024² picture on one tesseract worker.
 * Exits non-zero when a target is missed:
 *   recall ≥ 0.95 on plain rendered text (24–72 px), ≥ 0.75 on outlined text over photographs (the issue's targets);
 *   at most 0.5 false words per distractor (ours); p95 CPU time per picture ≤ 1000 ms. CPU time (the process's, the
 *   tesseract thread's included) is what "1 s on one core" means: the passes run one after another on one thread, so
 *   on a quiet machine the wall clock (also printed) is the same, and on a busy one it is not a measure of the code.
 * Options: --plain N --outlined N --distractors N (defaults 40 / 48 / 24), --seed S, --size PX (default 1024).
 * Real photographs come from Debian's python3-skimage (as bench:dupes obtains them); without them, generated scenes.
 */
import { percentile } from '../support.ts';
import { ensurePhotos } from './photos.ts';

import { parseArgs } from 'node:util';
import { createTextRecogniser } from '../../src/enrich/ocr/index.ts';
import { textSet, wordsFound } from './text-set.ts';
import type { TextCategory } from './text-set.ts';

const targets = { plainRecall: 0.95, outlinedRecall: 0.75, falseWordsPerDistractor: 0.5, p95CpuMs: 1000 };

const { values } = parseArgs({
  options: {
    plain: { type: 'string', default: '40' },
    outlined: { type: 'string', default: '48' },
    distractors: { type: 'string', default: '24' },
    seed: { type: 'string', default: '1' },
    // The targets are per 1024² picture; the enrichment run decodes at 2048 for OCR, which this shows the cost of.
    size: { type: 'string', default: '1024' },
  },
});

const photos = ensurePhotos();
const recogniser = createTextRecogniser();
const tally = new Map<TextCategory, { drawn: number; found: number; recognised: number; images: number }>();
const milliseconds: number[] = [];
/** CPU time of the whole process (the tesseract thread included) per picture: less noisy than the wall clock on a busy machine. */
const cpuMilliseconds: number[] = [];
console.log(
  `OCR (${recogniser.producer.model} ${recogniser.producer.modelVersion}); photographs: ${photos.length || 'none (generated scenes)'}`,
);
// The first picture also starts the worker (loads the language data): not what a picture costs.
const set = textSet({
  plain: Number(values.plain),
  outlined: Number(values.outlined),
  distractors: Number(values.distractors),
  photos,
  seed: Number(values.seed),
  size: Number(values.size),
});
let warm = false;
for await (const sample of set) {
  if (!warm) {
    await recogniser.recognise(sample.image);
    warm = true;
  }
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const { words } = await recogniser.recognise(sample.image);
  const cpu = process.cpuUsage(cpuBefore);
  milliseconds.push(performance.now() - started);
  cpuMilliseconds.push((cpu.user + cpu.system) / 1000);
  const row = tally.get(sample.category) ?? { drawn: 0, found: 0, recognised: 0, images: 0 };
  row.images++;
  row.drawn += sample.words.length;
  row.recognised += words.length;
  row.found += wordsFound(
    sample.words,
    words.map((word) => word.text),
  );
  tally.set(sample.category, row);
  if (process.env.OCR_BENCH_VERBOSE && sample.category !== 'distractor') {
    const missed =
      sample.words.length -
      wordsFound(
        sample.words,
        words.map((word) => word.text),
      );
    if (missed > 0)
      console.log(
        `  ${sample.name} (${sample.background}) missed ${missed}: ${words.map((w) => w.text).join(' ')} | drawn: ${sample.words.join(' ')}`,
      );
  }
  if (process.env.OCR_BENCH_VERBOSE && sample.category === 'distractor' && words.length > 0)
    console.log(
      `  ${sample.name} (${sample.background}) false: ${words.map((w) => `${w.text}:${w.confidence.toFixed(2)}`).join(' ')}`,
    );
}
await recogniser.dispose();

milliseconds.sort((a, b) => a - b);
cpuMilliseconds.sort((a, b) => a - b);
const ran = (category: TextCategory): boolean => (tally.get(category)?.drawn ?? 0) > 0;
const recall = (category: TextCategory): number => {
  const row = tally.get(category);
  return row && row.drawn > 0 ? row.found / row.drawn : 0;
};
for (const [category, row] of tally) {
  const detail =
    category === 'distractor'
      ? `false words ${row.recognised} over ${row.images} pictures (${(row.recognised / row.images).toFixed(2)} each)`
      : `word recall ${row.found}/${row.drawn} = ${(row.found / row.drawn).toFixed(3)}`;
  console.log(`  ${category.padEnd(15)} ${String(row.images).padStart(3)} pictures  ${detail}`);
}
const [p50, p95] = [percentile(milliseconds, 50), percentile(milliseconds, 95)];
const p95Cpu = percentile(cpuMilliseconds, 95);
const falseWordsPerDistractor = (): number => {
  const row = tally.get('distractor');
  return row ? row.recognised / row.images : 0;
};
console.log(
  `  time per ${values.size}² picture: p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${milliseconds.at(-1)?.toFixed(0)} ms` +
    ` (CPU p50 ${percentile(cpuMilliseconds, 50).toFixed(0)} ms, p95 ${p95Cpu.toFixed(0)} ms)`,
);

const missed = [
  ran('plain') &&
    recall('plain') < targets.plainRecall &&
    `plain recall ${recall('plain').toFixed(3)} < ${targets.plainRecall}`,
  ran('outlined-photo') &&
    recall('outlined-photo') < targets.outlinedRecall &&
    `outlined recall ${recall('outlined-photo').toFixed(3)} < ${targets.outlinedRecall}`,
  falseWordsPerDistractor() > targets.falseWordsPerDistractor &&
    `false words per distractor ${falseWordsPerDistractor().toFixed(2)} > ${targets.falseWordsPerDistractor}`,
  // The time target is per 1024² picture; at other sizes the time is reported only.
  values.size === '1024' &&
    p95Cpu > targets.p95CpuMs &&
    `p95 CPU time ${p95Cpu.toFixed(0)} ms > ${targets.p95CpuMs} ms`,
].filter(Boolean);
if (missed.length > 0) {
  console.log(`MISSED: ${missed.join('; ')}`);
  process.exitCode = 1;
} else console.log('all OCR targets met');
