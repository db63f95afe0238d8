/** The brand screens' API types and query keys (the shapes come from the generated client). */
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, writeHeaders, type paths } from '../../api/client.ts';
import { ApiError, networkError, type ErrorBody } from '../../api/errors.ts';

export type BrandSummary = paths['/api/v1/brands/{brand}']['get']['responses']['200']['content']['application/json'];
export type Logo = BrandSummary['logos'][number];
export type VersionEntry =
  paths['/api/v1/brands/{brand}/guidelines']['get']['responses']['200']['content']['application/json']['items'][number];
export type Imported =
  paths['/api/v1/brands/{brand}/guidelines']['post']['responses']['201']['content']['application/json'];

export const brandKeys = {
  all: ['brands'] as const,
  brand: (brand: string) => ['brands', brand] as const,
  versions: (brand: string) => ['brands', brand, 'versions'] as const,
  version: (brand: string, n: number) => ['brands', brand, 'versions', n] as const,
  changes: (brand: string, n: number) => ['brands', brand, 'versions', n, 'changes'] as const,
};

export const brandsQuery = queryOptions({
  queryKey: brandKeys.all,
  queryFn: () => unwrap(api.GET('/api/v1/brands')),
});

export const brandQuery = (brand: string) =>
  queryOptions({
    queryKey: brandKeys.brand(brand),
    queryFn: () => unwrap(api.GET('/api/v1/brands/{brand}', { params: { path: { brand } } })),
  });

export const versionsQuery = (brand: string) =>
  queryOptions({
    queryKey: brandKeys.versions(brand),
    queryFn: () => unwrap(api.GET('/api/v1/brands/{brand}/guidelines', { params: { path: { brand } } })),
  });

export const versionQuery = (brand: string, n: number) =>
  queryOptions({
    queryKey: brandKeys.version(brand, n),
    queryFn: () => unwrap(api.GET('/api/v1/brands/{brand}/guidelines/{n}', { params: { path: { brand, n } } })),
    staleTime: Infinity,
  });

/** A multipart POST (the logo upload: openapi-fetch has no body type for it), failures as ApiError. */
export async function postForm<T>(url: string, form: FormData): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body: form, headers: writeHeaders(), credentials: 'same-origin' });
  } catch (error) {
    throw networkError(error);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw ApiError.from(response.status, body as ErrorBody | undefined);
  return body as T;
}

/** Imports a guideline document: an object (sent as JSON) or text in JSON or YAML, as the next version. */
export const importGuideline = (
  brand: string,
  document: { value: unknown } | { text: string; format: 'json' | 'yaml' },
  note: string,
) =>
  unwrap(
    api.POST('/api/v1/brands/{brand}/guidelines', {
      params: { path: { brand }, query: note.trim() ? { note: note.trim() } : {} },
      body: 'value' in document ? document.value : document.text,
      ...('text' in document
        ? {
            bodySerializer: (text: unknown) => String(text),
            headers: { 'content-type': document.format === 'yaml' ? 'application/yaml' : 'application/json' },
          }
        : {}),
    }),
  );
