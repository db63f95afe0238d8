import { describe, expect, it } from 'vitest';
import { filterValues, hasFilter, setFilter, toggleFilter } from './query-text.ts';

describe('query text edits', () => {
  it('adds, extends and removes a filter, leaving words, phrases, groups and exclusions as typed', () => {
    const q = '"golden hour" (cat OR dog) -tag:people';
    const one = toggleFilter(q, 'status', 'approved');
    expect(one).toBe('"golden hour" (cat OR dog) -tag:people status:approved');
    const two = toggleFilter(one, 'status', 'in_review');
    expect(two).toBe('"golden hour" (cat OR dog) -tag:people status:approved,in_review');
    expect(toggleFilter(two, 'status', 'APPROVED')).toBe('"golden hour" (cat OR dog) -tag:people status:in_review');
    expect(toggleFilter(toggleFilter(two, 'status', 'approved'), 'status', 'in_review')).toBe(q);
  });

  it('reads quoted values and the colour alias, and never counts an exclusion as ticked', () => {
    const q = 'campaign:"Summer 26",winter-27 colour:#1e8c3c -model:flux';
    expect(hasFilter(q, 'campaign', 'summer 26')).toBe(true);
    expect(filterValues(q, 'color')).toEqual(['#1e8c3c']);
    expect(hasFilter(q, 'model', 'flux')).toBe(false);
    expect(toggleFilter(q, 'campaign', 'Summer 26')).toBe('campaign:winter-27 colour:#1e8c3c -model:flux');
  });

  it('replaces the colour filter, and quotes a value that needs it', () => {
    expect(setFilter('beach color:red', 'color', '#ff6600')).toBe('beach color:#ff6600');
    expect(setFilter('beach color:red', 'color', undefined)).toBe('beach');
    expect(toggleFilter('', 'model', 'SD XL 1.0')).toBe('model:"SD XL 1.0"');
  });
});
