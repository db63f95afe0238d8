/** The preset and export services over the runtime's store, blob store, exporter and delivery gate. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Config } from '../config/config.ts';
import type { ProvenanceExporter } from '../domain/export.ts';
import type { BlobStore } from '../domain/ports.ts';
import type { DeliveryGate } from '../domain/usage.ts';
import { ZipStreamWriter } from '../media/zip-stream.ts';
import { CollectionService } from '../services/collection.service.ts';
import { ExportService } from '../services/export.service.ts';
import { PresetService } from '../services/preset.service.ts';
import type { SearchService } from '../services/search.service.ts';
import type { SqlStore } from '../storage/store.ts';
import { version } from './version.ts';

/**
 * What the cached renditions were made by: Provena's version and the signing certificate (a new certificate, or
 * none, writes other bytes). A file that cannot be read is named so; loading the exporter refuses it anyway.
 */
export function exporterVersion(config: Pick<Config, 'signingCertFile' | 'signingPkcs12File'>): string {
  const file = config.signingCertFile ?? config.signingPkcs12File;
  if (file === undefined) return `provena@${version};unsigned`;
  try {
    return `provena@${version};signer=${createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 32)}`;
  } catch {
    return `provena@${version};signer=unreadable`;
  }
}

export function createExportServices(deps: {
  config: Readonly<Config>;
  store: SqlStore;
  blobs: BlobStore;
  exporter: ProvenanceExporter;
  gate: DeliveryGate;
  search: Pick<SearchService, 'search'>;
}): { presets: PresetService; exports: ExportService } {
  return {
    presets: new PresetService({ store: deps.store }),
    exports: new ExportService({
      store: deps.store,
      blobs: deps.blobs,
      exporter: deps.exporter,
      exporterVersion: exporterVersion(deps.config),
      gate: deps.gate,
      archive: () => new ZipStreamWriter(),
      collections: new CollectionService({ store: deps.store }),
      search: deps.search,
    }),
  };
}
