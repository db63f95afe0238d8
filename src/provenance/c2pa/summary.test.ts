import { describe, expect, it } from 'vitest';
import type { ManifestModel, StoreModel } from './store-model.ts';
import { storeFromReaderJson } from './store-model.ts';
import { isKnownGenerativeAgent, summariseStore } from './summary.ts';

const iptc = 'http://cv.iptc.org/newscodes/digitalsourcetype/';

const manifest = (label: string, over: Partial<ManifestModel> = {}): ManifestModel => ({
  label,
  claimGeneratorInfo: [],
  assertions: [],
  ingredients: [],
  ...over,
});

const actions = (...list: Array<Record<string, unknown>>): ManifestModel['assertions'][number] => ({
  label: 'c2pa.actions.v2',
  data: { actions: list },
});

/** A manifest whose only action is `c2pa.created` with the given DST and software agent. */
const created = (label: string, digitalSourceType: string, softwareAgent: string): ManifestModel =>
  manifest(label, { assertions: [actions({ action: 'c2pa.created', digitalSourceType, softwareAgent })] });

const store = (...manifests: ManifestModel[]): StoreModel => ({
  activeManifest: manifests.at(-1)?.label,
  manifests: new Map(manifests.map((m) => [m.label, m])),
  statusCodes: [],
  warnings: [],
});

