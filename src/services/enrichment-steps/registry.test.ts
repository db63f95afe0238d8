import { describe, expect, it } from 'vitest';
import { createStepRegistry, enrichmentSteps, stepsFor } from './registry.ts';
import { defineStep, type StepNeed } from './step.ts';

/** A step that does nothing, with the given needs and flags. */
const step = (name: string, needs: StepNeed[] = [], flags: { closing?: boolean; providesPoster?: boolean } = {}) =>
  defineStep({
    name,
    kinds: ['image'],
    needs,
    producer: () => ({ enricher: name, model: 'test', modelVersion: '1' }),
    ...flags,
    compute: async () => Promise.resolve(undefined),
    persist: async () => Promise.resolve({ result: {} }),
  });

describe('enrichment step registry', () => {
  it("keeps today's run order, with the image content steps before the concept tags and the variants last", () => {
    expect(enrichmentSteps.names).toEqual([
      'video',
      'hashes',
      'renditions',
      'palette',
      'embeddings',
      'visual-tags',
      'text',
      'faces',
      'objects',
      'concept-tags',
      'variants',
    ]);
  });

  it('lists the steps of an asset kind: pictures get every pixel step, other kinds the prompt ones', () => {
    expect(stepsFor('image').map((s) => s.name)).not.toContain('video');
    expect(stepsFor('image').map((s) => s.name)).toContain('text');
    expect(stepsFor('video').map((s) => s.name)).toEqual(enrichmentSteps.names);
    expect(stepsFor('text').map((s) => s.name)).toEqual(['concept-tags', 'variants']);
  });

  it('orders from the needs, stably: a step runs after what it needs, otherwise in the order of the list', () => {
    const registry = createStepRegistry([
      step('a', [{ step: 'c' }]),
      step('b'),
      step('c'),
      step('d', ['picture']),
      step('poster', ['file'], { providesPoster: true }),
      step('e', [{ detail: 1024 }]),
      step('last', [{ step: 'a' }], { closing: true }),
      step('f'),
    ]);
    expect(registry.names).toEqual(['b', 'c', 'a', 'poster', 'd', 'e', 'f', 'last']);
    expect(registry.get('e')?.name).toBe('e');
    expect(registry.get('nope')).toBeUndefined();
  });

  it('refuses two steps of one name, a missing need, a circle of needs and misplaced closing steps', () => {
    expect(() => createStepRegistry([step('a'), step('a')])).toThrow(/two steps are named "a"/);
    expect(() => createStepRegistry([step('a', [{ step: 'ocr' }])])).toThrow(
      /"a" needs "ocr", which is not registered/,
    );
    expect(() => createStepRegistry([step('a', [{ step: 'b' }]), step('b', [{ step: 'a' }]), step('c')])).toThrow(
      /the needs of "a", "b" go round in a circle/,
    );
    expect(() => createStepRegistry([step('x', [], { closing: true }), step('y', [], { closing: true })])).toThrow(
      /more than one closing step/,
    );
    expect(() => createStepRegistry([step('x', [], { closing: true }), step('y', [{ step: 'x' }])])).toThrow(
      /"y" needs the closing step "x"/,
    );
  });
});
