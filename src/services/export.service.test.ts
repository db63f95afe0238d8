/**
 * The export service over a real store (both dialects) and blob store, with a fake delivery gate (its verdict set per
 * asset) and a counting fake exporter; one test runs the real exporter (sharp) on a generated picture.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { member, operator, userContext } from '../../test/contexts.ts';
import { describeEachDialect } from '../../test/dialects.ts';
import { failure } from '../../test/failure.ts';
import { zipEntries } from '../../test/zip-entries.ts';
import { LocalBlobStore } from '../blobs/local-blob-store.ts';
import { ProvenaError } from '../domain/errors.ts';
import type { ExportManifest, ExportProgress } from '../domain/export-archive.ts';
import type { ExportedFile, ExportRequest, ProvenanceExporter } from '../domain/export.ts';
import { newId } from '../domain/ids.ts';
import { emptyProvenance, type ProvenanceRecord } from '../domain/provenance.ts';
import { parseRightsRecord } from '../domain/rights.ts';
import type { DeliveryGate, UsageDecision, UsageReason, UsageRequest } from '../domain/usage.ts';
import { defaultChannels } from '../domain/usage.ts';
import { ZipStreamWriter } from '../media/zip-stream.ts';
import { SharpProvenanceExporter } from '../provenance/export/index.ts';
import type { SqlStore } from '../storage/store.ts';
import { ExportService } from './export.service.ts';

/** A gate whose refusals the test sets per asset; it records every request. */
class FakeGate implements DeliveryGate {
  readonly denied = new Map<string, UsageReason[]>();
  readonly requests: { request: UsageRequest; via: string; by: string }[] = [];
  authoriseDelivery(request: UsageRequest, delivery: { via: string; by: string }): Promise<UsageDecision> {
    this.requests.push({ request, ...delivery });
    const reasons = this.denied.get(request.assetId) ?? [];
    const decision: UsageDecision = {
      allowed: reasons.length === 0,
      assetId: request.assetId,
      version: request.version ?? 1,
      channel: request.channel,
      ...(request.region ? { region: request.region } : {}),
      at: new Date(),
      derivative: request.derivative ?? false,
      reasons: reasons.length > 0 ? reasons : [{ code: 'attribution_required', verdict: 'warn', message: 'Credit.' }],
    };
    if (!decision.allowed) return Promise.reject(new ProvenaError('USAGE_DENIED', 'denied', { decision }));
    return Promise.resolve(decision);
  }
}

/** Makes recognisable bytes and counts calls; `hold` keeps every call waiting until released. */
class FakeExporter implements ProvenanceExporter {
  readonly calls: ExportRequest[] = [];
  hold: Promise<void> | undefined;
  exportFile = async (request: ExportRequest): Promise<ExportedFile> => {
    this.calls.push(request);
    await this.hold;
    const bytes = Buffer.from(
      `rendition of ${request.assetId} v${request.version} for ${request.preset.name} #${this.calls.length}`,
    );
    return {
      bytes,
      mediaType: request.preset.format === 'jpeg' ? 'image/jpeg' : 'image/webp',
      fileName: request.fileName,
      width: 640,
      height: 480,
      c2pa: 'signed',
      jsonLd: { '@type': 'ImageObject', name: request.title, creditText: request.rights.creditLine },
    };
  };
  jsonLd = (request: Omit<ExportRequest, 'source'>) => ({ '@type': 'ImageObject', name: request.title });
}

const expired: UsageReason = { code: 'rights_expired', verdict: 'deny', message: 'The rights expired on 2026-01-05.' };

