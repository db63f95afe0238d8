/**
 * Binary codes for the SQLite vector search (decision 0027): the signs of a fixed random projection of a vector
 * (SimHash). Two codes differ in a bit with probability angle/π, so the Hamming distance between codes orders
 * vectors roughly by cosine, at 1/40 of the memory of 1280 float32 — small enough to hold every asset's code in
 * memory and compare them all per query; the few hundred closest are then re-ranked exactly from the stored floats.
 *
 * The projection is data-independent (a seeded Gaussian matrix per dimension count), so a code written by one
 * process means the same to every other and never goes stale as the library grows. Changing `codeBits` or the
 * seed changes every code: it needs a migration that rewrites the `embedding_codes` table.
 */

/** Bits per code: 32-bit words compared per candidate; see bench/search/knn.bench.ts for recall against cost. */
export const codeBits = 512;
export const codeWords = codeBits / 32;

/** mulberry32: a small deterministic generator, so that every process draws the same projection. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const projections = new Map<number, Float32Array>();

/**
 * codeBits × dimensions standard normal values, the same for every process and run: drawn bit by bit (row-major),
 * stored dimension by dimension (column-major) so that a code sums only the columns of the vector's non-zero
 * features — ReLU features are mostly zeros.
 */
function projectionFor(dimensions: number): Float32Array {
  let matrix = projections.get(dimensions);
  if (!matrix) {
    const random = seededRandom(0x5eed0000 + dimensions);
    const values = new Float32Array(codeBits * dimensions);
    for (let i = 0; i < values.length; i += 2) {
      // Box–Muller: two normal values from two uniform ones (1 - u keeps the logarithm finite).
      const radius = Math.sqrt(-2 * Math.log(1 - random()));
      const angle = 2 * Math.PI * random();
      values[i] = radius * Math.cos(angle);
      if (i + 1 < values.length) values[i + 1] = radius * Math.sin(angle);
    }
    matrix = new Float32Array(codeBits * dimensions);
    for (let bit = 0; bit < codeBits; bit++)
      for (let d = 0; d < dimensions; d++) matrix[d * codeBits + bit] = values[bit * dimensions + d]!;
    projections.set(dimensions, matrix);
  }
  return matrix;
}

/** The code of `vector`: bit b is set when the vector lies on the positive side of the b-th random hyperplane. */
export function binaryCode(vector: Float32Array): Uint32Array {
  const matrix = projectionFor(vector.length);
  const sums = new Float64Array(codeBits);
  for (let d = 0; d < vector.length; d++) {
    const x = vector[d]!;
    if (x === 0) continue;
    const column = d * codeBits;
    for (let bit = 0; bit < codeBits; bit++) sums[bit]! += matrix[column + bit]! * x;
  }
  const code = new Uint32Array(codeWords);
  for (let bit = 0; bit < codeBits; bit++) if (sums[bit]! > 0) code[bit >>> 5]! |= 1 << (bit & 31);
  return code;
}

export const codeToBytes = (code: Uint32Array): Buffer => Buffer.from(code.buffer, code.byteOffset, code.byteLength);

export function bytesToCode(bytes: Uint8Array): Uint32Array {
  const code = new Uint32Array(codeWords);
  new Uint8Array(code.buffer).set(bytes.subarray(0, code.byteLength));
  return code;
}

/** Set bits per 16-bit value: two table look-ups count a 32-bit word (JavaScript has no popcount). */
const bitsIn16 = (() => {
  const table = new Uint8Array(65536);
  for (let i = 1; i < 65536; i++) table[i] = (i & 1) + table[i >>> 1]!;
  return table;
})();

/** Hamming distance between `query` and the code stored at `offset` (in words) of `codes`. */
export function hamming(codes: Uint32Array, offset: number, query: Uint32Array): number {
  let distance = 0;
  for (let w = 0; w < codeWords; w++) {
    const x = codes[offset + w]! ^ query[w]!;
    distance += bitsIn16[x & 0xffff]! + bitsIn16[x >>> 16]!;
  }
  return distance;
}
