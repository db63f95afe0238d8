/**
 * What the worker does with a handler's error, by error code: the same catalogue that the HTTP and CLI edges map to
 * statuses and exit codes (src/edge/error-table.ts). A record over every code, so a new code forces a decision.
 * Errors without a code (a bug, a library's throw) are retried: they may be transient, and attempts are bounded.
 */
import { isProvenaError, type ErrorCode } from '../domain/errors.ts';

export type RetryDecision = 'retry' | 'give-up';

export const retryPolicy: Record<ErrorCode, RetryDecision> = {
  // The input itself is wrong: running again gives the same answer.
  VALIDATION_FAILED: 'give-up',
  QUERY_INVALID: 'give-up',
  INTAKE_INCOMPLETE: 'give-up',
  MALFORMED_REQUEST: 'give-up',
  INVALID_FILE_NAME: 'give-up',
  EMPTY_FILE: 'give-up',
  FILE_TOO_LARGE: 'give-up',
  UNSUPPORTED_MEDIA_TYPE: 'give-up',
  FILE_TYPE_MISMATCH: 'give-up',
  CORRUPT_FILE: 'give-up',
  IMAGE_TOO_LARGE: 'give-up',
  PROVENANCE_INVALID: 'give-up',
  USAGE_DENIED: 'give-up',
  SHARE_LINK_UNAVAILABLE: 'give-up',
  SHARE_LINK_PASSWORD: 'give-up',
  RANGE_NOT_SATISFIABLE: 'give-up',
  // Only HTTP requests meet these; a job that did would meet them again.
  BODY_TOO_LARGE: 'give-up',
  UNSUPPORTED_CONTENT_TYPE: 'give-up',
  HOST_NOT_ALLOWED: 'give-up',
  ORIGIN_NOT_ALLOWED: 'give-up',
  // The job's actor may not do it, or the asset is not in a state the step leads from: the same again next time.
  UNAUTHENTICATED: 'give-up',
  FORBIDDEN: 'give-up',
  OIDC_SIGN_IN_FAILED: 'give-up',
  ILLEGAL_TRANSITION: 'give-up',
  // The thing the job is about is gone: an operator has to act.
  NOT_FOUND: 'give-up',
  AUDIT_CHAIN_BROKEN: 'give-up',
  CONFIG_INVALID: 'give-up',
  PORT_UNAVAILABLE: 'give-up',
  // Stored bytes missing or damaged: an operator puts them back (the file ingested again, a backup) while the attempts
  // and their backoff last; then the job is dead, and listed, rather than done with nothing in it.
  INTEGRITY_ERROR: 'retry',
  BLOB_MISSING: 'retry',
  // Contention and outages pass.
  CONFLICT: 'retry',
  REQUEST_TIMEOUT: 'retry',
  TOO_MANY_UPLOADS: 'retry',
  RATE_LIMITED: 'retry',
  STORAGE_UNAVAILABLE: 'retry',
  TRANSIENT_FAILURE: 'retry',
  JOB_FAILED: 'retry',
  INTERNAL: 'retry',
};

export function classifyFailure(error: unknown): { code: string; message: string; decision: RetryDecision } {
  if (isProvenaError(error)) return { code: error.code, message: error.message, decision: retryPolicy[error.code] };
  const message = error instanceof Error ? error.message || error.name : String(error);
  return { code: 'INTERNAL', message, decision: 'retry' };
}
