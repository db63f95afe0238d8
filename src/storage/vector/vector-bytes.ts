/** The stored forms of a vector: float32 little-endian bytes (both dialects) and pgvector's text literal. */

export const vectorToBytes = (vector: Float32Array): Buffer =>
  Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);

export function bytesToVector(bytes: Uint8Array): Float32Array {
  // Copy: the driver's Buffer may sit at an offset that is not a multiple of 4 inside a shared pool.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer, 0, copy.byteLength >> 2);
}

/** '[0.1,0.2,…]', the text form pgvector's vector and halfvec types read. */
export const vectorLiteral = (vector: Float32Array): string => `[${Array.from(vector).join(',')}]`;

/**
 * `vector` scaled to length 1, or undefined when it has no direction (zero, or not finite). Cosine ignores length,
 * and a unit vector fits pgvector's halfvec, whose range stops at ±65504.
 */
export function unitVector(vector: Float32Array): Float32Array | undefined {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const length = Math.sqrt(sum);
  if (!Number.isFinite(length) || length === 0) return undefined;
  return vector.map((x) => x / length);
}
