/**
 * The asset page's data: the API's types, its queries, and typed readings of the open parts of the answers (the
 * provenance record, the enrichers' results, the brand evidence) — every unknown value checked, never cast blindly.
 */
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type paths } from '../../api/client.ts';

type Json<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type Asset = Json<'/api/v1/assets/{id}', 'get'>;
export type AssetVersion = NonNullable<Asset['versions']>[number];
export type Enrichments = Json<'/api/v1/assets/{id}/enrichments', 'get'>;
export type BrandChecks = Json<'/api/v1/assets/{id}/brand-check', 'get'>;
export type BrandCheck = BrandChecks['current'][number];
export type RuleResult = BrandCheck['results'][number];
export type Review = Json<'/api/v1/assets/{id}/review', 'get'>;
export type Comment = Json<'/api/v1/assets/{id}/comments', 'get'>['items'][number];
export type Region = NonNullable<Comment['region']>;
export type Family = Json<'/api/v1/families/{id}', 'get'>;
export type HistoryEntry = Json<'/api/v1/assets/{id}/history', 'get'>['items'][number];

export const assetQuery = (id: string) =>
  queryOptions({
    queryKey: ['asset', id],
    queryFn: () => unwrap(api.GET('/api/v1/assets/{id}', { params: { path: { id } } })),
  });
export const enrichmentsQuery = (id: string, version: number) =>
  queryOptions({
    queryKey: ['asset', id, 'enrichments', version],
    queryFn: () => unwrap(api.GET('/api/v1/assets/{id}/enrichments', { params: { path: { id }, query: { version } } })),
  });
export const brandCheckQuery = (id: string) =>
  queryOptions({
    queryKey: ['asset', id, 'brand-check'],
    queryFn: () => unwrap(api.GET('/api/v1/assets/{id}/brand-check', { params: { path: { id } } })),
  });
export const brandsQuery = queryOptions({
  queryKey: ['brands'],
  queryFn: () => unwrap(api.GET('/api/v1/brands')),
  staleTime: 5 * 60_000,
});
export const reviewQuery = (id: string) =>
  queryOptions({
    queryKey: ['asset', id, 'review'],
    queryFn: () => unwrap(api.GET('/api/v1/assets/{id}/review', { params: { path: { id } } })),
  });
export const historyQuery = (id: string) =>
  queryOptions({
    queryKey: ['asset', id, 'history'],
    queryFn: () => unwrap(api.GET('/api/v1/assets/{id}/history', { params: { path: { id } } })),
  });
export const commentsQuery = (id: string) =>
  queryOptions({
    queryKey: ['asset', id, 'comments'],
    queryFn: () => unwrap(api.GET('/api/v1/assets/{id}/comments', { params: { path: { id } } })),
  });
export const familyQuery = (familyId: string) =>
  queryOptions({
    queryKey: ['family', familyId],
    queryFn: () => unwrap(api.GET('/api/v1/families/{id}', { params: { path: { id: familyId } } })),
  });

export const renditionUrl = (assetId: string, role: 'preview' | 'thumbnail', version?: number): string =>
  `/api/v1/assets/${encodeURIComponent(assetId)}/renditions/${role}${version ? `?version=${version}` : ''}`;

// Readers of open JSON.
export type JsonObject = Record<string, unknown>;
export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const objects = (v: unknown): JsonObject[] => list(v).filter(isObject);

/** A rectangle in the original picture's pixels (top-left origin), as the enrichers and the brand check report. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
export function boxOf(v: unknown): Box | undefined {
  if (!isObject(v)) return undefined;
  const x = num(v.x);
  const y = num(v.y);
  const width = num(v.width);
  const height = num(v.height);
  return x !== undefined && y !== undefined && width !== undefined && height !== undefined
    ? { x, y, width, height }
    : undefined;
}

/** One enricher's stored result, when it finished. */
export function resultOf(enrichments: Enrichments, enricher: string): JsonObject | undefined {
  const record = enrichments.results.find((r) => r.enricher === enricher);
  return record && record.status === 'done' && isObject(record.result) ? record.result : undefined;
}

export interface Word {
  text: string;
  confidence: number;
  box: Box;
}
export interface Detection {
  label: string;
  score: number;
  box: Box;
}

/** What the page reads of the enrichments: OCR words, faces, objects and the picture's size. */
export function contentOf(enrichments: Enrichments) {
  const text = resultOf(enrichments, 'text');
  const words: Word[] = objects(text?.words).flatMap((w) => {
    const box = boxOf(w.box);
    const t = str(w.text);
    return box && t ? [{ text: t, confidence: num(w.confidence) ?? 0, box }] : [];
  });
  const faces: Detection[] = objects(resultOf(enrichments, 'faces')?.faces).flatMap((f) => {
    const box = boxOf(f.box);
    return box ? [{ label: 'face', score: num(f.score) ?? 0, box }] : [];
  });
  const found: Detection[] = objects(resultOf(enrichments, 'objects')?.objects).flatMap((o) => {
    const box = boxOf(o.box);
    return box ? [{ label: str(o.label) ?? 'object', score: num(o.score) ?? 0, box }] : [];
  });
  const source = resultOf(enrichments, 'renditions')?.source;
  const width = isObject(source) ? num(source.width) : undefined;
  const height = isObject(source) ? num(source.height) : undefined;
  return {
    text: str(text?.text),
    ocrRan: text !== undefined,
    words,
    faces,
    objects: found,
    size: width && height ? { width, height } : undefined,
  };
}
