/**
 * How many uploads the server receives at once. Each one holds memory while it is checked (its form fields, a small
 * file kept in memory after staging, the metadata its provenance keeps) and a share of the disk and CPU, so past the
 * cap an upload is refused before any of its body is read, with a hint of when to try again: a clear 503 for the
 * client to retry, instead of a server that swaps or is killed for its memory.
 */
import { ProvenaError } from '../../domain/errors.ts';

export interface UploadLimits {
  /** Uploads received at once; the next one is refused until one of them ends. */
  maxConcurrent: number;
  /** The Retry-After a refused upload is given. */
  retryAfterSeconds: number;
}

export class UploadSlots {
  #inUse = 0;

  constructor(private readonly limits: UploadLimits) {}

  /** Takes a slot, or refuses with TOO_MANY_UPLOADS; the returned function gives it back (once, however often called). */
  take(): () => void {
    const { maxConcurrent, retryAfterSeconds } = this.limits;
    if (this.#inUse >= maxConcurrent) {
      throw new ProvenaError(
        'TOO_MANY_UPLOADS',
        `The server is already receiving ${maxConcurrent} upload(s), as many as it takes at once; send this one again in ${retryAfterSeconds} s.`,
        { maxConcurrentUploads: maxConcurrent, retryAfterSeconds },
      );
    }
    this.#inUse++;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.#inUse--;
    };
  }
}

const slotsByLimits = new WeakMap<UploadLimits, UploadSlots>();

/** The one set of slots for these limits: every upload route of an app (new assets, new versions) shares it. */
export function uploadSlotsFor(limits: UploadLimits): UploadSlots {
  let slots = slotsByLimits.get(limits);
  if (!slots) slotsByLimits.set(limits, (slots = new UploadSlots(limits)));
  return slots;
}
