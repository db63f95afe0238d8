/**
 * The provenance record of a version (GET /api/v1/assets/{id} versions[].provenance, an open object) read into what
 * the provenance panel shows: each field with the source it was taken from, the C2PA validation state in words, and
 * the manifest chain as a tree flattened the way contentauth's verify site does (the asset's manifest first, then its
 * ingredients by index path; an invalid ingredient's own ingredients are hidden, not trusted).
 */
import { isObject, list, num, objects, str, type JsonObject } from './asset-data.ts';

export type ValidationKind = 'trusted' | 'valid' | 'untrusted' | 'mismatch' | 'invalid' | 'unverified' | 'absent';

export interface Validation {
  kind: ValidationKind;
  /** What a person reads: the state in words (colour is never the only signal). */
  label: string;
  /** badge tone: ok, warn or fail (styles.css .badge). */
  tone: 'ok' | 'warn' | 'fail' | 'none';
  codes: string[];
}

/** The C2PA state from the validator's state and status codes (verify-site's colours: mismatch orange, untrusted a warning). */
export function classifyValidation(state: string | undefined, codes: string[], present = true): Validation {
  if (!present) return { kind: 'absent', label: 'No Content Credentials', tone: 'none', codes };
  if (codes.some((c) => /dataHash\.mismatch|bmffHash\.mismatch|boxesHash\.mismatch/i.test(c)))
    return { kind: 'mismatch', label: 'Data-hash mismatch: the file changed after it was signed', tone: 'warn', codes };
  if (state === 'Invalid')
    return { kind: 'invalid', label: 'Invalid: the credentials do not verify', tone: 'fail', codes };
  if (state === 'Trusted') return { kind: 'trusted', label: 'Valid, signed by a trusted signer', tone: 'ok', codes };
  if (state === 'Valid' && codes.some((c) => /signingCredential\.untrusted/.test(c)))
    return { kind: 'untrusted', label: 'Valid signature, untrusted signer (warning)', tone: 'warn', codes };
  if (state === 'Valid') return { kind: 'valid', label: 'Valid', tone: 'ok', codes };
  return { kind: 'unverified', label: 'Not verified', tone: 'none', codes };
}

export interface ChainNode {
  title: string;
  relationship?: string;
  generator?: string;
  signer?: string;
  signedAt?: string;
  validation: Validation;
  ingredients: ChainNode[];
}

export interface ChainRow {
  node: ChainNode;
  /** verify-site's id.index path: "0" is the asset, "0.1" its first ingredient… */
  path: string;
  depth: number;
  /** Ingredients under this one left out because it is invalid. */
  hidden: number;
}

const countAll = (node: ChainNode): number => node.ingredients.reduce((n, i) => n + 1 + countAll(i), 0);
/**
 * Root first, then each ingredient depth-first; the children of an invalid ingredient are counted, not listed. A
 * data-hash mismatch is a warning, not a failure (a parent's bytes are not the asset's), so its children stay.
 */
export function flattenChain(root: ChainNode): ChainRow[] {
  const rows: ChainRow[] = [];
  const visit = (node: ChainNode, path: string, depth: number) => {
    const hide = depth > 0 && node.validation.kind === 'invalid';
    rows.push({ node, path, depth, hidden: hide ? countAll(node) : 0 });
    if (hide) return;
    node.ingredients.forEach((child, i) => visit(child, `${path}.${i + 1}`, depth + 1));
  };
  visit(root, '0', 0);
  return rows;
}

const signerOf = (v: unknown): string | undefined =>
  isObject(v) ? (str(v.commonName) ?? str(v.issuer) ?? str(v.common_name)) : undefined;

/** An ingredient as the record keeps it (domain C2paIngredientNode: title, relationship, its manifest's facts). */
function ingredientNode(v: JsonObject, depth: number): ChainNode {
  const codes = list(v.statusCodes ?? v.validationStatus)
    .map((c) => (isObject(c) ? str(c.code) : str(c)))
    .filter((c): c is string => c !== undefined);
  return {
    title: str(v.title) ?? 'Untitled ingredient',
    relationship: str(v.relationship),
    generator: str(v.claimGenerator),
    signer: signerOf(v.signer),
    // An ingredient without a manifest of its own carries no credentials to validate.
    validation: classifyValidation(
      str(v.validationState),
      codes,
      str(v.manifest) !== undefined || str(v.validationState) !== undefined,
    ),
    ingredients: depth > 20 ? [] : objects(v.ingredients).map((i) => ingredientNode(i, depth + 1)),
  };
}

export type FieldSource = string;

export interface ProvenanceField {
  label: string;
  value: string;
  /** Where the value was taken from (c2pa, iptc-xmp, exif, tool, heuristic, declared). */
  source?: FieldSource;
}