describe('summariseStore: AI verdict', () => {
  it('created + trainedAlgorithmicMedia in the active manifest → ai-generated', () => {
    const s = summariseStore(
      store(
        manifest('m', {
          assertions: [
            actions({
              action: 'c2pa.created',
              digitalSourceType: `${iptc}trainedAlgorithmicMedia`,
              softwareAgent: { name: 'gpt-image', version: '2.0' },
            }),
          ],
        }),
      ),
    );
    expect(s).toMatchObject({
      aiInvolvement: 'ai-generated',
      aiHeuristic: false,
      digitalSourceType: `${iptc}trainedAlgorithmicMedia`,
      softwareAgent: 'gpt-image',
      softwareAgentVersion: '2.0',
    });
  });

  it('follows parentOf ingredients recursively (grand-parent created the image)', () => {
    const grand = created('g', ' https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia', 'DALL·E');
    const parent = manifest('p', {
      assertions: [actions({ action: 'c2pa.opened' }, { action: 'c2pa.resized' })],
      ingredients: [{ relationship: 'parentOf', activeManifest: 'g' }],
    });
    const active = manifest('a', {
      ingredients: [{ relationship: 'parentOf', activeManifest: 'p', title: 'in.png', format: 'image/png' }],
    });
    const s = summariseStore(store(grand, parent, active));
    expect(s.aiInvolvement).toBe('ai-generated');
    expect(s.softwareAgent).toBe('DALL·E');
    expect(s.actions.map((a) => a.action)).toEqual(['c2pa.opened', 'c2pa.resized', 'c2pa.created']);
    expect(s.digitalSourceType).toBe(`${iptc}trainedAlgorithmicMedia`);
    expect(s.ingredients).toEqual([{ relationship: 'parentOf', title: 'in.png', format: 'image/png' }]);
  });

  it('an AI edit of an AI-generated parent stays ai-generated, with the origin DST (Firefly 2024 shape)', () => {
    const parent = created(
      'p',
      'https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
      'Adobe Firefly',
    );
    const active = manifest('a', {
      assertions: [
        actions({ action: 'c2pa.edited', digitalSourceType: `${iptc}compositeWithTrainedAlgorithmicMedia` }),
      ],
      ingredients: [{ relationship: 'parentOf', activeManifest: 'p' }],
    });
    expect(summariseStore(store(parent, active))).toMatchObject({
      aiInvolvement: 'ai-generated',
      aiHeuristic: false,
      digitalSourceType: `${iptc}trainedAlgorithmicMedia`,
    });
    // The same edit on a captured photo is an AI edit.
    const photo = manifest('p', {
      assertions: [actions({ action: 'c2pa.created', digitalSourceType: `${iptc}digitalCapture` })],
    });
    expect(summariseStore(store(photo, active)).aiInvolvement).toBe('ai-edited');
  });

  it('softwareImage and edit-only codes on c2pa.created state no origin → unknown', () => {
    for (const code of ['softwareImage', 'humanEdits', 'composite']) {
      const s = summariseStore(
        store(manifest('m', { assertions: [actions({ action: 'c2pa.created', digitalSourceType: iptc + code })] })),
      );
      expect(s.aiInvolvement, code).toBe('unknown');
    }
  });

  it('is safe against ingredient cycles', () => {
    const a = manifest('a', { ingredients: [{ relationship: 'parentOf', activeManifest: 'b' }] });
    const b = manifest('b', {
      ingredients: [{ relationship: 'parentOf', activeManifest: 'a' }],
      assertions: [actions({ action: 'c2pa.created' })],
    });
    const s = summariseStore({ ...store(b, a), activeManifest: 'a' });
    expect(s.actions).toEqual([{ action: 'c2pa.created' }]);
    expect(s.aiInvolvement).toBe('unknown');
  });

  it('composite AI DSTs → ai-edited; a componentOf AI ingredient → ai-edited, its actions not listed', () => {
    const edited = summariseStore(
      store(
        manifest('m', {
          assertions: [
            actions({ action: 'c2pa.opened' }, { action: 'c2pa.edited', digitalSourceType: 'compositeSynthetic' }),
          ],
        }),
      ),
    );
    expect(edited).toMatchObject({
      aiInvolvement: 'ai-edited',
      aiHeuristic: false,
      digitalSourceType: `${iptc}compositeSynthetic`,
    });

    const placed = summariseStore(
      store(
        manifest('m', {
          assertions: [
            actions(
              { action: 'c2pa.created', digitalSourceType: `${iptc}digitalCapture` },
              { action: 'c2pa.placed', digitalSourceType: `${iptc}trainedAlgorithmicMedia` },
            ),
          ],
        }),
      ),
    );
    expect(placed.aiInvolvement).toBe('ai-edited');

    const component = manifest('c', {
      assertions: [actions({ action: 'c2pa.created', digitalSourceType: `${iptc}trainedAlgorithmicMedia` })],
    });
    const active = manifest('a', {
      assertions: [
        actions({ action: 'c2pa.created', digitalSourceType: `${iptc}digitalCreation` }, { action: 'c2pa.placed' }),
      ],
      ingredients: [{ relationship: 'componentOf', activeManifest: 'c' }],
    });
    const s = summariseStore(store(component, active));
    expect(s.aiInvolvement).toBe('ai-edited');
    expect(s.actions.map((a) => a.action)).toEqual(['c2pa.created', 'c2pa.placed']);
  });

  it('explicit declarations outrank the heuristic', () => {
    const s = summariseStore(
      store(
        manifest('m', {
          claimGeneratorInfo: [{ name: 'Adobe Firefly' }],
          assertions: [
            actions(
              { action: 'c2pa.created' },
              { action: 'c2pa.edited', digitalSourceType: `${iptc}compositeWithTrainedAlgorithmicMedia` },
            ),
          ],
        }),
      ),
    );
    expect(s).toMatchObject({ aiInvolvement: 'ai-edited', aiHeuristic: false });
  });

  it.each([
    [
      'com.adobe.generative-ai assertion',
      {
        assertions: [
          { label: 'com.adobe.generative-ai', data: { description: 'Adobe Firefly' } },
          actions({ action: 'c2pa.created' }),
        ],
      },
    ],
    [
      '"AI Generated" description',
      { assertions: [actions({ action: 'c2pa.created', description: 'AI Generated Image' })] },
    ],
    [
      'known software agent',
      { assertions: [actions({ action: 'c2pa.created', softwareAgent: 'Titan Image Generator G1' })] },
    ],
    [
      'known agent via softwareAgentIndex',
      {
        assertions: [
          {
            label: 'c2pa.actions.v2__1',
            data: {
              actions: [{ action: 'c2pa.created', softwareAgentIndex: 0 }],
              softwareAgents: [{ name: 'Image Creator from Designer' }],
            },
          },
        ],
      },
    ],
    [
      'known claim generator',
      {
        claimGeneratorInfo: [{ name: 'Google C2PA Core Generator Library' }],
        assertions: [actions({ action: 'c2pa.created' })],
      },
    ],
  ])('heuristic: created without DST + %s → ai-generated (heuristic)', (_, over) => {
    const s = summariseStore(store(manifest('m', over)));
    expect(s).toMatchObject({ aiInvolvement: 'ai-generated', aiHeuristic: true });
    expect(s.digitalSourceType).toBeUndefined();
  });

  it('no heuristic for an unknown agent, and none for a non-AI origin', () => {
    expect(
      summariseStore(
        store(manifest('m', { assertions: [actions({ action: 'c2pa.created', softwareAgent: 'Photoshop' })] })),
      ).aiInvolvement,
    ).toBe('unknown');
    const capture = summariseStore(
      store(
        manifest('m', {
          assertions: [
            actions({
              action: 'c2pa.created',
              digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture',
            }),
          ],
        }),
      ),
    );
    expect(capture).toMatchObject({
      aiInvolvement: 'none',
      aiHeuristic: false,
      digitalSourceType: `${iptc}digitalCapture`,
    });
  });

  it('reads v1 actions (label c2pa.actions, string agent) and instance suffixes, and skips malformed items', () => {
    const s = summariseStore(
      store(
        manifest('m', {
          assertions: [
            {
              label: 'c2pa.actions',
              data: {
                actions: [
                  { action: 'c2pa.created', softwareAgent: 'Tool 1', when: new Date('2024-01-02T03:04:05Z') },
                  'junk',
                  { noAction: 1 },
                ],
              },
            },
            { label: 'c2pa.actions.v2__2', data: { actions: [{ action: 'c2pa.converted' }] } },
            { label: 'c2pa.actionsX', data: { actions: [{ action: 'c2pa.bogus' }] } },
            { label: 'c2pa.actions__1', data: 'not an object' },
          ],
        }),
      ),
    );
    expect(s.actions).toEqual([
      { action: 'c2pa.created', agent: 'Tool 1', when: '2024-01-02T03:04:05.000Z' },
      { action: 'c2pa.converted' },
    ]);
    expect(s.warnings.join(' ')).toMatch(/has no actions list/);
  });
});

