/**
 * The search bar: one line of the query language (docs/search.md), field and value suggestions as the user types
 * (a combobox: arrows, Enter or Tab to take one, Escape to close), and a query the server could not read shown with
 * the spot marked, as text, and what would fit there.
 */
import { useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ApiError } from '../../api/errors.ts';
import styles from './Library.module.css';
import { suggestionsFor, wordAt, type Suggestion } from './query-fields.ts';

export interface QueryBarProps {
  /** The query the page shows (from the URL). */
  value: string;
  onSubmit: (query: string) => void;
  /** Values seen in the results, offered after their field's colon (model, tool, campaign…). */
  known?: Record<string, readonly string[]>;
}

export function QueryBar({ value, onSubmit, known }: QueryBarProps) {
  const [text, setText] = useState(value);
  const [caret, setCaret] = useState(value.length);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  // A new query from the URL (Back, a facet, a saved search) replaces what is in the box.
  const [shownValue, setShownValue] = useState(value);
  if (shownValue !== value) {
    setShownValue(value);
    setText(value);
  }

  const { start, word } = wordAt(text, caret);
  const suggestions: Suggestion[] = useMemo(() => (open ? suggestionsFor(word, known) : []), [open, word, known]);
  const shown = suggestions.length > 0;

  const take = (s: Suggestion) => {
    const next = text.slice(0, start) + s.insert + text.slice(caret);
    const at = start + s.insert.length;
    setText(next);
    setCaret(at);
    setActive(0);
    // A field name stays open for its values; a value closes the list.
    setOpen(s.insert.endsWith(':'));
    requestAnimationFrame(() => input.current?.setSelectionRange(at, at));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (!shown) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (a + step + suggestions.length) % suggestions.length);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && suggestions[active]) {
      event.preventDefault();
      take(suggestions[active]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setOpen(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setOpen(false);
    onSubmit(text.trim());
  };

  return (
    <form role="search" className={styles.queryBar} onSubmit={submit}>
      <label htmlFor={`${id}-q`} className="visually-hidden">
        Search the library
      </label>
      <div className={styles.comboWrap}>
        <input
          ref={input}
          id={`${id}-q`}
          type="search"
          role="combobox"
          aria-expanded={shown}
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={shown ? `${id}-opt-${active}` : undefined}
          aria-describedby={`${id}-help`}
          autoComplete="off"
          spellCheck={false}
          placeholder="sunset model:sdxl status:approved color:#ff6600"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart ?? e.target.value.length);
            setActive(0);
            setOpen(true);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? text.length)}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
        />
        <ul id={`${id}-list`} role="listbox" aria-label="Suggestions" className={styles.suggestions} hidden={!shown}>
          {suggestions.map((s, i) => (
            <li
              key={s.insert}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              // Taken on mousedown, before the input's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                take(s);
              }}
            >
              <code>{s.label}</code> <span className="muted small">{s.hint}</span>
            </li>
          ))}
        </ul>
      </div>
      <button type="submit" className="primary">
        Search
      </button>
      <p id={`${id}-help`} className="visually-hidden">
        Words, "phrases" and filters such as model:, tool:, campaign:, status:, tag:, color:, created:. Suggestions
        appear as you type.
      </p>
    </form>
  );
}

/** Where a QUERY_INVALID answer says the query went wrong: 1-based first and last columns. */
export function queryProblem(error: unknown): { position: number; end: number; message: string } | undefined {
  if (!(error instanceof ApiError) || error.code !== 'QUERY_INVALID') return undefined;
  const position = Number(error.details.position);
  const end = Number(error.details.end ?? position);
  if (!Number.isInteger(position) || position < 1) return { position: 0, end: 0, message: error.message };
  return { position, end: Math.max(position, Number.isInteger(end) ? end : position), message: error.message };
}

/** The query as sent, the spot marked (highlighted and underlined with carets, so not by colour alone). */
export function QueryError({ query, error }: { query: string; error: unknown }) {
  const problem = queryProblem(error);
  if (!problem) return null;
  const { position, end, message } = problem;
  const from = Math.max(0, position - 1);
  const to = Math.min(Math.max(end, position), query.length);
  const spot = query.slice(from, to);
  return (
    <div role="alert" className={`error-message ${styles.queryError}`}>
      <strong>The query could not be read</strong>
      <p>{message}</p>
      {position > 0 && (
        <pre className={styles.queryShown}>
          {query.slice(0, from)}
          <mark>{spot || ' '}</mark>
          {query.slice(to)}
          {'\n'}
          {' '.repeat(from)}
          {'^'.repeat(Math.max(1, spot.length))}
        </pre>
      )}
    </div>
  );
}
