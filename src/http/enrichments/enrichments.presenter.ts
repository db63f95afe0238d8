/**
 * Enrichment views → API bodies: renditions get URLs (the preview's too, before it is made), vectors are never sent,
 * pending enrichers are listed.
 */
import type { Rendition } from '../../domain/enrichment.ts';
import type { EnrichmentView } from '../../services/enrichment.service.ts';

const renditionUrl = (view: EnrichmentView, role: Rendition['role'], position: number): string =>
  `/api/v1/assets/${view.assetId}/renditions/${role}?version=${view.versionNumber}${position > 0 ? `&position=${position}` : ''}`;

export function presentEnrichments(view: EnrichmentView) {
  const positions = new Map<string, number>();
  return {
    ...view,
    // Job state per enricher: done or failed as recorded; pending when the version has no result for it yet.
    results: [...view.results, ...view.pending.map((enricher) => ({ enricher, status: 'pending' }))],
    renditions: view.renditions.map((r) => {
      const position = positions.get(r.role) ?? 0;
      positions.set(r.role, position + 1);
      return { ...r, url: renditionUrl(view, r.role, position) };
    }),
    // The preview is made on its first request (decision 0006), so clients get its URL before it exists.
    ...(view.previewAvailable ? { previewUrl: renditionUrl(view, 'preview', 0) } : {}),
  };
}
