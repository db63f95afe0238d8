/**
 * Share links (issue 15 §4, decision 0036): a secret URL that lets someone without an account see and download one
 * asset, or the members of one collection, for one channel (and region) in one rendition preset, until it expires or
 * is revoked. This file holds the records, the token's format, the checks of what a link is made with, the ports a
 * link's service reads through, and the repository port. Pure but for the token's randomness and digest.
 *
 * The token is 32 random bytes (256 bits) in base64url: nobody guesses one, and only its SHA-256 is stored, so a copy
 * of the database opens no link. A malformed token and an unknown one get the same answer: nothing to probe.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Page } from './asset.ts';
import type { FieldProblem } from './errors.ts';

/** What a link shares: one asset, or the members of one collection (read at each hit). */
export type ShareScope = { kind: 'asset'; assetId: string } | { kind: 'collection'; collectionId: string };

export interface ShareLink {
  id: string;
  scope: ShareScope;
  /** The team the link is kept in (the asset's or the collection's); null for an asset without a team. */
  teamId: string | null;
  /** The channel the shared files may be used on (the usage check asks for it at every hit). */
  channel: string;
  /** ISO 3166-1 alpha-2, upper case; absent: not regional. */
  region?: string;
  /** The rendition preset the files are made with; null: the original. */
  preset: string | null;
  /** Text drawn visibly on every downloaded image; absent: none. */
  watermark?: string;
  passwordProtected: boolean;
  expiresAt: string;
  revokedAt?: string;
  revokedBy?: string;
  /** Who made it: a stable key (`account:<id>`, `operator:<os user>`) and the label shown. */
  owner: { key: string; label: string };
  createdAt: string;
  /** Every hit, refused ones included. */
  hitCount: number;
  lastHitAt?: string;
}

/** A link as storage holds it: with its token's digest and password hash (neither leaves the service). */
export interface StoredShareLink extends ShareLink {
  tokenDigest: string;
  passwordHash?: string;
}

/** Why a link does not open: the same answer for unknown and malformed tokens. */
export type UnavailableReason = 'unknown' | 'revoked' | 'expired';

/** What a hit came to. `password`: missing or wrong; `locked`: refused unchecked after too many wrong ones. */
export const hitOutcomes = ['allowed', 'denied', 'expired', 'revoked', 'password', 'locked'] as const;
export type HitOutcome = (typeof hitOutcomes)[number];

export interface ShareLinkHit {
  id: string;
  linkId: string;
  at: string;
  outcome: HitOutcome;
  /** `open` (the list), `download`; for `password`: `missing` or `wrong` (only wrong ones count to the lock). */
  detail?: string;
  assetId?: string;
  /** The bytes sent (a download that was allowed). */
  bytes?: number;
}

export interface ShareLinkStats {
  linkId: string;
  hits: number;
  byOutcome: Record<HitOutcome, number>;
  downloads: number;
  bytes: number;
  firstHitAt?: string;
  lastHitAt?: string;
  /** Allowed downloads per asset, most downloaded first (at most 100). */
  byAsset: { assetId: string; downloads: number; bytes: number }[];
}

// ---- the token -------------------------------------------------------------------------------------------------

export const shareTokenBytes = 32;
/** 32 bytes in base64url without padding. */
export const shareTokenLength = 43;
const tokenShape = /^[A-Za-z0-9_-]{43}$/;

export function newShareToken(): string {
  return randomBytes(shareTokenBytes).toString('base64url');
}

/**
 * Whether the text is a token this service could have made: 43 base64url characters whose last one carries only
 * the four bits 32 bytes leave it (so that every token has exactly one spelling).
 */
export function isShareTokenShape(token: unknown): token is string {
  return (
    typeof token === 'string' &&
    tokenShape.test(token) &&
    Buffer.from(token, 'base64url').toString('base64url') === token
  );
}

/** What is stored of a token: its SHA-256, hex. */
export const shareTokenDigest = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Compares two digests in constant time (after the index found the row, so that no comparison leaks timing). */
export function digestsMatch(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

// ---- what a link is made with ------------------------------------------------------------------------------

/** The longest life a link may be given when the configuration says nothing. */
export const defaultMaxShareDays = 90;
export const minPasswordLength = 8;
export const maxPasswordLength = 200;
export const maxWatermarkLength = 100;
/** The watermark a link asks for without naming its text. */
export const defaultWatermark = 'Shared for review — not for publication';
/** Wrong passwords a link takes within the window before it refuses to check any more. */
export const passwordAttemptLimit = 10;
export const passwordAttemptWindowMs = 15 * 60_000;
/** Members of a collection a link lists and serves (the first ones, in the collection's order). */
export const maxSharedMembers = 200;

const durationPattern = /^(\d{1,5})\s*(m|h|d|w)$/i;
const unitMs: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * The expiry: a duration from now (`30m`, `12h`, `7d`, `2w`) or an ISO-8601 date and time; after now and at most
 * `maxDays` ahead. A problem names what to fix.
 */
export function parseExpiry(value: unknown, now: Date, maxDays: number): Date | FieldProblem {
  const field = 'expires';
  if (typeof value !== 'string' || value.trim() === '')
    return { field, problem: 'required: a duration such as 7d, 12h, 2w, or an ISO-8601 date and time' };
  const text = value.trim();
  let at: Date;
  const duration = durationPattern.exec(text);
  if (duration) at = new Date(now.getTime() + Number(duration[1]) * unitMs[duration[2]!.toLowerCase()]!);
  else if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    at = new Date(text);
    if (Number.isNaN(at.getTime())) return { field, problem: `"${text}" is not a date that exists` };
  } else return { field, problem: `"${text}" is neither a duration (7d, 12h, 2w, 30m) nor an ISO-8601 date` };
  if (at.getTime() <= now.getTime()) return { field, problem: 'must be in the future' };
  if (at.getTime() - now.getTime() > maxDays * 86_400_000)
    return { field, problem: `must be at most ${maxDays} days ahead (PROVENA_SHARE_LINK_MAX_DAYS)` };
  return at;
}

