/**
 * A small, source-neutral model of a C2PA manifest store: what the summary (summary.ts) needs, filled either from
 * c2pa-wasm's manifest-store JSON (validated) or from our own JUMBF parse (no crypto; see jumbf-store.ts).
 */
import type { C2paValidationState } from '../../domain/provenance.ts';

export interface SignerInfo {
  issuer?: string;
  commonName?: string;
  alg?: string;
  time?: string;
}

export interface IngredientModel {
  title?: string;
  relationship?: string;
  format?: string;
  /** Label of the ingredient's own manifest in the same store, when it has one. */
  activeManifest?: string;
  /** The validator's failure codes for this ingredient (c2pa-rs `validation_status`); absent without the validator. */
  statusCodes?: string[];
}

export interface AssertionModel {
  label: string;
  data: unknown;
}

export interface ManifestModel {
  label: string;
  /** v1 claim generator (User-Agent style string). */
  claimGenerator?: string;
  /** v1 array, or v2's single map wrapped in an array. */
  claimGeneratorInfo: Array<Record<string, unknown>>;
  title?: string;
  assertions: AssertionModel[];
  ingredients: IngredientModel[];
  signer?: SignerInfo;
}

export interface StoreModel {
  activeManifest?: string;
  manifests: Map<string, ManifestModel>;
  validationState?: C2paValidationState;
  statusCodes: string[];
  warnings: string[];
}

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** A string, or a number shown as text (some writers put versions as numbers). */
export const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;

const validationStates: ReadonlySet<string> = new Set(['Invalid', 'Valid', 'Trusted']);

/** Bound on how many entries of any list we take from a store (hostile stores can hold very long lists). */
export const maxListEntries = 1000;

const take = <T>(list: readonly T[] | undefined): T[] => (list ?? []).slice(0, maxListEntries);

function generatorInfoList(v: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(v)) return take(v).filter(isObject);
  if (isObject(v)) return [v];
  return [];
}

function codesOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return take(list)
    .map((s) => (isObject(s) ? str(s.code) : undefined))
    .filter((c): c is string => c !== undefined);
}

const unique = (codes: string[]): string[] => [...new Set(codes)];

/** Builds the model from the JSON of c2pa-wasm's `WasmReader.json()` (c2pa-rs Reader format). */
export function storeFromReaderJson(json: unknown): StoreModel {
  const warnings: string[] = [];
  const manifests = new Map<string, ManifestModel>();
  if (!isObject(json)) {
    return { manifests, statusCodes: [], warnings: ['C2PA reader returned no manifest store object'] };
  }
  const raw = isObject(json.manifests) ? json.manifests : {};
  for (const [key, m] of Object.entries(raw).slice(0, maxListEntries)) {
    if (!isObject(m)) continue;
    const sig = isObject(m.signature_info) ? m.signature_info : undefined;
    manifests.set(key, {
      label: str(m.label) ?? key,
      claimGenerator: str(m.claim_generator),
      claimGeneratorInfo: generatorInfoList(m.claim_generator_info),
      title: str(m.title),
      assertions: (Array.isArray(m.assertions) ? take(m.assertions) : [])
        .filter(isObject)
        .map((a) => ({ label: str(a.label) ?? '', data: a.data })),
      ingredients: (Array.isArray(m.ingredients) ? take(m.ingredients) : []).filter(isObject).map((i) => ({
        title: str(i.title),
        relationship: str(i.relationship),
        format: str(i.format),
        activeManifest:
          str(i.active_manifest) ?? (isObject(i.manifest_data) ? str(i.manifest_data.identifier) : undefined),
        statusCodes: unique([
          ...codesOf(i.validation_status),
          ...(isObject(i.validation_results) && isObject(i.validation_results.activeManifest)
            ? codesOf(i.validation_results.activeManifest.failure)
            : []),
        ]),
      })),
      signer: sig
        ? { issuer: str(sig.issuer), commonName: str(sig.common_name), alg: str(sig.alg), time: str(sig.time) }
        : undefined,
    });
  }
  const state = str(json.validation_state);
  let statusCodes = codesOf(json.validation_status);
  if (statusCodes.length === 0 && isObject(json.validation_results)) {
    // Older reader JSON only has validation_results; collect the failures from it.
    const results = json.validation_results;
    if (isObject(results.activeManifest)) statusCodes.push(...codesOf(results.activeManifest.failure));
    if (Array.isArray(results.ingredientDeltas)) {
      for (const d of take(results.ingredientDeltas)) {
        if (isObject(d) && isObject(d.validationDeltas)) statusCodes.push(...codesOf(d.validationDeltas.failure));
      }
    }
  }
  statusCodes = unique(statusCodes);
  if (state !== undefined && !validationStates.has(state)) warnings.push(`unknown C2PA validation state '${state}'`);
  return {
    activeManifest: str(json.active_manifest),
    manifests,
    validationState: state !== undefined && validationStates.has(state) ? (state as C2paValidationState) : undefined,
    statusCodes,
    warnings,
  };
}
