import { describe, expect, it } from 'vitest';
import { fillFromProvenance, missingIntakeFields, parseIntakeFields, withDeclaredGeneration } from './intake-rules.ts';
import { emptyProvenance, type ProvenanceRecord } from './provenance.ts';

describe('intake rules', () => {
  it('parses known fields, trims, and reports unknown, mistyped and invalid ones together', () => {
    const { fields, problems } = parseIntakeFields({
      prompt: '  a cat  ',
      intendedUse: 'billboard',
      rightsStatus: 'cleared',
      team: 42,
      colour: 'red',
      campaign: 'bad\u0000name',
      title: '',
    });
    expect(fields).toEqual({ prompt: 'a cat', rightsStatus: 'cleared' });
    expect(problems.map((p) => p.field)).toEqual(['intendedUse', 'team', 'colour', 'campaign']);
  });

  it('lets the file fill what was not declared, never overriding a declared value, and says from where', () => {
    const { fields, filled } = fillFromProvenance(
      { tool: 'Declared Tool' },
      {
        aiInvolvement: 'ai-generated',
        dstSources: ['iptc-xmp'],
        prompt: { positive: 'from the file' },
        generator: { system: 'ComfyUI', model: 'sdxl', version: '0.3' },
        fieldSources: { 'prompt.positive': 'tool', 'generator.model': 'c2pa' },
      },
    );
    expect(fields).toEqual({ tool: 'Declared Tool', prompt: 'from the file', model: 'sdxl', toolVersion: '0.3' });
    expect(filled).toEqual({ prompt: 'tool', model: 'c2pa', toolVersion: 'heuristic' });
  });

  it('requires everything the product brief lists; a model satisfies the version requirement', () => {
    expect(missingIntakeFields({}).map((p) => p.field)).toEqual([
      'prompt',
      'tool',
      'toolVersion',
      'requestor',
      'team',
      'intendedUse',
      'campaign',
      'rightsStatus',
    ]);
    expect(
      missingIntakeFields({
        prompt: 'p',
        tool: 't',
        model: 'm',
        requestor: 'r',
        team: 'x',
        intendedUse: 'web',
        campaign: 'c',
        rightsStatus: 'unknown',
      }),
    ).toEqual([]);
  });

  describe('withDeclaredGeneration', () => {
    const declared = { tool: 'ComfyUI', prompt: 'a lighthouse at dusk' };
    const fromFile = (aiInvolvement: ProvenanceRecord['aiInvolvement'], source?: 'c2pa' | 'iptc-xmp' | 'tool') => ({
      ...emptyProvenance(),
      aiInvolvement,
      ...(source ? { fieldSources: { aiInvolvement: source } } : {}),
    });

    it('makes a file that says nothing ai-generated when a tool and a prompt are declared, source declared', () => {
      const record = withDeclaredGeneration({ ...emptyProvenance(), warnings: ['kept'] }, declared);
      expect(record.aiInvolvement).toBe('ai-generated');
      expect(record.fieldSources).toEqual({ aiInvolvement: 'declared' });
      expect(record.warnings).toEqual(['kept']);
    });

    it('needs both the tool and the prompt', () => {
      expect(withDeclaredGeneration(emptyProvenance(), { tool: 'ComfyUI' }).aiInvolvement).toBe('unknown');
      expect(withDeclaredGeneration(emptyProvenance(), { prompt: 'a lighthouse' }).aiInvolvement).toBe('unknown');
    });

    it('keeps a verdict the file states, whatever was declared', () => {
      for (const [verdict, source] of [
        ['ai-edited', 'iptc-xmp'],
        ['ai-edited', 'c2pa'],
        ['ai-generated', 'tool'],
      ] as const) {
        const file = fromFile(verdict, source);
        expect(withDeclaredGeneration(file, declared)).toEqual(file);
      }
    });

    it('keeps a file that says not AI as it is, with a warning naming the declared tool', () => {
      const file = fromFile('none', 'iptc-xmp');
      const record = withDeclaredGeneration(file, declared);
      expect(record.aiInvolvement).toBe('none');
      expect(record.fieldSources).toEqual({ aiInvolvement: 'iptc-xmp' });
      expect(record.warnings).toHaveLength(1);
      expect(record.warnings![0]).toMatch(/ComfyUI/);
      // A declared tool alone contradicts the file as much.
      expect(withDeclaredGeneration(file, { tool: 'ComfyUI' }).warnings).toHaveLength(1);
      expect(withDeclaredGeneration(file, {})).toEqual(file);
    });
  });
});
