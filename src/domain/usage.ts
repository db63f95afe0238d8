/**
 * The usage check's contract (issue 15): "may asset X, version V, be used on channel C in region R on
 * date D, as a derivative or not?" → allowed or denied with every reason. One pure function decides it
 * (domain/usage-check.ts) from the facts the rights service gathers; every delivery path — the original, renditions,
 * share links, exports — asks it before a byte leaves, and a denial is audited.
 */

/** The channels an organisation starts with; an operator may add their own (lower-case slugs). */
export const defaultChannels = ['web', 'social', 'print', 'ooh', 'email', 'internal'] as const;

/** The channel a download by a signed-in person is for when the request names none. */
export const internalChannel = 'internal';

export interface UsageRequest {
  assetId: string;
  /** The version to be used; the asset's current version when absent. */
  version?: number;
  /** A channel of the organisation's list (defaultChannels, or one the operator added). */
  channel: string;
  /** ISO 3166-1 alpha-2 code (upper case) of where it will be used; absent when not regional (an intranet). */
  region?: string;
  /** The day of use; now when absent. */
  at?: Date;
  /** Whether it will be altered (cropped, composited, edited) rather than used as delivered. */
  derivative?: boolean;
}

/**
 * Why a use is refused (`deny`) or allowed with something to heed (`warn`: a review date passed, a credit line to
 * print). Codes are stable for clients; messages say what to do.
 */
export const usageReasonCodes = [
  'asset_deleted',
  'quarantined',
  'not_approved',
  'version_not_approved',
  'rights_missing',
  'rights_not_cleared',
  'rights_not_yet_valid',
  'rights_expired',
  'channel_not_approved',
  'region_denied',
  'region_not_allowed',
  'derivative_not_allowed',
  'release_missing',
  'ai_label_missing',
  'review_due',
  'attribution_required',
] as const;
export type UsageReasonCode = (typeof usageReasonCodes)[number];

export interface UsageReason {
  code: UsageReasonCode;
  verdict: 'deny' | 'warn';
  message: string;
  /** The facts behind it (the expiry date, the channel list, …), for display. */
  details?: Record<string, unknown>;
}

export interface UsageDecision {
  allowed: boolean;
  assetId: string;
  version: number;
  channel: string;
  region?: string;
  at: Date;
  derivative: boolean;
  /** Every reason found, denials first; allowed is true exactly when none is a denial. */
  reasons: UsageReason[];
}

/**
 * The one gate every delivery path calls before any byte leaves: it runs the usage check for the caller (or, for a
 * share link, for the link), audits a denial, and throws USAGE_DENIED (with the decision in details) when denied.
 * Implemented by the rights service.
 */
export interface DeliveryGate {
  /** `via` names the path for the audit trail: 'original', 'rendition', 'share-link', 'export'. */
  authoriseDelivery(
    request: UsageRequest,
    delivery: { via: 'original' | 'rendition' | 'share-link' | 'export'; by: string },
  ): Promise<UsageDecision>;
}
