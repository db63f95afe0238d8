/**
 * The rights record of an asset (issue 15 §1, decision 0033): what legal knows about where, when and
 * how it may be used — status, licence, channels, regions, dates, derivatives, credit, third-party inputs, the model
 * release, the AI origin with the copyright position (USCO style) and the EU AI Act Art. 50 disclosure. Every change
 * is a new revision; every revision is kept with the asset version that was current when it was set. This file holds
 * the record, the check of a whole input (every problem at once), the ISO 3166-1 codes and the repository port.
 * Pure: no I/O.
 */
import { rightsStatuses, type RightsStatus } from './asset.ts';
import { validationFailed, type FieldProblem } from './errors.ts';
import { aiInvolvements, type AiInvolvement } from './provenance.ts';

export const thirdPartyInputKinds = ['c2pa-ingredient', 'prompt-reference', 'stock', 'other'] as const;
export type ThirdPartyInputKind = (typeof thirdPartyInputKinds)[number];

/** Something the asset was made from that someone else owns: a C2PA ingredient, a picture named in the prompt, … */
export interface ThirdPartyInput {
  kind: ThirdPartyInputKind;
  title: string;
  /** Where it comes from or how it is licensed: a URL, a manifest label, a stock id. */
  reference?: string;
}

/** People consent: whether a release is needed (people are recognisable) and whether it was obtained. */
export interface ModelRelease {
  required: boolean;
  obtained: boolean;
  /** The release's document or id, kept by legal. */
  reference?: string;
}

/** US Copyright Office style: AI-only material is not registrable as such; the human contribution may be. */
export const registrabilities = ['yes', 'partial', 'no', 'unknown'] as const;
export type Registrability = (typeof registrabilities)[number];

export interface AiOrigin {
  involvement: AiInvolvement;
  registrable: Registrability;
  /** What people contributed (selection, arrangement, edits, their own drawing), in words. */
  humanContribution?: string;
}

/** EU AI Act Art. 50: a machine-readable mark in the file, and a visible label where the use requires one. */
export interface EuAiActDisclosure {
  machineReadableMark: boolean;
  visibleLabelRequired: boolean;
  visibleLabelApplied: boolean;
}

export interface RightsRecord {
  status: RightsStatus;
  licence?: string;
  licensor?: string;
  licenceUrl?: string;
  /** Where a licence for the asset can be obtained (Schema.org acquireLicensePage). */
  acquireLicensePage?: string;
  /** Channels of the organisation's list the asset may be used on. */
  approvedChannels: string[];
  /** ISO 3166-1 alpha-2 codes; empty: everywhere that is not denied. */
  regionsAllowed: string[];
  regionsDenied: string[];
  /** Calendar days (YYYY-MM-DD, UTC). validFrom is the first day of use, expiresAt the last. */
  validFrom?: string;
  expiresAt?: string;
  /** The day legal wants to look at the record again (a use after it is allowed with a warning). */
  reviewDate?: string;
  derivativesAllowed: boolean;
  creditLine?: string;
  copyrightNotice?: string;
  usageTerms?: string;
  thirdPartyInputs: ThirdPartyInput[];
  modelRelease: ModelRelease;
  aiOrigin: AiOrigin;
  euAiAct: EuAiActDisclosure;
}

/** One revision of an asset's rights record, as stored. */
export interface StoredRights {
  assetId: string;
  /** 1 for the first record, one more for each change; a change names the revision it replaces. */
  revision: number;
  /** The asset's current version when this revision was set. */
  versionNumber: number;
  record: RightsRecord;
  setAt: string;
  /** The actor label of whoever set it. */
  setBy: string;
}

export interface ChannelEntry {
  name: string;
  addedAt: string;
  addedBy: string;
}

