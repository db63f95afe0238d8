/**
 * The intake requirement rule: which fields must be known before an asset may enter as a draft,
 * after the provenance engine has filled what the file itself carries. Pure: no I/O.
 */
import {
  audiences,
  intendedUses,
  rightsStatuses,
  type Audience,
  type IntakeFields,
  type IntendedUse,
  type QuarantineReason,
  type RightsStatus,
} from './asset.ts';
import type { FieldProblem } from './errors.ts';
import type { ProvenanceRecord, ProvenanceSource } from './provenance.ts';

export const intakeFieldNames = [
  'prompt',
  'tool',
  'model',
  'toolVersion',
  'requestor',
  'team',
  'intendedUse',
  'campaign',
  'rightsStatus',
  'title',
  'audience',
  'regulated',
] as const satisfies ReadonlyArray<keyof IntakeFields>;

const maxFieldLength: Record<(typeof intakeFieldNames)[number], number> = {
  prompt: 20_000,
  tool: 200,
  model: 300,
  toolVersion: 100,
  requestor: 200,
  team: 200,
  intendedUse: 40,
  campaign: 200,
  rightsStatus: 40,
  title: 500,
  audience: 40,
  regulated: 10,
};

/** How a form, a flag or a manifest says yes or no (the `regulated` field). */
const yes = ['true', 'yes', '1'];
const no = ['false', 'no', '0'];

/** Control characters other than tab/newline never belong in a field (they break logs, CSV and terminals). */
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Checks raw, untrusted field values (from a form, flags, a sidecar or a manifest) and returns typed fields plus
 * every problem found. Unknown keys are problems too: a misspelt field must not be silently dropped.
 */
export function parseIntakeFields(raw: Record<string, unknown>): { fields: IntakeFields; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const fields: IntakeFields = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!(intakeFieldNames as readonly string[]).includes(key)) {
      problems.push({ field: key, problem: `unknown field (known: ${intakeFieldNames.join(', ')})` });
      continue;
    }
    const name = key as (typeof intakeFieldNames)[number];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') {
      problems.push({ field: name, problem: `must be a string, got ${Array.isArray(value) ? 'array' : typeof value}` });
      continue;
    }
    const text = value.trim();
    if (text === '') continue;
    if (text.length > maxFieldLength[name]) {
      problems.push({ field: name, problem: `longer than ${maxFieldLength[name]} characters` });
      continue;
    }
    if (controlChars.test(text)) {
      problems.push({ field: name, problem: 'contains control characters' });
      continue;
    }
    if (name === 'intendedUse') {
      if (!(intendedUses as readonly string[]).includes(text)) {
        problems.push({ field: name, problem: `must be one of: ${intendedUses.join(', ')}` });
        continue;
      }
      fields.intendedUse = text as IntendedUse;
    } else if (name === 'rightsStatus') {
      if (!(rightsStatuses as readonly string[]).includes(text)) {
        problems.push({ field: name, problem: `must be one of: ${rightsStatuses.join(', ')}` });
        continue;
      }
      fields.rightsStatus = text as RightsStatus;
    } else if (name === 'audience') {
      if (!(audiences as readonly string[]).includes(text)) {
        problems.push({ field: name, problem: `must be one of: ${audiences.join(', ')}` });
        continue;
      }
      fields.audience = text as Audience;
    } else if (name === 'regulated') {
      const answer = text.toLowerCase();
      if (![...yes, ...no].includes(answer)) {
        problems.push({ field: name, problem: 'must be true or false (yes/no, 1/0 also accepted)' });
        continue;
      }
      fields.regulated = yes.includes(answer);
    } else {
      fields[name] = text;
    }
  }
  return { fields, problems };
}

/** Fields the file carries fill gaps in the declared ones; a declared value always wins over an embedded one. */
export function fillFromProvenance(
  declared: IntakeFields,
  provenance: ProvenanceRecord,
): { fields: IntakeFields; filled: Partial<Record<keyof IntakeFields, ProvenanceSource>> } {
  const fields = { ...declared };
  const filled: Partial<Record<keyof IntakeFields, ProvenanceSource>> = {};
  const sources = provenance.fieldSources ?? {};
  const take = (field: keyof IntakeFields, value: string | undefined, sourcePath: string): void => {
    if (fields[field] !== undefined || value === undefined || value.trim() === '') return;
    (fields as Record<string, string>)[field] = value.trim();
    filled[field] = sources[sourcePath] ?? 'heuristic';
  };
  take('prompt', provenance.prompt?.positive ?? provenance.iptc?.aiPromptInformation, 'prompt.positive');
  take('tool', provenance.generator?.system ?? provenance.iptc?.aiSystemUsed, 'generator.system');
  take('model', provenance.generator?.model, 'generator.model');
  take('toolVersion', provenance.generator?.version ?? provenance.iptc?.aiSystemVersionUsed, 'generator.version');
  return { fields, filled };
}

/**
 * Joins what the uploader declared about how the asset was made to what its file says (decision 0005). A declared
 * generating tool and prompt make an asset whose file says nothing about AI `ai-generated`, recorded with the source
 * `declared`. Evidence in the file wins: a verdict it states (C2PA, IPTC digital source type, generator metadata, or a
 * heuristic on them) is kept, and when it says `none` while a tool is declared, the contradiction is kept as a warning
 * for a reviewer rather than resolved either way.
 */
export function withDeclaredGeneration(provenance: ProvenanceRecord, declared: IntakeFields): ProvenanceRecord {
  if (declared.tool === undefined) return provenance;
  if (provenance.aiInvolvement === 'unknown' && declared.prompt !== undefined) {
    return {
      ...provenance,
      aiInvolvement: 'ai-generated',
      fieldSources: { ...provenance.fieldSources, aiInvolvement: 'declared' },
    };
  }
  if (provenance.aiInvolvement === 'none') {
    const source = provenance.fieldSources?.aiInvolvement ?? 'heuristic';
    const warning =
      `the uploader declared the generating tool "${declared.tool}", but the file says it involves no AI ` +
      `(source: ${source}); the file's verdict is kept`;
    return { ...provenance, warnings: [...(provenance.warnings ?? []), warning] };
  }
  return provenance;
}

/** The requirement: prompt or brief, tool and its version (or a model), requestor, team, use, campaign, rights. */
export function missingIntakeFields(fields: IntakeFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const need = (field: keyof IntakeFields, problem: string): void => {
    if (fields[field] === undefined) problems.push({ field, problem });
  };
  need('prompt', 'required: the prompt or generation brief (not found in the file either)');
  need('tool', 'required: the generating tool (not found in the file either)');
  if (fields.toolVersion === undefined && fields.model === undefined) {
    problems.push({
      field: 'toolVersion',
      problem: 'required: the tool version or the model (not found in the file either)',
    });
  }
  need('requestor', 'required: who requested the asset');
  need('team', 'required: the owning team');
  need('intendedUse', 'required: the intended use');
  need('campaign', 'required: the campaign');
  need('rightsStatus', 'required: the initial rights status');
  return problems;
}

export const quarantineReasonsFor = (problems: FieldProblem[]): QuarantineReason[] =>
  problems.map((p) => ({ code: 'MISSING_FIELD', field: p.field, message: p.problem }));
