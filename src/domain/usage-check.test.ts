/**
 * The usage check's table (issue 15 proof): channel × region × date × derivative × release × status × AI label, each
 * row stating whether the use is allowed and exactly which reasons deny it (and, where it matters, which warn).
 *
 * The base case is a use that is allowed: an approved asset (version 2 current and approved) with a cleared record
 * for web, social and print, worldwide except FR, valid 2026-03-01..2026-09-30, no derivatives, no release needed,
 * AI-generated without a label requirement, used on the web in DE on 2026-06-15. Each row changes what it names.
 */
import { describe, expect, it } from 'vitest';
import type { RightsRecord } from './rights.ts';
import { checkUsage, type UsageFacts } from './usage-check.ts';
import type { UsageReasonCode, UsageRequest } from './usage.ts';

const record = (patch: Partial<RightsRecord> = {}): RightsRecord => ({
  status: 'cleared',
  licence: 'Provena house licence',
  approvedChannels: ['web', 'social', 'print'],
  regionsAllowed: [],
  regionsDenied: ['FR'],
  validFrom: '2026-03-01',
  expiresAt: '2026-09-30',
  derivativesAllowed: false,
  thirdPartyInputs: [],
  modelRelease: { required: false, obtained: false },
  aiOrigin: { involvement: 'ai-generated', registrable: 'no' },
  euAiAct: { machineReadableMark: true, visibleLabelRequired: false, visibleLabelApplied: false },
  ...patch,
});

const baseFacts: UsageFacts = {
  rights: record(),
  status: 'approved',
  deleted: false,
  currentVersion: 2,
  approvedVersions: [2],
  facesPresent: false,
  aiInvolvement: 'ai-generated',
  channels: ['web', 'social', 'print', 'ooh', 'email', 'internal'],
};

const baseRequest = { assetId: 'a-1', channel: 'web', region: 'DE', at: new Date('2026-06-15T12:00:00Z') };

interface Row {
  name: string;
  rights?: Partial<RightsRecord> | 'none';
  facts?: Partial<UsageFacts>;
  request?: Partial<UsageRequest>;
  at?: string;
  allowed: boolean;
  deny: UsageReasonCode[];
  warn?: UsageReasonCode[];
}

