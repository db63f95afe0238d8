/**
 * Bounded JUMBF (ISO/IEC 19566-5) box walker, as used by C2PA manifest stores (C2PA 2.2).
 *
 * The walker never throws on hostile bytes: every structural problem becomes a warning and the walk keeps what it
 * could read. Depth, box count and input size are limited by `provenanceLimits`. Payloads are views into the
 * input (no copies), and every box records its offsets so that a writer (C2PA signing) can locate and re-hash
 * exact byte ranges.
 */
import { provenanceLimits } from '../contract.ts';
import { decodeCborSafe } from './cbor-safe.ts';

/** The description box (`jumd`) of a superbox. */
export interface JumbfDescription {
  /** Content-type UUID, lower-case 8-4-4-4-12. */
  uuid: string;
  /** The 4 ASCII characters at the start of a C2PA-style UUID (`c2pa`, `c2ma`, `c2as`, `cbor`…), when printable. */
  type4cc?: string;
  toggles: number;
  requestable: boolean;
  label?: string;
  id?: number;
  signature?: Uint8Array;
  /** A private box after the other fields (C2PA salt `c2sh`), when toggle 0x10 is set. */
  privateBox?: JumbfContentBox;
}

interface BoxBase {
  /** Box type (TBox) as 4 characters. */
  type: string;
  /** Offset of the box header in the bytes given to `parseJumbf`. */
  offset: number;
  /** Header length: 8, or 16 with XLBox. */
  headerLength: number;
  /** Total box length, header included. */
  length: number;
}

export interface JumbfSuperbox extends BoxBase {
  kind: 'superbox';
  /** Absent when the first child is not a readable `jumd` (a warning says so). */
  description?: JumbfDescription;
  /** Child boxes after the description box. */
  children: JumbfBox[];
}

export interface JumbfContentBox extends BoxBase {
  kind: 'content';
  /** The box payload (after the header), a view into the input. */
  payload: Uint8Array;
}

export type JumbfBox = JumbfSuperbox | JumbfContentBox;

export interface JumbfParseResult {
  boxes: JumbfBox[];
  warnings: string[];
}

export interface JumbfLimits {
  maxDepth: number;
  maxBoxes: number;
  maxBytes: number;
}

const defaultLimits: JumbfLimits = {
  maxDepth: provenanceLimits.maxDepth,
  maxBoxes: provenanceLimits.maxEntries,
  maxBytes: provenanceLimits.maxPayloadBytes,
};

/** The C2PA family of UUIDs: `XXXXXXXX-0011-0010-8000-00AA00389B71` with a 4CC in the first four bytes. */
const c2paUuidSuffix = '-0011-0010-8000-00aa00389b71';

/** JUMBF content-type UUIDs used by C2PA, by meaning. */
export const jumbfTypes = {
  manifestStore: 'c2pa',
  manifest: 'c2ma',
  updateManifest: 'c2um',
  legacyManifest: 'c2md',
  assertionStore: 'c2as',
  claim: 'c2cl',
  signature: 'c2cs',
  credentials: 'c2vc',
  databoxes: 'c2db',
  cbor: 'cbor',
  json: 'json',
  embeddedFile: '40cb0c32-bb8a-489d-a70b-2ad6f47f4369',
} as const;

/** The UUID string of a C2PA-family content type from its 4CC (e.g. `c2ma`). */
export const c2paTypeUuid = (fourcc: string): string => {
  const hex = [...fourcc].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  return `${hex}${c2paUuidSuffix}`;
};

const ascii = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

