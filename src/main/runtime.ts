/**
 * The composition root shared by every process role (server, CLI, worker): the only place that chooses concrete
 * implementations and wires them into the services.
 */
import { join } from 'node:path';
import { LocalBlobStore } from '../blobs/local-blob-store.ts';
import type { Config } from '../config/config.ts';
import { FileMediaInspector } from '../media/media-inspector.ts';
import { createProvenanceExtractor } from './provenance.ts';
import { AssetService } from '../services/asset.service.ts';
import { IntakeService } from '../services/intake.service.ts';
import { MaintenanceService } from '../services/maintenance.service.ts';
import { openStore, type SqlStore } from '../storage/store.ts';

export interface Runtime {
  config: Readonly<Config>;
  store: SqlStore;
  blobs: LocalBlobStore;
  intake: IntakeService;
  assets: AssetService;
  maintenance: MaintenanceService;
  close(): Promise<void>;
}

export async function createRuntime(config: Readonly<Config>): Promise<Runtime> {
  const provenance = await createProvenanceExtractor(config);
  const store = await openStore({
    ...(config.databaseUrl ? { url: config.databaseUrl } : {}),
    sqlitePath: join(config.dataDir, 'provena.db'),
  });
  const blobs = await new LocalBlobStore(join(config.dataDir, 'blobs')).init();
  const media = new FileMediaInspector({ maxPixels: config.maxPixels });
  return {
    config,
    store,
    blobs,
    intake: new IntakeService({ store, blobs, media, provenance, maxUploadBytes: config.maxUploadBytes }),
    assets: new AssetService({ store, blobs }),
    maintenance: new MaintenanceService({ store, blobs }),
    close: () => store.close(),
  };
}
