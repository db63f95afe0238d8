/**
 * Similar and semantic search (issue 14 §4, decision 0032): what a query's vector ranking honours, the fusion of a
 * text ranking with a vector ranking, and the port that turns a query image or query words into a vector of the
 * configured embedder's space.
 */
import type { SearchQuery, TextNode } from './search-query.ts';

/** Which rankings made a result: the text index, vector similarity, or both fused. */
export const searchModes = ['text', 'vector'] as const;
export type SearchMode = (typeof searchModes)[number];

/**
 * The configured image embedder as search needs it, loaded on first use. Its vectors are in the space of the stored
 * embeddings of `model`, so that a query's vector can be compared with them.
 */
export interface QueryEmbedder {
  /** The model whose stored embeddings are searched (the default embedder's). */
  readonly model: string;
  /** Whether words can be embedded too (CLIP has a text tower; MobileNet has none: text search stays text only). */
  readonly embedsText: boolean;
  /**
   * Decodes the file with the enrichment decoder (format allow-list, pixel limit before any pixel is decoded) and
   * embeds it. A non-image is UNSUPPORTED_MEDIA_TYPE or CORRUPT_FILE, a decompression bomb IMAGE_TOO_LARGE.
   */
  embedImageFile(file: { path: string; bytes?: Uint8Array }): Promise<Float32Array>;
  /** Only when embedsText. */
  embedText(text: string): Promise<Float32Array>;
}

/**
 * Reciprocal rank fusion (Cormack et al. 2009) with k = 60: an item's score is the sum over the rankings that hold
 * it of 1 / (k + rank), rank counted from 1. It needs no calibration between bm25 or ts_rank_cd and cosine, whose
 * scales have nothing in common; an item high in both rankings beats one first in only one.
 */
export const reciprocalRankK = 60;

export function fuseRankings(
  rankings: readonly (readonly string[])[],
  k = reciprocalRankK,
): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  const firstSeen = new Map<string, number>();
  let order = 0;
  for (const ranking of rankings)
    ranking.forEach((id, index) => {
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + index + 1));
      if (!firstSeen.has(id)) firstSeen.set(id, order++);
    });
  // Ties (the same ranks in different lists) keep the order the rankings were given in: text before vector.
  return [...scores]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || firstSeen.get(a.id)! - firstSeen.get(b.id)!);
}

/**
 * A query's text parted for vector ranking. Free words (no field named) are what a picture can resemble: CLIP ranks
 * by them (`words`), and they do not restrict the vector ranking, which would otherwise find only what the text
 * index already finds. Everything else in the text restricts it as the filters do: exclusions (`-tag:people`,
 * `-word`) and terms naming a field (`tag:castle`, `title:poster`), which a user writes as conditions.
 */
export interface VectorQueryText {
  /** The conditions of the text the vector ranking must honour; absent: none. */
  restricting?: TextNode;
  /** The free words, in order, for a text encoder; empty when there are none. */
  words: string;
}

export function partTextForVectors(text: TextNode | undefined): VectorQueryText {
  if (!text) return { words: '' };
  const parts = text.type === 'and' ? text.children : [text];
  const restricting: TextNode[] = [];
  const words: string[] = [];
  for (const part of parts) {
    if (isFree(part)) collectWords(part, words);
    else restricting.push(part);
  }
  const [first, ...more] = restricting;
  return {
    ...(first
      ? { restricting: more.length === 0 ? first : { type: 'and', children: restricting, span: text.span } }
      : {}),
    words: words.join(' '),
  };
}

/** Free: words and phrases of no field, or an OR of only such (a choice of words ranks, it does not restrict). */
function isFree(node: TextNode): boolean {
  if (node.type === 'term') return node.scope === 'any';
  if (node.type === 'or') return node.children.every(isFree);
  return false;
}

function collectWords(node: TextNode, into: string[]): void {
  if (node.type === 'term') into.push(node.text);
  else if (node.type === 'and' || node.type === 'or') for (const child of node.children) collectWords(child, into);
}

/** The query with only the parts a vector ranking honours: its filters and the restricting part of its text. */
export function vectorRestriction(query: SearchQuery): SearchQuery {
  const { restricting } = partTextForVectors(query.text);
  return { filters: query.filters, ...(restricting ? { text: restricting } : {}) };
}
