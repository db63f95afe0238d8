/**
 * Counts the reads code makes of files, for tests that check reads stay bounded windows whatever a file's size:
 * positional reads through a file handle by length, whole-file reads (readFile) by their size. Use it as the factory
 * of a hoisted mock, and clear `fileReads` before each test:
 *
 *   vi.mock('node:fs/promises', async (original) => (await import('../../test/counted-reads.ts')).countingReads(original));
 */
import type * as FsPromises from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

export const fileReads: number[] = [];

export async function countingReads(importOriginal: <T>() => Promise<T>): Promise<typeof FsPromises> {
  const fs = await importOriginal<typeof FsPromises>();
  const open = async (...args: Parameters<typeof fs.open>): Promise<FileHandle> => {
    const handle = await fs.open(...args);
    const read = handle.read.bind(handle) as (...a: unknown[]) => ReturnType<FileHandle['read']>;
    return new Proxy(handle, {
      get(target, key, receiver) {
        if (key !== 'read') return Reflect.get(target, key, receiver) as unknown;
        return async (...a: unknown[]) => {
          const result = await read(...a);
          fileReads.push(result.bytesRead);
          return result;
        };
      },
    });
  };
  const readFile = (async (...args: Parameters<typeof fs.readFile>) => {
    const bytes = await fs.readFile(...args);
    fileReads.push(bytes.length);
    return bytes;
  }) as typeof fs.readFile;
  return { ...fs, open, readFile, default: { ...fs, open, readFile } } as typeof FsPromises;
}
