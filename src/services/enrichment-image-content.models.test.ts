/**
 * The text, faces and objects steps with the real models, wired as the runtime wires them (PROVENA_OCR, _FACES,
 * _OBJECTS on; models loaded on the first picture): a photograph of a person with a caption rendered into it.
 */
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import { operator } from '../../test/contexts.ts';
import { describeWith, skimagePhotoDir } from '../../test/requirements.ts';

describeWith(['fonts', 'photos'], 'enrichment: text, faces and objects with the bundled models', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime('sqlite', {
      embedder: 'none',
      moderation: 'false',
      ocr: 'on',
      faces: 'on',
      objects: 'on',
    });
  });
  afterAll(async () => {
    await rt?.dispose();
  });

  it('reads the caption, finds the face and the person, and records them for the brand check', async () => {
    const photo = await readFile(`${skimagePhotoDir!}astronaut.png`);
    // A 512² photograph on a 512 × 640 canvas, with a caption on the white band below it.
    const caption = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="512" height="128"><rect width="100%" height="100%" fill="#ffffff"/>' +
        '<text x="24" y="84" font-family="DejaVu Sans" font-size="56" font-weight="bold" fill="#111111">SUMMER SALE</text></svg>',
    );
    const bytes = await sharp({ create: { width: 512, height: 640, channels: 3, background: '#ffffff' } })
      .composite([
        { input: photo, left: 0, top: 0 },
        { input: caption, left: 0, top: 512 },
      ])
      .jpeg({ quality: 90 })
      .toBuffer();
    const { asset } = await rt.intake.intake(operator, Readable.from([bytes]), {
      fileName: 'astronaut-sale.jpg',
      fields: completeFields,
      mode: 'bulk',
    });
    const service = await rt.openEnrichment();
    const outcome = await service.enrichVersion(operator, asset.id, undefined, { only: ['text', 'faces', 'objects'] });
    expect(outcome.steps.map((s) => [s.enricher, s.status, s.error?.message])).toEqual([
      ['text', 'done', undefined],
      ['faces', 'done', undefined],
      ['objects', 'done', undefined],
    ]);
    expect(outcome.steps[0]).toMatchObject({ model: 'tesseract.js-eng-best-int' });

    const facts = await rt.enrichments.contentFacts(operator, asset.id);
    expect(facts.words?.map((w) => w.text)).toEqual(expect.arrayContaining(['SUMMER', 'SALE']));
    // The caption is on the band below the photograph, in original pixels.
    const summer = facts.words!.find((w) => w.text === 'SUMMER')!;
    expect(summer.box.y).toBeGreaterThan(512);
    expect(facts.faces).toHaveLength(1);
    expect(facts.faces![0]!.box.y + facts.faces![0]!.box.height).toBeLessThan(512);
    expect(facts.containsPeople).toBe(true);
    expect(facts.objects?.map((o) => o.label)).toContain('person');
    const view = await rt.enrichments.view(operator, asset.id);
    expect(view.tags).toContainEqual(expect.objectContaining({ label: 'person', source: 'objects' }));
  });
});
