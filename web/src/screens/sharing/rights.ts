/**
 * The rights record as the form holds it (every field a string or a flag, as inputs give them), read from the API's
 * record and written back as the record PUT takes, and checked before sending with the server's own rules
 * (src/domain/rights.ts): ISO 3166-1 codes, a region not both allowed and denied, days written YYYY-MM-DD, the last
 * day not before the first, http(s) URLs, and what may be claimed registrable. The server checks again and its
 * problems show the same way.
 */
import { rightsStatuses, type RightsStatus } from '../../../../src/domain/asset.ts';
import { aiInvolvements, type AiInvolvement } from '../../../../src/domain/provenance.ts';
import {
  isRegionCode,
  registrabilities,
  thirdPartyInputKinds,
  type Registrability,
  type ThirdPartyInputKind,
} from '../../../../src/domain/rights.ts';

export { aiInvolvements, isRegionCode, registrabilities, rightsStatuses, thirdPartyInputKinds };
export type { AiInvolvement, Registrability, RightsStatus, ThirdPartyInputKind };

/** A third-party input as its row in the form holds it. */
export interface ThirdPartyInputDraft {
  kind: ThirdPartyInputKind;
  title: string;
  reference: string;
}

export interface RightsDraft {
  status: RightsStatus;
  licence: string;
  licensor: string;
  licenceUrl: string;
  acquireLicensePage: string;
  approvedChannels: string[];
  /** As typed: "DE, FR". */
  regionsAllowed: string;
  regionsDenied: string;
  validFrom: string;
  expiresAt: string;
  reviewDate: string;
  derivativesAllowed: boolean;
  creditLine: string;
  copyrightNotice: string;
  usageTerms: string;
  releaseRequired: boolean;
  releaseObtained: boolean;
  releaseReference: string;
  involvement: AiInvolvement;
  registrable: Registrability;
  humanContribution: string;
  machineReadableMark: boolean;
  visibleLabelRequired: boolean;
  visibleLabelApplied: boolean;
  thirdPartyInputs: ThirdPartyInputDraft[];
}

export interface FieldProblem {
  field: string;
  problem: string;
}