const table: Row[] = [
  // Channels
  { name: 'web, approved channel', allowed: true, deny: [] },
  { name: 'social, approved channel', request: { channel: 'social' }, allowed: true, deny: [] },
  { name: 'print, approved channel', request: { channel: 'print' }, allowed: true, deny: [] },
  {
    name: 'ooh, not approved by the record',
    request: { channel: 'ooh' },
    allowed: false,
    deny: ['channel_not_approved'],
  },
  { name: 'email, not approved', request: { channel: 'email' }, allowed: false, deny: ['channel_not_approved'] },
  { name: 'a channel not in the list', request: { channel: 'tv' }, allowed: false, deny: ['channel_not_approved'] },
  { name: 'internal needs no channel in the record', request: { channel: 'internal' }, allowed: true, deny: [] },
  {
    name: 'no channel approved at all',
    rights: { approvedChannels: [] },
    allowed: false,
    deny: ['channel_not_approved'],
  },
  // Regions
  { name: 'denied region FR', request: { region: 'FR' }, allowed: false, deny: ['region_denied'] },
  { name: 'region US not denied', request: { region: 'US' }, allowed: true, deny: [] },
  {
    name: 'no region named, deny list only',
    request: { region: undefined },
    allowed: true,
    deny: [],
    warn: ['region_denied'],
  },
  {
    name: 'allow list DE/AT, DE',
    rights: { regionsAllowed: ['DE', 'AT'], regionsDenied: [] },
    allowed: true,
    deny: [],
  },
  {
    name: 'allow list DE/AT, CH',
    rights: { regionsAllowed: ['DE', 'AT'], regionsDenied: [] },
    request: { region: 'CH' },
    allowed: false,
    deny: ['region_not_allowed'],
  },
  {
    name: 'allow list, no region named on a publication',
    rights: { regionsAllowed: ['DE'], regionsDenied: [] },
    request: { region: undefined },
    allowed: false,
    deny: ['region_not_allowed'],
  },
  {
    name: 'allow list, no region named, internal',
    rights: { regionsAllowed: ['DE'], regionsDenied: [] },
    request: { region: undefined, channel: 'internal' },
    allowed: true,
    deny: [],
  },
  {
    name: 'denied region on internal still denied',
    request: { region: 'FR', channel: 'internal' },
    allowed: false,
    deny: ['region_denied'],
  },
  {
    name: 'deny list wins over allow list',
    rights: { regionsAllowed: ['DE'], regionsDenied: ['FR'] },
    request: { region: 'FR' },
    allowed: false,
    deny: ['region_denied'],
  },
  {
    name: 'allow list, denied elsewhere, region outside both',
    rights: { regionsAllowed: ['DE'], regionsDenied: ['FR'] },
    request: { region: 'IT' },
    allowed: false,
    deny: ['region_not_allowed'],
  },
  // Dates (the day in UTC; expiresAt is the last valid day, validFrom the first)
  { name: 'first valid day at midnight UTC', at: '2026-03-01T00:00:00Z', allowed: true, deny: [] },
  {
    name: 'the second before the first day',
    at: '2026-02-28T23:59:59Z',
    allowed: false,
    deny: ['rights_not_yet_valid'],
  },
  { name: 'last valid day, last second', at: '2026-09-30T23:59:59Z', allowed: true, deny: [] },
  { name: 'the day after expiry', at: '2026-10-01T00:00:00Z', allowed: false, deny: ['rights_expired'] },
  {
    name: 'expiry is by UTC day, not local time (01:00 in Berlin is still the 30th in UTC)',
    at: '2026-09-30T23:30:00Z',
    allowed: true,
    deny: [],
  },
  { name: 'long after expiry', at: '2030-01-01T00:00:00Z', allowed: false, deny: ['rights_expired'] },
  {
    name: 'expired date denies internal too',
    at: '2026-10-01T00:00:00Z',
    request: { channel: 'internal' },
    allowed: false,
    deny: ['rights_expired'],
  },
  {
    name: 'not yet valid is fine internally (review before launch)',
    at: '2026-01-10T00:00:00Z',
    request: { channel: 'internal' },
    allowed: true,
    deny: [],
  },
  { name: 'no dates at all', rights: { validFrom: undefined, expiresAt: undefined }, allowed: true, deny: [] },
  {
    name: 'status cleared but the expiry passed',
    rights: { status: 'cleared', expiresAt: '2026-06-14' },
    allowed: false,
    deny: ['rights_expired'],
  },
  {
    name: 'review date passed: allowed with a warning',
    rights: { reviewDate: '2026-06-01' },
    allowed: true,
    deny: [],
    warn: ['review_due'],
  },
  {
    name: 'review date on the day itself',
    rights: { reviewDate: '2026-06-15' },
    allowed: true,
    deny: [],
    warn: ['review_due'],
  },
  { name: 'review date ahead', rights: { reviewDate: '2026-06-16' }, allowed: true, deny: [], warn: [] },
  // Derivatives
  { name: 'derivative not allowed', request: { derivative: true }, allowed: false, deny: ['derivative_not_allowed'] },
  {
    name: 'derivative allowed',
    rights: { derivativesAllowed: true },
    request: { derivative: true },
    allowed: true,
    deny: [],
  },
  {
    name: 'derivative not allowed, internal',
    request: { derivative: true, channel: 'internal' },
    allowed: false,
    deny: ['derivative_not_allowed'],
  },
  { name: 'as delivered, derivatives forbidden', request: { derivative: false }, allowed: true, deny: [] },
  // Model release
  { name: 'faces, no release', facts: { facesPresent: true }, allowed: false, deny: ['release_missing'] },
  {
    name: 'faces, release obtained',
    facts: { facesPresent: true },
    rights: { modelRelease: { required: true, obtained: true, reference: 'MR-1' } },
    allowed: true,
    deny: [],
  },
  {
    name: 'release required by legal, no faces found, none obtained',
    rights: { modelRelease: { required: true, obtained: false } },
    allowed: false,
    deny: ['release_missing'],
  },
  { name: 'no faces, no release needed', facts: { facesPresent: false }, allowed: true, deny: [] },
  { name: 'faces not looked for', facts: { facesPresent: undefined }, allowed: true, deny: [] },
  {
    name: 'faces, no release, internal: a warning',
    facts: { facesPresent: true },
    request: { channel: 'internal' },
    allowed: true,
    deny: [],
    warn: ['release_missing'],
  },
  // Status and approval
  { name: 'published', facts: { status: 'published' }, allowed: true, deny: [] },
  {
    name: 'in review, web',
    facts: { status: 'in_review', approvedVersions: [] },
    allowed: false,
    deny: ['not_approved'],
  },
  {
    name: 'in review, internal (reviewers download what they review)',
    facts: { status: 'in_review', approvedVersions: [] },
    request: { channel: 'internal' },
    allowed: true,
    deny: [],
  },
  { name: 'draft, web', facts: { status: 'draft', approvedVersions: [] }, allowed: false, deny: ['not_approved'] },
  {
    name: 'draft, internal',
    facts: { status: 'draft', approvedVersions: [] },
    request: { channel: 'internal' },
    allowed: true,
    deny: [],
  },
  {
    name: 'rejected, web',
    facts: { status: 'rejected', approvedVersions: [] },
    allowed: false,
    deny: ['not_approved'],
  },
  {
    name: 'archived, web',
    facts: { status: 'archived', approvedVersions: [] },
    allowed: false,
    deny: ['not_approved'],
  },
  {
    name: 'deprecated, web',
    facts: { status: 'deprecated', approvedVersions: [] },
    allowed: false,
    deny: ['not_approved'],
  },
  {
    name: 'quarantined, web',
    facts: { status: 'quarantined', approvedVersions: [] },
    allowed: false,
    deny: ['quarantined', 'not_approved'],
  },
  {
    name: 'quarantined, internal',
    facts: { status: 'quarantined', approvedVersions: [] },
    request: { channel: 'internal' },
    allowed: false,
    deny: ['quarantined'],
  },
  {
    name: 'deleted, internal',
    facts: { deleted: true },
    request: { channel: 'internal' },
    allowed: false,
    deny: ['asset_deleted'],
  },
  { name: 'an older version, web', request: { version: 1 }, allowed: false, deny: ['version_not_approved'] },
  {
    name: 'an older version, internal',
    request: { version: 1, channel: 'internal' },
    allowed: true,
    deny: [],
  },
  // Rights status
  { name: 'no record, web', rights: 'none', allowed: false, deny: ['rights_missing'] },
  {
    name: 'no record, internal: warned, allowed',
    rights: 'none',
    request: { channel: 'internal' },
    allowed: true,
    deny: [],
    warn: ['rights_missing'],
  },
  { name: 'pending, web', rights: { status: 'pending' }, allowed: false, deny: ['rights_not_cleared'] },
  { name: 'unknown, web', rights: { status: 'unknown' }, allowed: false, deny: ['rights_not_cleared'] },
  {
    name: 'pending, internal',
    rights: { status: 'pending' },
    request: { channel: 'internal' },
    allowed: true,
    deny: [],
  },
  {
    name: 'restricted, within its limits',
    rights: { status: 'restricted' },
    allowed: true,
    deny: [],
    warn: ['rights_not_cleared'],
  },
  {
    name: 'marked expired though the date has not passed',
    rights: { status: 'expired' },
    allowed: false,
    deny: ['rights_expired'],
  },
  {
    name: 'marked expired, internal',
    rights: { status: 'expired' },
    request: { channel: 'internal' },
    allowed: false,
    deny: ['rights_expired'],
  },
  // EU AI Act Art. 50
  {
    name: 'label required, not applied, web',
    rights: { euAiAct: { machineReadableMark: true, visibleLabelRequired: true, visibleLabelApplied: false } },
    allowed: false,
    deny: ['ai_label_missing'],
  },
  {
    name: 'label required and applied',
    rights: { euAiAct: { machineReadableMark: true, visibleLabelRequired: true, visibleLabelApplied: true } },
    allowed: true,
    deny: [],
  },
  {
    name: 'label required, not applied, internal',
    rights: { euAiAct: { machineReadableMark: true, visibleLabelRequired: true, visibleLabelApplied: false } },
    request: { channel: 'internal' },
    allowed: true,
    deny: [],
  },
  {
    name: 'no AI involvement: a label is not the question',
    facts: { aiInvolvement: 'none' },
    rights: { euAiAct: { machineReadableMark: false, visibleLabelRequired: true, visibleLabelApplied: false } },
    allowed: true,
    deny: [],
  },
  // Credit
  {
    name: 'credit line to print',
    rights: { creditLine: 'Photo: Provena / AI' },
    allowed: true,
    deny: [],
    warn: ['attribution_required'],
  },
  // Several at once: every reason is reported
  {
    name: 'everything wrong at once',
    facts: { status: 'in_review', approvedVersions: [], facesPresent: true },
    rights: {
      status: 'pending',
      euAiAct: { machineReadableMark: false, visibleLabelRequired: true, visibleLabelApplied: false },
    },
    request: { channel: 'ooh', region: 'FR', derivative: true },
    at: '2026-10-02T00:00:00Z',
    allowed: false,
    deny: [
      'not_approved',
      'rights_expired',
      'rights_not_cleared',
      'channel_not_approved',
      'region_denied',
      'derivative_not_allowed',
      'release_missing',
      'ai_label_missing',
    ],
  },
  {
    name: 'social in US after expiry as a derivative',
    request: { channel: 'social', region: 'US', derivative: true },
    at: '2027-01-01T00:00:00Z',
    allowed: false,
    deny: ['rights_expired', 'derivative_not_allowed'],
  },
  {
    name: 'print in FR before validity',
    request: { channel: 'print', region: 'FR' },
    at: '2026-02-01T00:00:00Z',
    allowed: false,
    deny: ['rights_not_yet_valid', 'region_denied'],
  },
  {
    name: 'email in DE, derivative allowed, release obtained, faces',
    facts: { facesPresent: true },
    rights: {
      approvedChannels: ['email'],
      derivativesAllowed: true,
      modelRelease: { required: true, obtained: true },
    },
    request: { channel: 'email', derivative: true },
    allowed: true,
    deny: [],
  },
];

