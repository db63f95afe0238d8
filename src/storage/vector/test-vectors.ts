/**
 * Synthetic embeddings for the vector search's tests and benchmark: like image features, non-negative (ReLU),
 * L2-normalised and clustered (a mixture of cluster centres plus per-item noise), from a seeded generator so that a
 * failure can be replayed.
 */

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function normalRandom(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function normalised(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const scale = sum === 0 ? 0 : 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i]! *= scale;
  return vector;
}

/**
 * A source of clustered feature vectors, in two levels as image features are (themes such as "outdoor" or
 * "product shot", subjects within a theme): `clusters` centres, each a perturbed copy of one of clusters/20 theme
 * patterns (sparse, non-negative); an item is its centre plus Gaussian noise of `noise` (relative to the features'
 * scale), clipped at zero and normalised. Cosine within a cluster ≈ 0.75, within a theme ≈ 0.5, across ≈ 0.35.
 */
export function clusteredVectors(options: { dimensions: number; clusters: number; noise?: number; seed?: number }) {
  const { dimensions, clusters } = options;
  const noise = options.noise ?? 0.6;
  const random = seededRandom(options.seed ?? 1);
  const gauss = normalRandom(random);
  const themes: Float32Array[] = [];
  for (let t = 0; t < Math.max(1, Math.round(clusters / 20)); t++) {
    const theme = new Float32Array(dimensions);
    // About a third of the features fire for a given kind of picture, as in a ReLU layer.
    for (let d = 0; d < dimensions; d++) theme[d] = random() < 0.35 ? Math.abs(gauss()) : 0;
    themes.push(theme);
  }
  const centres: Float32Array[] = [];
  for (let c = 0; c < clusters; c++) {
    const theme = themes[Math.floor(random() * themes.length)]!;
    const centre = new Float32Array(dimensions);
    for (let d = 0; d < dimensions; d++) centre[d] = Math.max(0, theme[d]! + 0.45 * gauss());
    centres.push(centre);
  }
  return {
    /** An item of cluster `cluster` (random when omitted). */
    next(cluster = Math.floor(random() * clusters)): Float32Array {
      const centre = centres[cluster % clusters]!;
      const v = new Float32Array(dimensions);
      for (let d = 0; d < dimensions; d++) v[d] = Math.max(0, centre[d]! + noise * 0.5 * gauss());
      return normalised(v);
    },
  };
}

/** The ids of the k vectors closest in cosine to `query`, best first (ties by id): the brute-force reference. */
export function bruteForce(query: Float32Array, items: { id: string; vector: Float32Array }[], k: number): string[] {
  const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const q = norm(query);
  return items
    .map(({ id, vector }) => {
      let dot = 0;
      for (let i = 0; i < vector.length; i++) dot += vector[i]! * query[i]!;
      return { id, similarity: dot / (q * norm(vector)) };
    })
    .sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1))
    .slice(0, k)
    .map((x) => x.id);
}

/** Share of `expected` found in `got`. */
export const recallOf = (got: string[], expected: string[]): number =>
  expected.length === 0 ? 1 : expected.filter((id) => got.includes(id)).length / expected.length;
