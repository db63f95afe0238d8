/**
 * The C2PA summary: which manifest is active, what it and its `parentOf` ancestry
 * say was done (actions, digital source types), whether generative AI was involved, who generated and signed it.
 *
 * Verdict precedence, strongest first:
 *   1. `c2pa.created` with trainedAlgorithmicMedia/Data in the active manifest or its parentOf chain → ai-generated
 *   2. a composite-AI DST on any action, an AI DST on a non-created action, or AI in a componentOf ingredient
 *      → ai-edited
 *   3. `c2pa.created` with no DST, and a generative-AI hint (com.adobe.generative-ai, an "AI generated" description,
 *      or a known generative agent / generator name) → ai-generated, flagged as heuristic
 *   4. `c2pa.created` with a non-AI origin DST (capture, film, digital creation…) → none
 *   5. otherwise → unknown (missing C2PA or missing DSTs never prove that an image is human-made)
 * Signed declarations (1, 2) rank above the heuristic (3) because a guess should not outrank what a signer stated.
 *
 * Why origin (1) outranks a later AI edit (2): the verdict is about the asset as a whole. When the chain's origin is
 * generative AI, an edit with generative AI on top (Adobe Firefly 2024: active `c2pa.edited` +
 * compositeWithTrainedAlgorithmicMedia, parent `c2pa.created` + trainedAlgorithmicMedia) still leaves a file whose
 * every pixel came from a model, so it is 'ai-generated' (and not registrable for copyright), not the 'ai-edited' of a
 * photo touched up with AI. The DST reported is then the origin's. Limitation: a non-AI componentOf ingredient
 * composited into an AI-generated chain does not lower the verdict to 'ai-edited'.
 */
import type { C2paAction, C2paIngredientNode } from '../../domain/provenance.ts';
import type { C2paSummary } from '../contract.ts';
import { dstInfo, normaliseDstOrVerbatim, originVerdict } from '../digital-source-type.ts';
import { isObject, maxListEntries, str, text } from './store-model.ts';
import type { ManifestModel, StoreModel } from './store-model.ts';

/** Generative software agents and claim generators (rule 3 above); compared case- and punctuation-insensitively. */
export const knownGenerativeAgents: readonly string[] = [
  'DALL·E',
  'gpt-image',
  'Adobe Firefly',
  'Image Creator from Designer',
  'Titan Image Generator G1',
  'Google C2PA Core Generator Library',
  'OpenAI Media Service API',
  'Microsoft Responsible AI Image Provenance',
];

const fold = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '');
const foldedAgents = knownGenerativeAgents.map(fold);
/** True when `name` is, or contains, a known generative agent name. */
export const isKnownGenerativeAgent = (name: string | undefined): boolean =>
  name !== undefined && foldedAgents.some((a) => fold(name).includes(a));

const aiDescription = /\bAI[- ]generated\b|\bgenerated (?:by|with) (?:an )?AI\b|\bgenerative AI\b/i;

/** Label without instance suffix (`__1`) — used to match `c2pa.actions`, `c2pa.actions.v2`, `c2pa.actions__2`… */
const baseLabel = (label: string): string => label.replace(/__\d+$/, '');
const isActionsLabel = (label: string): boolean => /^c2pa\.actions(?:\.v\d+)?$/.test(baseLabel(label));

/** A software agent (v1 string, v2 generator-info map) as its display name and, for a map, its version. */
function agentOf(agent: unknown): { name: string; version?: string } | undefined {
  const name = typeof agent === 'string' ? agent.trim() : isObject(agent) ? str(agent.name)?.trim() : undefined;
  if (!name) return undefined;
  const version = isObject(agent) ? text(agent.version)?.trim() : undefined;
  return version ? { name, version } : { name };
}

interface WalkedManifest {
  manifest: ManifestModel;
  /** How the manifest relates to the asset: the active one, an ancestor (parentOf) or a component. */
  via: 'active' | 'parentOf' | 'componentOf';
}

