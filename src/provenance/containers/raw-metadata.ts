/**
 * Building a RawMetadata: the payload handlers every walker shares (EXIF, XMP, C2PA, IIM) and a warning list with
 * a cap, so that a file with 100 000 broken chunks yields a readable report instead of 100 000 lines.
 */
import { provenanceLimits, type ContainerKind, type RawMetadata } from '../contract.ts';
import { readExif } from '../exif/exif-reader.ts';
import { readIim } from '../iim/iim-reader.ts';
import { IPTC_NAA_RESOURCE, readImageResources } from '../iim/photoshop-irb.ts';
import { utf8 } from '../bytes.ts';

const MAX_WARNINGS = 50;

/**
 * Per-file budgets on top of the per-payload limits: without them, a file of many small zTXt bombs (8 KB each,
 * 8 MB inflated each) or many XMP segments would multiply the per-payload limits by provenanceLimits.maxEntries.
 * What is kept (text, XMP, Photoshop resources, extended XMP) is 8 MB per file: an intake holds it as buffers and
 * strings and parses it, several intakes run at once, and real files carry far less (a large ComfyUI workflow is a
 * few hundred KB). Payloads past the budget are not read at all where their size says so.
 */
export const fileBudgets = {
  inflatedBytes: 2 * provenanceLimits.maxInflatedBytes,
  keptBytes: 8 * 1024 * 1024,
} as const;

interface Budget {
  inflatedLeft: number;
  keptLeft: number;
  exhaustedWarned: boolean;
}

const budgets = new WeakMap<RawMetadata, Budget>();

const budgetOf = (raw: RawMetadata): Budget => {
  let budget = budgets.get(raw);
  if (!budget) {
    budget = { inflatedLeft: fileBudgets.inflatedBytes, keptLeft: fileBudgets.keptBytes, exhaustedWarned: false };
    budgets.set(raw, budget);
  }
  return budget;
};

/** Bytes this file may still inflate (never more than one payload's limit). */
export const inflateAllowance = (raw: RawMetadata): number =>
  Math.min(provenanceLimits.maxInflatedBytes, budgetOf(raw).inflatedLeft);

export const spendInflated = (raw: RawMetadata, bytes: number): void => {
  budgetOf(raw).inflatedLeft -= bytes;
};

/** Whether a payload of `bytes` would still be kept; false (with one warning) once the budget cannot hold it. */
export const mayKeep = (raw: RawMetadata, bytes: number, where: string): boolean => {
  const budget = budgetOf(raw);
  if (bytes <= budget.keptLeft) return true;
  if (!budget.exhaustedWarned)
    warn(raw, `${where}: the file's metadata budget is spent; this and later payloads are ignored`);
  budget.exhaustedWarned = true;
  return false;
};

/** Charges a payload we keep against the file's budget; false (with one warning) once the budget is spent. */
export const keep = (raw: RawMetadata, bytes: number, where: string): boolean => {
  if (!mayKeep(raw, bytes, where)) return false;
  budgetOf(raw).keptLeft -= bytes;
  return true;
};

export const emptyRawMetadata = (container: ContainerKind): RawMetadata => ({
  container,
  textEntries: [],
  xmp: [],
  iptcIim: {},
  warnings: [],
});

export const warn = (raw: RawMetadata, message: string): void => {
  if (raw.warnings.length < MAX_WARNINGS) raw.warnings.push(message);
  else if (raw.warnings.length === MAX_WARNINGS) raw.warnings.push('further warnings suppressed');
};

const warnAll = (raw: RawMetadata, messages: readonly string[], where: string): void => {
  for (const message of messages) warn(raw, `${where}: ${message}`);
};

/** A TIFF-structured EXIF block; the first one in the file wins (later ones are usually stale copies). */
export const addExif = (raw: RawMetadata, tiff: Uint8Array, where: string): void => {
  if (raw.exif) {
    warn(raw, `${where}: a second EXIF block is ignored`);
    return;
  }
  const warnings: string[] = [];
  const exif = readExif(tiff, warnings);
  warnAll(raw, warnings, where);
  if (exif) raw.exif = exif;
};

export const addXmp = (raw: RawMetadata, packet: Uint8Array, where: string): void => {
  if (keep(raw, packet.length, where)) raw.xmp.push(utf8(packet));
};

export const setC2paStore = (raw: RawMetadata, store: Uint8Array, where: string): void => {
  if (raw.c2paStore) {
    warn(raw, `${where}: a second C2PA manifest store is ignored`);
    return;
  }
  raw.c2paStore = store;
};

/** Photoshop image resources (JPEG APP13): the IPTC-NAA resource holds the IIM datasets. */
export const addPhotoshopResources = (raw: RawMetadata, resources: Uint8Array, where: string): void => {
  const warnings: string[] = [];
  for (const resource of readImageResources(resources, new Set([IPTC_NAA_RESOURCE]), warnings)) {
    const datasets = readIim(resource.data, warnings);
    for (const [key, values] of Object.entries(datasets)) (raw.iptcIim[key] ??= []).push(...values);
  }
  warnAll(raw, warnings, where);
};
