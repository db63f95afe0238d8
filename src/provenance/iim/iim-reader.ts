/**
 * IPTC IIM (Information Interchange Model 4.2) datasets: `0x1C` + record + dataset + length (u16, or an extended
 * length whose low 15 bits give the size of the length field) + data. Records 1 (envelope) and 2 (application) are
 * kept, keyed 'record:dataset' (e.g. '2:120' caption, '2:80' by-line), repeatable datasets in file order.
 */
import { isValidUtf8, latin1, u16be, utf8 } from '../bytes.ts';
import { provenanceLimits } from '../contract.ts';

interface Dataset {
  record: number;
  dataset: number;
  value: Uint8Array;
}

/** Datasets whose value is a binary unsigned number, not text (IIM 4.2 §1.5 and §2.5). */
const numericDatasets = new Set(['1:0', '1:20', '1:22', '1:120', '1:122', '2:0']);
const CODED_CHARACTER_SET = '1:90';

/** 1:90 holds an ISO 2022 escape sequence; `ESC % G` (and the `ESC % /` forms with G, H or I) mean UTF-8. */
const declaresUtf8 = (value: Uint8Array | undefined): boolean => {
  if (!value || value[0] !== 0x1b || value[1] !== 0x25) return false;
  if (value[2] === 0x47) return true;
  return value[2] === 0x2f && (value[3] === 0x47 || value[3] === 0x48 || value[3] === 0x49);
};

const splitDatasets = (bytes: Uint8Array, warnings: string[]): Dataset[] => {
  const out: Dataset[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (bytes[at] !== 0x1c) {
      // Trailing zero padding is normal (Photoshop pads resources); anything else is damage.
      if (bytes.subarray(at).some((b) => b !== 0)) warnings.push(`iim: no tag marker at ${at}; the rest is ignored`);
      break;
    }
    if (at + 5 > bytes.length) {
      warnings.push(`iim: dataset header at ${at} is truncated`);
      break;
    }
    if (out.length >= provenanceLimits.maxEntries) {
      warnings.push('iim: too many datasets; the rest are ignored');
      break;
    }
    const record = bytes[at + 1] ?? 0;
    const dataset = bytes[at + 2] ?? 0;
    let length = u16be(bytes, at + 3);
    at += 5;
    if (length & 0x8000) {
      const lengthBytes = length & 0x7fff;
      if (lengthBytes > 4 || at + lengthBytes > bytes.length) {
        warnings.push(`iim: dataset ${record}:${dataset} has an invalid extended length`);
        break;
      }
      length = 0;
      for (let i = 0; i < lengthBytes; i++) length = length * 256 + (bytes[at + i] ?? 0);
      at += lengthBytes;
    }
    if (at + length > bytes.length) {
      warnings.push(`iim: dataset ${record}:${dataset} declares ${length} bytes but only ${bytes.length - at} remain`);
      out.push({ record, dataset, value: bytes.subarray(at) });
      break;
    }
    out.push({ record, dataset, value: bytes.subarray(at, at + length) });
    at += length;
  }
  return out;
};

/**
 * Decodes the datasets of an IPTC-NAA resource. Text is UTF-8 when 1:90 declares it; without a declaration the
 * standard says ISO 8859-1, but many writers put UTF-8 there without saying so, and Latin-1 text is almost never
 * valid multi-byte UTF-8, so valid UTF-8 is read as UTF-8 and anything else as Latin-1.
 */
export const readIim = (bytes: Uint8Array, warnings: string[]): Record<string, string[]> => {
  const datasets = splitDatasets(bytes, warnings);
  const charsetValue = datasets.find((d) => d.record === 1 && d.dataset === 90)?.value;
  const utf8Declared = declaresUtf8(charsetValue);
  const result: Record<string, string[]> = {};
  for (const { record, dataset, value } of datasets) {
    if (record !== 1 && record !== 2) continue;
    const key = `${record}:${dataset}`;
    let text: string;
    if (numericDatasets.has(key) && value.length > 0 && value.length <= 4) {
      let n = 0;
      for (const b of value) n = n * 256 + b;
      text = String(n);
    } else if (key === CODED_CHARACTER_SET) {
      text = latin1(value);
    } else if (utf8Declared || isValidUtf8(value)) {
      text = utf8(value);
    } else {
      text = latin1(value);
    }
    (result[key] ??= []).push(text);
  }
  return result;
};
