import { describe, expect, it } from 'vitest';
import type { RecognisedWord } from '../../domain/image-content.ts';
import { intoLines, mergeWords, overlapOfSmaller, textOfLines } from './text-layout.ts';

const word = (text: string, x: number, y: number, confidence = 0.9, width = 40, height = 20): RecognisedWord => ({
  text,
  confidence,
  box: { x, y, width, height },
});

describe('OCR text layout', () => {
  it('measures overlap against the smaller box', () => {
    expect(overlapOfSmaller({ x: 0, y: 0, width: 100, height: 20 }, { x: 10, y: 0, width: 20, height: 20 })).toBe(1);
    expect(overlapOfSmaller({ x: 0, y: 0, width: 10, height: 10 }, { x: 10, y: 0, width: 10, height: 10 })).toBe(0);
    expect(overlapOfSmaller({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 0, width: 10, height: 10 })).toBe(0.5);
  });

  it('keeps one reading of a word read by two passes, the more confident one', () => {
    const first = [word('SHAD', 100, 50, 0.6), word('river', 300, 50, 0.95)];
    const second = [word('SHADOW', 98, 49, 0.93, 60), word('rlver', 301, 51, 0.7), word('new', 500, 300)];
    const merged = mergeWords(first, second);
    expect(merged.map((w) => w.text).sort()).toEqual(['SHADOW', 'new', 'river']);
  });

  it('groups words into lines in reading order, whatever order they come in', () => {
    const words = [
      word('world', 120, 12),
      word('second', 10, 60),
      word('hello', 10, 10),
      word('line', 100, 62, 0.9, 40, 16),
      word('!', 200, 8, 0.9, 10, 26),
    ];
    const lines = intoLines(words);
    expect(textOfLines(lines)).toBe('hello world !\nsecond line');
  });

  it('gives no lines and no text for no words', () => {
    expect(textOfLines(intoLines([]))).toBe('');
  });
});