export interface ProvenanceView {
  aiInvolvement: string;
  aiLabel: string;
  aiSource?: FieldSource;
  digitalSourceType?: { code: string; uri: string; source?: FieldSource };
  fields: ProvenanceField[];
  /** The prompt the page shows (and the brand check's spans index into). */
  prompt?: { text: string; source?: FieldSource };
  negativePrompt?: { text: string; source?: FieldSource };
  sampling: ProvenanceField[];
  c2pa?: {
    validation: Validation;
    signer?: string;
    signerIssuer?: string;
    signedAt?: string;
    claimGenerator?: string;
    actions: { action: string; dst?: string; agent?: string }[];
    chain: ChainNode;
  };
  warnings: string[];
}

const aiLabels: Record<string, string> = {
  'ai-generated': 'AI-generated',
  'ai-edited': 'Edited with AI',
  none: 'Not AI (declared or captured)',
  unknown: 'Unknown: no proof either way',
};

/** The last path segment of an IPTC/C2PA digital source type URI. */
export const dstCode = (uri: string): string => uri.split('/').filter(Boolean).pop() ?? uri;

export function readProvenance(
  record: Record<string, unknown>,
  declared: { title: string; prompt?: string; tool?: string; toolVersion?: string; model?: string },
): ProvenanceView {
  const sources = isObject(record.fieldSources) ? record.fieldSources : {};
  const sourceOf = (path: string): string | undefined => str(sources[path]);
  const generator = isObject(record.generator) ? record.generator : {};
  const prompt = isObject(record.prompt) ? record.prompt : {};
  const sampling = isObject(record.sampling) ? record.sampling : {};
  const ai = str(record.aiInvolvement) ?? 'unknown';
  const fields: ProvenanceField[] = [];
  const add = (label: string, value: string | undefined, source: string | undefined) => {
    if (value) fields.push({ label, value, source });
  };
  add('Model', str(generator.model) ?? declared.model, str(generator.model) ? sourceOf('generator.model') : 'declared');
  add('Model hash', str(generator.modelHash), sourceOf('generator.modelHash'));
  add(
    'Tool',
    str(generator.system) ?? declared.tool,
    str(generator.system) ? sourceOf('generator.system') : 'declared',
  );
  add(
    'Tool version',
    str(generator.version) ?? declared.toolVersion,
    str(generator.version) ? sourceOf('generator.version') : 'declared',
  );
  add('Provider', str(generator.provider), sourceOf('generator.provider'));
  add('Prompt writer', str(prompt.writer), sourceOf('prompt.writer'));

  const samplingFields: ProvenanceField[] = [];
  for (const [key, label] of [
    ['seed', 'Seed'],
    ['steps', 'Steps'],
    ['cfg', 'CFG scale'],
    ['sampler', 'Sampler'],
    ['scheduler', 'Scheduler'],
    ['width', 'Width'],
    ['height', 'Height'],
  ] as const) {
    const v = sampling[key];
    const value = typeof v === 'number' ? String(v) : str(v);
    if (value) samplingFields.push({ label, value, source: sourceOf(`sampling.${key}`) });
  }

  const positive = str(prompt.positive);
  const dst = str(record.digitalSourceType);
  const view: ProvenanceView = {
    aiInvolvement: ai,
    aiLabel: aiLabels[ai] ?? ai,
    aiSource: sourceOf('aiInvolvement'),
    ...(dst
      ? {
          digitalSourceType: {
            code: dstCode(dst),
            uri: dst,
            source: sourceOf('digitalSourceType') ?? str(list(record.dstSources)[0]),
          },
        }
      : {}),
    fields,
    ...(declared.prompt
      ? { prompt: { text: declared.prompt, source: 'declared' } }
      : positive
        ? { prompt: { text: positive, source: sourceOf('prompt.positive') } }
        : {}),
    ...(str(prompt.negative)
      ? { negativePrompt: { text: str(prompt.negative) ?? '', source: sourceOf('prompt.negative') } }
      : {}),
    sampling: samplingFields,
    warnings: list(record.warnings).filter((w): w is string => typeof w === 'string'),
  };

  const c2pa = isObject(record.c2pa) ? record.c2pa : undefined;
  if (c2pa && c2pa.present !== false) {
    const codes = list(c2pa.statusCodes).filter((c): c is string => typeof c === 'string');
    const validation = classifyValidation(str(c2pa.validationState), codes);
    const signer = isObject(c2pa.signer) ? c2pa.signer : {};
    view.c2pa = {
      validation,
      signer: str(signer.commonName),
      signerIssuer: str(signer.issuer),
      signedAt: str(signer.time),
      claimGenerator: str(c2pa.claimGenerator),
      actions: objects(c2pa.actions).map((a) => ({
        action: str(a.action) ?? '?',
        dst: str(a.dst),
        agent: str(a.agent),
      })),
      chain: {
        title: declared.title,
        generator: str(c2pa.claimGenerator),
        signer: signerOf(signer),
        signedAt: str(signer.time),
        validation,
        ingredients: objects(c2pa.ingredients).map((i) => ingredientNode(i, 1)),
      },
    };
  }
  return view;
}

/** A fraction as a percentage for people ("12.5 %"). */
export const percent = (share: number | undefined): string =>
  share === undefined ? '?' : `${(share * 100).toFixed(share < 0.1 ? 1 : 0)} %`;

export { num };
