/**
 * The headers of every response that carries a stored file (an original, a rendition). The bytes are whatever a
 * client uploaded, so the browser must never treat them as a page of this origin: it may not sniff another type
 * (nosniff), a document it renders anyway has no rights (a CSP of nothing, sandboxed: no script, no same origin),
 * and anything not on a short list of passive media types is only ever a download of opaque bytes — an SVG or an
 * HTML file shown inline would run its scripts with the API's cookies and origin.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { displayFileName } from '../domain/file-name.ts';

/** Media types a browser displays without running anything in them. */
export const passiveMediaTypes: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/tiff',
  'image/heic',
  'image/heif',
  'video/mp4',
  'video/webm',
  'video/quicktime',
  'video/matroska',
  'video/x-matroska',
  'audio/mpeg',
  'audio/wav',
  'audio/ogg',
  'audio/flac',
  'audio/x-flac',
  'audio/mp4',
  'audio/x-m4a',
]);

export const fileContentSecurityPolicy = "default-src 'none'; sandbox";

const essence = (mediaType: string) => mediaType.split(';')[0]!.trim().toLowerCase();
export const isPassive = (mediaType: string): boolean => passiveMediaTypes.has(essence(mediaType));

/**
 * What file systems or the header syntax give meaning to (path separators, quotes, Windows' reserved characters).
 * Control characters, line and paragraph separators and format characters (bidi overrides and isolates, zero-width
 * marks: they make "gnp.exe" read as "exe.png") go by the rule intake names files by (displayFileName), which keeps
 * the joiners Persian, Indic scripts and emoji need.
 */
const unsafeInName = /["\\/:*?<>|]/g;
const longestName = 200;

/** A file name safe to offer for saving: nothing that hides, moves or breaks it; never empty. */
export function safeFileName(fileName: string): string {
  let name = displayFileName(fileName.normalize('NFC')).replace(unsafeInName, '_');
  // A leading dot hides the file; trailing dots and spaces are dropped by Windows, changing the extension.
  name = name
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  if ([...name].length > longestName) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    name =
      [...name.slice(0, name.length - extension.length)].slice(0, longestName - extension.length).join('') + extension;
  }
  return name === '' ? 'download' : name;
}

/** RFC 8187's value-chars: encodeURIComponent leaves ' ( ) * unencoded, which attr-char does not allow. */
const extValue = (name: string) =>
  encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * RFC 6266 Content-Disposition: the sanitised name in UTF-8 (filename*) and, for clients that do not read that, an
 * ASCII approximation (non-ASCII and % replaced: some clients percent-decode the plain form).
 */
export function contentDisposition(type: 'inline' | 'attachment', fileName: string): string {
  const name = safeFileName(fileName);
  const ascii = name.replace(/[^\x20-\x7e]|%/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${extValue(name)}`;
}

/**
 * Sets the type, disposition and protective headers of a file response. `disposition` is what the route would like
 * (renditions inline, originals as downloads); active content is an attachment of application/octet-stream whatever
 * is asked.
 */
export function fileHeaders(
  reply: FastifyReply,
  file: { mediaType: string; fileName: string; disposition: 'inline' | 'attachment' },
): FastifyReply {
  const passive = isPassive(file.mediaType);
  return reply
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', fileContentSecurityPolicy)
    .header('content-disposition', contentDisposition(passive ? file.disposition : 'attachment', file.fileName))
    .type(passive ? essence(file.mediaType) : 'application/octet-stream');
}

const extensions: Record<string, string> = { 'image/webp': 'webp', 'image/jpeg': 'jpg', 'image/png': 'png' };

/** "boats.png" + thumbnail + image/webp → "boats-thumbnail.webp". */
export function renditionFileName(originalName: string, role: string, mediaType: string): string {
  const dot = originalName.lastIndexOf('.');
  const base = dot > 0 ? originalName.slice(0, dot) : originalName;
  return `${base}-${role}.${extensions[essence(mediaType)] ?? 'bin'}`;
}

/** Whether the request's If-None-Match names `etag` (a quoted SHA-256): the client's copy is current, answer 304. */
export const clientHasEtag = (request: FastifyRequest, etag: string): boolean =>
  request.headers['if-none-match']?.split(',').some((t) => t.trim() === etag) ?? false;