describe('summariseStore: the ingredient chain', () => {
  it('keeps the active manifest’s ingredients as a tree with each one’s signer, generator and validator verdict', () => {
    const grandparent = manifest('g', { claimGenerator: 'Tool/2', signer: { commonName: 'G signer' } });
    const parent = manifest('p', {
      claimGenerator: 'Tool/1',
      signer: { commonName: 'P signer', issuer: 'P CA' },
      ingredients: [
        { title: 'g.jpg', relationship: 'parentOf', activeManifest: 'g', statusCodes: ['assertion.dataHash.mismatch'] },
      ],
    });
    const active = manifest('a', {
      ingredients: [
        {
          title: 'p.jpg',
          relationship: 'parentOf',
          format: 'image/jpeg',
          activeManifest: 'p',
          statusCodes: ['signingCredential.untrusted'],
        },
        { title: 'texture.png', relationship: 'componentOf' },
      ],
    });
    const s = summariseStore({ ...store(grandparent, parent, active), validationState: 'Valid' });
    expect(s.chain).toEqual([
      {
        title: 'p.jpg',
        relationship: 'parentOf',
        format: 'image/jpeg',
        manifest: 'p',
        claimGenerator: 'Tool/1',
        signer: { commonName: 'P signer', issuer: 'P CA' },
        validationState: 'Valid',
        statusCodes: ['signingCredential.untrusted'],
        ingredients: [
          {
            title: 'g.jpg',
            relationship: 'parentOf',
            manifest: 'g',
            claimGenerator: 'Tool/2',
            signer: { commonName: 'G signer' },
            validationState: 'Invalid',
            statusCodes: ['assertion.dataHash.mismatch'],
            ingredients: [],
          },
        ],
      },
      { title: 'texture.png', relationship: 'componentOf', statusCodes: [], ingredients: [] },
    ]);
  });

  it('stops at cycles, gives no verdict without the validator, and leaves the chain out when there is none', () => {
    const a = manifest('a', { ingredients: [{ title: 'b', activeManifest: 'b' }] });
    const b = manifest('b', { ingredients: [{ title: 'a', activeManifest: 'a' }] });
    const s = summariseStore({ ...store(b, a), activeManifest: 'a' });
    expect(s.chain).toEqual([
      {
        title: 'b',
        manifest: 'b',
        statusCodes: [],
        ingredients: [{ title: 'a', manifest: 'a', statusCodes: [], ingredients: [] }],
      },
    ]);
    expect(summariseStore(store(manifest('solo'))).chain).toBeUndefined();
  });
});

