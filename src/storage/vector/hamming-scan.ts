/**
 * The Hamming distance from one query code to every stored code, in WebAssembly: its i64.popcnt is the CPU's
 * popcount instruction, which JavaScript lacks (a table look-up per 16 bits is ~6× slower, too slow for a million
 * codes per query). The module is a few lines of WebAssembly, assembled here from its bytes so that nothing is
 * downloaded or built; with W = codeBits / 64, `scan` is:
 *
 *   for (p = codes; p < codes + count * W; p += W, out += 1)   // p: u64 *, out: u16 *
 *     *out = popcnt(p[0] ^ q[0]) + … + popcnt(p[W - 1] ^ q[W - 1])
 *
 * Memory layout: the query code at 0, the codes from `codesOffset`, the distances after the codes' capacity.
 */
import { codeBits, codeWords } from './binary-code.ts';

const codeBytes = codeBits / 8;
const words64 = codeBits / 64;
if (!Number.isInteger(Math.log2(codeBytes)) || words64 > 16) throw new Error('codeBits must be a power of two ≤ 1024');

const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};
/** Signed LEB128, as i32.const reads its operand. */
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
};
const section = (id: number, body: number[]): number[] => [id, ...leb(body.length), ...body];
const name = (text: string): number[] => [text.length, ...Buffer.from(text, 'ascii')];

const [i32, i64] = [0x7f, 0x7e];
const op = {
  localGet: 0x20,
  localSet: 0x21,
  i64Load: 0x29,
  i32Store16: 0x3b,
  i32Const: 0x41,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Shl: 0x74,
  i64Popcnt: 0x7b,
  i64Add: 0x7c,
  i64Xor: 0x85,
  i32WrapI64: 0xa7,
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  emptyType: 0x40,
};
// Locals: 0 codes, 1 count, 2 query, 3 out (parameters); 4… the query's 64-bit words; then the end of the codes.
const endLocal = 4 + words64;
const wordDistance = (word: number) => [
  op.localGet,
  0,
  op.i64Load,
  3,
  word * 8, // the stored word
  op.localGet,
  4 + word,
  op.i64Xor,
  op.i64Popcnt,
];
const words = Array.from({ length: words64 }, (_, w) => w);
// prettier-ignore
const body = [
  2, words64, i64, 1, i32,
  ...words.flatMap((w) => [op.localGet, 2, op.i64Load, 3, w * 8, op.localSet, 4 + w]),
  op.localGet, 0, op.localGet, 1, op.i32Const, ...sleb(Math.log2(codeBytes)), op.i32Shl, op.i32Add, op.localSet, endLocal,
  op.block, op.emptyType, op.loop, op.emptyType,
  op.localGet, 0, op.localGet, endLocal, op.i32GeU, op.brIf, 1,
  op.localGet, 3,
  ...wordDistance(0), ...words.slice(1).flatMap((w) => [...wordDistance(w), op.i64Add]),
  op.i32WrapI64, op.i32Store16, 1, 0,
  op.localGet, 0, op.i32Const, ...sleb(codeBytes), op.i32Add, op.localSet, 0,
  op.localGet, 3, op.i32Const, 2, op.i32Add, op.localSet, 3,
  op.br, 0, op.end, op.end, op.end,
];
// prettier-ignore
const moduleBytes = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, [1, 0x60, 4, i32, i32, i32, i32, 0]),
  ...section(3, [1, 0]),
  ...section(5, [1, 0, 1]),
  ...section(7, [2, ...name('memory'), 2, 0, ...name('scan'), 0, 0]),
  ...section(10, [1, ...leb(body.length), ...body]),
]);

interface ScanExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  scan(codes: number, count: number, query: number, out: number): void;
}

/** The part of the WebAssembly API used here (the project's TypeScript lib, ES2023 without DOM, does not type it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
const compiled = new wasm.Module(moduleBytes);
const pageBytes = 65536;
const codesOffset = 64;

/** Codes in WebAssembly memory, growable, and the scan over them. */
export class HammingScan {
  private readonly exports: ScanExports;
  private capacity = 0;

  constructor(initialCapacity = 1024) {
    this.exports = new wasm.Instance(compiled).exports as ScanExports;
    this.reserve(initialCapacity);
  }

  /** Room for `count` codes (and their distances); the codes stored so far stay where they are. */
  reserve(count: number): void {
    if (count <= this.capacity) return;
    const capacity = Math.max(count, this.capacity * 2);
    const needed = codesOffset + capacity * codeBytes + capacity * 2;
    const have = this.exports.memory.buffer.byteLength;
    if (needed > have) this.exports.memory.grow(Math.ceil((needed - have) / pageBytes));
    this.capacity = capacity;
  }

  /** A view of the stored codes (codeWords 32-bit words per slot); invalid after reserve() grows the memory. */
  codes(): Uint32Array {
    return new Uint32Array(this.exports.memory.buffer, codesOffset, this.capacity * codeWords);
  }

  /** Distances from `query` to the first `count` codes, by slot; valid until the next call. */
  distances(query: Uint32Array, count: number): Uint16Array {
    const buffer = this.exports.memory.buffer;
    new Uint32Array(buffer, 0, codeWords).set(query);
    const out = codesOffset + this.capacity * codeBytes;
    this.exports.scan(codesOffset, count, 0, out);
    return new Uint16Array(buffer, out, count);
  }
}
