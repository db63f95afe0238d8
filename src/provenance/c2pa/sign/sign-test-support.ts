/**
 * Test support for the C2PA signer: an independent validator (c2pa-rs compiled to wasm, as shipped in
 * @contentauth/c2pa-wasm) called directly so that tests see its raw status codes, and small generated images.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type * as C2paWasmModule from '@contentauth/c2pa-wasm';
import sharp from 'sharp';
import { c2paTestEkuConfig, type TestPki } from './test-pki.ts';

const require = createRequire(import.meta.url);
type C2paWasm = typeof C2paWasmModule;
let wasm: Promise<C2paWasm> | undefined;

function loadWasm(): Promise<C2paWasm> {
  wasm ??= (async () => {
    const mod = await import('@contentauth/c2pa-wasm');
    await mod.default({ module_or_path: await readFile(require.resolve('@contentauth/c2pa-wasm/c2pa.wasm')) });
    return mod;
  })();
  return wasm;
}

interface StatusEntry {
  code: string;
  url?: string;
  explanation?: string;
}

export interface Validation {
  /** 'Invalid' | 'Valid' | 'Trusted' */
  state: string;
  /** Codes of `validation_status` (the failures that decide the state). */
  status: string[];
  success: string[];
  failure: string[];
  /** The parsed Reader JSON. */
  json: {
    active_manifest?: string;
    manifests: Record<string, ReaderManifest>;
  };
}

export interface ReaderManifest {
  label: string;
  title?: string;
  instance_id?: string;
  claim_version?: number;
  claim_generator_info?: { name: string; version?: string }[];
  assertions: { label: string; data: unknown }[];
  ingredients?: { title?: string; format?: string; relationship?: string }[];
  signature_info?: { alg?: string; issuer?: string; common_name?: string };
}

/** Validates with c2pa-rs; `pki` configures its root as the only trust anchor (plus the default EKU list). */
export async function validateWithC2paRs(bytes: Uint8Array, mediaType: string, pki?: TestPki): Promise<Validation> {
  const mod = await loadWasm();
  const settings = {
    verify: { verify_trust: true, verify_after_reading: true, remote_manifest_fetch: false, ocsp_fetch: false },
    ...(pki ? { trust: { trust_anchors: pki.trustAnchorPem, trust_config: c2paTestEkuConfig } } : {}),
  };
  const reader = await mod.WasmReader.fromBytes(mediaType, bytes, JSON.stringify(settings));
  try {
    const json = JSON.parse(reader.json()) as Validation['json'] & {
      validation_state: string;
      validation_status?: StatusEntry[];
      validation_results?: { activeManifest?: { success?: StatusEntry[]; failure?: StatusEntry[] } };
    };
    const codes = (entries: StatusEntry[] | undefined): string[] => (entries ?? []).map((e) => e.code);
    return {
      state: json.validation_state,
      status: codes(json.validation_status),
      success: codes(json.validation_results?.activeManifest?.success),
      failure: codes(json.validation_results?.activeManifest?.failure),
      json,
    };
  } finally {
    reader.free();
  }
}

export const activeManifest = (v: Validation): ReaderManifest => {
  const label = v.json.active_manifest;
  const manifest = label ? v.json.manifests[label] : undefined;
  if (!manifest) throw new Error('no active manifest');
  return manifest;
};

/** A small photo-like test image (gradient + noise so that codecs have something to encode). */
export async function makeImage(
  format: 'png' | 'jpeg' | 'webp',
  options: { alpha?: boolean; lossless?: boolean } = {},
) {
  const width = 96;
  const height = 64;
  const channels = options.alpha ? 4 : 3;
  const pixels = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      pixels[i] = (x * 255) / width;
      pixels[i + 1] = (y * 255) / height;
      pixels[i + 2] = ((x + y) * 7) & 0xff;
      if (options.alpha) pixels[i + 3] = 128 + (x & 0x7f);
    }
  }
  const image = sharp(pixels, { raw: { width, height, channels } });
  const out =
    format === 'png'
      ? image.png()
      : format === 'jpeg'
        ? image.jpeg({ quality: 80 })
        : image.webp({ quality: 80, lossless: options.lossless ?? false });
  return new Uint8Array(await out.toBuffer());
}

export const mediaTypeOf = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' } as const;
