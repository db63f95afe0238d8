/**
 * Data for the browser tests, made through the API as a user would (never written into the store behind the
 * server's back): images drawn with sharp (gradients, shapes, text for OCR), uploaded with their intake fields, and
 * waited on until enrichment has finished.
 */
import sharp from 'sharp';
import { until } from '../../../test/waiting.ts';
import type { RunningServer } from './server.ts';

export interface UploadedAsset {
  id: string;
  title: string;
  status: string;
}

/** What POST /api/v1/assets answers: created, quarantined (with the asset's reasons) or duplicate. */
export interface UploadAnswer {
  status: 'created' | 'quarantined' | 'duplicate';
  asset: UploadedAsset;
}

/** The intake fields a complete upload carries (intake quarantines an asset without them). */
export const completeFields = {
  prompt: 'a lighthouse on a cliff at sunset, golden hour, photorealistic',
  tool: 'ComfyUI',
  model: 'sdxl_base_1.0',
  requestor: 'admin',
  team: 'default',
  intendedUse: 'web',
  campaign: 'summer-26',
  rightsStatus: 'cleared',
} as const;

/**
 * A PNG of `width`×`height`: a two-colour diagonal gradient, a disc, and optionally a line of text (rendered with the
 * DejaVu fonts, for OCR). Different `seed`s give visibly different pictures.
 */
export async function drawImage(
  options: { width?: number; height?: number; from?: string; to?: string; text?: string; seed?: number } = {},
): Promise<Buffer> {
  const { width = 640, height = 480, from = '#ff6600', to = '#1a237e', text, seed = 1 } = options;
  const cx = (seed * 137) % width;
  const cy = (seed * 89) % height;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${cx}" cy="${cy}" r="${Math.min(width, height) / 5}" fill="#ffffff" fill-opacity="0.8"/>
    ${text ? `<rect x="20" y="${height - 110}" width="${width - 40}" height="90" fill="#ffffff"/><text x="40" y="${height - 45}" font-family="DejaVu Sans" font-size="48" fill="#000000">${text}</text>` : ''}
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Uploads `bytes` as `fileName` with `fields` (multipart, as the web app's intake does). */
export async function upload(
  server: RunningServer,
  bytes: Buffer,
  fileName: string,
  fields: Record<string, string> = completeFields,
): Promise<UploadAnswer> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)]), fileName);
  const res = await fetch(`${server.url}/api/v1/assets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}` },
    body: form,
  });
  const body = (await res.json()) as UploadAnswer;
  if (!res.ok) throw new Error(`upload ${fileName}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Waits until no enrichment job is queued or running (the in-process worker of `provena serve` runs them). */
export async function enrichmentsSettled(server: RunningServer): Promise<void> {
  await until(
    async () => {
      const { totals } = await server.api<{ totals: { queued: number; running: number; failed: number } }>(
        'GET',
        '/api/v1/jobs/stats',
      );
      // failed: a retry is scheduled, so not settled yet.
      return totals.queued + totals.running + totals.failed === 0;
    },
    'enrichment jobs to finish',
    { timeoutMs: 240_000, output: () => server.output() },
  );
}
