/**
 * The exporter as the runtime builds it from the configuration: the signing settings read at load, a misconfigured
 * one refused with CONFIG_INVALID naming the setting, and the JSON-LD answered without loading anything.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { generateTestPki } from '../provenance/c2pa/sign/test-pki.ts';
import { duckRequest, photoLike, webPreset } from '../provenance/export/export-test-support.ts';
import { failure } from '../../test/failure.ts';
import { createProvenanceExporter, deferredProvenanceExporter } from './exporter.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'provena-exporter-'));
  const pki = generateTestPki();
  writeFileSync(join(dir, 'chain.pem'), pki.chainPem);
  writeFileSync(join(dir, 'leaf.key'), pki.leafKeyPem);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const configWith = (env: Record<string, string>) => loadConfig({ PROVENA_DATA_DIR: dir, ...env });

describe('createProvenanceExporter', () => {
  it('signs with the configured PEM files', async () => {
    const exporter = await createProvenanceExporter(
      configWith({ PROVENA_SIGNING_CERT: join(dir, 'chain.pem'), PROVENA_SIGNING_KEY: join(dir, 'leaf.key') }),
    );
    const out = await exporter.exportFile(duckRequest(await photoLike(200, 100, 'png'), 'image/png', webPreset));
    expect(out.c2pa).toBe('signed');
  });

  it('without signing settings, exports say they carry no manifest', async () => {
    const exporter = await createProvenanceExporter(configWith({}));
    const out = await exporter.exportFile(duckRequest(await photoLike(200, 100, 'png'), 'image/png', webPreset));
    expect(out.c2pa).toBe('none');
  });

  it('a missing key file is CONFIG_INVALID naming PROVENA_SIGNING_KEY', async () => {
    const error = await failure(
      createProvenanceExporter(
        configWith({ PROVENA_SIGNING_CERT: join(dir, 'chain.pem'), PROVENA_SIGNING_KEY: join(dir, 'absent.key') }),
      ),
    );
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(error.message).toMatch(/^PROVENA_SIGNING_KEY: the file .*absent\.key does not exist/);
  });

  it('the deferred port answers the JSON-LD without loading the exporter', () => {
    const port = deferredProvenanceExporter(() => Promise.reject(new Error('must not load')));
    const { source: _source, ...request } = duckRequest(new Uint8Array(), 'image/png', webPreset);
    expect(port.jsonLd(request)['@type']).toBe('ImageObject');
  });
});
