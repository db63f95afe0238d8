/**
 * The palette rule's preview on a sample: every pixel classed as on palette (within `tolerance` ΔE2000 of a brand
 * colour), forbidden (within its own tolerance of a forbidden colour; that wins) or off palette, with the shares the
 * rule compares with its minimum and maximum. Pure over RGBA bytes, so a test can check it without a canvas.
 */
import { deltaE2000, hexToLab, rgbToLab, type Lab } from './colour.ts';

export const pixelClasses = { on: 0, off: 1, forbidden: 2, transparent: 3 } as const;
export type PixelClass = (typeof pixelClasses)[keyof typeof pixelClasses];

export interface PreviewColour {
  name: string;
  hex: string;
}

export interface PreviewRule {
  colours: PreviewColour[];
  tolerance: number;
  forbidden: (PreviewColour & { tolerance: number })[];
}

export interface PaletteClassification {
  /** One class per pixel (pixelClasses). */
  classes: Uint8Array;
  onShare: number;
  offShare: number;
  forbiddenShare: number;
  /** Per brand colour, the share of pixels it was the nearest match for (on palette). */
  byColour: { name: string; hex: string; share: number }[];
}

interface Target {
  lab: Lab;
  tolerance: number;
}

/**
 * Classes `rgba` (width × height × 4 bytes). Pixels under half opacity take no part in the shares. Distances are
 * computed once per distinct colour (a sample has far fewer colours than pixels).
 */
export function classifyPixels(rgba: Uint8ClampedArray | Uint8Array, rule: PreviewRule): PaletteClassification {
  const palette = rule.colours.flatMap((c) => {
    const lab = hexToLab(c.hex);
    return lab ? [{ lab, tolerance: rule.tolerance }] : [];
  });
  const paletteIndex = rule.colours.flatMap((c, i) => (hexToLab(c.hex) ? [i] : []));
  const forbidden: Target[] = rule.forbidden.flatMap((c) => {
    const lab = hexToLab(c.hex);
    return lab ? [{ lab, tolerance: c.tolerance }] : [];
  });
  const pixels = Math.floor(rgba.length / 4);
  const classes = new Uint8Array(pixels);
  const perColour = new Array<number>(rule.colours.length).fill(0);
  const cache = new Map<number, number>(); // rgb → class * 1024 + colour index
  let on = 0;
  let off = 0;
  let banned = 0;
  for (let p = 0; p < pixels; p++) {
    const i = p * 4;
    if ((rgba[i + 3] ?? 255) < 128) {
      classes[p] = pixelClasses.transparent;
      continue;
    }
    const r = rgba[i] ?? 0;
    const g = rgba[i + 1] ?? 0;
    const b = rgba[i + 2] ?? 0;
    const key = (r << 16) | (g << 8) | b;
    let coded = cache.get(key);
    if (coded === undefined) {
      coded = classOf(rgbToLab(r, g, b), palette, forbidden);
      cache.set(key, coded);
    }
    const cls = Math.floor(coded / 1024) as PixelClass;
    classes[p] = cls;
    if (cls === pixelClasses.on) {
      on++;
      const colour = paletteIndex[coded % 1024];
      if (colour !== undefined) perColour[colour] = (perColour[colour] ?? 0) + 1;
    } else if (cls === pixelClasses.forbidden) banned++;
    else off++;
  }
  const counted = on + off + banned;
  const share = (n: number) => (counted === 0 ? 0 : n / counted);
  return {
    classes,
    onShare: share(on),
    offShare: share(off),
    forbiddenShare: share(banned),
    byColour: rule.colours.map((c, i) => ({ name: c.name, hex: c.hex, share: share(perColour[i] ?? 0) })),
  };
}

function classOf(lab: Lab, palette: Target[], forbidden: Target[]): number {
  for (const target of forbidden)
    if (deltaE2000(lab, target.lab) <= target.tolerance) return pixelClasses.forbidden * 1024;
  let best = -1;
  let bestDistance = Infinity;
  palette.forEach((target, index) => {
    const distance = deltaE2000(lab, target.lab);
    if (distance <= target.tolerance && distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best >= 0 ? pixelClasses.on * 1024 + best : pixelClasses.off * 1024;
}
