/**
 * The watermark overlay takes any text: XML specials, control characters, lone surrogates, very long text. Whatever
 * it is, the SVG parses and renders, and the text can never leave its <text> element.
 */
import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { watermarkOverlay } from './watermark.ts';

const size = { width: 320, height: 200 };
/** Any code point, and often the hostile ones: lone surrogates, NUL, markup characters. */
const hostileUnit = fc.oneof(
  fc.constantFrom('\ud800', '\udfff', '\u0000', '\u001b', '<', '&', '"', ']]>'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);

describe('watermarkOverlay', () => {
  it('renders any text (fast-check: full unicode, controls and lone surrogates included)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: hostileUnit, maxLength: 300 }), async (text) => {
        const svg = watermarkOverlay(text, size);
        const { info } = await sharp(svg).png().toBuffer({ resolveWithObject: true });
        expect([info.width, info.height]).toEqual([320, 200]);
        // One text element, whatever the text held.
        expect(svg.toString('utf8').match(/<text\b/g)).toHaveLength(1);
      }),
      { numRuns: 60 },
    );
  });

  it('escapes markup and bounds the length', () => {
    const svg = watermarkOverlay(`</text><script>alert(1)</script>&${'x'.repeat(5_000)}`, size).toString('utf8');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;/text&gt;&lt;script&gt;');
    expect(svg.length).toBeLessThan(1_000);
  });
});
