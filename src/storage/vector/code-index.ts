/**
 * Every stored binary code of one embedding model, in memory: one flat array in WebAssembly memory (hamming-scan.ts)
 * and the version id of each slot. A full scan of a million codes is a few million popcounts, cheaper than any
 * lookup structure, and selecting the closest n uses a histogram of the distances rather than a sort.
 *
 * Entries are never removed: a version that stopped being current, or an asset that was deleted, is dropped by the
 * SQL that re-ranks the candidates, so the index only has to learn what is new.
 */
import { codeBits, codeWords } from './binary-code.ts';
import { HammingScan } from './hamming-scan.ts';

export class CodeIndex {
  private readonly scan = new HammingScan();
  private codes = this.scan.codes();
  private readonly versionIds: string[] = [];
  private readonly assetIds: string[] = [];
  private versionNumbers = new Int32Array(1024);
  private readonly slots = new Map<string, number>();

  get size(): number {
    return this.versionIds.length;
  }

  /** Adds or replaces the code of a version (number `versionNumber` of asset `assetId`). */
  set(versionId: string, code: Uint32Array, assetId = '', versionNumber = 0): void {
    let slot = this.slots.get(versionId);
    if (slot === undefined) {
      slot = this.versionIds.length;
      if ((slot + 1) * codeWords > this.codes.length) {
        this.scan.reserve(slot + 1);
        this.codes = this.scan.codes();
      }
      if (slot >= this.versionNumbers.length) {
        const grown = new Int32Array(this.versionNumbers.length * 2);
        grown.set(this.versionNumbers);
        this.versionNumbers = grown;
      }
      this.versionIds.push(versionId);
      this.assetIds.push(assetId);
      this.slots.set(versionId, slot);
    }
    this.assetIds[slot] = assetId;
    this.versionNumbers[slot] = versionNumber;
    this.codes.set(code, slot * codeWords);
  }

  slotOf(versionId: string): number | undefined {
    return this.slots.get(versionId);
  }

  versionIdAt(slot: number): string {
    return this.versionIds[slot]!;
  }

  assetIdAt(slot: number): string {
    return this.assetIds[slot]!;
  }

  versionNumberAt(slot: number): number {
    return this.versionNumbers[slot]!;
  }

  /**
   * The slots of the `n` codes closest to `query`, closest first (ties in slot order), among the slots in `only`
   * when given, or all.
   */
  closest(query: Uint32Array, n: number, only?: readonly number[]): number[] {
    const count = only ? only.length : this.size;
    if (count === 0 || n <= 0) return [];
    // Every code is compared (a million in a few milliseconds), then only the given slots are read.
    const all = this.scan.distances(query, this.size);
    const distances = only ? Uint16Array.from(only, (slot) => all[slot]!) : all;
    const histogram = new Uint32Array(codeBits + 1);
    for (let i = 0; i < count; i++) histogram[distances[i]!]!++;
    // The smallest distance `limit` such that at least n codes lie at or below it.
    let limit = 0;
    for (let seen = histogram[0]!; seen < n && limit < codeBits;) seen += histogram[++limit]!;
    const picked: number[] = [];
    for (let i = 0; i < count; i++) if (distances[i]! <= limit) picked.push(i);
    picked.sort((a, b) => distances[a]! - distances[b]! || a - b);
    if (picked.length > n) picked.length = n;
    return only ? picked.map((i) => only[i]!) : picked;
  }
}