const formatUuid = (b: Uint8Array): string => {
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

const isPrintable4cc = (s: string): boolean => /^[\x20-\x7e]{4}$/.test(s);

const utf8 = new TextDecoder('utf-8', { fatal: false });

interface WalkState {
  bytes: Uint8Array;
  view: DataView;
  limits: JumbfLimits;
  boxCount: number;
  warnings: string[];
  stopped: boolean;
}

/** Reads one box header at `pos` within [pos, end); returns undefined (with a warning) when it cannot. */
function readHeader(
  st: WalkState,
  pos: number,
  end: number,
): { type: string; headerLength: number; length: number } | undefined {
  if (end - pos < 8) {
    st.warnings.push(`JUMBF: ${end - pos} stray byte(s) at offset ${pos}, too short for a box header`);
    return undefined;
  }
  const lbox = st.view.getUint32(pos);
  const type = ascii(st.bytes.subarray(pos + 4, pos + 8));
  let headerLength = 8;
  let length: number;
  if (lbox === 1) {
    if (end - pos < 16) {
      st.warnings.push(`JUMBF: box '${printable(type)}' at ${pos} declares an XLBox but the data ends`);
      return undefined;
    }
    const xl = st.view.getBigUint64(pos + 8);
    headerLength = 16;
    if (xl > BigInt(end - pos)) {
      st.warnings.push(`JUMBF: box '${printable(type)}' at ${pos} claims ${xl} bytes, only ${end - pos} remain`);
      return undefined;
    }
    length = Number(xl);
  } else if (lbox === 0) {
    length = end - pos; // "box runs to the end" of its enclosing box
  } else {
    length = lbox;
    if (length > end - pos) {
      st.warnings.push(`JUMBF: box '${printable(type)}' at ${pos} claims ${length} bytes, only ${end - pos} remain`);
      return undefined;
    }
  }
  if (length < headerLength) {
    st.warnings.push(`JUMBF: box '${printable(type)}' at ${pos} has an impossible length ${length}`);
    return undefined;
  }
  return { type, headerLength, length };
}

const printable = (type: string): string =>
  isPrintable4cc(type) ? type : `0x${[...type].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('')}`;

function parseDescription(st: WalkState, box: JumbfContentBox): JumbfDescription | undefined {
  const { payload, offset } = box;
  const payloadOffset = box.offset + box.headerLength;
  if (payload.length < 17) {
    st.warnings.push(`JUMBF: description box at ${offset} is too short (${payload.length} bytes)`);
    return undefined;
  }
  const uuidBytes = payload.subarray(0, 16);
  const uuid = formatUuid(uuidBytes);
  const toggles = payload[16] ?? 0;
  const description: JumbfDescription = { uuid, toggles, requestable: (toggles & 0x01) !== 0 };
  if (uuid.endsWith(c2paUuidSuffix)) {
    const fourcc = ascii(uuidBytes.subarray(0, 4));
    if (isPrintable4cc(fourcc)) description.type4cc = fourcc;
  }
  let pos = 17;
  if (toggles & 0x02) {
    const nul = payload.indexOf(0, pos);
    if (nul < 0) {
      st.warnings.push(`JUMBF: description label at ${offset} is not NUL-terminated`);
      description.label = utf8.decode(payload.subarray(pos));
      return description;
    }
    description.label = utf8.decode(payload.subarray(pos, nul));
    pos = nul + 1;
  }
  if (toggles & 0x04) {
    if (payload.length - pos < 4) {
      st.warnings.push(`JUMBF: description ID at ${offset} is truncated`);
      return description;
    }
    description.id = new DataView(payload.buffer, payload.byteOffset + pos, 4).getUint32(0);
    pos += 4;
  }
  if (toggles & 0x08) {
    if (payload.length - pos < 32) {
      st.warnings.push(`JUMBF: description signature at ${offset} is truncated`);
      return description;
    }
    description.signature = payload.subarray(pos, pos + 32);
    pos += 32;
  }
  if (toggles & 0x10) {
    // The private box lies inside the description payload; read its header in input coordinates.
    const privateStart = payloadOffset + pos;
    const header = readHeader(st, privateStart, payloadOffset + payload.length);
    if (header) {
      description.privateBox = {
        kind: 'content',
        type: header.type,
        offset: privateStart,
        headerLength: header.headerLength,
        length: header.length,
        payload: st.bytes.subarray(privateStart + header.headerLength, privateStart + header.length),
      };
    }
  }
  return description;
}

/** Walks the boxes in [start, end) at the given depth. */
function walk(st: WalkState, start: number, end: number, depth: number): JumbfBox[] {
  const boxes: JumbfBox[] = [];
  let pos = start;
  while (pos < end && !st.stopped) {
    if (st.boxCount >= st.limits.maxBoxes) {
      st.warnings.push(`JUMBF: more than ${st.limits.maxBoxes} boxes; the rest is ignored`);
      st.stopped = true;
      break;
    }
    const header = readHeader(st, pos, end);
    if (!header) break;
    st.boxCount++;
    const { type, headerLength, length } = header;
    const payloadStart = pos + headerLength;
    const boxEnd = pos + length;
    if (type === 'jumb') {
      const superbox: JumbfSuperbox = { kind: 'superbox', type, offset: pos, headerLength, length, children: [] };
      if (depth + 1 > st.limits.maxDepth) {
        st.warnings.push(`JUMBF: superboxes nested deeper than ${st.limits.maxDepth} at ${pos}; contents skipped`);
      } else {
        const children = walk(st, payloadStart, boxEnd, depth + 1);
        const first = children[0];
        if (first?.kind === 'content' && first.type === 'jumd') {
          superbox.description = parseDescription(st, first);
          superbox.children = children.slice(1);
        } else {
          st.warnings.push(`JUMBF: superbox at ${pos} does not start with a description box`);
          superbox.children = children;
        }
      }
      boxes.push(superbox);
    } else {
      boxes.push({
        kind: 'content',
        type,
        offset: pos,
        headerLength,
        length,
        payload: st.bytes.subarray(payloadStart, boxEnd),
      });
    }
    pos = boxEnd;
  }
  return boxes;
}

/** Parses a sequence of JUMBF boxes (normally one `jumb` manifest-store superbox). Never throws. */
export function parseJumbf(bytes: Uint8Array, limits: Partial<JumbfLimits> = {}): JumbfParseResult {
  const all: JumbfLimits = { ...defaultLimits, ...limits };
  const warnings: string[] = [];
  if (bytes.length > all.maxBytes) {
    return { boxes: [], warnings: [`JUMBF: ${bytes.length} bytes exceed the ${all.maxBytes}-byte limit; not parsed`] };
  }
  const st: WalkState = {
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    limits: all,
    boxCount: 0,
    warnings,
    stopped: false,
  };
  return { boxes: walk(st, 0, bytes.length, 0), warnings };
}

// ---------------------------------------------------------------------------------------------------------------
// Navigation and content decoding

export const isSuperbox = (box: JumbfBox | undefined): box is JumbfSuperbox => box?.kind === 'superbox';

/** The label of a superbox, if it has one. */
export const labelOf = (box: JumbfBox): string | undefined =>
  box.kind === 'superbox' ? box.description?.label : undefined;

/** The C2PA 4CC of a superbox (`c2ma`, `c2as`…), or the full UUID for other content types. */
export const contentTypeOf = (box: JumbfBox): string | undefined =>
  box.kind === 'superbox' ? (box.description?.type4cc ?? box.description?.uuid) : undefined;

/** Child superboxes of `box` with the given C2PA 4CC (or full UUID). */
export const childrenOfType = (box: JumbfSuperbox, type: string): JumbfSuperbox[] =>
  box.children.filter((c): c is JumbfSuperbox => isSuperbox(c) && contentTypeOf(c) === type);

/** First child superbox with the given label. */
export const childByLabel = (box: JumbfSuperbox, label: string): JumbfSuperbox | undefined =>
  box.children.find((c): c is JumbfSuperbox => isSuperbox(c) && labelOf(c) === label);

/** The first content (non-superbox) child: the data of an assertion, claim or signature superbox. */
export const firstContent = (box: JumbfSuperbox): JumbfContentBox | undefined =>
  box.children.find((c): c is JumbfContentBox => c.kind === 'content');

export type JumbfContent =
  | { type: 'cbor'; value: unknown }
  | { type: 'json'; value: unknown }
  | { type: 'uuid'; uuid: string; data: Uint8Array }
  | { type: 'bfdb'; mediaType: string; fileName?: string; external: boolean }
  | { type: 'bidb'; data: Uint8Array }
  | { type: 'other'; boxType: string; data: Uint8Array };

/** Decodes a content box; returns a warning instead of throwing when the payload is unreadable. */
export function decodeContent(box: JumbfContentBox): { content?: JumbfContent; warning?: string } {
  const p = box.payload;
  switch (box.type) {
    case 'cbor': {
      const r = decodeCborSafe(p);
      return r.ok
        ? { content: { type: 'cbor', value: r.value } }
        : { warning: `cbor box at ${box.offset}: ${r.error}` };
    }
    case 'json':
      try {
        // Strip trailing NULs: some writers pad JSON boxes.
        let end = p.length;
        while (end > 0 && p[end - 1] === 0) end--;
        const text = utf8.decode(p.subarray(0, end));
        return { content: { type: 'json', value: parseJsonBounded(text) } };
      } catch (error) {
        return { warning: `json box at ${box.offset}: ${error instanceof Error ? error.message : String(error)}` };
      }
    case 'uuid':
      if (p.length < 16) return { warning: `uuid box at ${box.offset} is shorter than a UUID` };
      return { content: { type: 'uuid', uuid: formatUuid(p.subarray(0, 16)), data: p.subarray(16) } };
    case 'bfdb': {
      if (p.length < 2) return { warning: `bfdb box at ${box.offset} is too short` };
      const toggles = p[0] ?? 0;
      const mtEnd = p.indexOf(0, 1);
      const mediaType = utf8.decode(p.subarray(1, mtEnd < 0 ? p.length : mtEnd));
      const out: JumbfContent = { type: 'bfdb', mediaType, external: (toggles & 0x02) !== 0 };
      if (toggles & 0x01 && mtEnd >= 0) {
        const fnEnd = p.indexOf(0, mtEnd + 1);
        out.fileName = utf8.decode(p.subarray(mtEnd + 1, fnEnd < 0 ? p.length : fnEnd));
      }
      return { content: out };
    }
    case 'bidb':
      return { content: { type: 'bidb', data: p } };
    default:
      return { content: { type: 'other', boxType: box.type, data: p } };
  }
}

/** JSON.parse, refusing input nested deeper than the limit (a deep array would otherwise only fail by stack). */
export function parseJsonBounded(text: string, maxDepth: number = provenanceLimits.maxDepth): unknown {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) throw new Error(`JSON nested deeper than ${maxDepth}`);
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return JSON.parse(text) as unknown;
}
