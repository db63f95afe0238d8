/**
 * The library's multi-select: ids picked one by one or by range (shift), or "all results of the query" — which
 * means every asset the query matches, loaded or not, less those unticked since (Immich 28365).
 */
import { useCallback, useState } from 'react';

export interface Selection {
  /** Every result of the query (less `excluded`), not just the loaded pages. */
  all: boolean;
  ids: ReadonlySet<string>;
  excluded: ReadonlySet<string>;
  /** The index a shift-click or shift-arrow ranges from. */
  anchor?: number;
}

const empty: Selection = { all: false, ids: new Set(), excluded: new Set() };

export const isSelected = (selection: Selection, id: string): boolean =>
  selection.all ? !selection.excluded.has(id) : selection.ids.has(id);

export const selectedCount = (selection: Selection, total: number | undefined): number =>
  selection.all ? Math.max(0, (total ?? 0) - selection.excluded.size) : selection.ids.size;

/** Sets `id` to `on`, in whichever mode the selection is. */
function set(selection: Selection, id: string, on: boolean): Selection {
  if (selection.all) {
    const excluded = new Set(selection.excluded);
    if (on) excluded.delete(id);
    else excluded.add(id);
    return { ...selection, excluded };
  }
  const ids = new Set(selection.ids);
  if (on) ids.add(id);
  else ids.delete(id);
  return { ...selection, ids };
}

/**
 * A click on the item at `index`: toggles it, or with `range`, sets every item from the anchor to it to the anchor's
 * state (as file managers do).
 */
export function toggle(selection: Selection, ids: readonly string[], index: number, range: boolean): Selection {
  const id = ids[index];
  if (id === undefined) return selection;
  if (range && selection.anchor !== undefined && ids[selection.anchor] !== undefined) {
    const on = isSelected(selection, ids[selection.anchor]!);
    const [from, to] = selection.anchor < index ? [selection.anchor, index] : [index, selection.anchor];
    let next = selection;
    for (let i = from; i <= to; i++) next = set(next, ids[i]!, on);
    return { ...next, anchor: index };
  }
  return { ...set(selection, id, !isSelected(selection, id)), anchor: index };
}

/** The selection state of a results list; it starts empty again when `resetKey` (the query) changes. */
export function useSelection(resetKey: string) {
  const [selection, setSelection] = useState<Selection>(empty);
  const [key, setKey] = useState(resetKey);
  if (key !== resetKey) {
    setKey(resetKey);
    setSelection(empty);
  }
  return {
    selection,
    toggle: useCallback(
      (ids: readonly string[], index: number, range: boolean) => setSelection((s) => toggle(s, ids, index, range)),
      [],
    ),
    selectAll: useCallback(() => setSelection({ all: true, ids: new Set(), excluded: new Set() }), []),
    clear: useCallback(() => setSelection(empty), []),
  };
}
