/**
 * The API's problems with a policy document, each at its place: "Line 3, column 5", the line of text with a caret
 * under the column, and a button that puts the editor's caret there. Problems inside the document name their path.
 */
import type { PolicyProblem } from './policy-problems.ts';
import styles from './Admin.module.css';

export function PolicyProblems({
  id,
  problems,
  onGoTo,
}: {
  id: string;
  problems: readonly PolicyProblem[];
  onGoTo: (offset: number) => void;
}) {
  if (problems.length === 0) return null;
  return (
    <div id={id} role="alert" className="error-message">
      <strong>
        The document has {problems.length === 1 ? 'a problem' : `${problems.length} problems`}; nothing was saved.
      </strong>
      <ul className={styles.problems}>
        {problems.map((p, i) => (
          <li key={i}>
            {p.line !== undefined ? (
              <>
                <strong>
                  Line {p.line}, column {p.column}
                </strong>
                : {p.problem.replace(/^is /, 'it is ')}
                {p.excerpt !== undefined && (
                  <span className={styles.problemLine} aria-hidden="true">
                    {p.excerpt}
                    {'\n'}
                    {' '.repeat(Math.max(0, (p.column ?? 1) - 1))}
                    <span className={styles.caret}>^</span>
                  </span>
                )}
                {p.offset !== undefined && (
                  <button type="button" onClick={() => onGoTo(p.offset ?? 0)}>
                    Go to line {p.line}
                  </button>
                )}
              </>
            ) : (
              <>
                <code>{p.field}</code> {p.problem}
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
