/**
 * One dashboard figure: its title, the summary sentence that says what the chart shows, the chart itself (hidden from
 * assistive technology: the sentence and the table say the same), and its data as a table a click away.
 */
import { useId, type ReactNode } from 'react';
import styles from './Dashboard.module.css';
import type { TextAlternative } from './dashboard-api.ts';

export function ChartFigure({
  title,
  text,
  headline,
  children,
}: {
  title: string;
  text: TextAlternative;
  /** The figure's one number, large (a rate, a total). */
  headline?: string;
  children?: ReactNode;
}) {
  const id = useId();
  return (
    <section className={`card ${styles.figure}`} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className={styles.figureTitle}>
        {title}
      </h2>
      {headline && <p className={styles.headline}>{headline}</p>}
      <p className={styles.summary}>{text.summary}</p>
      {children && (
        <div className={styles.chart} aria-hidden="true">
          {children}
        </div>
      )}
      <details>
        <summary>Data table</summary>
        {text.rows.length === 0 ? (
          <p className="muted small">Nothing to list.</p>
        ) : (
          <table className={styles.dataTable}>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {text.columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {text.rows.map(([label, ...values]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {values.map((value, i) => (
                    <td key={i}>{value}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </details>
    </section>
  );
}