/** Active manifest first, then parentOf ancestors (nearest first), then componentOf ingredients. Cycle-safe. */
function walkManifests(store: StoreModel, active: ManifestModel): WalkedManifest[] {
  const seen = new Set<string>([active.label]);
  const out: WalkedManifest[] = [{ manifest: active, via: 'active' }];
  const components: ManifestModel[] = [];
  // Breadth-first along parentOf. Components (and everything behind them) are queued until the chain is done.
  for (let i = 0; i < out.length; i++) {
    const current = out[i];
    if (!current) break;
    for (const ing of current.manifest.ingredients) {
      if (ing.activeManifest === undefined || seen.has(ing.activeManifest)) continue;
      if (ing.relationship !== 'parentOf' && ing.relationship !== 'componentOf') continue;
      const m = store.manifests.get(ing.activeManifest);
      if (!m) continue;
      seen.add(ing.activeManifest);
      if (ing.relationship === 'parentOf' && current.via !== 'componentOf') out.push({ manifest: m, via: 'parentOf' });
      else components.push(m);
    }
    if (i === out.length - 1)
      out.push(...components.splice(0).map((manifest) => ({ manifest, via: 'componentOf' as const })));
  }
  return out;
}

interface ActionFinding {
  action: C2paAction;
  agentVersion?: string;
  description?: string;
  via: WalkedManifest['via'];
  manifest: ManifestModel;
}

function collectActions(walked: WalkedManifest[], warnings: string[]): ActionFinding[] {
  const found: ActionFinding[] = [];
  for (const { manifest, via } of walked) {
    for (const assertion of manifest.assertions) {
      if (!isActionsLabel(assertion.label)) continue;
      const data = assertion.data;
      if (!isObject(data) || !Array.isArray(data.actions)) {
        warnings.push(`actions assertion '${assertion.label}' of ${manifest.label} has no actions list`);
        continue;
      }
      const agents = Array.isArray(data.softwareAgents) ? data.softwareAgents : [];
      for (const item of data.actions.slice(0, maxListEntries)) {
        if (!isObject(item) || typeof item.action !== 'string') continue;
        const index = typeof item.softwareAgentIndex === 'number' ? item.softwareAgentIndex : undefined;
        const agent = agentOf(item.softwareAgent) ?? (index !== undefined ? agentOf(agents[index]) : undefined);
        const action: C2paAction = { action: item.action };
        const dst = normaliseDstOrVerbatim(item.digitalSourceType);
        if (dst !== undefined) action.dst = dst;
        if (agent !== undefined) action.agent = agent.name;
        const when = whenText(item.when);
        if (when !== undefined) action.when = when;
        const params = isObject(item.parameters) ? item.parameters : undefined;
        const description = str(item.description) ?? (params ? str(params.description) : undefined);
        found.push({ action, agentVersion: agent?.version, description, via, manifest });
        if (found.length >= maxListEntries) return found;
      }
    }
  }
  return found;
}

/** `when` is a tdate string in JSON, and a Date when our CBOR decoder met tag 0. */
function whenText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  return undefined;
}

const hasGenerativeAiAssertion = (m: ManifestModel): boolean =>
  m.assertions.some((a) => baseLabel(a.label).startsWith('com.adobe.generative-ai'));

function generatorOf(m: ManifestModel): C2paSummary['generator'] {
  const info = m.claimGeneratorInfo[0];
  const name = info ? str(info.name) : undefined;
  if (info && name !== undefined) {
    const version = text(info.version);
    return version !== undefined ? { name, version } : { name };
  }
  // v1 User-Agent style: the first product token is the generator ("Adobe_Firefly/1.0 c2pa-rs/0.17.0").
  const first = m.claimGenerator?.trim().split(/\s+/)[0];
  if (!first) return undefined;
  const slash = first.indexOf('/');
  return slash > 0 ? { name: first.slice(0, slash), version: first.slice(slash + 1) } : { name: first };
}

