import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { C2paSummary } from '../contract.ts';
import {
  buildStore,
  fixture,
  fixturesDir,
  jpegWithRemoteManifest,
  pngWithStore,
  tinyJpeg,
} from './c2pa-test-support.ts';
import { storeFromJumbf } from './jumbf-store.ts';
import { readRawMetadata } from '../containers/index.ts';
import { c2paSettings, createC2paReader, loadC2paTrust } from './reader.ts';
import { summariseStore } from './summary.ts';
import { describeWith } from '../../../test/requirements.ts';

const iptc = 'http://cv.iptc.org/newscodes/digitalsourcetype/';
const trained = `${iptc}trainedAlgorithmicMedia`;

const selfMadeStore = buildStore([
  {
    label: 'urn:c2pa:11111111-2222-3333-4444-555555555555',
    claim: {
      claim_generator_info: { name: 'self-made', version: '9' },
      signature: 'self#jumbf=c2pa.signature',
      created_assertions: [],
    },
    assertions: [
      {
        label: 'c2pa.actions.v2',
        data: {
          actions: [
            {
              action: 'c2pa.created',
              digitalSourceType: trained,
              softwareAgent: { name: 'Stable Diffusion web UI', version: '1.10.1' },
            },
          ],
        },
      },
    ],
  },
]);

describe('createC2paReader without ../shared (self-made inputs)', () => {
  const reader = createC2paReader();

  it('settings never allow network access, and always check trust', () => {
    const s = JSON.parse(c2paSettings({ trustAnchorsPem: 'PEM' })) as {
      verify: Record<string, boolean>;
      trust: Record<string, string>;
    };
    expect(s.verify).toMatchObject({ remote_manifest_fetch: false, ocsp_fetch: false, verify_trust: true });
    expect(s.trust).toEqual({ trust_anchors: 'PEM' });
    expect(JSON.parse(c2paSettings({}))).not.toHaveProperty('trust');
  });

  it('a file without C2PA → not embedded, unknown, no warnings', async () => {
    const s = await reader.read(tinyJpeg(), 'image/jpeg');
    expect(s).toMatchObject({ embedded: false, aiInvolvement: 'unknown', actions: [], statusCodes: [] });
    expect(s.validationState).toBeUndefined();
  });

  it('a remote manifest reference → remoteUrl, embedded false, no network, no throw', async () => {
    const url = 'https://cai-manifests.example.invalid/manifests/abc';
    const s = await reader.read(jpegWithRemoteManifest(tinyJpeg(), url), 'image/jpeg');
    expect(s).toMatchObject({ embedded: false, remoteUrl: url, actions: [] });
  });

  it('an unsigned (invalid) store → Invalid, but still summarised from our own JUMBF reading', async () => {
    const png = pngWithStore(selfMadeStore);
    const s = await reader.read(png, 'image/png');
    expect(s.embedded).toBe(true);
    expect(s.validationState).toBe('Invalid');
    expect(s.warnings.join(' ')).toMatch(/invalid|not validated/i);
    expect(s).toMatchObject({
      aiInvolvement: 'ai-generated',
      softwareAgent: 'Stable Diffusion web UI',
      generator: { name: 'self-made', version: '9' },
    });
    expect(s.manifestStoreBytes).toEqual(selfMadeStore);
  });

  it('empty bytes and garbage never throw', async () => {
    await expect(reader.read(new Uint8Array(0), 'image/png')).resolves.toMatchObject({ embedded: false });
    await expect(reader.read(Uint8Array.of(1, 2, 3), 'application/x-unknown')).resolves.toMatchObject({
      embedded: false,
    });
  });

  it('never throws on damaged stores (fuzzed JUMBF inside a PNG)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: selfMadeStore.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 6,
        }),
        async (edits) => {
          const store = selfMadeStore.slice();
          for (const [at, v] of edits) store[at] = v;
          const s = await reader.read(pngWithStore(store), 'image/png');
          expect(s.embedded).toBe(true);
          expect(s.validationState === 'Invalid' || s.warnings.length > 0).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});

interface Expected {
  mime: string;
  sha256: string;
  generator: { name?: string; version?: string };
  claimGenerator?: string;
  softwareAgent: string;
  signer: { issuer: string; commonName: string; alg: string; time?: string };
  dst?: string;
  heuristic: boolean;
  actions: string[];
}