describe('summariseStore: generator, signer, fallbacks', () => {
  it('takes the generator from claim_generator_info, else the first product token of claim_generator', () => {
    expect(summariseStore(store(manifest('m', { claimGeneratorInfo: [{ name: 'X', version: 2 }] }))).generator).toEqual(
      { name: 'X', version: '2' },
    );
    const v1 = summariseStore(store(manifest('m', { claimGenerator: 'Adobe_Firefly/1.0 c2pa-rs/0.17.0' })));
    expect(v1).toMatchObject({
      generator: { name: 'Adobe_Firefly', version: '1.0' },
      claimGenerator: 'Adobe_Firefly/1.0 c2pa-rs/0.17.0',
    });
    expect(summariseStore(store(manifest('m', { claimGenerator: 'ChatGPT c2pa-rs/0.28.4' }))).generator).toEqual({
      name: 'ChatGPT',
    });
  });

  it('uses the last manifest when the active label is unknown, and reports an empty store', () => {
    const s = summariseStore({ ...store(manifest('a'), manifest('b')), activeManifest: 'nope' });
    expect(s.activeManifest).toBe('b');
    expect(s.warnings.join(' ')).toMatch(/no usable active manifest/);
    const empty = summariseStore({ manifests: new Map(), statusCodes: [], warnings: [] });
    expect(empty).toMatchObject({ embedded: true, aiInvolvement: 'unknown', actions: [] });
    expect(empty.warnings.join(' ')).toMatch(/holds no manifest/);
  });

  it('matches known agents loosely (case, punctuation, extra words)', () => {
    expect(isKnownGenerativeAgent('adobe firefly image 3')).toBe(true);
    expect(isKnownGenerativeAgent('DALL·E 3')).toBe(true);
    expect(isKnownGenerativeAgent('Lightroom')).toBe(false);
  });
});

describe('storeFromReaderJson', () => {
  it('maps the c2pa-rs reader JSON, including signer, ingredients and status codes', () => {
    const model = storeFromReaderJson({
      active_manifest: 'urn:a',
      manifests: {
        'urn:a': {
          label: 'urn:a',
          claim_generator_info: [{ name: 'G', version: '1' }],
          assertions: [{ label: 'c2pa.actions.v2', data: { actions: [] } }, 'junk'],
          ingredients: [
            { title: 't', relationship: 'parentOf', format: 'image/jpeg', active_manifest: 'urn:b' },
            { manifest_data: { identifier: 'urn:c' } },
          ],
          signature_info: { issuer: 'O', common_name: 'CN', alg: 'Es256', time: '2024-01-01T00:00:00+00:00' },
        },
        broken: 7,
      },
      validation_state: 'Valid',
      validation_status: [{ code: 'signingCredential.untrusted' }, { code: 'signingCredential.untrusted' }, {}],
    });
    expect(model.activeManifest).toBe('urn:a');
    expect(model.manifests.size).toBe(1);
    const a = model.manifests.get('urn:a');
    expect(a?.signer).toEqual({ issuer: 'O', commonName: 'CN', alg: 'Es256', time: '2024-01-01T00:00:00+00:00' });
    expect(a?.ingredients.map((i) => i.activeManifest)).toEqual(['urn:b', 'urn:c']);
    expect(model.statusCodes).toEqual(['signingCredential.untrusted']);
    expect(model.validationState).toBe('Valid');
  });

  it('falls back to validation_results failures, and rejects unknown states and non-objects', () => {
    const model = storeFromReaderJson({
      manifests: {},
      validation_state: 'Weird',
      validation_results: {
        activeManifest: { failure: [{ code: 'claimSignature.mismatch' }] },
        ingredientDeltas: [{ validationDeltas: { failure: [{ code: 'x.y' }] } }],
      },
    });
    expect(model.statusCodes).toEqual(['claimSignature.mismatch', 'x.y']);
    expect(model.validationState).toBeUndefined();
    expect(model.warnings.join(' ')).toMatch(/unknown C2PA validation state/);
    expect(storeFromReaderJson(null).warnings).toHaveLength(1);
  });
});
