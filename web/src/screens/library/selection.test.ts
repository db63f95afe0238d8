import { describe, expect, it } from 'vitest';
import { isSelected, selectedCount, toggle, type Selection } from './selection.ts';

const ids = ['a', 'b', 'c', 'd', 'e'];
const none: Selection = { all: false, ids: new Set(), excluded: new Set() };
const picked = (s: Selection) => ids.filter((id) => isSelected(s, id));

describe('selection', () => {
  it('toggles one, then ranges from the anchor with shift, both ways', () => {
    let s = toggle(none, ids, 1, false);
    expect(picked(s)).toEqual(['b']);
    s = toggle(s, ids, 3, true);
    expect(picked(s)).toEqual(['b', 'c', 'd']);
    // From the new anchor (d) back to a: the range takes d's state.
    s = toggle(s, ids, 0, true);
    expect(picked(s)).toEqual(['a', 'b', 'c', 'd']);
    s = toggle(s, ids, 2, false);
    expect(picked(s)).toEqual(['a', 'b', 'd']);
    // A shift range from an unticked anchor unticks.
    s = toggle(s, ids, 0, true);
    expect(picked(s)).toEqual(['d']);
  });

  it('"all results" counts the query’s total less what was unticked since, loaded or not', () => {
    let s: Selection = { all: true, ids: new Set(), excluded: new Set() };
    expect(selectedCount(s, 12_345)).toBe(12_345);
    expect(picked(s)).toEqual(ids);
    s = toggle(s, ids, 4, false);
    expect(picked(s)).toEqual(['a', 'b', 'c', 'd']);
    expect(selectedCount(s, 12_345)).toBe(12_344);
    s = toggle(s, ids, 4, false);
    expect(selectedCount(s, 12_345)).toBe(12_345);
  });
});