let names: Intl.DisplayNames | undefined;
/** "Germany" for DE (the browser's English names), the code itself when it has none. */
export function regionName(code: string): string {
  try {
    names ??= new Intl.DisplayNames(['en'], { type: 'region' });
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** "de, FR ;it" → ['DE', 'FR', 'IT'] (upper-cased: people type codes in lower case). */
export const regionList = (text: string): string[] =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s.length > 0);

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
const oneOf = <T extends string>(v: unknown, allowed: readonly T[], fallback: T): T =>
  allowed.find((a) => a === v) ?? fallback;

export function draftOf(record: Json | undefined): RightsDraft {
  const r = obj(record);
  const release = obj(r.modelRelease);
  const origin = obj(r.aiOrigin);
  const act = obj(r.euAiAct);
  return {
    status: oneOf(r.status, rightsStatuses, 'unknown'),
    licence: str(r.licence),
    licensor: str(r.licensor),
    licenceUrl: str(r.licenceUrl),
    acquireLicensePage: str(r.acquireLicensePage),
    approvedChannels: strings(r.approvedChannels),
    regionsAllowed: strings(r.regionsAllowed).join(', '),
    regionsDenied: strings(r.regionsDenied).join(', '),
    validFrom: str(r.validFrom),
    expiresAt: str(r.expiresAt),
    reviewDate: str(r.reviewDate),
    derivativesAllowed: r.derivativesAllowed === true,
    creditLine: str(r.creditLine),
    copyrightNotice: str(r.copyrightNotice),
    usageTerms: str(r.usageTerms),
    releaseRequired: release.required === true,
    releaseObtained: release.obtained === true,
    releaseReference: str(release.reference),
    involvement: oneOf(origin.involvement, aiInvolvements, 'unknown'),
    registrable: oneOf(origin.registrable, registrabilities, 'unknown'),
    humanContribution: str(origin.humanContribution),
    machineReadableMark: act.machineReadableMark === true,
    visibleLabelRequired: act.visibleLabelRequired === true,
    visibleLabelApplied: act.visibleLabelApplied === true,
    thirdPartyInputs: (Array.isArray(r.thirdPartyInputs) ? r.thirdPartyInputs : []).map((item) => {
      const input = obj(item);
      return {
        kind: oneOf(input.kind, thirdPartyInputKinds, 'other'),
        title: str(input.title),
        reference: str(input.reference),
      };
    }),
  };
}

/** The record PUT takes: empty texts left out. */
export function recordOf(d: RightsDraft): Json {
  const text = (value: string) => (value.trim() ? value.trim() : undefined);
  const record: Json = {
    status: d.status,
    licence: text(d.licence),
    licensor: text(d.licensor),
    licenceUrl: text(d.licenceUrl),
    acquireLicensePage: text(d.acquireLicensePage),
    approvedChannels: d.approvedChannels,
    regionsAllowed: regionList(d.regionsAllowed),
    regionsDenied: regionList(d.regionsDenied),
    validFrom: text(d.validFrom),
    expiresAt: text(d.expiresAt),
    reviewDate: text(d.reviewDate),
    derivativesAllowed: d.derivativesAllowed,
    creditLine: text(d.creditLine),
    copyrightNotice: text(d.copyrightNotice),
    usageTerms: text(d.usageTerms),
    thirdPartyInputs: d.thirdPartyInputs.map((input) => ({
      kind: input.kind,
      title: input.title.trim(),
      ...(text(input.reference) ? { reference: text(input.reference) } : {}),
    })),
    modelRelease: {
      required: d.releaseRequired,
      obtained: d.releaseObtained,
      ...(text(d.releaseReference) ? { reference: text(d.releaseReference) } : {}),
    },
    aiOrigin: {
      involvement: d.involvement,
      registrable: d.registrable,
      ...(text(d.humanContribution) ? { humanContribution: text(d.humanContribution) } : {}),
    },
    euAiAct: {
      machineReadableMark: d.machineReadableMark,
      visibleLabelRequired: d.visibleLabelRequired,
      visibleLabelApplied: d.visibleLabelApplied,
    },
  };
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (text: string): boolean => {
  if (!dayPattern.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
};
const isHttpUrl = (text: string): boolean => {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

/** Every problem the server would name, by the same field paths, before the form is sent. */
export function rightsProblems(d: RightsDraft): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, problem: string) => problems.push({ field, problem });
  for (const field of ['regionsAllowed', 'regionsDenied'] as const) {
    const unknown = regionList(d[field]).filter((code) => !isRegionCode(code));
    if (unknown.length > 0)
      add(
        field,
        `${unknown.join(', ')} ${unknown.length === 1 ? 'is not an' : 'are not'} ISO 3166-1 country code${unknown.length === 1 ? '' : 's'} (e.g. DE, FR, US)`,
      );
  }
  const allowed = regionList(d.regionsAllowed);
  const both = regionList(d.regionsDenied).filter((code) => allowed.includes(code));
  if (both.length > 0) add('regionsDenied', `${both.join(', ')} cannot be both allowed and denied`);
  for (const field of ['validFrom', 'expiresAt', 'reviewDate'] as const)
    if (d[field].trim() && !isDay(d[field].trim()))
      add(field, 'must be a calendar day written YYYY-MM-DD (UTC), e.g. 2027-12-31');
  if (isDay(d.validFrom) && isDay(d.expiresAt) && d.expiresAt < d.validFrom)
    add('expiresAt', `${d.expiresAt} is before the first day of use ${d.validFrom}`);
  for (const field of ['licenceUrl', 'acquireLicensePage'] as const)
    if (d[field].trim() && !isHttpUrl(d[field].trim())) add(field, `"${d[field].trim()}" is not an http(s) URL`);
  d.thirdPartyInputs.forEach((input, i) => {
    if (!input.title.trim()) add(`thirdPartyInputs[${i}].title`, 'is required: what the input is');
  });
  if (d.involvement === 'ai-generated' && d.registrable === 'yes')
    add(
      'aiOrigin.registrable',
      'AI-generated material is not registrable as such: say partial and describe the human contribution, or no',
    );
  if (
    d.involvement !== 'none' &&
    (d.registrable === 'yes' || d.registrable === 'partial') &&
    !d.humanContribution.trim()
  )
    add('aiOrigin.humanContribution', 'is required when AI was involved and the work is claimed registrable');
  return problems;
}
