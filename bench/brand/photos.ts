/** The photographs the brand benchmarks draw on: those of bench:dupes, or fetched the same way into .data/. */
import { resolve } from 'node:path';
import { debianPhotos } from '../support.ts';
import { photosOnDisk, textFreePhotoNames } from './text-set.ts';

/** Debian python3-skimage's text-free photographs, fetched into .data/bench-brand/photos when none is on disk. */
export const ensurePhotos = (): string[] =>
  photosOnDisk().length > 0
    ? photosOnDisk()
    : debianPhotos(
        'python3-skimage',
        'usr/lib/python3/dist-packages/skimage/data',
        textFreePhotoNames,
        resolve(import.meta.dirname, '..', '..', '.data', 'bench-brand', 'photos'),
      );
