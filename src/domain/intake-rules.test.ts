import { describe, expect, it } from 'vitest';
import { fillFromProvenance, missingIntakeFields, parseIntakeFields } from './intake-rules.ts';

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
});
