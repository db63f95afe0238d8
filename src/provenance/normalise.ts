/**
 * Merges what the stages read (C2PA summary, IPTC/XMP fields, generator tool text, EXIF) into one
 * ProvenanceRecord (src/domain/provenance.ts), keeping every raw value and recording, per normalised field, the
 * source that won.
 *
 * Precedence, strongest first: a validated C2PA chain (validationState Valid or Trusted) > IPTC XMP > generator
 * tool text > heuristics. A C2PA store that failed validation, or could not be validated, never outranks the other
 * sources: what it says is only used where nothing else speaks, and then counts as a heuristic. Missing marks never
 * prove that an image is human-made: 'none' is only concluded from a source that states a non-AI origin.
 */
import type { AiInvolvement, ProvenanceRecord, ProvenanceSource } from '../domain/provenance.ts';
import type { C2paSummary, ExifFields, IptcXmpFields, RawMetadata, ToolReading } from './contract.ts';
import { dstForInvolvement, dstInfo, normaliseDst } from './digital-source-type.ts';

export interface NormaliseParts {
  c2pa?: C2paSummary;
  xmp?: IptcXmpFields;
  tool?: ToolReading;
  exif?: ExifFields;
  raw: RawMetadata;
}

/** Generative systems a free-text name (EXIF Software/Make, XMP CreatorTool) may mention. */
const GENERATIVE_NAME =
  /\b(dall[·\-\s]?e|midjourney|stable[\s-]?diffusion|novelai|firefly|imagen|gemini|gpt-image|chatgpt|comfyui|invokeai|fooocus|swarmui|automatic1111|sd\.next|flux|leonardo\.?ai|ideogram|titan image|image creator|bing image|runway|nightcafe|dreamstudio|playground ai)\b/i;

/** A1111 inpainting parameters and InvokeAI generation modes that mean "AI applied to an existing image". */
function toolEditsExistingImage(tool: ToolReading): boolean {
  if ('Mask blur' in tool.extra || 'Inpaint area' in tool.extra) return true;
  const mode = tool.extra.generation_mode ?? '';
  return /inpaint|outpaint|canvas/i.test(mode);
}

/** Does the reading hold generator data (not just an empty shell with warnings)? */
const toolHasContent = (tool: ToolReading | undefined): tool is ToolReading =>
  tool !== undefined &&
  (tool.positive !== undefined ||
    tool.seed !== undefined ||
    tool.model !== undefined ||
    tool.steps !== undefined ||
    tool.system !== undefined);

const PROVIDER_BY_KIND: Partial<Record<ToolReading['kind'], string>> = { novelai: 'NovelAI', midjourney: 'Midjourney' };

/** Records a value and its source, the first time one is offered (callers offer in precedence order). */
class Picker {
  readonly sources: Record<string, ProvenanceSource> = {};

  pick<T>(field: string, ...offers: Array<[T | undefined, ProvenanceSource]>): T | undefined {
    for (const [value, source] of offers) {
      if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) continue;
      this.sources[field] = source;
      return value;
    }
    return undefined;
  }
}

const dstVerdict = (dst: string | undefined): AiInvolvement | undefined => {
  const info = dstInfo(dst);
  if (!info || info.ambiguous) return undefined;
  return info.aiInvolvement;
};

/** Our writers put "prompt (negative: …)" into AIPromptInformation; split it back when that is all we have. */
function splitIptcPrompt(text: string): { positive: string; negative?: string } {
  const m = /^([\s\S]*?)\s*\(negative:\s*([\s\S]*)\)\s*$/.exec(text);
  return m?.[1] && m[2] ? { positive: m[1], negative: m[2] } : { positive: text };
}

function dropUndefined<T extends object>(value: T): T | undefined {
  const out = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
  return Object.keys(out).length > 0 ? out : undefined;
}

