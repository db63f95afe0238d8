/** Chooses the provenance extractor for the configuration (trust anchors are read from operator files, offline). */
import type { Config } from '../config/config.ts';
import { emptyProvenance, type ProvenanceExtractor } from '../domain/provenance.ts';
import { loadC2paTrust } from '../provenance/c2pa/trust-config.ts';
import { createProvenanceEngine } from '../provenance/engine.ts';

export async function createProvenanceExtractor(config: Readonly<Config>): Promise<ProvenanceExtractor> {
  if (!config.readProvenance) return { extract: () => Promise.resolve(emptyProvenance()) };
  const c2pa = await loadC2paTrust({
    ...(config.c2paTrustAnchorsFile ? { trustAnchors: config.c2paTrustAnchorsFile } : {}),
    ...(config.c2paTrustConfigFile ? { trustConfig: config.c2paTrustConfigFile } : {}),
  });
  return createProvenanceEngine({
    c2pa,
    maxStealthPixels: Math.min(config.maxPixels, 40_000_000),
    maxC2paValidationBytes: config.c2paMaxValidationBytes,
  });
}
