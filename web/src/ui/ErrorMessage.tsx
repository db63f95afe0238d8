/**
 * Any failure as a clear message: the server's own words, its code and request id (for the operator's logs), and a
 * Retry when trying again can help. Never a blank screen.
 */
import { ApiError, messageOf } from '../api/errors.ts';

export function ErrorMessage({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const api = error instanceof ApiError ? error : undefined;
  return (
    <div role="alert" className="error-message">
      {title && <strong>{title}</strong>}
      <p>{messageOf(error)}</p>
      {api && api.problems.length > 0 && (
        <ul>
          {api.problems.map((p) => (
            <li key={`${p.field}:${p.problem}`}>
              <code>{p.field}</code> {p.problem}
            </li>
          ))}
        </ul>
      )}
      {api && (
        <p className="muted small">
          {api.code}
          {api.requestId && <> · request {api.requestId}</>}
        </p>
      )}
      {onRetry && (api === undefined || api.isRetryable || api.isUnauthenticated) && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
