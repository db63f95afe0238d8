/**
 * Concept tags from the file name alone are stored with source 'file-name' (the prompt's keep 'prompt'), and a new
 * run replaces the tags of both sources.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import type { EnrichmentService } from './enrichment.service.ts';
import { operator } from '../../test/contexts.ts';

for (const dialect of dialects) {
  describeDialect(dialect, `concept tag sources [${dialect}]`, () => {
    let rt: TestRuntime;
    let service: EnrichmentService;
    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { embedder: 'none', moderation: 'false' });
      service = await rt.openEnrichment();
    });
    afterAll(async () => rt?.dispose());

    it('stores tags found only in the file name as file-name, those in the prompt as prompt, and replaces both', async () => {
      const { asset } = await rt.intake.intake(
        operator,
        Readable.from([Buffer.from('Copy for the autumn campaign.')]),
        {
          fileName: 'fox-by-the-lighthouse.txt',
          fields: { ...completeFields, prompt: 'a watercolor of a red fox in the snow' },
          mode: 'bulk',
        },
      );
      const sourceOf = async (label: string) =>
        (await rt.enrichments.view(operator, asset.id)).tags.find((t) => t.label === label)?.source;

      await service.enrichVersion(operator, asset.id, undefined, { only: ['concept-tags'] });
      expect(await sourceOf('fox')).toBe('prompt');
      expect(await sourceOf('snow')).toBe('prompt');
      expect(await sourceOf('watercolor')).toBe('prompt');
      expect(await sourceOf('lighthouse')).toBe('file-name');

      // A forced run replaces the file-name tags too, rather than adding them a second time.
      const before = (await rt.enrichments.view(operator, asset.id)).tags;
      const again = await service.enrichVersion(operator, asset.id, undefined, { only: ['concept-tags'], force: true });
      expect(again.steps.filter((s) => s.status === 'failed')).toEqual([]);
      expect((await rt.enrichments.view(operator, asset.id)).tags).toEqual(before);
    });
  });
}
