import { describe, expect, it } from 'vitest';
import { xmpPacket } from '../containers/test-builders.ts';
import { parseXmp, parseXmpPackets } from './xmp-parser.ts';
import { parseXmlSafely } from './safe-xml.ts';

const NS = {
  ext: 'http://iptc.org/std/Iptc4xmpExt/2008-02-29/',
  dc: 'http://purl.org/dc/elements/1.1/',
  photoshop: 'http://ns.adobe.com/photoshop/1.0/',
  xmpRights: 'http://ns.adobe.com/xap/1.0/rights/',
  plus: 'http://ns.useplus.org/ldf/xmp/1.0/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  dcterms: 'http://purl.org/dc/terms/',
};
const TAM = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';

describe('parseXmp: IPTC/XMP fields', () => {
  it('reads every field in element form (the XMP writer template)', () => {
    const packet = xmpPacket(`
      <rdf:Description rdf:about="" xmlns:Iptc4xmpExt="${NS.ext}" xmlns:dc="${NS.dc}" xmlns:photoshop="${NS.photoshop}"
          xmlns:xmpRights="${NS.xmpRights}" xmlns:plus="${NS.plus}" xmlns:xmp="${NS.xmp}" xmlns:dcterms="${NS.dcterms}">
        <Iptc4xmpExt:DigitalSourceType>${TAM}</Iptc4xmpExt:DigitalSourceType>
        <Iptc4xmpExt:AISystemUsed>Stable Diffusion web UI</Iptc4xmpExt:AISystemUsed>
        <Iptc4xmpExt:AISystemVersionUsed>1.10.1</Iptc4xmpExt:AISystemVersionUsed>
        <Iptc4xmpExt:AIPromptInformation>photo of a duck &amp; a swan</Iptc4xmpExt:AIPromptInformation>
        <Iptc4xmpExt:AIPromptWriterName>Jane Example</Iptc4xmpExt:AIPromptWriterName>
        <Iptc4xmpExt:DigImageGUID>urn:uuid:1</Iptc4xmpExt:DigImageGUID>
        <dc:creator><rdf:Seq><rdf:li>Studio A</rdf:li><rdf:li>Studio B</rdf:li></rdf:Seq></dc:creator>
        <dc:rights><rdf:Alt><rdf:li xml:lang="de">(c) DE</rdf:li><rdf:li xml:lang="x-default">(c) 2026</rdf:li></rdf:Alt></dc:rights>
        <dc:title><rdf:Alt><rdf:li xml:lang="en">Duck</rdf:li></rdf:Alt></dc:title>
        <dc:description><rdf:Alt><rdf:li xml:lang="x-default">A duck</rdf:li></rdf:Alt></dc:description>
        <photoshop:Credit>Studio A (AI)</photoshop:Credit>
        <xmpRights:WebStatement>https://example.com/license</xmpRights:WebStatement>
        <plus:Licensor><rdf:Seq><rdf:li rdf:parseType="Resource"><plus:LicensorName>L</plus:LicensorName><plus:LicensorURL>https://example.com/buy</plus:LicensorURL></rdf:li></rdf:Seq></plus:Licensor>
        <xmp:CreateDate>2026-01-15T10:00:00Z</xmp:CreateDate>
        <xmp:CreatorTool>ComfyUI</xmp:CreatorTool>
        <dcterms:provenance rdf:resource="https://manifests.example.com/m/1"/>
      </rdf:Description>`);
    expect(parseXmp(packet)).toEqual({
      digitalSourceType: TAM,
      digitalSourceTypeRaw: TAM,
      aiSystemUsed: 'Stable Diffusion web UI',
      aiSystemVersionUsed: '1.10.1',
      aiPromptInformation: 'photo of a duck & a swan',
      aiPromptWriterName: 'Jane Example',
      digImageGuid: 'urn:uuid:1',
      creator: ['Studio A', 'Studio B'],
      copyrightNotice: '(c) 2026',
      title: 'Duck',
      description: 'A duck',
      creditLine: 'Studio A (AI)',
      webStatement: 'https://example.com/license',
      licensorUrl: 'https://example.com/buy',
      createDate: '2026-01-15T10:00:00Z',
      creatorTool: 'ComfyUI',
      provenanceUrl: 'https://manifests.example.com/m/1',
      warnings: [],
    });
  });

  it('reads the attribute form with any prefix (Midjourney / exiv2 write iptcExt:)', () => {
    const packet = xmpPacket(
      `<rdf:Description rdf:about="" xmlns:iptcExt="${NS.ext}" iptcExt:DigImageGUID="1338fb17-2986-466a-a23e-b8b3c25c8c82" ` +
        `iptcExt:DigitalSourceType="${TAM}"/>`,
    );
    expect(parseXmp(packet)).toMatchObject({
      digImageGuid: '1338fb17-2986-466a-a23e-b8b3c25c8c82',
      digitalSourceType: TAM,
    });
  });

  it('matches by namespace URI, never by prefix', () => {
    const wrongUri = xmpPacket(
      `<rdf:Description xmlns:Iptc4xmpExt="http://example.com/not-iptc/" Iptc4xmpExt:AISystemUsed="fake"/>` +
        `<rdf:Description xmlns:zz="${NS.ext}"><zz:AISystemVersionUsed>2</zz:AISystemVersionUsed></rdf:Description>`,
    );
    const fields = parseXmp(wrongUri);
    expect(fields.aiSystemUsed).toBeUndefined();
    expect(fields.aiSystemVersionUsed).toBe('2');
  });

  it('reads structs written as nested rdf:Description and as attribute shorthand on rdf:li', () => {
    const nested = xmpPacket(
      `<rdf:Description xmlns:plus="${NS.plus}"><plus:Licensor><rdf:Seq><rdf:li><rdf:Description>` +
        `<plus:LicensorURL>https://a.example</plus:LicensorURL></rdf:Description></rdf:li></rdf:Seq></plus:Licensor></rdf:Description>`,
    );
    expect(parseXmp(nested).licensorUrl).toBe('https://a.example');
    const shorthand = xmpPacket(
      `<rdf:Description xmlns:plus="${NS.plus}"><plus:Licensor><rdf:Seq><rdf:li plus:LicensorName="n"/>` +
        `<rdf:li plus:LicensorURL="https://b.example"/></rdf:Seq></plus:Licensor></rdf:Description>`,
    );
    expect(parseXmp(shorthand).licensorUrl).toBe('https://b.example');
  });

  it('Lang Alt without x-default gives the first item; a qualified value gives rdf:value', () => {
    const packet = xmpPacket(
      `<rdf:Description xmlns:dc="${NS.dc}" xmlns:photoshop="${NS.photoshop}">` +
        `<dc:rights><rdf:Alt><rdf:li xml:lang="fr">Droits</rdf:li><rdf:li xml:lang="en">Rights</rdf:li></rdf:Alt></dc:rights>` +
        `<photoshop:Credit rdf:parseType="Resource"><rdf:value>Credited</rdf:value><x:q xmlns:x="http://q/">1</x:q></photoshop:Credit>` +
        `<dc:creator><rdf:Bag><rdf:li>Solo</rdf:li></rdf:Bag></dc:creator></rdf:Description>`,
    );
    expect(parseXmp(packet)).toMatchObject({ copyrightNotice: 'Droits', creditLine: 'Credited', creator: ['Solo'] });
  });

  it('a bare string creator becomes a one-element list', () => {
    const packet = xmpPacket(`<rdf:Description xmlns:dc="${NS.dc}" dc:creator="Someone"/>`);
    expect(parseXmp(packet).creator).toEqual(['Someone']);
  });

  it('normalises the DST (https, spaces) and keeps the raw value; garbage is a warning', () => {
    const spaced = xmpPacket(
      `<rdf:Description xmlns:e="${NS.ext}" e:DigitalSourceType=" https://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"/>`,
    );
    expect(parseXmp(spaced)).toMatchObject({
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
      digitalSourceTypeRaw: ' https://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
    });
    const garbage = parseXmp(xmpPacket(`<rdf:Description xmlns:e="${NS.ext}" e:DigitalSourceType="made by me"/>`));
    expect(garbage.digitalSourceType).toBeUndefined();
    expect(garbage.digitalSourceTypeRaw).toBe('made by me');
    expect(garbage.warnings.join()).toMatch(/not a digital source type/u);
  });

  it('merges several packets and several descriptions: first wins', () => {
    const first = xmpPacket(
      `<rdf:Description xmlns:e="${NS.ext}" e:AISystemUsed="A"/><rdf:Description xmlns:e="${NS.ext}" e:AISystemUsed="B" e:AISystemVersionUsed="2"/>`,
    );
    const second = xmpPacket(`<rdf:Description xmlns:e="${NS.ext}" e:AISystemUsed="C" e:AIPromptWriterName="W"/>`);
    expect(parseXmpPackets([first, second])).toMatchObject({
      aiSystemUsed: 'A',
      aiSystemVersionUsed: '2',
      aiPromptWriterName: 'W',
    });
  });

  it('reads a bare rdf:RDF or rdf:Description without the x:xmpmeta wrapper', () => {
    const bare = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:e="${NS.ext}" e:AISystemUsed="A"/></rdf:RDF>`;
    expect(parseXmp(bare).aiSystemUsed).toBe('A');
    const description = `<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="${NS.ext}" e:AISystemUsed="B"/>`;
    expect(parseXmp(description).aiSystemUsed).toBe('B');
  });

  it('keeps what it read from broken XML and reports the problem', () => {
    const broken = xmpPacket(
      `<rdf:Description xmlns:e="${NS.ext}" e:AISystemUsed="A"><e:AIPromptInformation>unterminated`,
    );
    const fields = parseXmp(broken);
    expect(fields.aiSystemUsed).toBe('A');
    expect(fields.warnings.length).toBeGreaterThan(0);
    expect(parseXmp('').warnings.length).toBeGreaterThan(0);
    expect(parseXmp('not xml at all <<<').aiSystemUsed).toBeUndefined();
  });

  it('stops at the depth limit, keeping what came before', () => {
    const deep = `${'<a>'.repeat(200_000)}${'</a>'.repeat(200_000)}`;
    const doc = parseXmlSafely(deep);
    expect(doc.problems.join()).toMatch(/nested deeper than 64/u);
    const fields = parseXmp(
      xmpPacket(`<rdf:Description xmlns:e="${NS.ext}"><e:AISystemUsed>A</e:AISystemUsed>${deep}</rdf:Description>`),
    );
    expect(fields.aiSystemUsed).toBe('A');
    expect(fields.warnings.join()).toMatch(/nested deeper/u);
  });

  it('refuses a packet with an absurd number of attributes', () => {
    const attrs = Array.from({ length: 120_000 }, (_, i) => `b${i}="x"`).join(' ');
    const doc = parseXmlSafely(`<r><ok/><a ${attrs}/></r>`);
    expect(doc.refused).toBe(true);
    expect(doc.problems.join()).toMatch(/more than 100000 attributes/u);
    expect(parseXmlSafely(`<r><a ${attrs.slice(0, 50_000)}/></r>`).refused).toBe(false);
  });

  it('stops at the element limit', () => {
    const many = xmpPacket(
      `<rdf:Description xmlns:e="${NS.ext}" e:AISystemUsed="A">${'<e:x/>'.repeat(250_000)}</rdf:Description>`,
    );
    const fields = parseXmp(many);
    expect(fields.aiSystemUsed).toBe('A');
    expect(fields.warnings.join()).toMatch(/more than 200000 elements/u);
  });
});

describe('XMP parsing is XXE- and billion-laughs-safe', () => {
  it('refuses a DOCTYPE with an external entity (XXE) and reads nothing', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
      `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
      `<rdf:Description xmlns:e="${NS.ext}"><e:AISystemUsed>&xxe;</e:AISystemUsed></rdf:Description></rdf:RDF></x:xmpmeta>`;
    const fields = parseXmp(xxe);
    expect(fields.aiSystemUsed).toBeUndefined();
    expect(JSON.stringify(fields)).not.toContain('root:');
    expect(fields.warnings.join()).toMatch(/DOCTYPE/u);
  });

  it('refuses the billion-laughs DTD without expanding anything', () => {
    const lol = [
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
      ']>',
      `<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="${NS.ext}"><e:AISystemUsed>&lol9;</e:AISystemUsed></rdf:Description>`,
    ].join('');
    const fields = parseXmp(lol);
    expect(fields.aiSystemUsed).toBeUndefined();
    expect(fields.warnings.join()).toMatch(/DOCTYPE/u);
  });

  it('never expands undeclared entities, even without a DOCTYPE', () => {
    const packet = xmpPacket(
      `<rdf:Description xmlns:e="${NS.ext}"><e:AISystemUsed>a&xxe;b</e:AISystemUsed></rdf:Description>`,
    );
    const fields = parseXmp(packet);
    expect(fields.aiSystemUsed).toBe('a&xxe;b');
    expect(fields.warnings.join()).toMatch(/undefined entity/u);
  });

  it('refuses any DOCTYPE or ENTITY declaration, whatever its case or content', () => {
    for (const text of ['<!DOCTYPE a><a>x</a>', '<!doctype a><a>x</a>', '<a><!ENTITY x "y"></a>']) {
      const doc = parseXmlSafely(text);
      expect(doc.refused).toBe(true);
      expect(doc.roots).toEqual([]);
    }
    expect(parseXmlSafely('<a>x</a>').refused).toBe(false);
  });
});
