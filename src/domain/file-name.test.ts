import { describe, expect, it } from 'vitest';
import { ProvenaError } from './errors.ts';
import { checkFileName, displayFileName } from './file-name.ts';

const problemOf = (name: string): string | undefined => {
  try {
    checkFileName(name);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ProvenaError);
    expect((error as ProvenaError).code).toBe('INVALID_FILE_NAME');
    return (error as ProvenaError).details.problem as string;
  }
};

const hex = (codePoint: number) => `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;

describe('checkFileName', () => {
  it('refuses a name that a bidi override turns around: invoice‮gnp.exe shows as invoiceexe.png', () => {
    expect(problemOf('invoice\u202egnp.exe')).toContain('U+202E');
  });

  const bidiControls = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c];
  const invisible = [0x200b, 0xfeff, 0x00ad, 0x2060, 0x2061, 0x180e, 0xfff9, 0xe0041, 0xe007f];
  for (const codePoint of [...bidiControls, ...invisible]) {
    it(`refuses ${hex(codePoint)} and names it`, () => {
      const char = String.fromCodePoint(codePoint);
      for (const name of [`photo${char}.png`, `${char}photo.png`, `pho${char}to.png`]) {
        expect(problemOf(name)).toContain(hex(codePoint));
      }
    });
  }

  it('refuses line and paragraph separators like other line breaks', () => {
    expect(problemOf('two\u2028lines.png')).toBe('contains control characters');
    expect(problemOf('two\u2029paragraphs.png')).toBe('contains control characters');
  });

  it('refuses a joiner that joins nothing visible, so that it cannot hide inside a Latin name', () => {
    expect(problemOf('in\u200dvoice.png')).toContain('U+200D');
    expect(problemOf('in\u200cvoice.png')).toContain('U+200C');
    expect(problemOf('\u200d👩.png')).toContain('U+200D');
    expect(problemOf('سلام\u200c\u200cدنیا.png')).toContain('U+200C');
  });

  it('keeps the joiners that scripts and emoji need', () => {
    for (const name of [
      'می\u200cخواهم.png', // Persian: ZWNJ is part of the spelling
      'क्\u200dष.png', // Devanagari: ZWJ after a virama
      '👩\u200d👩\u200d👧.png', // an emoji family
      '🏳\ufe0f\u200d🌈.png', // a variation selector before the joiner
      'café São Paulo 東京.png',
    ]) {
      expect(problemOf(name)).toBeUndefined();
      expect(checkFileName(name)).toBe(name.normalize('NFC'));
    }
  });
});

describe('displayFileName', () => {
  it('replaces what checkFileName refuses, for names stored before the rule', () => {
    expect(displayFileName('invoice\u202egnp.exe')).toBe('invoice_gnp.exe');
    expect(displayFileName('a\u200bb\u2066c\u2069.png')).toBe('a_b_c_.png');
    expect(displayFileName('bell\u0007.png')).toBe('bell_.png');
    expect(displayFileName('in\u200dvoice.png')).toBe('in_voice.png');
  });

  it('leaves every name checkFileName accepts as it is', () => {
    for (const name of ['lighthouse.png', 'می\u200cخواهم.png', '👩\u200d👩\u200d👧.png', 'café.png']) {
      expect(displayFileName(name)).toBe(name);
    }
  });
});
