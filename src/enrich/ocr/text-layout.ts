/**
 * Words from several recognition passes over one picture made into one reading: the same word read twice (two passes
 * see the same letters) is kept once, with the better confidence, and the words are grouped into lines for the text
 * that search indexes.
 */
import type { Box, RecognisedWord } from '../../domain/image-content.ts';

/** Intersection over the smaller box: a word read whole in one pass and in part in another still counts as one. */
export function overlapOfSmaller(a: Box, b: Box): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (width <= 0 || height <= 0) return 0;
  const smaller = Math.min(a.width * a.height, b.width * b.height);
  return smaller > 0 ? (width * height) / smaller : 0;
}

/** Adds `later` words to `kept`: a word overlapping a kept one by half or more replaces it only when more confident. */
export function mergeWords(
  kept: RecognisedWord[],
  later: readonly RecognisedWord[],
  minOverlap = 0.5,
): RecognisedWord[] {
  const merged = [...kept];
  for (const word of later) {
    const same = merged.findIndex((other) => overlapOfSmaller(other.box, word.box) >= minOverlap);
    if (same === -1) merged.push(word);
    else if (word.confidence > merged[same]!.confidence) merged[same] = word;
  }
  return merged;
}

/**
 * Groups words into lines (a word joins the line whose vertical extent covers half of its own height or more) and
 * orders lines top to bottom and words left to right: the reading order of one column of text.
 */
export function intoLines(words: readonly RecognisedWord[]): RecognisedWord[][] {
  const lines: { top: number; bottom: number; words: RecognisedWord[] }[] = [];
  const byTop = [...words].sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
  for (const word of byTop) {
    const top = word.box.y;
    const bottom = word.box.y + word.box.height;
    const line = lines.find((candidate) => {
      const shared = Math.min(bottom, candidate.bottom) - Math.max(top, candidate.top);
      return shared >= 0.5 * Math.min(word.box.height, candidate.bottom - candidate.top);
    });
    if (line) {
      line.words.push(word);
      line.top = Math.min(line.top, top);
      line.bottom = Math.max(line.bottom, bottom);
    } else lines.push({ top, bottom, words: [word] });
  }
  return lines.sort((a, b) => a.top - b.top).map((line) => line.words.sort((a, b) => a.box.x - b.box.x));
}

/** The recognised text: words joined by spaces, lines by newlines. */
export const textOfLines = (lines: readonly RecognisedWord[][]): string =>
  lines.map((line) => line.map((word) => word.text).join(' ')).join('\n');
