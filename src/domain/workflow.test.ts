import { describe, expect, it } from 'vitest';
import { assetStatuses } from './asset.ts';
import { nextStatus, requestableTransitions, transitionNames, transitions, transitionsFrom } from './workflow.ts';

describe('the workflow state machine', () => {
  it('leads from intake to publication only through review', () => {
    let status = nextStatus('start-enrichment', 'draft')!;
    expect(status).toBe('enriching');
    status = nextStatus('finish-enrichment', status)!;
    expect(status).toBe('in_review');
    expect(nextStatus('publish', status)).toBeUndefined();
    status = nextStatus('approve', status)!;
    expect(nextStatus('publish', status)).toBe('published');
  });

  it('chooses brand_check after enrichment only when asked, and refuses a target the transition cannot reach', () => {
    expect(nextStatus('finish-enrichment', 'enriching', 'brand_check')).toBe('brand_check');
    expect(nextStatus('finish-enrichment', 'enriching', 'approved')).toBeUndefined();
  });

  it('names what is possible from every state, and every state but archived can be left', () => {
    for (const status of assetStatuses) {
      const possible = transitionsFrom(status);
      for (const name of possible) expect(transitions[name].from).toContain(status);
      expect(possible.length).toBeGreaterThan(0);
    }
    expect(transitionsFrom('archived')).toEqual(['unarchive']);
  });

  it('reaches every state from draft', () => {
    const reached = new Set(['draft']);
    for (let changed = true; changed;) {
      changed = false;
      for (const name of transitionNames)
        for (const from of transitions[name].from)
          if (reached.has(from))
            for (const to of transitions[name].to)
              if (!reached.has(to)) {
                reached.add(to);
                changed = true;
              }
    }
    expect([...reached].sort()).toEqual([...assetStatuses].sort());
  });

  it('lets people ask only for transitions that need a permission, and leaves review decisions to the system', () => {
    for (const name of requestableTransitions) expect(transitions[name].permission).toBeDefined();
    for (const name of ['approve', 'request-changes', 'reject', 'start-enrichment', 'finish-enrichment'] as const) {
      expect(requestableTransitions).not.toContain(name);
      expect(transitions[name].permission).toBeUndefined();
    }
  });
});