interface Verdict {
  involvement: C2paSummary['aiInvolvement'];
  heuristic: boolean;
  decisive?: ActionFinding;
}

function decide(findings: ActionFinding[]): Verdict {
  const ai = (f: ActionFinding): string | undefined => dstInfo(f.action.dst)?.aiInvolvement;
  const isCreated = (f: ActionFinding): boolean => f.action.action === 'c2pa.created';
  const onChain = (f: ActionFinding): boolean => f.via !== 'componentOf';

  const generated = findings.find((f) => onChain(f) && isCreated(f) && ai(f) === 'ai-generated');
  if (generated) return { involvement: 'ai-generated', heuristic: false, decisive: generated };

  // AI DST on any other action, or on anything a component brought in.
  const edited = findings.find((f) => ai(f) === 'ai-edited' || ai(f) === 'ai-generated');
  if (edited) return { involvement: 'ai-edited', heuristic: false, decisive: edited };

  const hinted = findings.find(
    (f) =>
      isCreated(f) &&
      f.action.dst === undefined &&
      (hasGenerativeAiAssertion(f.manifest) ||
        (f.description !== undefined && aiDescription.test(f.description)) ||
        isKnownGenerativeAgent(f.action.agent) ||
        isKnownGenerativeAgent(generatorOf(f.manifest)?.name) ||
        f.manifest.claimGeneratorInfo.some((i) => isKnownGenerativeAgent(str(i.name)))),
  );
  if (hinted) {
    return {
      involvement: hinted.via === 'componentOf' ? 'ai-edited' : 'ai-generated',
      heuristic: true,
      decisive: hinted,
    };
  }

  const origin = findings.find((f) => onChain(f) && isCreated(f) && originVerdict(f.action.dst) === 'none');
  if (origin) return { involvement: 'none', heuristic: false, decisive: origin };
  return { involvement: 'unknown', heuristic: false };
}

/** Bounds on the ingredient tree a record keeps: a hostile store may nest or fan out without end. */
const maxChainDepth = 8;
const maxChainNodes = 200;

/** Failure codes that do not make an ingredient invalid: an untrusted signer is a warning, as for the asset. */
const warningCodes = new Set(['signingCredential.untrusted']);

/**
 * The active manifest's ingredients as a tree: each with its own manifest's generator and signer when the store holds
 * it, the validator's codes for it, and, below, that manifest's ingredients. Cycle-safe and bounded.
 */
function ingredientTree(store: StoreModel, active: ManifestModel, validated: boolean): C2paIngredientNode[] {
  let budget = maxChainNodes;
  const visit = (manifest: ManifestModel, depth: number, path: Set<string>): C2paIngredientNode[] => {
    const out: C2paIngredientNode[] = [];
    for (const ingredient of manifest.ingredients) {
      if (budget-- <= 0) break;
      const node: C2paIngredientNode = { statusCodes: [...(ingredient.statusCodes ?? [])], ingredients: [] };
      if (ingredient.title !== undefined) node.title = ingredient.title;
      if (ingredient.relationship !== undefined) node.relationship = ingredient.relationship;
      if (ingredient.format !== undefined) node.format = ingredient.format;
      const own = ingredient.activeManifest !== undefined ? store.manifests.get(ingredient.activeManifest) : undefined;
      if (own) {
        node.manifest = own.label;
        const generator = own.claimGenerator ?? str(own.claimGeneratorInfo[0]?.name);
        if (generator !== undefined) node.claimGenerator = generator;
        if (own.signer) {
          const { issuer, commonName, time } = own.signer;
          node.signer = Object.fromEntries(
            Object.entries({ issuer, commonName, time }).filter(([, v]) => v !== undefined),
          );
        }
        if (validated) node.validationState = node.statusCodes.some((c) => !warningCodes.has(c)) ? 'Invalid' : 'Valid';
        if (depth < maxChainDepth && !path.has(own.label))
          node.ingredients = visit(own, depth + 1, new Set([...path, own.label]));
      }
      out.push(node);
    }
    return out;
  };
  return visit(active, 1, new Set([active.label]));
}

