/**
 * The basic colour term of a CIELAB colour, from its lightness, chroma and hue angle.
 *
 * Rules rather than "the family of the nearest named colour" so that the boundaries are fixed and readable: a user
 * filtering by "brown" gets the same colours whatever names the name table gains. The hue sectors are measured on
 * the D50 Lab of the sRGB landmarks (red 41°, orange 71°, yellow 100°, green 134°, cyan 196°, blue 301°, magenta
 * 327°). Lightness and chroma then split the sectors the way people name colours:
 * - low chroma is achromatic (black, grey, white by lightness); very dark is black whatever the hue;
 * - brown is dark or muted orange and orange-yellow (saddle brown, tan, khaki);
 * - dark yellow reads as olive, which people call green;
 * - pink is light red and light, vivid magenta; dark magenta is purple.
 * In the domain (not beside the palette enricher) because storage fills the family of stored palettes from their
 * Lab in a migration, and storage does not import enrichers.
 */
import type { ColourFamily } from './enrichment.ts';
import type { Lab } from './lab.ts';

/** Chroma below which a colour has no hue worth naming (slate grey, 11, is still grey; steel blue, 34, is blue). */
const achromaticChroma = 12;
/** Below this lightness every colour looks black (#000033 is L 2); up to L 20 only vivid colours (navy) do not. */
const blackLightness = 8;

const hueDegrees = (a: number, b: number): number => {
  const h = (Math.atan2(b, a) * 180) / Math.PI;
  return h < 0 ? h + 360 : h;
};

/** The basic colour term of `lab` (D50 CIELAB, see lab.ts). Non-finite input counts as black. */
export const colourFamilyOf = (lab: Lab): ColourFamily => {
  const { l, a, b } = lab;
  if (!Number.isFinite(l) || !Number.isFinite(a) || !Number.isFinite(b)) return 'black';
  const c = Math.hypot(a, b);
  if (l < blackLightness || (l < 20 && c < 20)) return 'black';
  if (l >= 90 && c < 15) return 'white'; // ivory, beige, lavender: tinted whites
  if (c < achromaticChroma) return l < 20 ? 'black' : l >= 90 ? 'white' : 'grey';
  const h = hueDegrees(a, b);
  if (h >= 350 || h < 20) return l >= 50 ? 'pink' : 'red'; // rose, deep pink, hot pink; dark: burgundy-like reds
  if (h < 45) {
    if (c < 30 && l < 55) return 'brown'; // muted dark red: reddish browns
    return l >= 65 || (l >= 55 && c < 30) ? 'pink' : 'red'; // salmon, light red, dusty rose
  }
  if (h < 75) return (l < 50 && c < 65) || (l < 80 && c < 40) ? 'brown' : 'orange';
  if (h < 105) {
    if (l < 60) return h < 88 ? 'brown' : 'green'; // dark amber is brown, dark yellow is olive
    return c < 35 && l < 85 ? 'brown' : 'yellow'; // khaki, sand
  }
  if (h < 165) return 'green';
  if (h < 205) return 'teal';
  if (h < 305) return 'blue';
  return l >= 55 && c >= 50 ? 'pink' : 'purple'; // magenta and light vivid orchids are pink
};
