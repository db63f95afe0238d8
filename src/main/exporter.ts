/**
 * The ProvenanceExporter for the configuration (decision 0034): the organisation's signing credentials read from the
 * files the configuration names, the sharp-based exporter loaded on the first export (a CLI command that exports
 * nothing never loads sharp or node-forge). The JSON-LD needs neither, so it answers at once.
 */
import type { Config } from '../config/config.ts';
import type { ProvenanceExporter } from '../domain/export.ts';
import { buildJsonLd } from '../provenance/export/json-ld.ts';
import { version } from './version.ts';

/** Loads and checks the credentials and builds the exporter; CONFIG_INVALID names the setting to fix. */
export async function createProvenanceExporter(config: Readonly<Config>): Promise<ProvenanceExporter> {
  const [{ loadSigningPem }, { SharpProvenanceExporter }] = await Promise.all([
    import('../provenance/export/signing-config.ts'),
    import('../provenance/export/provenance-exporter.ts'),
  ]);
  const signing = loadSigningPem({
    ...(config.signingCertFile !== undefined ? { certificateFile: config.signingCertFile } : {}),
    ...(config.signingKeyFile !== undefined ? { keyFile: config.signingKeyFile } : {}),
    ...(config.signingPkcs12File !== undefined ? { pkcs12File: config.signingPkcs12File } : {}),
    ...(config.signingPkcs12Password !== undefined ? { pkcs12Password: config.signingPkcs12Password } : {}),
  });
  return new SharpProvenanceExporter({
    ...(signing ? { signing } : {}),
    claimGenerator: { name: 'Provena', version },
    maxPixels: config.maxPixels,
  });
}

/** The port over an exporter made on first use (`load` keeps it); the JSON-LD is pure and needs no loading. */
export function deferredProvenanceExporter(load: () => Promise<ProvenanceExporter>): ProvenanceExporter {
  return {
    exportFile: async (request) => (await load()).exportFile(request),
    jsonLd: (request) => buildJsonLd(request),
  };
}