describeEachDialect('export service', ({ store }) => {
  let blobDir: string;
  let blobs: LocalBlobStore;
  beforeAll(async () => {
    blobDir = mkdtempSync(join(tmpdir(), 'provena-export-'));
    blobs = await new LocalBlobStore(blobDir).init();
  });
  afterAll(async () => {
    await blobs.close();
    rmSync(blobDir, { recursive: true, force: true });
  });

  const setUp = (exporter: ProvenanceExporter = new FakeExporter()) => {
    const gate = new FakeGate();
    const service = new ExportService({
      store: store(),
      blobs,
      exporter,
      exporterVersion: 'test@1',
      gate,
      archive: () => new ZipStreamWriter(),
    });
    return { gate, service, exporter };
  };

  /** An asset whose one version is `bytes` in the blob store. */
  const storedAsset = async (
    bytes: Buffer,
    options: { fileName?: string; teamId?: string; provenance?: ProvenanceRecord } = {},
  ) => {
    const s: SqlStore = store();
    const { sha256 } = await blobs.put(bytes);
    const assetId = newId();
    const now = new Date().toISOString();
    const fileName = options.fileName ?? 'lighthouse.png';
    await s.transaction(async (tx) => {
      await tx.assets.insert({
        id: assetId,
        title: `Lighthouse ${assetId.slice(-4)}`,
        kind: 'image',
        status: 'approved',
        quarantineReasons: [],
        rightsStatus: 'cleared',
        currentVersion: 1,
        ...(options.teamId ? { teamId: options.teamId } : {}),
        createdAt: now,
        updatedAt: now,
      });
      await tx.assets.insertVersion({
        id: newId(),
        assetId,
        number: 1,
        blob: { sha256, size: bytes.length },
        mediaType: 'image/png',
        fileName,
        provenance: options.provenance ?? emptyProvenance(),
        createdAt: now,
        createdBy: 't',
      });
    });
    return { assetId, sha256 };
  };

  it('asks the gate first (via export, channel, region, derivative for a crop), then makes and serves the rendition', async () => {
    const { service, gate, exporter } = setUp();
    const { assetId } = await storedAsset(Buffer.from('png bytes 1'));
    const file = await service.exportOne(operator, assetId, { preset: 'social-1080', channel: 'social', region: 'DE' });
    expect(gate.requests).toEqual([
      {
        request: { assetId, version: 1, channel: 'social', region: 'DE', derivative: true },
        via: 'export',
        by: 'operator:tester',
      },
    ]);
    expect((exporter as FakeExporter).calls).toHaveLength(1);
    expect((await buffer(file.stream)).toString()).toContain(`rendition of ${assetId} v1 for social-1080`);
    expect(file).toMatchObject({ mediaType: 'image/jpeg', fileName: 'lighthouse.social-1080.jpg', c2pa: 'signed' });
    await service.exportOne(operator, assetId, { preset: 'web-1600', channel: 'web' });
    expect(gate.requests[1]!.request.derivative).toBe(false);
  });

  it('a denied export is USAGE_DENIED with the reasons, and nothing is made or read', async () => {
    const { service, gate, exporter } = setUp();
    const { assetId } = await storedAsset(Buffer.from('png bytes 2'));
    gate.denied.set(assetId, [expired]);
    const error = await failure(service.exportOne(operator, assetId, { preset: 'web-1600', channel: 'web' }));
    expect(error.code).toBe('USAGE_DENIED');
    expect((exporter as FakeExporter).calls).toHaveLength(0);
  });

  it('an asset out of reach is NOT_FOUND before the gate is asked; an unknown preset names the known ones', async () => {
    const { service, gate } = setUp();
    const { assetId } = await storedAsset(Buffer.from('png bytes 3'), { teamId: undefined });
    const outsider = userContext('eve', [member('other-team', 'viewer')]);
    expect((await failure(service.exportOne(outsider, assetId, { preset: 'web-1600', channel: 'web' }))).code).toBe(
      'NOT_FOUND',
    );
    const unknown = await failure(service.exportOne(operator, assetId, { preset: 'billboard', channel: 'ooh' }));
    expect(unknown.code).toBe('VALIDATION_FAILED');
    expect(unknown.message).toContain('"billboard" is unknown; one of email-800, print, social-1080');
    const missing = await failure(service.exportOne(operator, assetId, { preset: '', channel: '' }));
    expect(missing.details.problems).toEqual([
      { field: 'preset', problem: expect.stringContaining('is required') as unknown },
      { field: 'channel', problem: expect.stringContaining('is required') as unknown },
    ]);
    expect(gate.requests).toEqual([]);
  });

  it('makes a rendition once: a second export and concurrent ones serve the same cached bytes', async () => {
    const exporter = new FakeExporter();
    const { service } = setUp(exporter);
    const { assetId } = await storedAsset(Buffer.from('png bytes 4'));
    let release!: () => void;
    exporter.hold = new Promise((resolve) => (release = resolve));
    const concurrent = Array.from({ length: 3 }, () =>
      service.exportOne(operator, assetId, { preset: 'web-1600', channel: 'web' }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    const files = await Promise.all(concurrent);
    const again = await service.exportOne(operator, assetId, { preset: 'web-1600', channel: 'web' });
    expect(exporter.calls).toHaveLength(1);
    expect(new Set([...files, again].map((f) => f.sha256)).size).toBe(1);
    for (const f of [...files, again]) await buffer(f.stream);
    // Another preset, or another service instance (another process) with an older record, is another rendition.
    await service.exportOne(operator, assetId, { preset: 'email-800', channel: 'email' });
    expect(exporter.calls).toHaveLength(2);
    const second = setUp(new FakeExporter());
    const fromCache = await second.service.exportOne(operator, assetId, { preset: 'web-1600', channel: 'web' });
    expect(fromCache.sha256).toBe(again.sha256);
    expect((second.exporter as FakeExporter).calls).toHaveLength(0);
    await buffer(fromCache.stream);
  });

  it("writes the rights record's credit and licence, else the file's own IPTC", async () => {
    const exporter = new FakeExporter();
    const { service } = setUp(exporter);
    const provenance: ProvenanceRecord = {
      ...emptyProvenance(),
      iptc: { creditLine: 'From the file', copyrightNotice: '© File', creator: ['Ana'] },
    };
    const { assetId } = await storedAsset(Buffer.from('png bytes 5'), { provenance });
    await service.exportOne(operator, assetId, { preset: 'web-1600', channel: 'web' });
    expect(exporter.calls[0]!.rights).toEqual({
      creditLine: 'From the file',
      copyrightNotice: '© File',
      creators: ['Ana'],
    });
    await store().rights.insert({
      assetId,
      revision: 1,
      versionNumber: 1,
      record: parseRightsRecord(
        { status: 'cleared', creditLine: 'ACME Studio', licence: 'CC-BY-4.0', approvedChannels: ['web'] },
        [...defaultChannels],
      ),
      setAt: new Date().toISOString(),
      setBy: 'user:lea',
    });
    await service.exportOne(operator, assetId, { preset: 'web-1600', channel: 'web' });
    // The facts changed, so the rendition is made again with them.
    expect(exporter.calls).toHaveLength(2);
    expect(exporter.calls[1]!.rights).toMatchObject({
      creditLine: 'ACME Studio',
      licence: 'CC-BY-4.0',
      creators: ['Ana'],
    });
  });

  it('a bulk export streams a zip: each file with its sidecar, the refused listed with reasons, progress per asset', async () => {
    const { service, gate } = setUp();
    const a = await storedAsset(Buffer.from('png bytes 6'), { fileName: 'same.png' });
    const b = await storedAsset(Buffer.from('png bytes 7'), { fileName: 'same.png' });
    const denied = await storedAsset(Buffer.from('png bytes 8'));
    gate.denied.set(denied.assetId, [expired]);
    const missing = newId();
    const progress: ExportProgress[] = [];
    const bulk = await service.exportMany(
      operator,
      { assetIds: [a.assetId, denied.assetId, missing, b.assetId, a.assetId] },
      { preset: 'web-1600', channel: 'web' },
      (event) => progress.push(event),
    );
    const [zip, manifest] = await Promise.all([buffer(bulk.stream), bulk.manifest]);
    const entries = zipEntries(zip);
    expect([...entries.keys()]).toEqual([
      'same.web-1600.webp',
      'same.web-1600.webp.jsonld',
      'same.web-1600-2.webp',
      'same.web-1600-2.webp.jsonld',
      'manifest.json',
    ]);
    expect(entries.get('same.web-1600.webp')!.toString()).toContain(`rendition of ${a.assetId}`);
    expect(JSON.parse(entries.get('same.web-1600-2.webp.jsonld')!.toString())).toMatchObject({
      '@type': 'ImageObject',
    });
    const written = JSON.parse(entries.get('manifest.json')!.toString()) as ExportManifest;
    expect(written).toEqual(JSON.parse(JSON.stringify(manifest)));
    expect(written.exported.map((e) => [e.assetId, e.file, e.c2pa])).toEqual([
      [a.assetId, 'same.web-1600.webp', 'signed'],
      [b.assetId, 'same.web-1600-2.webp', 'signed'],
    ]);
    expect(written.exported[0]!.warnings).toEqual([expect.objectContaining({ code: 'attribution_required' })]);
    expect(written.refused).toEqual([
      { assetId: denied.assetId, code: 'USAGE_DENIED', message: 'denied', reasons: [expired] },
      { assetId: missing, code: 'NOT_FOUND', message: `Asset ${missing} does not exist.` },
    ]);
    // Every use is checked before the stream starts: the refusals are heard of first.
    expect(progress.map((p) => [p.kind, p.index, p.total])).toEqual([
      ['refused', 1, 4],
      ['refused', 2, 4],
      ['exported', 0, 4],
      ['exported', 3, 4],
    ]);
  });

  it('renders no more at once than its slots, with more files on their way, and writes them in order', async () => {
    let rendering = 0;
    let most = 0;
    const exporter = new FakeExporter();
    const counted: ProvenanceExporter = {
      jsonLd: exporter.jsonLd,
      exportFile: async (request) => {
        most = Math.max(most, ++rendering);
        // Later files finish first: the archive must still take them in the order asked.
        await new Promise((resolve) => setTimeout(resolve, 30 - 3 * exporter.calls.length));
        rendering--;
        return exporter.exportFile(request);
      },
    };
    const gate = new FakeGate();
    const service = new ExportService({
      store: store(),
      blobs,
      exporter: counted,
      exporterVersion: 'test@slots',
      gate,
      archive: () => new ZipStreamWriter(),
      renderSlots: 2,
      bulkLookAhead: 5,
    });
    const assets = [];
    for (let i = 0; i < 7; i++) assets.push(await storedAsset(Buffer.from(`slots ${i}`), { fileName: `f${i}.png` }));
    const bulk = await service.exportMany(
      operator,
      { assetIds: assets.map((a) => a.assetId) },
      { preset: 'web-1600', channel: 'web' },
    );
    const [zip, manifest] = await Promise.all([buffer(bulk.stream), bulk.manifest]);
    expect(most).toBe(2);
    expect(manifest.exported.map((e) => e.assetId)).toEqual(assets.map((a) => a.assetId));
    expect([...zipEntries(zip).keys()].filter((name) => name.endsWith('.webp'))).toEqual(
      assets.map((_, i) => `f${i}.web-1600.webp`),
    );
  });

  it('when no asset of a bulk export may leave, the answer is USAGE_DENIED with every reason, not an empty archive', async () => {
    const { service, gate } = setUp();
    const denied = await storedAsset(Buffer.from('png bytes 9'));
    gate.denied.set(denied.assetId, [expired]);
    const missing = newId();
    const error = await failure(
      service.exportMany(operator, { assetIds: [denied.assetId, missing] }, { preset: 'web-1600', channel: 'web' }),
    );
    expect(error.code).toBe('USAGE_DENIED');
    expect(error.message).toContain('None of the 2 assets may be exported for web');
    expect(error.details.refused).toEqual([
      { assetId: denied.assetId, code: 'USAGE_DENIED', message: 'denied', reasons: [expired] },
      { assetId: missing, code: 'NOT_FOUND', message: `Asset ${missing} does not exist.` },
    ]);
    const alone = await failure(
      service.exportMany(operator, { assetIds: [missing] }, { preset: 'web-1600', channel: 'web' }),
    );
    expect([alone.code, alone.message]).toEqual(['NOT_FOUND', `Asset ${missing} does not exist.`]);
  });

  it('an asset denied after the stream began is listed as refused, and the others still leave', async () => {
    const exporter = new FakeExporter();
    const { service, gate } = setUp(exporter);
    const first = await storedAsset(Buffer.from('png bytes 10'));
    const second = await storedAsset(Buffer.from('png bytes 11'));
    let release!: () => void;
    exporter.hold = new Promise((resolve) => (release = resolve));
    const bulk = await service.exportMany(
      operator,
      { assetIds: [first.assetId, second.assetId] },
      { preset: 'web-1600', channel: 'web' },
    );
    const zip = buffer(bulk.stream);
    // While the first file is being made, the second asset's rights expire.
    gate.denied.set(second.assetId, [expired]);
    release();
    const manifest = await bulk.manifest;
    expect(manifest.exported.map((e) => e.assetId)).toEqual([first.assetId]);
    expect(manifest.refused).toEqual([expect.objectContaining({ assetId: second.assetId, code: 'USAGE_DENIED' })]);
    expect([...zipEntries(await zip).keys()]).toHaveLength(3);
  });

  it('a bulk export whose reader goes away stops, rather than making the rest', async () => {
    const exporter = new FakeExporter();
    const { service } = setUp(exporter);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await storedAsset(Buffer.from(`png bytes gone ${i}`))).assetId);
    const bulk = await service.exportMany(operator, { assetIds: ids }, { preset: 'web-1600', channel: 'web' });
    bulk.stream.destroy();
    await expect(bulk.manifest).rejects.toThrow();
    expect(exporter.calls.length).toBeLessThan(3);
  });

  it('refuses an empty selection', async () => {
    const { service } = setUp();
    expect(
      (await failure(service.exportMany(operator, { assetIds: [] }, { preset: 'web-1600', channel: 'web' }))).code,
    ).toBe('VALIDATION_FAILED');
  });

  it('with the real exporter: a PNG to the web preset is a WebP with its JSON-LD, cached by content address', async () => {
    const exporter = new SharpProvenanceExporter({
      claimGenerator: { name: 'Provena test', version: '0' },
      maxPixels: 50_000_000,
    });
    const { service } = setUp(exporter);
    const png = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#3a6ea5' } })
      .png()
      .toBuffer();
    const { assetId } = await storedAsset(png, { fileName: 'sea.png' });
    const file = await service.exportOne(operator, assetId, { preset: 'web-1600', channel: 'web' });
    const bytes = await buffer(file.stream);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'webp', width: 320, height: 200 });
    expect(file).toMatchObject({ mediaType: 'image/webp', fileName: 'sea.web-1600.webp', size: bytes.length });
    expect(file.jsonLd).toMatchObject({ '@type': 'ImageObject' });
    const again = await service.exportOne(operator, assetId, { preset: 'web-1600', channel: 'web' });
    expect(again.sha256).toBe(file.sha256);
    await buffer(again.stream);
  });
});