const sorted = (codes: readonly string[]) => [...codes].sort();

describe('checkUsage: the table', () => {
  it('has at least 60 cases', () => {
    expect(table.length).toBeGreaterThanOrEqual(60);
  });

  it.each(table.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const rights = row.rights === 'none' ? undefined : record(row.rights ?? {});
    const facts: UsageFacts = { ...baseFacts, ...row.facts };
    if (rights) facts.rights = rights;
    else delete facts.rights;
    const request: UsageRequest & { at: Date } = {
      ...baseRequest,
      ...row.request,
      ...(row.at ? { at: new Date(row.at) } : {}),
    };
    if (row.request && 'region' in row.request && row.request.region === undefined) delete request.region;
    const decision = checkUsage(facts, request);
    const denied = decision.reasons.filter((r) => r.verdict === 'deny').map((r) => r.code);
    expect({ allowed: decision.allowed, deny: sorted(denied) }).toEqual({
      allowed: row.allowed,
      deny: sorted(row.deny),
    });
    if (row.warn) {
      const warned = decision.reasons.filter((r) => r.verdict === 'warn').map((r) => r.code);
      expect(sorted(warned)).toEqual(sorted(row.warn));
    }
  });
});

describe('checkUsage: the decision', () => {
  it('lists denials before warnings, each with a message, and answers the version it decided', () => {
    const decision = checkUsage(
      { ...baseFacts, rights: record({ creditLine: 'Credit', reviewDate: '2026-01-01' }) },
      { ...baseRequest, channel: 'ooh' },
    );
    expect(decision.reasons.map((r) => r.verdict)).toEqual(['deny', 'warn', 'warn']);
    expect(decision.reasons.every((r) => r.message.length > 10)).toBe(true);
    expect(decision).toMatchObject({ allowed: false, version: 2, channel: 'ooh', region: 'DE', derivative: false });
  });

  it('names the organisation channels when the channel is not one of them', () => {
    const decision = checkUsage(baseFacts, { ...baseRequest, channel: 'tv' });
    expect(decision.reasons[0]!.message).toContain('web, social, print, ooh, email, internal');
  });
});
