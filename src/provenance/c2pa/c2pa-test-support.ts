/**
 * Test support for the C2PA reader: locating the shared fixtures, and building JUMBF manifest stores by hand so
 * that the suite has inputs of its own (and hostile variants) without ../shared. Used by tests only.
 */
import { readFileSync } from 'node:fs';
import { encode } from 'cbor-x';
import { sharedFixturesDir } from '../../../test/requirements.ts';
import { concatBytes as concat } from '../bytes.ts';
import { c2paTypeUuid } from './jumbf.ts';

export const fixturesDir = sharedFixturesDir;
export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(fixturesDir + name));

const u32 = (n: number): Uint8Array => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
};

export const concatBytes = (...parts: Uint8Array[]): Uint8Array => concat(parts);

const latin1 = (s: string): Uint8Array => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));

/** A box with a 4-character type and the given payload. */
export const box = (type: string, payload: Uint8Array): Uint8Array =>
  concatBytes(u32(8 + payload.length), latin1(type), payload);

const uuidBytes = (uuid: string): Uint8Array => Uint8Array.from(Buffer.from(uuid.replace(/-/g, ''), 'hex'));

/** A `jumd` description box: UUID of the content type (C2PA 4CC or full UUID), toggles 0x03 and the label. */
export function description(
  type: string,
  label: string,
  extra: { id?: number; signature?: Uint8Array; privateBox?: Uint8Array } = {},
): Uint8Array {
  const uuid = type.length === 4 ? c2paTypeUuid(type) : type;
  let toggles = 0x03;
  const tail: Uint8Array[] = [];
  if (extra.id !== undefined) {
    toggles |= 0x04;
    tail.push(u32(extra.id));
  }
  if (extra.signature) {
    toggles |= 0x08;
    tail.push(extra.signature);
  }
  if (extra.privateBox) {
    toggles |= 0x10;
    tail.push(extra.privateBox);
  }
  return box(
    'jumd',
    concatBytes(uuidBytes(uuid), Uint8Array.of(toggles), new TextEncoder().encode(`${label}\0`), ...tail),
  );
}

export const superbox = (type: string, label: string, ...children: Uint8Array[]): Uint8Array =>
  box('jumb', concatBytes(description(type, label), ...children));

export const cborBox = (value: unknown): Uint8Array => box('cbor', new Uint8Array(encode(value)));

/** An assertion superbox holding CBOR data. */
export const cborAssertion = (label: string, data: unknown): Uint8Array => superbox('cbor', label, cborBox(data));

export interface TestManifest {
  label: string;
  claim: Record<string, unknown>;
  assertions: Array<{ label: string; data: unknown }>;
}

/** A whole (unsigned) manifest store: assertions, claim and an empty COSE_Sign1 per manifest; last is active. */
export function buildStore(manifests: TestManifest[]): Uint8Array {
  return superbox(
    'c2pa',
    'c2pa',
    ...manifests.map((m) =>
      superbox(
        'c2ma',
        m.label,
        superbox('c2as', 'c2pa.assertions', ...m.assertions.map((a) => cborAssertion(a.label, a.data))),
        superbox('c2cl', 'c2pa.claim.v2', cborBox(m.claim)),
        superbox('c2cs', 'c2pa.signature', cborBox([Buffer.alloc(0), {}, null, Buffer.alloc(0)])),
      ),
    ),
  );
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Uint8Array): number => {
  let c = 0xffffffff;
  for (const x of b) c = (crcTable[(c ^ x) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

const pngChunk = (type: string, data: Uint8Array): Uint8Array => {
  const td = concatBytes(latin1(type), data);
  return concatBytes(u32(data.length), td, u32(crc32(td)));
};

/** A 1×1 grey PNG carrying `store` in a `caBX` chunk right after IHDR (where c2pa-rs puts it). */
export function pngWithStore(store: Uint8Array): Uint8Array {
  const ihdr = concatBytes(u32(1), u32(1), Uint8Array.of(8, 0, 0, 0, 0));
  // zlib stream of one scanline: filter byte 0 + one grey pixel.
  const idat = Uint8Array.of(0x78, 0x01, 0x01, 0x02, 0x00, 0xfd, 0xff, 0x00, 0x80, 0x00, 0x82, 0x00, 0x81);
  return concatBytes(
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    pngChunk('IHDR', ihdr),
    pngChunk('caBX', store),
    pngChunk('IDAT', idat),
    pngChunk('IEND', new Uint8Array(0)),
  );
}

/** A JPEG (from `base`) with an XMP APP1 segment whose dcterms:provenance points to a remote manifest. */
export function jpegWithRemoteManifest(base: Uint8Array, url: string): Uint8Array {
  const xmp =
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">' +
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" ' +
    `xmlns:dcterms="http://purl.org/dc/terms/" dcterms:provenance="${url}"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  const payload = concatBytes(latin1('http://ns.adobe.com/xap/1.0/\0'), new TextEncoder().encode(xmp));
  const header = Uint8Array.of(0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff);
  return concatBytes(base.subarray(0, 2), header, payload, base.subarray(2));
}

/** A minimal baseline JPEG (8×8 grey) so that JPEG tests do not need fixtures. */
export const tinyJpeg = (): Uint8Array =>
  Uint8Array.from(
    Buffer.from(
      'ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080008000801011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3ffd9',
      'hex',
    ),
  );
