/**
 * Isolates outlined lettering (light letters with a dark outline, as in captions and memes over photographs, or the
 * reverse) into black-on-white for the recogniser. Tesseract reads a photograph's own edges as part of the letters
 * and splits or loses words; a global threshold keeps the photograph's bright areas. A letter, though, is a region of
 * one lightness whose whole border touches its outline: keep the connected regions that are ringed that way and drop
 * the rest (photograph highlights touch dark pixels only here and there).
 */

export type Polarity = 'light-on-dark' | 'dark-on-light';

export interface OutlinedTextMaskOptions {
  /** Letter pixels are at least this light ('light-on-dark') or at most (255 − it) dark. Default 185. */
  letterLevel?: number;
  /** Outline pixels are at most this dark ('light-on-dark') or at least (255 − it) light. Default 100. */
  outlineLevel?: number;
  /** How far (pixels) from a letter's border its outline may be: anti-aliasing puts a pixel or two between. */
  reach?: number;
  /** The least share of a region's border that must lie next to outline pixels. Default 0.8. */
  minRingedShare?: number;
}

export interface OutlinedTextMask {
  /** 8-bit grey, width × height: 0 where kept letters are, 255 elsewhere. */
  pixels: Uint8Array;
  /** How many connected regions were kept (0: nothing outlined, the pass can be skipped). */
  regions: number;
}

/**
 * @param grey 8-bit luminance, row-major, width × height.
 */
export function outlinedTextMask(
  grey: Uint8Array,
  width: number,
  height: number,
  polarity: Polarity,
  options: OutlinedTextMaskOptions = {},
): OutlinedTextMask {
  const { letterLevel = 185, outlineLevel = 100, reach = 3, minRingedShare = 0.8 } = options;
  const size = width * height;
  const light = polarity === 'light-on-dark';
  const isLetter = new Uint8Array(size);
  const isOutline = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    const value = light ? grey[i]! : 255 - grey[i]!;
    if (value >= letterLevel) isLetter[i] = 1;
    else if (value <= outlineLevel) isOutline[i] = 1;
  }
  const nearOutline = dilate(isOutline, width, height, reach);

  // Connected letter regions (4-connected) with an explicit stack (recursion would overflow on a large region), and
  // per region its size, bounding box and border: a first pass labels and measures, a second paints the kept ones.
  const label = new Int32Array(size).fill(-1);
  const stack = new Int32Array(size);
  const maxRegionHeight = Math.max(8, Math.round(height * 0.3));
  const maxRegionWidth = Math.max(8, Math.round(width * 0.5));
  const kept: boolean[] = [];
  for (let start = 0; start < size; start++) {
    if (!isLetter[start] || label[start] !== -1) continue;
    const region = kept.length;
    let top = 0;
    stack[top++] = start;
    label[start] = region;
    let area = 0;
    let border = 0;
    let ringed = 0;
    let minX = width;
    let maxX = 0;
    let minY = height;
    let maxY = 0;
    while (top > 0) {
      const at = stack[--top]!;
      area++;
      const x = at % width;
      const y = (at - x) / width;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      // A pixel at the frame's edge counts as border: a region cut by the frame is not a ringed letter.
      let onBorder = x === 0 || y === 0 || x === width - 1 || y === height - 1;
      // The four neighbours, unrolled: this loop runs once per light pixel of the picture.
      if (x > 0) {
        if (!isLetter[at - 1]) onBorder = true;
        else if (label[at - 1] === -1) {
          label[at - 1] = region;
          stack[top++] = at - 1;
        }
      }
      if (x < width - 1) {
        if (!isLetter[at + 1]) onBorder = true;
        else if (label[at + 1] === -1) {
          label[at + 1] = region;
          stack[top++] = at + 1;
        }
      }
      if (y > 0) {
        if (!isLetter[at - width]) onBorder = true;
        else if (label[at - width] === -1) {
          label[at - width] = region;
          stack[top++] = at - width;
        }
      }
      if (y < height - 1) {
        if (!isLetter[at + width]) onBorder = true;
        else if (label[at + width] === -1) {
          label[at + width] = region;
          stack[top++] = at + width;
        }
      }
      if (onBorder) {
        border++;
        ringed += nearOutline[at]!;
      }
    }
    const regionWidth = maxX - minX + 1;
    const regionHeight = maxY - minY + 1;
    const plausibleLetter =
      area >= 6 && regionHeight >= 3 && regionHeight <= maxRegionHeight && regionWidth <= maxRegionWidth;
    kept.push(plausibleLetter && ringed >= border * minRingedShare);
  }

  const pixels = new Uint8Array(size).fill(255);
  for (let at = 0; at < size; at++) if (label[at]! >= 0 && kept[label[at]!]) pixels[at] = 0;
  return { pixels, regions: kept.filter(Boolean).length };
}

/** Square dilation of a 0/1 mask by `reach` pixels: a sliding count along rows, then along columns. */
function dilate(mask: Uint8Array, width: number, height: number, reach: number): Uint8Array {
  const rows = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let count = 0;
    for (let x = 0; x < Math.min(reach, width); x++) count += mask[row + x]!;
    for (let x = 0; x < width; x++) {
      if (x + reach < width) count += mask[row + x + reach]!;
      if (x - reach - 1 >= 0) count -= mask[row + x - reach - 1]!;
      rows[row + x] = count > 0 ? 1 : 0;
    }
  }
  const out = new Uint8Array(mask.length);
  for (let x = 0; x < width; x++) {
    let count = 0;
    for (let y = 0; y < Math.min(reach, height); y++) count += rows[y * width + x]!;
    for (let y = 0; y < height; y++) {
      if (y + reach < height) count += rows[(y + reach) * width + x]!;
      if (y - reach - 1 >= 0) count -= rows[(y - reach - 1) * width + x]!;
      out[y * width + x] = count > 0 ? 1 : 0;
    }
  }
  return out;
}
