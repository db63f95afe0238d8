/**
 * Human colour names: the nearest entry (by CIEDE2000) in a compact table of names people actually use.
 *
 * A curated list of about eighty names rather than the 148 CSS/X11 keywords: CSS keeps names nobody searches for
 * ('papayawhip', 'gainsboro') and lacks common ones ('burgundy', 'mustard', 'sage'). Hex values follow CSS/X11
 * where the name exists there and common usage otherwise. Each name carries a broad family (the basic colour terms
 * plus teal) so that search can offer a colour facet ("blues") without a second lookup.
 */
import { deltaE2000 } from '../../domain/delta-e.ts';
import type { ColourFamily } from '../../domain/enrichment.ts';
import { hexToLab, type Lab } from '../../domain/lab.ts';

export interface NamedColour {
  name: string;
  hex: string;
  family: ColourFamily;
}

const table: ReadonlyArray<readonly [name: string, hex: string, family: ColourFamily]> = [
  ['black', '#000000', 'black'],
  ['charcoal', '#36454f', 'grey'],
  ['dim grey', '#696969', 'grey'],
  ['grey', '#808080', 'grey'],
  ['slate grey', '#708090', 'grey'],
  ['silver', '#c0c0c0', 'grey'],
  ['light grey', '#d3d3d3', 'grey'],
  ['white', '#ffffff', 'white'],
  ['ivory', '#fffff0', 'white'],
  ['cream', '#fffdd0', 'white'],
  ['red', '#ff0000', 'red'],
  ['scarlet', '#ff2400', 'red'],
  ['crimson', '#dc143c', 'red'],
  ['brick red', '#b22222', 'red'],
  ['dark red', '#8b0000', 'red'],
  ['maroon', '#800000', 'red'],
  ['burgundy', '#800020', 'red'],
  ['orange red', '#ff4500', 'orange'],
  ['dark orange', '#ff8c00', 'orange'],
  ['orange', '#ffa500', 'orange'],
  ['coral', '#ff7f50', 'orange'],
  ['peach', '#ffcba4', 'orange'],
  ['rust', '#b7410e', 'orange'],
  ['amber', '#ffbf00', 'yellow'],
  ['gold', '#ffd700', 'yellow'],
  ['yellow', '#ffff00', 'yellow'],
  ['lemon', '#fff44f', 'yellow'],
  ['mustard', '#e1ad01', 'yellow'],
  ['pale yellow', '#fffacd', 'yellow'],
  ['olive', '#808000', 'green'],
  ['chartreuse', '#7fff00', 'green'],
  ['lime', '#00ff00', 'green'],
  ['light green', '#90ee90', 'green'],
  ['mint', '#98ff98', 'green'],
  ['sage', '#9caf88', 'green'],
  ['emerald', '#50c878', 'green'],
  ['sea green', '#2e8b57', 'green'],
  ['green', '#008000', 'green'],
  ['forest green', '#228b22', 'green'],
  ['dark green', '#006400', 'green'],
  ['dark olive', '#556b2f', 'green'],
  ['teal', '#008080', 'teal'],
  ['dark teal', '#014d4e', 'teal'],
  ['turquoise', '#40e0d0', 'teal'],
  ['aquamarine', '#7fffd4', 'teal'],
  ['cyan', '#00ffff', 'teal'],
  ['powder blue', '#b0e0e6', 'blue'],
  ['light blue', '#add8e6', 'blue'],
  ['sky blue', '#87ceeb', 'blue'],
  ['cornflower blue', '#6495ed', 'blue'],
  ['azure', '#007fff', 'blue'],
  ['steel blue', '#4682b4', 'blue'],
  ['denim', '#1560bd', 'blue'],
  ['royal blue', '#4169e1', 'blue'],
  ['cobalt', '#0047ab', 'blue'],
  ['blue', '#0000ff', 'blue'],
  ['navy', '#000080', 'blue'],
  ['midnight blue', '#191970', 'blue'],
  ['slate blue', '#6a5acd', 'blue'],
  ['indigo', '#4b0082', 'purple'],
  ['violet', '#8f00ff', 'purple'],
  ['purple', '#800080', 'purple'],
  ['plum', '#8e4585', 'purple'],
  ['eggplant', '#614051', 'purple'],
  ['lilac', '#c8a2c8', 'purple'],
  ['mauve', '#e0b0ff', 'purple'],
  ['lavender', '#e6e6fa', 'purple'],
  ['magenta', '#ff00ff', 'pink'],
  ['deep pink', '#ff1493', 'pink'],
  ['rose', '#ff007f', 'pink'],
  ['hot pink', '#ff69b4', 'pink'],
  ['pink', '#ffc0cb', 'pink'],
  ['light pink', '#ffb6c1', 'pink'],
  ['salmon', '#fa8072', 'pink'],
  ['brown', '#964b00', 'brown'],
  ['chocolate', '#7b3f00', 'brown'],
  ['sienna', '#a0522d', 'brown'],
  ['dark brown', '#654321', 'brown'],
  ['coffee', '#6f4e37', 'brown'],
  ['taupe', '#483c32', 'brown'],
  ['tan', '#d2b48c', 'brown'],
  ['khaki', '#c3b091', 'brown'],
  ['sand', '#c2b280', 'brown'],
  ['beige', '#f5f5dc', 'brown'],
];

export const namedColours: readonly NamedColour[] = table.map(([name, hex, family]) => ({ name, hex, family }));

const labs: readonly Lab[] = namedColours.map((c) => hexToLab(c.hex));

/** The named colour closest to `lab` by CIEDE2000 (ties go to the earlier entry, so the result is stable). */
export const nearestNamedColour = (lab: Lab): NamedColour => {
  let best = 0;
  let bestDistance = Infinity;
  for (let i = 0; i < labs.length; i++) {
    const distance = deltaE2000(lab, labs[i] as Lab);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = i;
    }
  }
  return namedColours[best] as NamedColour;
};