export interface RightsRepository {
  /** The newest revision of the asset's record, if any. */
  current(assetId: string): Promise<StoredRights | undefined>;
  /** Every revision, newest first. */
  history(assetId: string): Promise<StoredRights[]>;
  /** Adds a revision; one that exists already (a concurrent change) is CONFLICT. */
  insert(rights: StoredRights): Promise<void>;
  /** The organisation's channels, by name. */
  channels(): Promise<ChannelEntry[]>;
  /** False when it exists already. */
  addChannel(entry: ChannelEntry): Promise<boolean>;
  /** False when there was none of that name. */
  removeChannel(name: string): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------------------------
// Regions

/**
 * The 249 current ISO 3166-1 alpha-2 codes. A constant list rather than Intl.DisplayNames: ICU also names
 * exceptionally reserved and withdrawn codes (EU, EZ, UN, QO, XA, XB, XK, AC, UK, SU, YU, DD, AN, CS, ZZ, …) and
 * its data changes with Node's version, while a licence's territory must be a country the standard names today.
 */
const isoCountryCodes = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY ' +
    'BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK ' +
    'FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR ' +
    'IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ' +
    'ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM ' +
    'PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF ' +
    'TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

export const isRegionCode = (code: string): boolean => isoCountryCodes.has(code);

/** The problem with a region code as given, or undefined when it is one (upper case, ISO 3166-1 alpha-2). */
export function regionProblem(code: unknown): string | undefined {
  if (typeof code !== 'string') return 'must be an ISO 3166-1 alpha-2 code (a text such as "DE")';
  if (isoCountryCodes.has(code)) return undefined;
  if (isoCountryCodes.has(code.toUpperCase())) return `"${code}" must be upper case: "${code.toUpperCase()}"`;
  return `"${code}" is not an ISO 3166-1 alpha-2 country code (e.g. DE, FR, US; groups such as EU are not countries)`;
}

// ---------------------------------------------------------------------------------------------------------------
// Days

/** The UTC calendar day of an instant, as YYYY-MM-DD. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/** Whether text is a real calendar day written YYYY-MM-DD. */
export function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && utcDay(parsed) === text;
}

// ---------------------------------------------------------------------------------------------------------------
// Channels

export const channelNamePattern = /^[a-z][a-z0-9-]{0,39}$/;

export function channelNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || !channelNamePattern.test(name))
    return 'must be a lower-case slug of letters, digits and hyphens starting with a letter, at most 40 characters';
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Checking a whole input

const maxShortText = 300;
const maxLongText = 4000;
const maxThirdPartyInputs = 200;

