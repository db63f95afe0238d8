/**
 * The minimal HTML a browser gets for a share link: what it shares with a download link per available asset, or
 * why it is refused. Every text that came from a person (titles, a collection's name, reasons) is escaped, and the
 * page runs nothing: a CSP of no scripts, no frames, no forms, no other origin; no Referer leaves it (the token is in
 * its address), and neither it nor its answers are cached (a revocation must count from the next request).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SharedView } from '../../services/share-link.service.ts';

export const sharePageSecurityPolicy =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => entities[c]!);

/** Whether the client asked for a page rather than JSON (a browser's Accept lists text/html first or alone). */
export function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  const html = accept.indexOf('text/html');
  const json = accept.indexOf('application/json');
  return html >= 0 && (json < 0 || html < json);
}

/** The headers every share-link answer carries, JSON, page or file. */
export function privateAnswer(reply: FastifyReply): FastifyReply {
  return reply
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-robots-tag', 'noindex, nofollow')
    .header('x-content-type-options', 'nosniff');
}

const page = (title: string, body: string): string =>
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
li{margin:.4rem 0}.refused{color:#8a1c1c}.meta{color:#666;font-size:.9rem}</style>
</head>
<body>
${body}
</body>
</html>
`;

/** The page of an open link: its assets, a download link for each available one, the reasons for the others. */
export function sharedPage(view: SharedView, downloadPath: (assetId: string) => string): string {
  const heading =
    view.kind === 'collection' ? (view.title ?? 'Shared collection') : (view.items[0]?.title ?? 'Shared file');
  const items = view.items
    .map((item) =>
      item.available
        ? `<li><a href="${escapeHtml(downloadPath(item.assetId))}" download>${escapeHtml(item.title)}</a></li>`
        : `<li><span>${escapeHtml(item.title)}</span> <span class="refused">— not available: ${escapeHtml(
            (item.reasons ?? []).map((r) => r.message).join(' '),
          )}</span></li>`,
    )
    .join('\n');
  const where = `${view.channel}${view.region ? ` in ${view.region}` : ''}`;
  return page(
    heading,
    `<h1>${escapeHtml(heading)}</h1>
<p class="meta">Shared for use on ${escapeHtml(where)} until ${escapeHtml(view.expiresAt)}.${
      view.watermark ? ' Downloads carry a visible watermark.' : ''
    }</p>
<ul>
${items || '<li>Nothing is shared here any more.</li>'}
</ul>`,
  );
}

const refusalTitles: Record<string, string> = {
  SHARE_LINK_UNAVAILABLE: 'This link is not available',
  SHARE_LINK_PASSWORD: 'This link needs a password',
  USAGE_DENIED: 'This file may no longer be used',
  RATE_LIMITED: 'Too many attempts',
};

/** The page of a refusal: what happened and what to do, in the error's own words. */
export function refusalPage(code: string, message: string): string {
  const title = refusalTitles[code] ?? 'This link cannot be opened';
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}