export interface SummaryExtras {
  embedded?: boolean;
  remoteUrl?: string;
  manifestStoreBytes?: Uint8Array;
  warnings?: string[];
}

/** An empty summary: no manifest store was found (or it could not be read at all). */
export function emptySummary(extras: SummaryExtras = {}): C2paSummary {
  const s: C2paSummary = {
    embedded: extras.embedded ?? false,
    statusCodes: [],
    actions: [],
    aiInvolvement: 'unknown',
    aiHeuristic: false,
    ingredients: [],
    warnings: [...(extras.warnings ?? [])],
  };
  if (extras.remoteUrl !== undefined) s.remoteUrl = extras.remoteUrl;
  if (extras.manifestStoreBytes !== undefined) s.manifestStoreBytes = extras.manifestStoreBytes;
  return s;
}

/** Summarises a manifest store model by the rules in this file's header. Never throws. */
export function summariseStore(store: StoreModel, extras: SummaryExtras = {}): C2paSummary {
  const summary = emptySummary({ embedded: true, ...extras });
  summary.warnings.push(...store.warnings);
  if (store.validationState !== undefined) summary.validationState = store.validationState;
  summary.statusCodes = [...store.statusCodes];

  let active = store.activeManifest !== undefined ? store.manifests.get(store.activeManifest) : undefined;
  if (!active && store.manifests.size > 0) {
    // The active manifest is the last one in the store (C2PA specification).
    active = [...store.manifests.values()].at(-1);
    summary.warnings.push('C2PA store names no usable active manifest; using the last manifest');
  }
  if (!active) {
    summary.warnings.push('C2PA store holds no manifest');
    return summary;
  }
  summary.activeManifest = active.label;
  if (active.claimGenerator !== undefined) summary.claimGenerator = active.claimGenerator;
  const generator = generatorOf(active);
  if (generator) summary.generator = generator;
  if (active.signer) {
    const signer = Object.fromEntries(Object.entries(active.signer).filter(([, v]) => v !== undefined));
    if (Object.keys(signer).length > 0) summary.signer = signer;
  }
  summary.ingredients = active.ingredients.map((i) => {
    const out: C2paSummary['ingredients'][number] = {};
    if (i.title !== undefined) out.title = i.title;
    if (i.relationship !== undefined) out.relationship = i.relationship;
    if (i.format !== undefined) out.format = i.format;
    return out;
  });

  const chain = ingredientTree(store, active, store.validationState !== undefined);
  if (chain.length > 0) summary.chain = chain;

  const walked = walkManifests(store, active);
  const findings = collectActions(walked, summary.warnings);
  // Actions of the active manifest and its parentOf chain (the C2paSummary contract); components are evidence only.
  summary.actions = findings.filter((f) => f.via !== 'componentOf').map((f) => f.action);

  const verdict = decide(findings);
  summary.aiInvolvement = verdict.involvement;
  summary.aiHeuristic = verdict.heuristic;
  const decisive = verdict.decisive;
  if (decisive?.action.dst !== undefined && decisive.via !== 'componentOf') {
    summary.digitalSourceType = decisive.action.dst;
  } else {
    const firstDst = findings.find((f) => f.via !== 'componentOf' && f.action.dst !== undefined)?.action.dst;
    if (firstDst !== undefined) summary.digitalSourceType = firstDst;
  }
  const agentFinding = [
    decisive,
    findings.find((f) => f.action.action === 'c2pa.created' && f.action.agent !== undefined),
    findings.find((f) => f.action.agent !== undefined),
  ].find((f) => f?.action.agent !== undefined);
  if (agentFinding?.action.agent !== undefined) {
    summary.softwareAgent = agentFinding.action.agent;
    if (agentFinding.agentVersion !== undefined) summary.softwareAgentVersion = agentFinding.agentVersion;
  }
  return summary;
}