const recordFields = new Set<string>([
  'status',
  'licence',
  'licensor',
  'licenceUrl',
  'acquireLicensePage',
  'approvedChannels',
  'regionsAllowed',
  'regionsDenied',
  'validFrom',
  'expiresAt',
  'reviewDate',
  'derivativesAllowed',
  'creditLine',
  'copyrightNotice',
  'usageTerms',
  'thirdPartyInputs',
  'modelRelease',
  'aiOrigin',
  'euAiAct',
]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Checks a whole rights record as a client sends it (JSON, YAML, a form) against the organisation's channels, and
 * answers it normalised (absent lists empty, absent flags false, absent AI origin unknown); VALIDATION_FAILED lists
 * every problem, each naming its field and what to write instead.
 */
export function parseRightsRecord(input: unknown, channels: readonly string[]): RightsRecord {
  const problems: FieldProblem[] = [];
  const problem = (field: string, text: string) => problems.push({ field, problem: text });
  if (!isObject(input)) throw validationFailed([{ field: 'rights', problem: 'must be an object of rights fields' }]);
  for (const key of Object.keys(input))
    if (!recordFields.has(key)) problem(key, `is not a rights field (known: ${[...recordFields].join(', ')})`);

  const text = (field: string, value: unknown, max: number): string | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') return void problem(field, 'must be a text');
    const trimmed = value.trim();
    if (trimmed === '') return undefined;
    if (trimmed.length > max) return void problem(field, `must be at most ${max} characters`);
    return trimmed;
  };
  const url = (field: string, value: unknown): string | undefined => {
    const given = text(field, value, 2000);
    if (given === undefined) return undefined;
    let parsed: URL | undefined;
    try {
      parsed = new URL(given);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:'))
      return void problem(field, `"${given}" is not an http(s) URL`);
    return given;
  };
  const flag = (field: string, value: unknown): boolean => {
    if (value === undefined || value === null) return false;
    if (typeof value === 'boolean') return value;
    problem(field, 'must be true or false');
    return false;
  };
  const day = (field: string, value: unknown): string | undefined => {
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string' || !isCalendarDay(value))
      return void problem(field, 'must be a calendar day written YYYY-MM-DD (UTC), e.g. 2027-12-31');
    return value;
  };
  const oneOf = <T extends string>(field: string, value: unknown, allowed: readonly T[], fallback?: T): T => {
    if ((value === undefined || value === null) && fallback !== undefined) return fallback;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      problem(field, `must be one of ${allowed.join(', ')}`);
      return allowed[0]!;
    }
    return value as T;
  };
  const list = (field: string, value: unknown): unknown[] => {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    problem(field, 'must be a list');
    return [];
  };

  const status = oneOf('status', input.status, rightsStatuses);

  const approvedChannels: string[] = [];
  const unknownChannels: string[] = [];
  list('approvedChannels', input.approvedChannels).forEach((channel, i) => {
    if (typeof channel !== 'string') return problem(`approvedChannels[${i}]`, 'must be a channel name');
    if (!channels.includes(channel)) unknownChannels.push(channel);
    else if (!approvedChannels.includes(channel)) approvedChannels.push(channel);
  });
  if (unknownChannels.length > 0)
    problem(
      'approvedChannels',
      `${unknownChannels.map((c) => `"${c}"`).join(', ')} not in the organisation's list: ${channels.join(', ')}` +
        ' (an operator adds one with provena channels add)',
    );

  const regions = (field: string): string[] => {
    const found: string[] = [];
    list(field, input[field]).forEach((code, i) => {
      const wrong = regionProblem(code);
      if (wrong) problem(`${field}[${i}]`, wrong);
      else if (!found.includes(code as string)) found.push(code as string);
    });
    return found;
  };
  const regionsAllowed = regions('regionsAllowed');
  const regionsDenied = regions('regionsDenied');
  const both = regionsAllowed.filter((code) => regionsDenied.includes(code));
  if (both.length > 0) problem('regionsDenied', `${both.join(', ')} cannot be both allowed and denied`);

  const validFrom = day('validFrom', input.validFrom);
  const expiresAt = day('expiresAt', input.expiresAt);
  if (validFrom && expiresAt && expiresAt < validFrom)
    problem('expiresAt', `${expiresAt} is before validFrom ${validFrom}: the last day of use cannot precede the first`);
  const reviewDate = day('reviewDate', input.reviewDate);

  const thirdPartyInputs: ThirdPartyInput[] = [];
  const inputs = list('thirdPartyInputs', input.thirdPartyInputs);
  if (inputs.length > maxThirdPartyInputs) problem('thirdPartyInputs', `must hold at most ${maxThirdPartyInputs}`);
  inputs.slice(0, maxThirdPartyInputs).forEach((item, i) => {
    const at = `thirdPartyInputs[${i}]`;
    if (!isObject(item)) return problem(at, 'must be an object {kind, title, reference}');
    for (const key of Object.keys(item))
      if (!['kind', 'title', 'reference'].includes(key))
        problem(`${at}.${key}`, 'is not a field (kind, title, reference)');
    const kind = oneOf(`${at}.kind`, item.kind, thirdPartyInputKinds);
    const title = text(`${at}.title`, item.title, maxShortText);
    if (title === undefined && (item.title === undefined || item.title === null || item.title === ''))
      problem(`${at}.title`, 'is required: what the input is');
    const reference = text(`${at}.reference`, item.reference, 2000);
    if (title !== undefined) thirdPartyInputs.push({ kind, title, ...(reference ? { reference } : {}) });
  });

  const releaseInput = input.modelRelease ?? {};
  const modelRelease: ModelRelease = { required: false, obtained: false };
  if (!isObject(releaseInput)) problem('modelRelease', 'must be an object {required, obtained, reference}');
  else {
    for (const key of Object.keys(releaseInput))
      if (!['required', 'obtained', 'reference'].includes(key))
        problem(`modelRelease.${key}`, 'is not a field (required, obtained, reference)');
    modelRelease.required = flag('modelRelease.required', releaseInput.required);
    modelRelease.obtained = flag('modelRelease.obtained', releaseInput.obtained);
    const reference = text('modelRelease.reference', releaseInput.reference, maxShortText);
    if (reference) modelRelease.reference = reference;
  }

  const originInput = input.aiOrigin ?? {};
  const aiOrigin: AiOrigin = { involvement: 'unknown', registrable: 'unknown' };
  if (!isObject(originInput)) problem('aiOrigin', 'must be an object {involvement, registrable, humanContribution}');
  else {
    for (const key of Object.keys(originInput))
      if (!['involvement', 'registrable', 'humanContribution'].includes(key))
        problem(`aiOrigin.${key}`, 'is not a field (involvement, registrable, humanContribution)');
    aiOrigin.involvement = oneOf('aiOrigin.involvement', originInput.involvement, aiInvolvements, 'unknown');
    aiOrigin.registrable = oneOf('aiOrigin.registrable', originInput.registrable, registrabilities, 'unknown');
    const human = text('aiOrigin.humanContribution', originInput.humanContribution, maxLongText);
    if (human) aiOrigin.humanContribution = human;
    // USCO: material generated by AI alone is not registrable; a claim rests on what people added, said in words.
    if (aiOrigin.involvement === 'ai-generated' && aiOrigin.registrable === 'yes')
      problem(
        'aiOrigin.registrable',
        'AI-generated material is not registrable as such: say partial and describe the human contribution, or no',
      );
    if (
      aiOrigin.involvement !== 'none' &&
      (aiOrigin.registrable === 'yes' || aiOrigin.registrable === 'partial') &&
      !aiOrigin.humanContribution
    )
      problem('aiOrigin.humanContribution', 'is required when AI was involved and the work is claimed registrable');
  }

  const actInput = input.euAiAct ?? {};
  const euAiAct: EuAiActDisclosure = {
    machineReadableMark: false,
    visibleLabelRequired: false,
    visibleLabelApplied: false,
  };
  if (!isObject(actInput))
    problem('euAiAct', 'must be an object {machineReadableMark, visibleLabelRequired, visibleLabelApplied}');
  else {
    for (const key of Object.keys(actInput))
      if (!['machineReadableMark', 'visibleLabelRequired', 'visibleLabelApplied'].includes(key))
        problem(`euAiAct.${key}`, 'is not a field (machineReadableMark, visibleLabelRequired, visibleLabelApplied)');
    euAiAct.machineReadableMark = flag('euAiAct.machineReadableMark', actInput.machineReadableMark);
    euAiAct.visibleLabelRequired = flag('euAiAct.visibleLabelRequired', actInput.visibleLabelRequired);
    euAiAct.visibleLabelApplied = flag('euAiAct.visibleLabelApplied', actInput.visibleLabelApplied);
  }

  const record: RightsRecord = {
    status,
    approvedChannels,
    regionsAllowed,
    regionsDenied,
    derivativesAllowed: flag('derivativesAllowed', input.derivativesAllowed),
    thirdPartyInputs,
    modelRelease,
    aiOrigin,
    euAiAct,
  };
  const optional = {
    licence: text('licence', input.licence, maxShortText),
    licensor: text('licensor', input.licensor, maxShortText),
    licenceUrl: url('licenceUrl', input.licenceUrl),
    acquireLicensePage: url('acquireLicensePage', input.acquireLicensePage),
    validFrom,
    expiresAt,
    reviewDate,
    creditLine: text('creditLine', input.creditLine, maxShortText),
    copyrightNotice: text('copyrightNotice', input.copyrightNotice, maxShortText),
    usageTerms: text('usageTerms', input.usageTerms, maxLongText),
  };
  for (const [key, value] of Object.entries(optional))
    if (value !== undefined) (record as unknown as Record<string, unknown>)[key] = value;
  if (problems.length > 0) throw validationFailed(problems);
  return record;
}

/** The fields whose values differ between two records (an audit entry's summary of a change). */
export function changedRightsFields(before: RightsRecord | undefined, after: RightsRecord): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  const a = (before ?? {}) as Record<string, unknown>;
  const b = after as unknown as Record<string, unknown>;
  return [...keys].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key])).sort();
}