const channelPattern = /^[a-z][a-z0-9-]{0,39}$/;
const presetPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A channel of the organisation's list (lower-case slugs). */
export function checkChannel(value: unknown, channels: readonly string[]): string | FieldProblem {
  if (typeof value !== 'string' || !channelPattern.test(value))
    return { field: 'channel', problem: `required: one of ${channels.join(', ')}` };
  if (!channels.includes(value))
    return { field: 'channel', problem: `"${value}" is not a channel of the organisation (${channels.join(', ')})` };
  return value;
}

/** An ISO 3166-1 alpha-2 code's shape, upper-cased (the usage check knows which codes exist). */
export function checkRegion(value: unknown): string | FieldProblem {
  if (typeof value !== 'string' || !/^[A-Za-z]{2}$/.test(value.trim()))
    return { field: 'region', problem: 'must be an ISO 3166-1 alpha-2 country code such as FR or US' };
  return value.trim().toUpperCase();
}

export function checkPresetName(value: unknown): string | FieldProblem {
  if (typeof value !== 'string' || !presetPattern.test(value))
    return { field: 'preset', problem: 'must be the name of a rendition preset (a lower-case slug such as web-1600)' };
  return value;
}

export function checkSharePassword(value: unknown): string | FieldProblem {
  if (typeof value !== 'string') return { field: 'password', problem: 'must be a string' };
  if (value.length < minPasswordLength || value.length > maxPasswordLength)
    return { field: 'password', problem: `must be ${minPasswordLength} to ${maxPasswordLength} characters` };
  return value;
}

// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

/** `true` → the default text; a text → itself, trimmed; false/absent → none. */
export function checkWatermark(value: unknown): string | undefined | FieldProblem {
  if (value === undefined || value === false || value === null) return undefined;
  if (value === true) return defaultWatermark;
  if (typeof value !== 'string') return { field: 'watermark', problem: 'must be true or the text to draw' };
  const text = value.trim();
  if (text === '' || text.length > maxWatermarkLength || controlCharacters.test(text))
    return {
      field: 'watermark',
      problem: `must be 1 to ${maxWatermarkLength} visible characters (no control or invisible characters)`,
    };
  return text;
}

// ---- what a hit reads through ------------------------------------------------------------------------------

/** One file ready to be sent. */
export interface SharedFile {
  stream: Readable;
  mediaType: string;
  fileName: string;
  /** Bytes, when known before sending (Content-Length, the hit's count). */
  size?: number;
  /** The content address of the bytes sent, when known (the ETag). */
  sha256?: string;
}

/**
 * Where a link's bytes come from: the rendition of an asset version for a preset (the rendition cache of the export
 * service), or the original when the preset is null — always read through the blob store as a stream.
 */
export interface SharedFileSource {
  /** Whether a preset of that name exists (checked when a link is made). */
  presetExists(name: string): Promise<boolean>;
  /** Whether the preset alters the picture (a crop) rather than delivering it resized or re-encoded. */
  altersPicture(name: string): Promise<boolean>;
  open(request: SharedFileRequest): Promise<SharedFile>;
}

/** The file a link's hit asks for: one asset version, in the link's preset (null: the original), its watermark drawn. */
export interface SharedFileRequest {
  assetId: string;
  version: number;
  preset: string | null;
  watermark?: string;
}

// ---- storage -----------------------------------------------------------------------------------------------

/** Which links a list shows: an owner's, or those kept in these teams (absent: every team); revoked ones on request. */
export interface ShareLinkFilter {
  ownerKey?: string;
  teamIds?: readonly string[];
  includeRevoked?: boolean;
}

export interface ShareLinkRepository {
  insert(link: StoredShareLink): Promise<void>;
  find(id: string): Promise<StoredShareLink | undefined>;
  findByTokenDigest(digest: string): Promise<StoredShareLink | undefined>;
  /** Newest first, keyset by id. */
  list(filter: ShareLinkFilter, page: { limit: number; cursor?: string }): Promise<Page<ShareLink>>;
  /** Marks it revoked unless it is already; false when it was. */
  revoke(id: string, at: string, by: string): Promise<boolean>;
  /** Stores the hit and counts it on its link (hit count, last hit). */
  recordHit(hit: ShareLinkHit): Promise<void>;
  /** Hits of the link with this outcome (and detail, when given) at or after `since`. */
  countHits(linkId: string, outcome: HitOutcome, since: string, detail?: string): Promise<number>;
  stats(linkId: string): Promise<ShareLinkStats>;
}
