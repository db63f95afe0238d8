/**
 * The JSON-LD against the Schema.org vocabulary (schema-dts's copy of it, read at run time: types and properties
 * that exist, each where it belongs), and what each field says.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digitalSourceTypes } from '../digital-source-type.ts';
import { duckRequest, webPreset } from './export-test-support.ts';
import { buildJsonLd, schemaOrgDigitalSourceType } from './json-ld.ts';
import { loadSchemaVocabulary, schemaProblems } from './schema-vocabulary-test-support.ts';

const request = () => {
  const { source: _source, ...rest } = duckRequest(new Uint8Array(), 'image/png', webPreset);
  return rest;
};

describe('the vocabulary check itself', () => {
  it('reads the vocabulary: ImageObject has digitalSourceType, CreateAction has instrument', () => {
    const vocabulary = loadSchemaVocabulary();
    expect(vocabulary.leafBase.get('ImageObject')).toBe('ImageObjectBase');
    expect(vocabulary.leafBase.size).toBeGreaterThan(500);
    expect(
      schemaProblems({ '@context': 'https://schema.org', '@type': 'ImageObject', digitalSourceType: 'x' }),
    ).toEqual([]);
  });

  it('finds a made-up type, a misspelt property, a property on the wrong type and a node out of range', () => {
    expect(schemaProblems({ '@context': 'https://schema.org', '@type': 'AiImage' })).toEqual([
      '$: type AiImage does not exist',
    ]);
    expect(schemaProblems({ '@context': 'https://schema.org', '@type': 'ImageObject', licence: 'x' })).toEqual([
      '$.licence: ImageObject has no property licence',
    ]);
    expect(schemaProblems({ '@context': 'https://schema.org', '@type': 'Person', softwareVersion: '1' })).toEqual([
      '$.softwareVersion: Person has no property softwareVersion',
    ]);
    expect(
      schemaProblems({
        '@context': 'https://schema.org',
        '@type': 'ImageObject',
        creator: { '@type': 'SoftwareApplication', name: 'x' },
      }),
    ).toEqual(['$.creator: a SoftwareApplication is not in the range Organization | Person | IdReference']);
    expect(
      schemaProblems({
        '@context': 'https://schema.org',
        '@type': 'ImageObject',
        digitalSourceType: 'https://schema.org/MadeUpDigitalSource',
      }),
    ).toEqual([expect.stringContaining('MadeUpDigitalSource is not a member')]);
  });
});

describe('buildJsonLd', () => {
  it('validates against the vocabulary, with and without the file facts', () => {
    expect(schemaProblems(buildJsonLd(request(), { mediaType: 'image/webp', width: 600, height: 400 }))).toEqual([]);
    expect(schemaProblems(buildJsonLd(request()))).toEqual([]);
    expect(schemaProblems(buildJsonLd({ ...request(), mediaType: 'video/mp4', fileName: 'clip.mp4' }))).toEqual([]);
  });

  it('says what the file is, who may use it and how, and which AI made it', () => {
    expect(buildJsonLd(request(), { mediaType: 'image/webp', width: 600, height: 400 })).toEqual({
      '@context': 'https://schema.org',
      '@type': 'ImageObject',
      name: 'Duck',
      description: 'A duck on a pond, generated with AI',
      contentUrl: 'https://cdn.example.com/duck.webp',
      encodingFormat: 'image/webp',
      width: { '@type': 'QuantitativeValue', value: 600, unitCode: 'E37' },
      height: { '@type': 'QuantitativeValue', value: 400, unitCode: 'E37' },
      digitalSourceType: 'https://schema.org/TrainedAlgorithmicMediaDigitalSource',
      license: 'https://example.com/licence?a=1&b=2',
      acquireLicensePage: 'https://example.com/buy',
      creditText: 'Example Studio (AI-generated)',
      copyrightNotice: '© 2026 Example Studio',
      creator: [
        { '@type': 'Person', name: 'Example Studio' },
        { '@type': 'Person', name: 'Ünïcode & Co' },
      ],
      dateCreated: '2026-01-15T10:00:00Z',
      identifier: {
        '@type': 'PropertyValue',
        propertyID: 'provena:asset',
        value: '0193a5c4-1111-7000-8000-000000000001',
      },
      version: 3,
      '@reverse': {
        result: {
          '@type': 'CreateAction',
          instrument: {
            '@type': 'SoftwareApplication',
            name: 'Stable Diffusion web UI',
            softwareVersion: '1.10.1',
            provider: { '@type': 'Organization', name: 'Example AI Lab' },
          },
          agent: { '@type': 'Person', name: 'Jane Example' },
        },
      },
    });
  });

  it('every schema.org digital source type we map to is a member of the vocabulary', () => {
    for (const info of digitalSourceTypes) {
      const value = schemaOrgDigitalSourceType({
        provenance: { aiInvolvement: 'unknown', dstSources: [], digitalSourceType: info.uri },
      });
      if (typeof value === 'string') {
        expect(
          schemaProblems({ '@context': 'https://schema.org', '@type': 'ImageObject', digitalSourceType: value }),
          info.code,
        ).toEqual([]);
      } else {
        // No Schema.org member: named by its IPTC (or C2PA) URI.
        expect(value).toEqual({ '@id': info.uri });
      }
    }
  });

  it('drops what is not a web address where one is needed, and bounds hostile text', () => {
    const hostile = `<script>${'x'.repeat(5_000)}`;
    const document = buildJsonLd({
      ...request(),
      title: hostile,
      contentUrl: 'javascript:alert(1)',
      rights: { licenceUrl: 'not a url', licence: 'Example Licence', acquireLicensePage: 'ftp://example.com' },
    });
    expect(document.contentUrl).toBeUndefined();
    expect(document.acquireLicensePage).toBeUndefined();
    expect(document.license).toEqual({ '@type': 'CreativeWork', name: 'Example Licence' });
    expect([...String(document.name)]).toHaveLength(2_000);
    expect(schemaProblems(document)).toEqual([]);
  });

  it('is a MediaObject for what is not an image, and has no CreateAction without an AI system or prompt writer', () => {
    const document = buildJsonLd({
      ...request(),
      mediaType: 'video/mp4',
      provenance: { aiInvolvement: 'none', dstSources: [] },
    });
    expect(document['@type']).toBe('MediaObject');
    expect(document['@reverse']).toBeUndefined();
    expect(document.digitalSourceType).toBeUndefined();
  });
});

describe('buildJsonLd on any text (fast-check)', () => {
  it('stays a valid document that survives JSON, whatever the strings hold', () => {
    // Any code point, and often the hostile ones: lone surrogates, NUL, markup characters.
    const unit = fc.oneof(
      fc.constantFrom('\ud800', '\udfff', '\u0000', '<', '&', '"'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    );
    const text = fc.string({ unit, maxLength: 3_000 });
    fc.assert(
      fc.property(text, text, fc.array(text, { maxLength: 5 }), text, text, (title, credit, creators, url, system) => {
        const base = request();
        const document = buildJsonLd({
          ...base,
          title,
          rights: { creditLine: credit, creators, licenceUrl: url, acquireLicensePage: url },
          provenance: { ...base.provenance, generator: { system } },
        });
        expect(schemaProblems(document)).toEqual([]);
        expect(JSON.parse(JSON.stringify(document))).toEqual(document);
        if (typeof document.name === 'string') expect([...document.name].length).toBeLessThanOrEqual(2_000);
        // No lone surrogate left (JSON.stringify would write one as a \\uD8xx escape): encodable as UTF-8.
        expect(JSON.stringify(document)).not.toMatch(/\\u[dD][89a-fA-F][0-9a-fA-F]{2}/);
      }),
      { numRuns: 200 },
    );
  });
});
