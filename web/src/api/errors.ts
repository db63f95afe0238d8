/** One error for every way an API call fails, with the server's code, message and details when it sent them. */
export interface ErrorBody {
  error?: { code?: string; message?: string; details?: Record<string, unknown>; requestId?: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static from(status: number, body: ErrorBody | undefined): ApiError {
    const error = body?.error;
    return new ApiError(
      status,
      error?.code ?? `HTTP_${status}`,
      error?.message ?? `The server answered ${status} without saying why.`,
      error?.details ?? {},
      error?.requestId,
    );
  }

  /** The session ended (expired, signed out elsewhere): sign in again, the page and its form stay. */
  get isUnauthenticated(): boolean {
    return this.status === 401;
  }

  /** Worth trying again as it is: the network, the server busy or failing, not the request itself. */
  get isRetryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }

  /** Field problems of a VALIDATION_FAILED answer, by field. */
  get problems(): { field: string; problem: string }[] {
    const problems = this.details.problems;
    return Array.isArray(problems) ? (problems as { field: string; problem: string }[]) : [];
  }
}

export const networkError = (cause: unknown): ApiError =>
  new ApiError(
    0,
    'NETWORK_ERROR',
    'Cannot reach the Provena server. Check the connection, then retry.',
    cause instanceof Error ? { cause: cause.message } : {},
  );

/** What to show for anything thrown: an ApiError's message, or a plain one. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : 'Something went wrong.');
