/**
 * Facets with counts over everything the query matches (the API's facets), each value a checkbox that adds its
 * filter to the query or takes it out, and a colour picker that filters by a colour (`color:#rrggbb`). The query
 * text stays the one truth: what is ticked is read from it.
 */
import { useId, useState } from 'react';
import type { paths } from '../../api/client.ts';
import styles from './Library.module.css';
import { filterValues, hasFilter, setFilter, toggleFilter } from './query-text.ts';

export type SearchAnswer = paths['/api/v1/search']['get']['responses']['200']['content']['application/json'];
export type FacetCounts = NonNullable<SearchAnswer['facets']>;
export type FacetName = keyof FacetCounts;

/** The facets the library asks for, in the order shown, with their titles and the query field each filters. */
export const facetOrder: { name: FacetName; title: string; field: string }[] = [
  { name: 'status', title: 'Status', field: 'status' },
  { name: 'risk', title: 'Risk tier', field: 'risk' },
  { name: 'rights', title: 'Rights', field: 'rights' },
  { name: 'ai', title: 'AI involvement', field: 'ai' },
  { name: 'campaign', title: 'Campaign', field: 'campaign' },
  { name: 'team', title: 'Team', field: 'team' },
  { name: 'model', title: 'Model', field: 'model' },
  { name: 'tool', title: 'Tool', field: 'tool' },
  { name: 'brand', title: 'Brand check', field: 'brand' },
  { name: 'c2pa', title: 'C2PA', field: 'c2pa' },
  { name: 'faces', title: 'Faces', field: 'faces' },
  { name: 'orientation', title: 'Orientation', field: 'orientation' },
  { name: 'type', title: 'Type', field: 'type' },
  { name: 'use', title: 'Intended use', field: 'use' },
];

const readable = (name: FacetName, value: string): string =>
  name === 'risk' ? `Tier ${value}` : name === 'status' ? value.replace(/_/g, ' ') : value;

/** The value a facet's entry puts in the query: teams and campaigns by name (the facet counts them by id). */
const filterValue = (entry: { value: string; label?: string }): string => entry.label ?? entry.value;

export function Facets({
  query,
  facets,
  approximate = false,
  onChange,
}: {
  query: string;
  facets: FacetCounts;
  /** The counts are estimated from a sample of a broad match (the answer's `approximate`): shown as "about". */
  approximate?: boolean | undefined;
  onChange: (query: string) => void;
}) {
  return (
    <div className={styles.facets}>
      <ColourFilter query={query} onChange={onChange} />
      {approximate && <p className={styles.count}>Counts are estimated from a sample of the matches.</p>}
      {facetOrder.map(({ name, title, field }) => {
        const entries = facets[name] ?? [];
        if (entries.length === 0) return null;
        return (
          <fieldset key={name} className={styles.facet}>
            <legend>{title}</legend>
            <ul>
              {entries.map((entry) => {
                const value = filterValue(entry);
                const checked = hasFilter(query, field, value);
                return (
                  <li key={entry.value}>
                    <label>
                      <input
                        type="checkbox"
                        checked={checked}
                        onChange={() => onChange(toggleFilter(query, field, value))}
                      />
                      <span className={styles.facetValue}>{entry.label ?? readable(name, entry.value)}</span>{' '}
                      <span className={styles.count}>
                        {approximate && 'about '}
                        {entry.count.toLocaleString()} <span className="visually-hidden">assets</span>
                      </span>
                    </label>
                  </li>
                );
              })}
            </ul>
          </fieldset>
        );
      })}
    </div>
  );
}

/** A colour picker: `color:#rrggbb` (the colour covering at least 10 % of the picture, within ΔE 10). */
function ColourFilter({ query, onChange }: { query: string; onChange: (query: string) => void }) {
  const id = useId();
  const current = filterValues(query, 'color').find((v) => /^#[0-9a-f]{6}$/i.test(v));
  const [colour, setColour] = useState(current ?? '#ff6600');
  return (
    <fieldset className={styles.facet}>
      <legend>Colour</legend>
      <div className="row">
        <label htmlFor={id} className="visually-hidden">
          Colour to find
        </label>
        <input
          id={id}
          type="color"
          className={styles.colourInput}
          value={colour}
          onChange={(e) => setColour(e.target.value)}
        />
        <button type="button" onClick={() => onChange(setFilter(query, 'color', colour.toLowerCase()))}>
          Filter by {colour.toLowerCase()}
        </button>
        {current && (
          <button type="button" onClick={() => onChange(setFilter(query, 'color', undefined))}>
            Clear colour {current}
          </button>
        )}
      </div>
    </fieldset>
  );
}
