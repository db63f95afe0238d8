/**
 * The usage check (issue 15 §2, decision 0033): one pure function from the facts the rights service gathers and a
 * usage request to an allowed/denied decision with every reason. The API, the CLI and every delivery path ask it;
 * nothing here reads a clock or a database.
 *
 * Two kinds of channel. `internal` is the organisation's own people looking at an asset (library and review screens,
 * a reviewer's download): it needs no approval, no channel in the record and no model release, because review must
 * see what it reviews — but never a quarantined or deleted asset, rights that expired, a region the rights deny or a
 * derivative the rights forbid. Every other channel is publication: it needs the approved version, a rights record
 * that is cleared (or restricted, used within its limits), the channel approved, the day within validFrom..expiresAt,
 * the region allowed, the release when people are depicted, and the EU AI Act label where one is required.
 */
import type { AssetStatus } from './asset.ts';
import type { AiInvolvement } from './provenance.ts';
import { validationFailed, type FieldProblem } from './errors.ts';
import { isCalendarDay, regionProblem, utcDay, type RightsRecord } from './rights.ts';
import { internalChannel, type UsageDecision, type UsageReason, type UsageRequest } from './usage.ts';

/** What the check decides from: the asset's state and its rights record, gathered in one read. */
export interface UsageFacts {
  /** The current rights record; absent when legal has not written one. */
  rights?: RightsRecord;
  status: AssetStatus;
  deleted: boolean;
  currentVersion: number;
  /** Versions approved for use: the current one while the asset is approved or published. */
  approvedVersions: readonly number[];
  /** Whether enrichment found realistic people in the version (undefined: not looked for). */
  facesPresent?: boolean;
  /** The version's AI involvement from its provenance. */
  aiInvolvement: AiInvolvement;
  /** The organisation's channels. */
  channels: readonly string[];
}

/** States in which the current version is approved for use outside the organisation. */
export const approvedStatuses: readonly AssetStatus[] = ['approved', 'published'];

