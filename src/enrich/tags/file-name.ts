/**
 * Words from a file name for the concept tagger: "GregRutkowski_castle-at-night_00042_seed1234.png" →
 * "Greg Rutkowski castle at night". Splits on separators and camelCase and drops counters, seeds, hashes, UUIDs and
 * tool names (vocab/file-name-noise.txt).
 */
import { normaliseKey } from './vocabulary.ts';

/** File names longer than this are cut before splitting (file systems allow 255 bytes; anything more is hostile). */
const maxNameChars = 1_000;

export function fileNameText(fileName: string, noise: ReadonlySet<string>): string {
  const base = fileName.slice(0, maxNameChars).split(/[/\\]/).pop() ?? '';
  const stem = base
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ' ');
  const isNoise = (word: string): boolean => noise.has(normaliseKey(word));
  const words = stem
    .split(/[^\p{L}\p{N}'&]+/u)
    .filter((word) => word.length > 0 && !isNoise(word))
    // camelCase boundaries: "castleAtNight" → "castle At Night", "HTMLParser" → "HTML Parser".
    .flatMap((word) =>
      word
        .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
        .replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1 $2')
        .split(' '),
    );
  return words
    .filter((word) => {
      const key = normaliseKey(word);
      if (key.length === 0 || noise.has(key)) return false;
      if (/^\d+$/.test(word)) return false; // counters, dates, seeds
      if (/\d/.test(word) && /\p{L}/u.test(word) && word.length >= 5) return false; // hashes, "seed1234"
      if (/^[0-9a-f]{4,}$/i.test(word) && /\d/.test(word)) return false; // hex digests, UUID parts
      if (/^v\d+$/i.test(word)) return false; // versions
      return true;
    })
    .join(' ');
}
