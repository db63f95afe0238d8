/**
 * Test support for the exporter (not a test file itself): photograph-like originals made with sharp (smooth light,
 * texture and edges, so that resizing and lossy codecs have real work), and a request with every provenance and
 * rights field the exporter writes.
 */
import sharp from 'sharp';
import type { ExportRequest, RenditionPreset } from '../../domain/export.ts';
import type { ProvenanceRecord } from '../../domain/provenance.ts';
import { DST_TRAINED_ALGORITHMIC_MEDIA } from '../digital-source-type.ts';

/** A deterministic photograph-like image: a lit gradient sky, a textured ground, a few hard-edged shapes. */
export async function photoLike(
  width: number,
  height: number,
  format: 'png' | 'jpeg' | 'webp',
  options: { orientation?: number; seed?: number } = {},
): Promise<Uint8Array> {
  const pixels = Buffer.alloc(width * height * 3);
  let seed = options.seed ?? 12345;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed / 0x7fffffff - 0.5) * 24;
  };
  const horizon = Math.round(height * 0.6);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const sky = y < horizon;
      const light = 1 - Math.hypot(x - width * 0.7, y - height * 0.2) / Math.hypot(width, height);
      const base = sky ? [90 + 120 * light, 140 + 90 * light, 220] : [70 + 40 * Math.sin(x / 9), 110 + 30 * light, 50];
      const inDisc = Math.hypot(x - width * 0.3, y - height * 0.45) < Math.min(width, height) * 0.12;
      const colour = inDisc ? [230, 200, 40] : base;
      for (let c = 0; c < 3; c++) pixels[i + c] = Math.max(0, Math.min(255, (colour[c] ?? 0) + noise()));
    }
  }
  let image = sharp(pixels, { raw: { width, height, channels: 3 } });
  if (options.orientation !== undefined) image = image.withMetadata({ orientation: options.orientation });
  const out = format === 'png' ? image.png() : format === 'jpeg' ? image.jpeg({ quality: 90 }) : image.webp();
  return new Uint8Array(await out.toBuffer());
}

export const duckProvenance: ProvenanceRecord = {
  aiInvolvement: 'ai-generated',
  digitalSourceType: DST_TRAINED_ALGORITHMIC_MEDIA,
  dstSources: ['iptc-xmp'],
  generator: { system: 'Stable Diffusion web UI', version: '1.10.1', provider: 'Example AI Lab' },
  prompt: { positive: 'photo of a duck on a pond', negative: 'monochrome', writer: 'Jane Example' },
};

export const webPreset: RenditionPreset = {
  name: 'web-600',
  width: 600,
  height: 600,
  fit: 'inside',
  format: 'webp',
  quality: 82,
  colourSpace: 'srgb',
  metadata: 'provenance',
};

export function duckRequest(source: Uint8Array, mediaType: string, preset: RenditionPreset): ExportRequest {
  return {
    source,
    mediaType,
    fileName: 'duck.png',
    preset,
    provenance: duckProvenance,
    rights: {
      creditLine: 'Example Studio (AI-generated)',
      copyrightNotice: '© 2026 Example Studio',
      licence: 'Example Editorial Licence',
      licenceUrl: 'https://example.com/licence?a=1&b=2',
      acquireLicensePage: 'https://example.com/buy',
      usageTerms: 'Editorial use only',
      creators: ['Example Studio', 'Ünïcode & Co'],
    },
    title: 'Duck',
    description: 'A duck on a pond, generated with AI',
    assetId: '0193a5c4-1111-7000-8000-000000000001',
    version: 3,
    contentUrl: 'https://cdn.example.com/duck.webp',
    createdAt: '2026-01-15T10:00:00Z',
  };
}

/** The tags ExifTool (`-G1 -struct`) must read back from an export of duckRequest, field for field. */
export const expectedDuckTags: Record<string, unknown> = {
  'XMP-iptcExt:DigitalSourceType': DST_TRAINED_ALGORITHMIC_MEDIA,
  'XMP-iptcExt:AISystemUsed': 'Stable Diffusion web UI',
  'XMP-iptcExt:AISystemVersionUsed': '1.10.1',
  'XMP-iptcExt:AIPromptInformation': 'photo of a duck on a pond (negative: monochrome)',
  'XMP-iptcExt:AIPromptWriterName': 'Jane Example',
  'XMP-dc:Creator': ['Example Studio', 'Ünïcode & Co'],
  'XMP-dc:Rights': '© 2026 Example Studio',
  'XMP-dc:Title': 'Duck',
  'XMP-dc:Description': 'A duck on a pond, generated with AI',
  'XMP-photoshop:Credit': 'Example Studio (AI-generated)',
  'XMP-xmpRights:WebStatement': 'https://example.com/licence?a=1&b=2',
  'XMP-xmpRights:UsageTerms': 'Editorial use only',
  'XMP-plus:Licensor': [{ LicensorURL: 'https://example.com/buy' }],
  'XMP-xmp:CreateDate': '2026:01:15 10:00:00Z',
};