export function checkUsage(facts: UsageFacts, request: UsageRequest & { at: Date }): UsageDecision {
  const version = request.version ?? facts.currentVersion;
  const derivative = request.derivative ?? false;
  const day = utcDay(request.at);
  const external = request.channel !== internalChannel;
  const reasons: UsageReason[] = [];
  const deny = (code: UsageReason['code'], message: string, details?: Record<string, unknown>) =>
    reasons.push({ code, verdict: 'deny', message, ...(details ? { details } : {}) });
  const warn = (code: UsageReason['code'], message: string, details?: Record<string, unknown>) =>
    reasons.push({ code, verdict: 'warn', message, ...(details ? { details } : {}) });
  const rights = facts.rights;

  if (facts.deleted) deny('asset_deleted', 'The asset is deleted: restore it before any use.');
  if (facts.status === 'quarantined')
    deny('quarantined', 'The asset is quarantined: nothing leaves until its quarantine is resolved.');

  if (external) {
    if (!approvedStatuses.includes(facts.status))
      deny('not_approved', `The asset is ${facts.status}, not approved: only approved or published assets are used.`, {
        status: facts.status,
      });
    else if (!facts.approvedVersions.includes(version))
      deny('version_not_approved', `Version ${version} is not the approved version; use version(s) approved.`, {
        version,
        approvedVersions: [...facts.approvedVersions],
      });
  }

  if (!facts.channels.includes(request.channel))
    deny(
      'channel_not_approved',
      `"${request.channel}" is not in the organisation's list: ${facts.channels.join(', ')}.`,
      {
        channels: [...facts.channels],
      },
    );

  if (!rights) {
    if (external) deny('rights_missing', 'The asset has no rights record: legal must record its rights before use.');
    else warn('rights_missing', 'The asset has no rights record yet; it may not leave the organisation.');
  } else {
    const expired = rights.status === 'expired' || (rights.expiresAt !== undefined && day > rights.expiresAt);
    if (expired)
      deny(
        'rights_expired',
        rights.expiresAt !== undefined && day > rights.expiresAt
          ? `The rights expired: ${rights.expiresAt} was the last day of use.`
          : 'The rights are marked expired.',
        { ...(rights.expiresAt ? { expiresAt: rights.expiresAt } : {}), day },
      );
    if (external) {
      if (rights.status === 'pending' || rights.status === 'unknown')
        deny('rights_not_cleared', `The rights are ${rights.status}, not cleared.`, { status: rights.status });
      else if (rights.status === 'restricted')
        warn('rights_not_cleared', 'The rights are restricted: use only within the channels, regions and days listed.');
      if (rights.validFrom !== undefined && day < rights.validFrom)
        deny('rights_not_yet_valid', `The rights start on ${rights.validFrom}; ${day} is before it.`, {
          validFrom: rights.validFrom,
          day,
        });
      if (facts.channels.includes(request.channel) && !rights.approvedChannels.includes(request.channel))
        deny(
          'channel_not_approved',
          `The rights do not approve the ${request.channel} channel (approved: ${rights.approvedChannels.join(', ') || 'none'}).`,
          { approvedChannels: [...rights.approvedChannels] },
        );
    }
    regionReasons(rights, request.region, external, deny, warn);
    if (derivative && !rights.derivativesAllowed)
      deny('derivative_not_allowed', 'The rights do not allow derivatives: use the asset as delivered.');
    const releaseNeeded = rights.modelRelease.required || facts.facesPresent === true;
    if (releaseNeeded && !rights.modelRelease.obtained) {
      const why = rights.modelRelease.required ? 'legal marked a release required' : 'people are depicted';
      if (external)
        deny('release_missing', `No model release is recorded and ${why}.`, { facesPresent: facts.facesPresent });
      else warn('release_missing', `No model release is recorded (${why}); it may not be published.`);
    }
    if (
      external &&
      facts.aiInvolvement !== 'none' &&
      rights.euAiAct.visibleLabelRequired &&
      !rights.euAiAct.visibleLabelApplied
    )
      deny(
        'ai_label_missing',
        'EU AI Act Art. 50: this AI-made asset needs its visible label applied before it is shown to the public.',
      );
    if (rights.reviewDate !== undefined && day >= rights.reviewDate)
      warn('review_due', `The rights record was due for review on ${rights.reviewDate}.`, {
        reviewDate: rights.reviewDate,
      });
    if (external && rights.creditLine)
      warn('attribution_required', `Print the credit line: ${rights.creditLine}`, { creditLine: rights.creditLine });
  }

  // Denials first, each kind once (a channel unknown to the organisation is not also unapproved by the record).
  const seen = new Set<string>();
  const ordered = [
    ...reasons.filter((r) => r.verdict === 'deny'),
    ...reasons.filter((r) => r.verdict === 'warn'),
  ].filter((r) => {
    const key = `${r.verdict}:${r.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    allowed: !ordered.some((r) => r.verdict === 'deny'),
    assetId: request.assetId,
    version,
    channel: request.channel,
    ...(request.region !== undefined ? { region: request.region } : {}),
    at: request.at,
    derivative,
    reasons: ordered,
  };
}

function regionReasons(
  rights: RightsRecord,
  region: string | undefined,
  external: boolean,
  deny: (code: UsageReason['code'], message: string, details?: Record<string, unknown>) => void,
  warn: (code: UsageReason['code'], message: string, details?: Record<string, unknown>) => void,
): void {
  if (region !== undefined) {
    // The deny list wins over the allow list: a licence "worldwide except FR" never reaches FR.
    if (rights.regionsDenied.includes(region))
      deny('region_denied', `The rights deny use in ${region}.`, { regionsDenied: [...rights.regionsDenied] });
    else if (rights.regionsAllowed.length > 0 && !rights.regionsAllowed.includes(region))
      deny('region_not_allowed', `The rights allow use only in ${rights.regionsAllowed.join(', ')}, not ${region}.`, {
        regionsAllowed: [...rights.regionsAllowed],
      });
    return;
  }
  // A publication that names no region could reach anywhere: with an allow list it cannot be shown to stay inside.
  if (external && rights.regionsAllowed.length > 0)
    deny(
      'region_not_allowed',
      `The rights allow use only in ${rights.regionsAllowed.join(', ')}: name the region of use.`,
      { regionsAllowed: [...rights.regionsAllowed] },
    );
  else if (rights.regionsDenied.length > 0)
    warn('region_denied', `Not for use in ${rights.regionsDenied.join(', ')}.`, {
      regionsDenied: [...rights.regionsDenied],
    });
}

/**
 * A usage request as a client sends it (the API's body, the CLI's flags, a delivery route's query), checked against
 * the organisation's channels: VALIDATION_FAILED lists every problem. `at` is a day (YYYY-MM-DD, that day in UTC) or
 * an ISO-8601 instant; absent, the caller decides with its clock.
 */
export function parseUsageRequest(input: unknown, channels: readonly string[]): UsageRequest {
  const problems: FieldProblem[] = [];
  const problem = (field: string, text: string) => problems.push({ field, problem: text });
  const given = (input !== null && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  for (const key of Object.keys(given))
    if (!usageRequestFields.includes(key)) problem(key, `is not a field (known: ${usageRequestFields.join(', ')})`);
  const assetId = given.assetId;
  if (typeof assetId !== 'string' || assetId === '') problem('assetId', "is required: the asset's id");
  const channel = given.channel ?? internalChannel;
  if (typeof channel !== 'string' || !channels.includes(channel))
    problem('channel', `${JSON.stringify(channel)} is not in the organisation's list: ${channels.join(', ')}`);
  const region = given.region;
  const wrongRegion = region === undefined ? undefined : regionProblem(region);
  if (wrongRegion) problem('region', wrongRegion);
  const version = given.version;
  if (version !== undefined && !(typeof version === 'number' && Number.isSafeInteger(version) && version >= 1))
    problem('version', 'must be a version number (1, 2, …)');
  const derivative = given.derivative;
  if (derivative !== undefined && typeof derivative !== 'boolean') problem('derivative', 'must be true or false');
  let at: Date | undefined;
  if (given.at !== undefined) {
    const text = given.at instanceof Date ? given.at.toISOString() : given.at;
    if (typeof text === 'string' && isCalendarDay(text)) at = new Date(`${text}T00:00:00Z`);
    else if (typeof text === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text)))
      at = new Date(text);
    else problem('at', 'must be a day (YYYY-MM-DD, UTC) or an ISO-8601 instant');
  }
  if (problems.length > 0) throw validationFailed(problems);
  return {
    assetId: assetId as string,
    channel: channel as string,
    ...(region !== undefined ? { region: region as string } : {}),
    ...(version !== undefined ? { version: version as number } : {}),
    ...(derivative !== undefined ? { derivative: derivative as boolean } : {}),
    ...(at ? { at } : {}),
  };
}

const usageRequestFields = ['assetId', 'version', 'channel', 'region', 'at', 'derivative'];