const expectations: Record<string, Expected> = {
  'c2pa_openai_dalle3_chatgpt.webp': {
    mime: 'image/webp',
    sha256: 'd80b027d34c510655d73190326279987d60bd764d546a939da3c48139554ab65',
    generator: { name: 'ChatGPT' },
    claimGenerator: 'ChatGPT c2pa-rs/0.28.4',
    softwareAgent: 'DALL·E',
    signer: {
      issuer: 'OpenAI',
      commonName: 'Truepic Lens CLI in ChatGPT',
      alg: 'Es256',
      time: '2024-03-08T20:22:53+00:00',
    },
    dst: trained, // from the parent manifest: the active one has no actions
    heuristic: false,
    actions: ['c2pa.created', 'c2pa.converted'],
  },
  'c2pa_microsoft_bing_image_creator.jpg': {
    mime: 'image/jpeg',
    sha256: 'a0de05cb8ba2ee4647c0c630464826d2bae17ce14681e8f4220b7f53d4a6c1bb',
    generator: { name: 'Microsoft Responsible AI Image Provenance', version: '1.0' },
    claimGenerator: 'Microsoft_Responsible_AI/1.0',
    softwareAgent: 'Image Creator from Designer',
    signer: {
      issuer: 'Microsoft Corporation',
      commonName: 'Microsoft Corporation',
      alg: 'Ps256',
      time: '2024-03-08T20:41:56+00:00',
    },
    heuristic: true, // no DST: the verdict comes from the description / agent
    actions: ['c2pa.created'],
  },
  'c2pa_adobe_firefly_genai_actions_v2.jpg': {
    mime: 'image/jpeg',
    sha256: '612a35a7995b36bc910532370c8edc086d8090fe2629bae2e86fa17708609e40',
    generator: { name: 'Adobe Firefly' },
    claimGenerator: 'Adobe_Firefly adobe_c2pa/0.9.5 c2pa-rs/0.31.1',
    softwareAgent: 'Adobe Firefly',
    signer: {
      issuer: 'Adobe Inc.',
      commonName: 'Content Credentials (Stage)',
      alg: 'Ps256',
      time: '2024-04-12T19:13:22+00:00',
    },
    dst: trained, // the parent's https:// DST, normalised
    heuristic: false,
    actions: ['c2pa.edited', 'c2pa.created'],
  },
  'generated_c2pa_trained_a1111.png': {
    mime: 'image/png',
    sha256: '4c7a1c90dfef27fbdd5fddd59e66bdba9c691f914cc08ddf5b89943cd022021a',
    generator: { name: 'dam-provenance-fixture', version: '0.1.0' },
    softwareAgent: 'Stable Diffusion web UI',
    signer: { issuer: 'C2PA Test Signing Cert', commonName: 'C2PA Signer', alg: 'Es256' },
    dst: trained,
    heuristic: false,
    actions: ['c2pa.created'],
  },
  'generated_c2pa_trained_a1111.jpg': {
    mime: 'image/jpeg',
    sha256: '70cb48a933e2783550b5babeca6b20aedd2f48070abe31fab6114c6e3d46f60a',
    generator: { name: 'dam-provenance-fixture', version: '0.1.0' },
    softwareAgent: 'Stable Diffusion web UI',
    signer: { issuer: 'C2PA Test Signing Cert', commonName: 'C2PA Signer', alg: 'Es256' },
    dst: trained,
    heuristic: false,
    actions: ['c2pa.created'],
  },
};

const checkContent = (s: C2paSummary, e: Expected): void => {
  expect(s.embedded).toBe(true);
  expect(s.generator).toEqual(e.generator);
  expect(s.claimGenerator).toBe(e.claimGenerator);
  expect(s.softwareAgent).toBe(e.softwareAgent);
  expect(s.signer).toEqual(e.signer);
  expect(s.digitalSourceType).toBe(e.dst);
  expect(s.aiInvolvement).toBe('ai-generated');
  expect(s.aiHeuristic).toBe(e.heuristic);
  expect(s.actions.map((a) => a.action)).toEqual(e.actions);
  expect(s.manifestStoreBytes?.length).toBeGreaterThan(1000);
};

