/**
 * The API client: plain typed calls generated from docs/openapi.json (api/schema.d.ts, `npm run build:web-client`;
 * `npm run check` fails when it drifts). Cookie-authenticated writes carry the CSRF token the server set as a readable
 * cookie; every failure, the network's included, becomes one ApiError the screens show with a retry.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError, networkError, type ErrorBody } from './errors.ts';
import type { paths } from './schema';

export type { paths } from './schema';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session's CSRF token, from the cookie the sign-in set (readable by this origin's pages, not HttpOnly). */
export function csrfToken(): string | undefined {
  const match = /(?:^|;\s*)provena_csrf=([^;]+)/.exec(document.cookie);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

const csrf: Middleware = {
  onRequest({ request }) {
    const token = csrfToken();
    if (!safeMethods.has(request.method) && token) request.headers.set('X-CSRF-Token', token);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? 'http://localhost' });
api.use(csrf);

/** Headers for a request made with fetch directly (uploads with progress, streams): the CSRF token on writes. */
export function writeHeaders(): Record<string, string> {
  const token = csrfToken();
  return token ? { 'X-CSRF-Token': token } : {};
}

/**
 * The data of an openapi-fetch call, or an ApiError: the server's error body when it sent one, the status otherwise,
 * and a network failure as NETWORK_ERROR.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw networkError(error);
  }
  if (result.response.ok) return result.data as T;
  throw ApiError.from(result.response.status, result.error as ErrorBody | undefined);
}