export function normalise(parts: NormaliseParts): ProvenanceRecord {
  const { c2pa, xmp, raw } = parts;
  const exif = parts.exif ?? raw.exif;
  const tool = toolHasContent(parts.tool) ? parts.tool : undefined;
  const warnings: string[] = [...raw.warnings];
  const p = new Picker();

  const c2paValidated = c2pa?.validationState === 'Valid' || c2pa?.validationState === 'Trusted';
  // What a C2PA store says counts as signed evidence only when it validated; otherwise it is a hint.
  const strong = c2paValidated ? c2pa : undefined;
  const weak = c2pa && !c2paValidated ? c2pa : undefined;
  if (c2pa?.validationState === 'Invalid')
    warnings.push('C2PA manifest store failed validation; its claims are not relied on');

  const xmpDst = xmp?.digitalSourceType !== undefined ? normaliseDst(xmp.digitalSourceType) : undefined;
  if (xmp?.digitalSourceTypeRaw !== undefined && xmpDst === undefined) {
    warnings.push(`IPTC DigitalSourceType '${xmp.digitalSourceTypeRaw}' is not a known digital source type URI`);
  }
  const c2paDst =
    c2pa?.digitalSourceType !== undefined
      ? (normaliseDst(c2pa.digitalSourceType) ?? c2pa.digitalSourceType)
      : undefined;
  const exifNames = [exif?.software, exif?.make, exif?.model, xmp?.creatorTool].filter((s): s is string => !!s);
  const exifGenerative = exifNames.find((name) => GENERATIVE_NAME.test(name) && !name.trim().startsWith('{'));

  // ---- AI involvement ---------------------------------------------------------------------------------------
  const toolVerdict: AiInvolvement | undefined = tool
    ? toolEditsExistingImage(tool)
      ? 'ai-edited'
      : 'ai-generated'
    : undefined;
  const c2paVerdict = (s: C2paSummary | undefined): AiInvolvement | undefined =>
    s && s.aiInvolvement !== 'unknown' ? s.aiInvolvement : undefined;
  const strongVerdict = c2paVerdict(strong);
  const xmpVerdict = dstVerdict(xmpDst);
  const aiInvolvement =
    p.pick<AiInvolvement>(
      'aiInvolvement',
      [strongVerdict, 'c2pa'],
      [xmpVerdict, 'iptc-xmp'],
      [toolVerdict, 'tool'],
      [c2paVerdict(weak), 'heuristic'],
      [xmp?.aiSystemUsed || xmp?.aiPromptInformation ? 'ai-generated' : undefined, 'heuristic'],
      [exifGenerative ? 'ai-generated' : undefined, 'heuristic'],
    ) ?? 'unknown';

  if (strongVerdict && xmpVerdict && strongVerdict !== xmpVerdict) {
    warnings.push(`C2PA says '${strongVerdict}' but the IPTC digital source type says '${xmpVerdict}'; C2PA wins`);
  }
  if (aiInvolvement === 'none' && toolVerdict) {
    warnings.push('generator tool metadata is present although the declared source type is not AI');
  }

  // ---- Digital source type ------------------------------------------------------------------------------------
  const dstSources: ProvenanceRecord['dstSources'] = [];
  if (c2paDst !== undefined && c2pa?.validationState !== 'Invalid') dstSources.push('c2pa');
  if (xmpDst !== undefined) dstSources.push('iptc-xmp');
  const digitalSourceType = p.pick<string>(
    'digitalSourceType',
    [strong ? c2paDst : undefined, 'c2pa'],
    [xmpDst, 'iptc-xmp'],
    [weak ? c2paDst : undefined, 'heuristic'],
    [dstForInvolvement(aiInvolvement), 'heuristic'],
  );
  // No stated DST was usable, so the one recorded was inferred (from the AI verdict or an unvalidated store).
  if (digitalSourceType !== undefined && dstSources.length === 0) dstSources.push('inferred');

  // ---- Generator -----------------------------------------------------------------------------------------------
  const c2paSystem = (s: C2paSummary | undefined) => s?.softwareAgent ?? s?.generator?.name ?? s?.claimGenerator;
  // The version that belongs to the name c2paSystem() chose: the agent's own, else the claim generator's.
  const c2paVersion = (s: C2paSummary | undefined) =>
    s?.softwareAgent !== undefined ? s.softwareAgentVersion : s?.generator?.name ? s.generator.version : undefined;
  const system = p.pick<string>(
    'generator.system',
    [c2paSystem(strong), 'c2pa'],
    [xmp?.aiSystemUsed, 'iptc-xmp'],
    [tool?.system, 'tool'],
    [c2paSystem(weak), 'heuristic'],
    [exifGenerative, 'exif'],
  );
  // A version only goes with the system it belongs to: take it from the source that named the system, or from
  // another source that names the same system.
  const same = (name: string | undefined) =>
    name !== undefined && system !== undefined && name.trim().toLowerCase() === system.trim().toLowerCase();
  const versionOffers: Array<[string | undefined, ProvenanceSource]> = [];
  const systemSource = p.sources['generator.system'];
  if (systemSource === 'c2pa') versionOffers.push([c2paVersion(strong), 'c2pa']);
  if (systemSource === 'heuristic') versionOffers.push([c2paVersion(weak), 'heuristic']);
  versionOffers.push([
    systemSource === 'iptc-xmp' || same(xmp?.aiSystemUsed) ? xmp?.aiSystemVersionUsed : undefined,
    'iptc-xmp',
  ]);
  versionOffers.push([systemSource === 'tool' || same(tool?.system) ? tool?.version : undefined, 'tool']);
  const version = p.pick<string>('generator.version', ...versionOffers);
  const provider = p.pick<string>(
    'generator.provider',
    [strong?.signer?.issuer, 'c2pa'],
    [tool ? PROVIDER_BY_KIND[tool.kind] : undefined, 'tool'],
  );
  const model = p.pick<string>('generator.model', [tool?.model, 'tool']);
  const modelHash = p.pick<string>('generator.modelHash', [tool?.modelHash, 'tool']);
  const generator = dropUndefined({ system, version, provider, model, modelHash });

  // ---- Prompt --------------------------------------------------------------------------------------------------
  const iptcPrompt = xmp?.aiPromptInformation ? splitIptcPrompt(xmp.aiPromptInformation) : undefined;
  // AIPromptInformation is free text that may mix positive and negative; a tool's separate fields are more exact,
  // so for the split fields the tool text is preferred and the IPTC text is kept verbatim in prompt.raw.
  const positive = p.pick<string>('prompt.positive', [tool?.positive, 'tool'], [iptcPrompt?.positive, 'iptc-xmp']);
  const negative = p.pick<string>(
    'prompt.negative',
    [tool?.negative, 'tool'],
    [p.sources['prompt.positive'] === 'iptc-xmp' ? iptcPrompt?.negative : undefined, 'iptc-xmp'],
  );
  const writer = p.pick<string>(
    'prompt.writer',
    [xmp?.aiPromptWriterName, 'iptc-xmp'],
    [tool?.kind === 'midjourney' ? tool.extra.Author : undefined, 'tool'],
  );
  const promptRaw = p.pick<string>('prompt.raw', [xmp?.aiPromptInformation, 'iptc-xmp']);
  const prompt = dropUndefined({ positive, negative, writer, raw: promptRaw });

  // ---- Sampling (only generator tools record it) ---------------------------------------------------------------
  const sampling = dropUndefined({
    seed: p.pick('sampling.seed', [tool?.seed, 'tool']),
    steps: p.pick('sampling.steps', [tool?.steps, 'tool']),
    cfg: p.pick('sampling.cfg', [tool?.cfg, 'tool']),
    sampler: p.pick('sampling.sampler', [tool?.sampler, 'tool']),
    scheduler: p.pick('sampling.scheduler', [tool?.scheduler, 'tool']),
    width: p.pick('sampling.width', [tool?.width, 'tool']),
    height: p.pick('sampling.height', [tool?.height, 'tool']),
  });

  const record: ProvenanceRecord = { aiInvolvement, dstSources };
  if (digitalSourceType !== undefined) record.digitalSourceType = digitalSourceType;
  if (generator) record.generator = generator;
  if (prompt) record.prompt = prompt;
  if (sampling) record.sampling = sampling;
  if (parts.tool) record.toolMetadata = { kind: parts.tool.kind, chunks: { ...parts.tool.chunks } };

  // ---- C2PA, verbatim ------------------------------------------------------------------------------------------
  const remoteUrl = c2pa?.remoteUrl ?? raw.c2paRemoteUrl ?? xmp?.provenanceUrl;
  if (c2pa || raw.c2paStore || remoteUrl) {
    const embedded = c2pa?.embedded ?? raw.c2paStore !== undefined;
    const section: NonNullable<ProvenanceRecord['c2pa']> = {
      present: embedded || remoteUrl !== undefined,
      embedded,
      statusCodes: [...(c2pa?.statusCodes ?? [])],
      actions: [...(c2pa?.actions ?? [])],
    };
    if (remoteUrl) section.remoteUrl = remoteUrl;
    if (c2pa?.activeManifest) section.activeManifest = c2pa.activeManifest;
    const claimGenerator = c2pa?.claimGenerator ?? c2pa?.generator?.name;
    if (claimGenerator) section.claimGenerator = claimGenerator;
    if (c2pa?.signer) section.signer = { ...c2pa.signer };
    if (c2pa?.validationState) section.validationState = c2pa.validationState;
    if (c2pa?.chain && c2pa.chain.length > 0) section.ingredients = c2pa.chain;
    const bytes = c2pa?.manifestStoreBytes ?? raw.c2paStore;
    if (bytes) section.manifestStoreBytes = bytes;
    record.c2pa = section;
  }

  // ---- IPTC, verbatim ------------------------------------------------------------------------------------------
  if (xmp) {
    const iptc = dropUndefined({
      aiSystemUsed: xmp.aiSystemUsed,
      aiSystemVersionUsed: xmp.aiSystemVersionUsed,
      aiPromptInformation: xmp.aiPromptInformation,
      aiPromptWriterName: xmp.aiPromptWriterName,
      creator: xmp.creator ? [...xmp.creator] : undefined,
      creditLine: xmp.creditLine,
      copyrightNotice: xmp.copyrightNotice,
      webStatement: xmp.webStatement,
      licensorUrl: xmp.licensorUrl,
      digImageGuid: xmp.digImageGuid,
    });
    if (iptc) record.iptc = iptc;
  }

  // ---- Rights ------------------------------------------------------------------------------------------------
  // US Copyright Office guidance: wholly AI-generated material is not registrable as is; AI-edited work only for
  // its human parts. Anything else cannot be told from metadata.
  const registrable = aiInvolvement === 'ai-generated' ? 'no' : aiInvolvement === 'ai-edited' ? 'partial' : 'unknown';
  p.sources['rights.registrable'] = 'heuristic';
  const license = p.pick<string>('rights.license', [xmp?.webStatement, 'iptc-xmp']);
  const acquireLicensePage = p.pick<string>('rights.acquireLicensePage', [xmp?.licensorUrl, 'iptc-xmp']);
  record.rights = dropUndefined({ registrable, license, acquireLicensePage }) ?? { registrable };

  // ---- EU AI Act Art. 50 machine-readable marks ------------------------------------------------------------
  const marks: string[] = [];
  if (record.c2pa?.embedded) marks.push('c2pa');
  else if (record.c2pa?.remoteUrl) marks.push('c2pa-remote');
  if (record.c2pa?.actions.some((a) => a.action.startsWith('c2pa.watermarked'))) marks.push('c2pa-watermark');
  if (xmpDst !== undefined) marks.push('iptc-dst');
  if (xmp?.aiSystemUsed || xmp?.aiSystemVersionUsed || xmp?.aiPromptInformation || xmp?.aiPromptWriterName) {
    marks.push('iptc-ai-fields');
  }
  if (parts.tool && Object.keys(parts.tool.chunks).some((k) => k !== 'stealth')) marks.push('generator-metadata');
  if (parts.tool?.chunks.stealth !== undefined) marks.push('stealth-lsb');
  record.euAiAct = { machineReadableMarks: marks };

  record.fieldSources = p.sources;
  for (const list of [xmp?.warnings, c2pa?.warnings, parts.tool?.warnings]) if (list) warnings.push(...list);
  if (warnings.length > 0) record.warnings = [...new Set(warnings)];
  return record;
}
