/**
 * Files leave the API safely: never sniffed, never run as a page (CSP sandbox), named by a sanitised
 * Content-Disposition, active content only as a download of opaque bytes, and bytes that no longer match their
 * SHA-256 refused instead of served under it — ranges included.
 */
import { describe, expect, it } from 'vitest';
import { samplePng } from '../../test/bad-inputs.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { useTestApp } from '../../test/http-app.ts';
import { storedFile, tamper } from '../../test/stored-files.ts';
import { contentDisposition, isPassive, safeFileName } from './file-responses.ts';

interface ErrorReply {
  error: { code: string; message: string; details: Record<string, unknown>; requestId: string };
}

const dispositionName = (header: unknown): string => {
  const match = /filename\*=UTF-8''([^;]+)/.exec(String(header));
  if (!match) throw new Error(`no filename* in ${String(header)}`);
  return decodeURIComponent(match[1]!);
};
const plainName = (header: unknown): string => /filename="([^"]*)"/.exec(String(header))?.[1] ?? '';

for (const dialect of dialects) {
  describeDialect(dialect, `file responses [${dialect}]`, () => {
    const t = useTestApp(dialect);

    it('serves an original with nosniff, a sandboxing CSP and an attachment name', async () => {
      const png = await samplePng(701, 32);
      const { assetId, sha256 } = await storedFile(t.rt, png, {
        mediaType: 'image/png',
        fileName: 'harbour at dusk.png',
      });
      const res = await t.app.inject({ url: `/api/v1/assets/${assetId}/original` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="harbour at dusk.png"; filename*=UTF-8''harbour%20at%20dusk.png`,
      );
      expect(res.headers.etag).toBe(`"${sha256}"`);
      expect(Buffer.compare(res.rawPayload, png)).toBe(0);
    });

    it('sanitises the file name: no control or bidi characters, quotes or path separators, in either form', async () => {
      const hostile = 'inv\u202Egnp.exe"; x=\u0007../..\\evil\r\n\u2066name\u200F.png';
      const { assetId } = await storedFile(t.rt, await samplePng(702, 16), {
        mediaType: 'image/png',
        fileName: hostile,
      });
      const header = (await t.app.inject({ url: `/api/v1/assets/${assetId}/original` })).headers['content-disposition'];
      const forbidden = /[\p{Cc}"\\/\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
      for (const name of [dispositionName(header), plainName(header)]) {
        expect(name).not.toMatch(forbidden);
        expect(name).toMatch(/\.png$/);
      }
      expect(String(header)).not.toMatch(/[\r\n]/);
      // RFC 8187's attr-char: nothing else appears unencoded in filename*.
      expect(/filename\*=UTF-8''([^;]+)/.exec(String(header))![1]).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
      // Plain text survives: a Unicode name keeps its letters in filename*.
      const { assetId: unicode } = await storedFile(t.rt, await samplePng(703, 16), {
        mediaType: 'image/png',
        fileName: "Hafen (Abend) — Müller's.png",
      });
      const named = (await t.app.inject({ url: `/api/v1/assets/${unicode}/original` })).headers['content-disposition'];
      expect(dispositionName(named)).toBe("Hafen (Abend) — Müller's.png");
    });

    it('never serves active content as itself: SVG and HTML go out as attachments of opaque bytes', async () => {
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>');
      const html = Buffer.from('<!doctype html><script>alert(1)</script>');
      for (const [bytes, mediaType, fileName] of [
        [svg, 'image/svg+xml', 'logo.svg'],
        [html, 'text/html', 'page.html'],
        [Buffer.from('<?xml version="1.0"?><x/>'), 'application/xml', 'data.xml'],
      ] as const) {
        const { assetId } = await storedFile(t.rt, bytes, { mediaType, fileName });
        const res = await t.app.inject({ url: `/api/v1/assets/${assetId}/original` });
        expect({ mediaType, status: res.statusCode, type: res.headers['content-type'] }).toEqual({
          mediaType,
          status: 200,
          type: 'application/octet-stream',
        });
        expect(res.headers['content-disposition']).toMatch(/^attachment;/);
        expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      }
    });

    it('serves renditions inline with the same protections, and an active rendition type as an attachment', async () => {
      const webp = Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 fake thumbnail', 'latin1');
      const { assetId } = await storedFile(t.rt, await samplePng(704, 16), {
        mediaType: 'image/png',
        fileName: 'boats.png',
        renditions: [
          { role: 'thumbnail', mediaType: 'image/webp', bytes: webp },
          { role: 'poster', mediaType: 'text/html', bytes: Buffer.from('<script>alert(1)</script>') },
        ],
      });
      const thumb = await t.app.inject({ url: `/api/v1/assets/${assetId}/renditions/thumbnail` });
      expect(thumb.statusCode).toBe(200);
      expect(thumb.headers['content-type']).toBe('image/webp');
      expect(thumb.headers['x-content-type-options']).toBe('nosniff');
      expect(thumb.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
      expect(thumb.headers['content-disposition']).toMatch(/^inline; filename="boats-thumbnail\.webp"/);

      const poster = await t.app.inject({ url: `/api/v1/assets/${assetId}/renditions/poster` });
      expect(poster.headers['content-type']).toBe('application/octet-stream');
      expect(poster.headers['content-disposition']).toMatch(/^attachment;/);
    });

    it('refuses bytes that no longer match their SHA-256, after a good download and for ranges too', async () => {
      const png = await samplePng(705, 32);
      const { assetId, sha256 } = await storedFile(t.rt, png, { mediaType: 'image/png', fileName: 'rot.png' });
      const url = `/api/v1/assets/${assetId}/original`;
      expect((await t.app.inject({ url })).statusCode).toBe(200);
      // Twice: the second download is served from what the first verified.
      expect((await t.app.inject({ url, headers: { range: 'bytes=0-3' } })).statusCode).toBe(206);

      const rotten = Buffer.from(png);
      rotten.writeUInt8(rotten.readUInt8(rotten.length - 20) ^ 0xff, rotten.length - 20);
      await tamper(t.rt, sha256, rotten);
      for (const headers of [{}, { range: 'bytes=0-3' }, { range: 'bytes=-10' }]) {
        const res = await t.app.inject({ url, headers });
        expect({ headers, status: res.statusCode }).toEqual({ headers, status: 500 });
        expect(res.headers.etag).toBeUndefined();
        expect(res.headers['content-disposition']).toBeUndefined();
        const body = res.json<ErrorReply>();
        expect(body.error.code).toBe('INTEGRITY_ERROR');
        expect(body.error.message).toContain(sha256);
        expect(body.error.details).toMatchObject({ sha256 });
      }
      // A conditional request for the copy the client already holds is still answered: no bytes are sent.
      expect((await t.app.inject({ url, headers: { 'if-none-match': `"${sha256}"` } })).statusCode).toBe(304);
    });

    it('refuses a rendition whose bytes no longer match', async () => {
      const webp = Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 another thumbnail', 'latin1');
      const { assetId } = await storedFile(t.rt, await samplePng(706, 16), {
        mediaType: 'image/png',
        fileName: 'x.png',
        renditions: [{ role: 'thumbnail', mediaType: 'image/webp', bytes: webp }],
      });
      const stored = (await t.rt.store.assets.get(assetId))!.versions[0]!;
      const [thumbnail] = await t.rt.store.enrichment.renditions(stored.id);
      await tamper(t.rt, thumbnail!.sha256, Buffer.from(webp).fill(0x41, 12));
      const res = await t.app.inject({ url: `/api/v1/assets/${assetId}/renditions/thumbnail` });
      expect(res.statusCode).toBe(500);
      expect(res.json<ErrorReply>().error.code).toBe('INTEGRITY_ERROR');
      expect(res.headers.etag).toBeUndefined();
    });
  });
}

describe('safeFileName', () => {
  it('never leaves a name empty, hidden or ending in dots or spaces', () => {
    expect(safeFileName('')).toBe('download');
    expect(safeFileName('\u202e\u202e')).toBe('__');
    expect(safeFileName('...')).toBe('download');
    expect(safeFileName('.htaccess')).toBe('htaccess');
    expect(safeFileName('photo.png. . ')).toBe('photo.png');
    expect(safeFileName('C:\\Users\\ana\\cat.png')).toBe('C__Users_ana_cat.png');
  });

  it('hides and reorders nothing, by the rule intake names files by, and keeps what that rule accepts', () => {
    expect(safeFileName('invoice\u202egnp.exe')).toBe('invoice_gnp.exe');
    expect(safeFileName('in\u200dvoice\u200b.png')).toBe('in_voice_.png');
    // A Persian name spelt with a zero-width non-joiner and an emoji family: accepted at intake, offered as they are.
    expect(safeFileName('می\u200cخواهم.png')).toBe('می\u200cخواهم.png');
    expect(safeFileName('👩\u200d👩\u200d👧.png')).toBe('👩\u200d👩\u200d👧.png');
  });

  it('shortens a long name and keeps its extension', () => {
    const name = safeFileName(`${'ä'.repeat(500)}.jpeg`);
    expect([...name]).toHaveLength(200);
    expect(name.endsWith('ä.jpeg')).toBe(true);
  });

  it('keeps % out of the plain name, where some clients would decode it', () => {
    expect(contentDisposition('attachment', '100% cat.png')).toBe(
      `attachment; filename="100_ cat.png"; filename*=UTF-8''100%25%20cat.png`,
    );
  });
});

describe('isPassive', () => {
  it('serves inline every audio and video type intake accepts, under the names file-type gives them', () => {
    for (const type of ['video/matroska', 'video/x-matroska', 'audio/flac', 'video/mp4; codecs="avc1"'])
      expect(isPassive(type)).toBe(true);
    for (const type of ['image/svg+xml', 'text/html', 'application/xml', 'application/pdf'])
      expect(isPassive(type)).toBe(false);
  });
});
