/**
 * An upload that declares its generating tool and prompt is ai-generated (declared) when its file says nothing about
 * AI; a verdict the file states (IPTC digital source type here) keeps precedence (decision 0005).
 */
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { withDigitalSourceType } from '../../test/provenance-fixtures.ts';
import { operator } from '../../test/contexts.ts';

const digitalCapture = 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture';
const compositeWithAi = 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia';

/** A PNG with no metadata at all, different per seed. */
const plainPng = (seed: number) =>
  sharp({ create: { width: 48, height: 48, channels: 3, background: { r: seed % 256, g: 90, b: 140 } } })
    .png()
    .toBuffer();

const withDst = async (seed: number, digitalSourceType: string) =>
  Buffer.from(withDigitalSourceType(await plainPng(seed), digitalSourceType));

for (const dialect of dialects) {
  describeDialect(dialect, `intake: declared generation [${dialect}]`, () => {
    let rt: TestRuntime;
    beforeAll(async () => {
      rt = await createTestRuntime(dialect);
    });
    afterAll(async () => rt?.dispose());

    /** Intakes the bytes and returns the provenance stored with the first version, read back from the database. */
    const storedProvenance = async (bytes: Buffer, fields: Record<string, unknown>) => {
      const result = await rt.intake.intake(operator, Readable.from([bytes]), {
        fileName: 'upload.png',
        fields,
        mode: 'bulk',
      });
      expect(result.status).not.toBe('duplicate');
      const stored = (await rt.store.assets.get(result.asset.id))!.versions[0]!.provenance;
      expect(stored).toEqual(result.provenance);
      return stored;
    };

    it('records a file without metadata, uploaded with tool=ComfyUI and a prompt, as ai-generated, declared', async () => {
      const provenance = await storedProvenance(await plainPng(1), completeFields);
      expect(provenance.aiInvolvement).toBe('ai-generated');
      expect(provenance.fieldSources?.aiInvolvement).toBe('declared');
    });

    it('leaves it unknown when no prompt is declared and the file has none', async () => {
      const { prompt: _prompt, ...noPrompt } = completeFields;
      const provenance = await storedProvenance(await plainPng(2), noPrompt);
      expect(provenance.aiInvolvement).toBe('unknown');
      expect(provenance.fieldSources?.aiInvolvement).toBeUndefined();
    });

    it("keeps the file's IPTC verdict: ai-edited stays ai-edited", async () => {
      const provenance = await storedProvenance(await withDst(3, compositeWithAi), completeFields);
      expect(provenance.aiInvolvement).toBe('ai-edited');
      expect(provenance.fieldSources?.aiInvolvement).toBe('iptc-xmp');
    });

    it("keeps the file's 'not AI' (a digital capture) and warns about the declared tool", async () => {
      const provenance = await storedProvenance(await withDst(4, digitalCapture), completeFields);
      expect(provenance.aiInvolvement).toBe('none');
      expect(provenance.fieldSources?.aiInvolvement).toBe('iptc-xmp');
      expect(provenance.warnings?.some((w) => w.includes('ComfyUI'))).toBe(true);
    });
  });
}
