/**
 * Every stored binary code of one embedding model, in memory: one flat word array (codeWords words per slot) and the
 * version id of each slot. A full scan of a million codes is a few million word comparisons, cheaper than any
 * lookup structure in JavaScript, and selecting the closest n uses a histogram of the distances rather than a sort.
 *
 * Entries are never removed: a version that stopped being current, or an asset that was deleted, is dropped by the
 * SQL that re-ranks the candidates, so the index only has to learn what is new.
 */
import { codeBits, codeWords, hamming } from './binary-code.ts';

export class CodeIndex {
  private codes = new Uint32Array(1024 * codeWords);
  private readonly versionIds: string[] = [];
  private readonly slots = new Map<string, number>();
  private distances = new Uint16Array(1024);

  get size(): number {
    return this.versionIds.length;
  }

  /** Adds or replaces the code of a version. */
  set(versionId: string, code: Uint32Array): void {
    let slot = this.slots.get(versionId);
    if (slot === undefined) {
      slot = this.versionIds.length;
      if ((slot + 1) * codeWords > this.codes.length) {
        const grown = new Uint32Array(this.codes.length * 2);
        grown.set(this.codes);
        this.codes = grown;
      }
      this.versionIds.push(versionId);
      this.slots.set(versionId, slot);
    }
    this.codes.set(code, slot * codeWords);
  }

  slotOf(versionId: string): number | undefined {
    return this.slots.get(versionId);
  }

  versionIdAt(slot: number): string {
    return this.versionIds[slot]!;
  }

  /**
   * The version ids of the `n` codes closest to `query`, closest first (ties in slot order), among the slots in
   * `only` when given, or all.
   */
  closest(query: Uint32Array, n: number, only?: readonly number[]): string[] {
    const count = only ? only.length : this.size;
    if (count === 0 || n <= 0) return [];
    if (this.distances.length < count) this.distances = new Uint16Array(Math.max(count, this.distances.length * 2));
    const distances = this.distances;
    const histogram = new Uint32Array(codeBits + 1);
    for (let i = 0; i < count; i++) {
      const slot = only ? only[i]! : i;
      const distance = hamming(this.codes, slot * codeWords, query);
      distances[i] = distance;
      histogram[distance]!++;
    }
    // The smallest distance `limit` such that at least n codes lie at or below it.
    let limit = 0;
    for (let seen = histogram[0]!; seen < n && limit < codeBits;) seen += histogram[++limit]!;
    const picked: number[] = [];
    for (let i = 0; i < count; i++) if (distances[i]! <= limit) picked.push(i);
    picked.sort((a, b) => distances[a]! - distances[b]! || a - b);
    if (picked.length > n) picked.length = n;
    return picked.map((i) => this.versionIds[only ? only[i]! : i]!);
  }
}
