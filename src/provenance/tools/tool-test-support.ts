/** Hand-built RawMetadata for the tool parser tests. */
import type { ExifFields, RawMetadata, TextEntry } from '../contract.ts';

export function rawWith(parts: {
  text?: Record<string, string>;
  entries?: TextEntry[];
  exif?: Partial<ExifFields>;
  xmp?: string[];
  container?: RawMetadata['container'];
  pixelHints?: RawMetadata['pixelHints'];
}): RawMetadata {
  const textEntries: TextEntry[] = [
    ...Object.entries(parts.text ?? {}).map(([keyword, text]) => ({ keyword, text, source: 'tEXt' as const })),
    ...(parts.entries ?? []),
  ];
  const raw: RawMetadata = {
    container: parts.container ?? (parts.exif ? 'jpeg' : 'png'),
    textEntries,
    xmp: parts.xmp ?? [],
    iptcIim: {},
    warnings: [],
  };
  if (parts.exif) raw.exif = { raw: {}, ...parts.exif };
  if (parts.pixelHints) raw.pixelHints = parts.pixelHints;
  return raw;
}
