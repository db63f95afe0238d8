/**
 * Where the manifest store goes in each container (C2PA 2.2 Appendix A), behind one interface so that the
 * signer's two passes are container-agnostic: `prepare` strips any existing C2PA store once, then `embed` lays a
 * store of a given size into the cleaned file and reports the byte range the data hash must exclude.
 */
import { ProvenaError } from '../../../domain/errors.ts';
import { ascii4 } from '../../bytes.ts';
import { prepareJpeg } from './embed-jpeg.ts';
import { preparePng } from './embed-png.ts';
import { prepareWebp } from './embed-webp.ts';
import type { Exclusion } from './manifest-builder.ts';

export interface EmbedResult {
  file: Uint8Array;
  exclusion: Exclusion;
}

export interface PreparedAsset {
  /** How many C2PA manifest stores were removed from the input (they are replaced, not kept as ingredients). */
  removedStores: number;
  embed(store: Uint8Array): EmbedResult;
}

export const signableMediaTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type SignableMediaType = (typeof signableMediaTypes)[number];

const sniff = (file: Uint8Array): SignableMediaType | undefined => {
  if (file[0] === 0xff && file[1] === 0xd8 && file[2] === 0xff) return 'image/jpeg';
  if (file[0] === 0x89 && file[1] === 0x50 && file[2] === 0x4e && file[3] === 0x47) return 'image/png';
  if (file.length >= 12 && ascii4(file, 0) === 'RIFF' && ascii4(file, 8) === 'WEBP') return 'image/webp';
  return undefined;
};

export function normaliseMediaType(mediaType: string): SignableMediaType {
  const base = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  const normalised = base === 'image/jpg' ? 'image/jpeg' : base;
  const found = signableMediaTypes.find((t) => t === normalised);
  if (!found) {
    throw new ProvenaError(
      'UNSUPPORTED_MEDIA_TYPE',
      `C2PA signing supports ${signableMediaTypes.join(', ')}, not ${JSON.stringify(mediaType)}.`,
      { mediaType, supported: [...signableMediaTypes] },
    );
  }
  return found;
}

export function prepareAsset(file: Uint8Array, mediaType: SignableMediaType): PreparedAsset {
  if (file.length === 0) throw new ProvenaError('EMPTY_FILE', 'Cannot sign an empty file.');
  const actual = sniff(file);
  if (actual !== mediaType) {
    throw new ProvenaError(
      'FILE_TYPE_MISMATCH',
      `The file is declared as ${mediaType} but its bytes are ${actual ?? 'not a signable image'}.`,
      {
        declared: mediaType,
        detected: actual ?? null,
      },
    );
  }
  switch (mediaType) {
    case 'image/jpeg':
      return prepareJpeg(file);
    case 'image/png':
      return preparePng(file);
    case 'image/webp':
      return prepareWebp(file);
  }
}
