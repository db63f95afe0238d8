/**
 * The one place where error codes meet transport: the HTTP status and the CLI exit code of each code.
 * Exit codes follow sysexits(3) where one fits, so scripts can tell "your input" from "our fault".
 */
import type { ErrorCode } from '../domain/errors.ts';

export const errorTable: Record<ErrorCode, { http: number; exit: number }> = {
  VALIDATION_FAILED: { http: 400, exit: 65 },
  QUERY_INVALID: { http: 400, exit: 65 },
  INTAKE_INCOMPLETE: { http: 422, exit: 65 },
  MALFORMED_REQUEST: { http: 400, exit: 65 },
  INVALID_FILE_NAME: { http: 400, exit: 65 },
  EMPTY_FILE: { http: 422, exit: 65 },
  FILE_TOO_LARGE: { http: 413, exit: 65 },
  BODY_TOO_LARGE: { http: 413, exit: 65 },
  UNSUPPORTED_CONTENT_TYPE: { http: 415, exit: 65 },
  REQUEST_TIMEOUT: { http: 408, exit: 75 },
  RATE_LIMITED: { http: 429, exit: 75 },
  // The server's capacity, not the client's behaviour: 503 with Retry-After (RFC 9110 §15.6.4).
  TOO_MANY_UPLOADS: { http: 503, exit: 75 },
  // A client the server refuses to talk to from where it is (sysexits EX_NOPERM).
  HOST_NOT_ALLOWED: { http: 421, exit: 77 },
  ORIGIN_NOT_ALLOWED: { http: 403, exit: 77 },
  UNSUPPORTED_MEDIA_TYPE: { http: 415, exit: 65 },
  FILE_TYPE_MISMATCH: { http: 422, exit: 65 },
  CORRUPT_FILE: { http: 422, exit: 65 },
  IMAGE_TOO_LARGE: { http: 422, exit: 65 },
  // Who the caller is, then what they may do; both sysexits EX_NOPERM, like the refusals above.
  UNAUTHENTICATED: { http: 401, exit: 77 },
  FORBIDDEN: { http: 403, exit: 77 },
  // A browser's login that did not complete: the request (its callback) is what was wrong, not the server.
  OIDC_SIGN_IN_FAILED: { http: 400, exit: 77 },
  NOT_FOUND: { http: 404, exit: 66 },
  CONFLICT: { http: 409, exit: 75 },
  // Not a race that passes (CONFLICT): the request does not fit the asset's state, so retrying cannot help.
  ILLEGAL_TRANSITION: { http: 409, exit: 65 },
  // A rule of the asset's rights or governance refuses the use: the request is understood and will not be served.
  USAGE_DENIED: { http: 403, exit: 77 },
  // Gone for good (revoked, expired) or never was: 410 tells a client not to retry the same link.
  SHARE_LINK_UNAVAILABLE: { http: 410, exit: 66 },
  SHARE_LINK_PASSWORD: { http: 401, exit: 77 },
  RANGE_NOT_SATISFIABLE: { http: 416, exit: 65 },
  INTEGRITY_ERROR: { http: 500, exit: 74 },
  BLOB_MISSING: { http: 500, exit: 74 },
  AUDIT_CHAIN_BROKEN: { http: 500, exit: 70 },
  CONFIG_INVALID: { http: 500, exit: 78 },
  // Never answered over HTTP (the server is not listening); for the CLI it is a setting to change, like CONFIG_INVALID.
  PORT_UNAVAILABLE: { http: 500, exit: 78 },
  STORAGE_UNAVAILABLE: { http: 503, exit: 69 },
  TRANSIENT_FAILURE: { http: 503, exit: 75 },
  PROVENANCE_INVALID: { http: 422, exit: 65 },
  JOB_FAILED: { http: 500, exit: 70 },
  INTERNAL: { http: 500, exit: 70 },
};

/** Exit code when a bulk command finished but some items failed. */
export const partialFailureExitCode = 1;
