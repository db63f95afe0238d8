import { describe, expect, it } from 'vitest';
import { detectContainer, readRawMetadata } from './index.ts';
import {
  app1Xmp,
  buildJpeg,
  buildPng,
  buildWebp,
  bytesOf,
  iTXt,
  latin1Bytes,
  riffChunk,
  vp8,
  xmpPacket,
} from './test-builders.ts';

const provenance = (value: string): string =>
  xmpPacket(`<rdf:Description xmlns:dcterms="http://purl.org/dc/terms/" dcterms:provenance="${value}"/>`);

describe('readRawMetadata dispatch', () => {
  it('detects containers by magic bytes, not by name', () => {
    expect(detectContainer(buildPng([]))).toBe('png');
    expect(detectContainer(buildJpeg([]))).toBe('jpeg');
    expect(detectContainer(buildWebp([vp8()]))).toBe('webp');
    expect(detectContainer(latin1Bytes('GIF89a'))).toBe('other');
    expect(detectContainer(new Uint8Array(0))).toBe('other');
  });

  it('returns empty fields for other containers', () => {
    expect(readRawMetadata(latin1Bytes('GIF89a\x01\0\x01\0'))).toEqual({
      container: 'other',
      textEntries: [],
      xmp: [],
      iptcIim: {},
      warnings: [],
    });
  });

  it('sets c2paRemoteUrl from an http(s) dcterms:provenance in any container', () => {
    const url = 'https://cai-manifests.adobe.com/manifests/adobe-urn-uuid-5f37e182';
    expect(readRawMetadata(buildJpeg([app1Xmp(provenance(url))])).c2paRemoteUrl).toBe(url);
    expect(readRawMetadata(buildPng([iTXt('XML:com.adobe.xmp', provenance(url))])).c2paRemoteUrl).toBe(url);
    expect(readRawMetadata(buildWebp([vp8(), riffChunk('XMP ', bytesOf(provenance(url)))])).c2paRemoteUrl).toBe(url);
  });

  it('does not treat a JUMBF reference to the embedded manifest as remote', () => {
    const raw = readRawMetadata(buildJpeg([app1Xmp(provenance('self#jumbf=/c2pa/urn:uuid:1234'))]));
    expect(raw.c2paRemoteUrl).toBeUndefined();
  });

  it('hands out plain Uint8Array views when given a Buffer', () => {
    const store = new Uint8Array(40);
    store.set(latin1Bytes('jumb'), 4);
    const raw = readRawMetadata(Buffer.from(buildWebp([vp8(), riffChunk('C2PA', store)])));
    expect(raw.c2paStore).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(raw.c2paStore)).toBe(false);
  });
});
