/**
 * The visible watermark of a download: the preset's text drawn in the lower right corner as an SVG overlay (sharp
 * renders it with librsvg). The text is the caller's, so it is escaped as XML, stripped of what XML cannot carry,
 * and bounded in length: it can never break out of the <text> element or make the renderer work hard.
 */
import { escapeXml } from '../writers/xmp-packet.ts';

/** Longer than any credit line; the preset rules (domain/export-presets.ts) refuse longer texts before this. */
const MAX_WATERMARK_CHARACTERS = 200;

/** An SVG the size of the image with the text in its lower right corner, light over a dark outline to read anywhere. */
export function watermarkOverlay(text: string, size: { width: number; height: number }): Buffer {
  const bounded = [...text.replace(/\s+/g, ' ').trim()].slice(0, MAX_WATERMARK_CHARACTERS).join('');
  // About 1/24 of the shorter side, but never so large that a long text overruns the width (~0.6 em per glyph).
  const fontSize = Math.max(
    8,
    Math.floor(
      Math.min(Math.min(size.width, size.height) / 24, (size.width * 0.9) / (0.6 * Math.max(1, bounded.length))),
    ),
  );
  const margin = Math.max(4, Math.round(fontSize / 2));
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}">`,
    `<text x="${size.width - margin}" y="${size.height - margin}" text-anchor="end"`,
    ` font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="${fontSize}"`,
    ` fill="#ffffff" fill-opacity="0.75" stroke="#000000" stroke-opacity="0.5" stroke-width="${Math.max(1, fontSize / 16)}"`,
    ` paint-order="stroke">${escapeXml(bounded)}</text>`,
    '</svg>',
  ].join('');
  return Buffer.from(svg, 'utf8');
}
