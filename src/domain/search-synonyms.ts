/**
 * Words that mean the same thing to the people who search a generative-AI asset library: a marketer types
 * "automobile", the prompt said "car". Each group is a set of interchangeable terms (single words, lower case, no
 * diacritics: they are compared after the search's own folding); a query term found in a group also matches the
 * group's other terms, at a lower weight than the word typed.
 *
 * Data only: the search service expands query terms with it. Kept deliberately small and unambiguous — a group that
 * is only sometimes a synonym ("fall"/"autumn", "ship"/"boat") costs precision on every query that uses it. The
 * judged relevance set (test/search-relevance-set.ts) holds queries that need these groups.
 */
export const searchSynonymGroups: readonly (readonly string[])[] = [
  ['car', 'automobile', 'auto'],
  ['photo', 'photograph', 'photography'],
  ['bicycle', 'bike'],
  ['sofa', 'couch'],
  ['ocean', 'sea'],
  ['movie', 'film'],
  ['illustration', 'drawing'],
  ['picture', 'image'],
  ['smartphone', 'phone', 'cellphone'],
  ['child', 'kid'],
  ['mug', 'cup'],
  ['woman', 'lady'],
  ['trousers', 'pants'],
  ['sneaker', 'trainer'],
  ['motorcycle', 'motorbike'],
  ['aeroplane', 'airplane', 'plane'],
  ['colour', 'color'],
  ['grey', 'gray'],
  ['logo', 'logotype'],
  ['banner', 'billboard'],
  ['sunset', 'sundown'],
  ['sunrise', 'dawn'],
  ['forest', 'woods'],
  ['rock', 'stone'],
  ['shop', 'store'],
  ['robot', 'android'],
];

/** The other terms of every group that holds `term` (lower case), without `term` itself. */
export function synonymsOf(term: string): string[] {
  const wanted = term.toLowerCase();
  const found = new Set<string>();
  for (const group of searchSynonymGroups)
    if (group.includes(wanted)) for (const other of group) if (other !== wanted) found.add(other);
  return [...found];
}
