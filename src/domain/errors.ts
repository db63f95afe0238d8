/**
 * The error-code catalogue. Every failure the user can see carries one of these codes; the HTTP status and the CLI
 * exit code for each code are decided in one table at the edge (src/edge/error-table.ts), never here.
 * docs/errors.md documents every code; a test keeps the two in step.
 */
export const errorCodes = {
  VALIDATION_FAILED: 'The request or command had missing, unknown or invalid fields.',
  QUERY_INVALID:
    'The search query does not parse: details.position and details.end give its 1-based columns and details.expected what would fit there (docs/search.md).',
  INTAKE_INCOMPLETE: 'Required intake fields are missing and the file does not carry them.',
  MALFORMED_REQUEST: 'The request body could not be parsed (bad JSON, broken multipart).',
  INVALID_FILE_NAME: 'The file name is empty, too long, or contains path separators or control characters.',
  EMPTY_FILE: 'The file has zero bytes.',
  FILE_TOO_LARGE: 'The file exceeds the configured upload size limit.',
  BODY_TOO_LARGE: 'The request body (JSON) exceeds the size the API reads.',
  UNSUPPORTED_CONTENT_TYPE: "The request's Content-Type is not one the endpoint reads.",
  REQUEST_TIMEOUT: 'The client sent its request too slowly (headers, body or upload rate) and was cut off.',
  RATE_LIMITED: 'The client made too many requests of this kind; retry after the Retry-After header.',
  TOO_MANY_UPLOADS:
    'The server is receiving as many uploads as it takes at once (a setting); retry after the Retry-After header.',
  HOST_NOT_ALLOWED: 'The Host header names a host this server does not serve (DNS rebinding guard).',
  ORIGIN_NOT_ALLOWED: 'A state-changing request came from a web page of another origin.',
  UNSUPPORTED_MEDIA_TYPE: 'The file content is not a type Provena accepts.',
  FILE_TYPE_MISMATCH: "The file name's extension says one type but the bytes are another.",
  CORRUPT_FILE: 'The file is truncated or structurally damaged.',
  IMAGE_TOO_LARGE: 'The image has more pixels than the configured limit (decompression-bomb guard).',
  UNAUTHENTICATED: 'The request carries no valid credentials (a session or API token): sign in, or send a token.',
  OIDC_SIGN_IN_FAILED:
    "Signing in through the OpenID Connect provider failed: the provider refused (its error code is in details.providerError), the callback was not the login started in this browser (state), or the provider's answer did not verify (ID token signature, issuer, audience, nonce). Start again at /api/v1/auth/oidc/login.",
  FORBIDDEN:
    'The caller may not do this: the error names the permission that is missing (and the team it is needed on, where it applies).',
  NOT_FOUND: 'The requested resource does not exist (or the caller may not see it).',
  CONFLICT: 'The change conflicts with existing data (unique key, concurrent write).',
  ILLEGAL_TRANSITION:
    "The asset's workflow does not lead from its current state by this transition; the error names the state and the transitions possible from it.",
  USAGE_DENIED:
    'The asset may not be used as asked (channel, region, date, derivative): details.decision lists every reason (rights, approval, expiry, a missing release, quarantine). Nothing was delivered.',
  SHARE_LINK_UNAVAILABLE:
    'The share link is unknown, malformed, revoked or expired (details.reason says which); ask its owner for a new one.',
  SHARE_LINK_PASSWORD:
    'The share link is password-protected and the password is missing or wrong; send it in the X-Share-Password header.',
  RANGE_NOT_SATISFIABLE: 'The requested byte range lies outside the file.',
  INTEGRITY_ERROR: 'Stored bytes no longer match their recorded SHA-256.',
  BLOB_MISSING: 'Bytes a record refers to are missing from the blob store (lost or removed outside Provena).',
  AUDIT_CHAIN_BROKEN:
    'The audit log does not verify (an entry or an audited row was edited, entries were removed or reordered, the database is behind its checkpoint, or the audit key is not the one the log was kept with), or a write was refused for that reason.',
  CONFIG_INVALID: 'The configuration (environment variables or flags) is invalid.',
  PORT_UNAVAILABLE:
    'The server cannot listen on the configured host and port: the port is in use or needs privileges, or the host is not an address of this machine.',
  STORAGE_UNAVAILABLE: 'The database or blob store could not be reached.',
  TRANSIENT_FAILURE: 'A temporary failure (serialization conflict, lock timeout); retrying may succeed.',
  PROVENANCE_INVALID: 'Embedded provenance could not be parsed or validated.',
  JOB_FAILED: 'A background job failed.',
  INTERNAL: 'An unexpected internal error.',
} as const;

export type ErrorCode = keyof typeof errorCodes;

export interface FieldProblem {
  field: string;
  problem: string;
}

export class ProvenaError extends Error {
  override readonly name = 'ProvenaError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isProvenaError = (error: unknown): error is ProvenaError => error instanceof ProvenaError;

export const notFound = (what: string, id: string): ProvenaError =>
  new ProvenaError('NOT_FOUND', `${what} ${id} does not exist.`, { what, id });

/** One error listing every field problem, so that a client can fix them all in one round trip. */
export const validationFailed = (problems: FieldProblem[], code: ErrorCode = 'VALIDATION_FAILED'): ProvenaError =>
  new ProvenaError(code, problems.map((p) => `${p.field}: ${p.problem}`).join('; '), { problems });