describeWith('sharedFixtures', 'createC2paReader on real files (../shared fixtures)', () => {
  const untrusted = createC2paReader();
  const trustedReader = loadC2paTrust({
    trustAnchors: `${fixturesDir}trust/c2pa_rs_test_cert_root_bundle.pem`,
    trustConfig: `${fixturesDir}trust/c2pa_rs_store.cfg`,
  }).then((trust) => createC2paReader(trust));

  describe.each(Object.entries(expectations))('%s', (name, e) => {
    const bytes = fixture(name);

    it('is the fixture the README describes', () => {
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(e.sha256);
    });

    it('validates Valid + signingCredential.untrusted without anchors, and summarises it', async () => {
      const s = await untrusted.read(bytes, e.mime);
      checkContent(s, e);
      expect(s.validationState).toBe('Valid');
      expect(s.statusCodes).toContain('signingCredential.untrusted');
      expect(s.warnings).toEqual([]);
    });

    it('with the c2pa-rs test anchors: generated files Trusted, vendor files stay Valid + untrusted', async () => {
      const s = await (await trustedReader).read(bytes, e.mime);
      checkContent(s, e);
      if (name.startsWith('generated_')) {
        expect(s.validationState).toBe('Trusted');
        expect(s.statusCodes).toEqual([]);
      } else {
        expect(s.validationState).toBe('Valid');
        expect(s.statusCodes).toContain('signingCredential.untrusted');
      }
    });

    it('our no-crypto fallback (JUMBF + CBOR + X.509, no validator) agrees with the validator on content', () => {
      const store = readRawMetadata(bytes).c2paStore;
      if (!store) throw new Error('no store found');
      const s = summariseStore(storeFromJumbf(store), { manifestStoreBytes: store });
      checkContent(s, e);
      expect(s.validationState).toBeUndefined();
      expect(s.warnings).toEqual(['C2PA signatures and hashes were not validated (read without the validator)']);
    });
  });

  it('Firefly: the parent chain makes it ai-generated although the active action is a composite edit', async () => {
    const s = await untrusted.read(fixture('c2pa_adobe_firefly_genai_actions_v2.jpg'), 'image/jpeg');
    expect(s).toMatchObject({ aiInvolvement: 'ai-generated', aiHeuristic: false, digitalSourceType: trained });
    expect(s.actions[0]).toEqual({
      action: 'c2pa.edited',
      dst: `${iptc}compositeWithTrainedAlgorithmicMedia`,
      agent: 'Adobe Firefly',
    });
    expect(s.ingredients).toEqual([
      { title: 'firefly-actions-v2.jpg', relationship: 'parentOf', format: 'image/jpeg' },
    ]);
    // The chain: the parent (its own Firefly manifest; its data hash no longer matches, as for any parent) and what
    // that was made from (a structure reference image, with no manifest).
    expect(s.chain).toMatchObject([
      {
        title: 'firefly-actions-v2.jpg',
        relationship: 'parentOf',
        manifest: 'urn:uuid:153e08ec-2003-4947-a197-2488892cb199',
        signer: { commonName: 'firefly-prod', issuer: 'Adobe Inc.' },
        validationState: 'Invalid',
        ingredients: [
          { title: 'Structure Reference Image', relationship: 'inputTo', statusCodes: [], ingredients: [] },
        ],
      },
    ]);
    expect(s.chain?.[0]?.statusCodes).toContain('assertion.dataHash.mismatch');
  });

  it('flipped bytes in the store or the image → Invalid or warnings, never a crash', async () => {
    const outcomes = new Set<string>();
    for (const name of ['generated_c2pa_trained_a1111.png', 'c2pa_microsoft_bing_image_creator.jpg']) {
      const original = fixture(name);
      const storeStart = Buffer.from(original).indexOf('jumb') - 4; // the manifest store's first box header
      expect(storeStart).toBeGreaterThan(0);
      const offsets = [20, 64, 200, 2000, 5000, 12000].map((o) => storeStart + o).concat([original.length - 100]);
      for (const at of offsets) {
        const damaged = original.slice();
        damaged[at] = (damaged[at] ?? 0) ^ 0xff;
        const s = await untrusted.read(damaged, expectations[name]?.mime ?? '');
        expect(s.embedded).toBe(true);
        outcomes.add(s.validationState ?? 'none');
        if (s.validationState === 'Invalid') expect(s.warnings.length + s.statusCodes.length).toBeGreaterThan(0);
      }
    }
    expect(outcomes.has('Invalid')).toBe(true);
  });

  it('concurrent reads on the shared wasm instance give the same results as sequential ones', async () => {
    const entries = Object.entries(expectations);
    const sequential: C2paSummary[] = [];
    for (const [name, e] of entries) sequential.push(await untrusted.read(fixture(name), e.mime));
    const concurrent = await Promise.all(entries.map(([name, e]) => untrusted.read(fixture(name), e.mime)));
    expect(concurrent).toEqual(sequential);
  });

  it('uses the store the container walkers already extracted, and keeps a remote URL hint', async () => {
    const bytes = fixture('generated_c2pa_trained_a1111.png');
    const store = readRawMetadata(bytes).c2paStore;
    const s = await untrusted.read(bytes, 'image/png', { store, remoteUrl: 'https://example.invalid/m' });
    expect(s).toMatchObject({ embedded: true, validationState: 'Valid', remoteUrl: 'https://example.invalid/m' });
    expect(s.manifestStoreBytes).toEqual(store);
  });

  it('measures read time per file (reported, not asserted)', async () => {
    // Wall time on a shared machine mostly measures the neighbours; CPU time is reported beside it.
    const reader = await trustedReader;
    const rows: string[] = [];
    for (const [name, e] of Object.entries(expectations)) {
      const bytes = fixture(name);
      await reader.read(bytes, e.mime); // warm-up
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < 10; i++) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await reader.read(bytes, e.mime);
        wall.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
      const p = (list: number[], q: number): string =>
        (list.sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(q * list.length))] ?? 0).toFixed(1);
      rows.push(
        `${name}: wall p50 ${p(wall, 0.5)} / p95 ${p(wall, 0.95)} ms; cpu p50 ${p(cpu, 0.5)} / p95 ${p(cpu, 0.95)} ms`,
      );
    }
    console.info(`C2PA read + full validation (trust on):\n  ${rows.join('\n  ')}`);
    expect(rows).toHaveLength(Object.keys(expectations).length);
  });
});
