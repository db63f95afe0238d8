/**
 * Share links (issue 15 §4, decision 0036). People holding `share:manage` on a team make links to one of the team's
 * assets or collections — expiring, revocable, optionally password-protected — and list, revoke and count them. The
 * link's token is answered once, at creation; only its SHA-256 is kept.
 *
 * Anyone holding a token opens the link (`open`: what it shares) and downloads its files (`download`). Every hit
 * reads the link afresh (a revocation or the expiry counts from the next request), checks the password (a link
 * refuses to check more after too many wrong ones in a window), asks the delivery gate whether each asset may still
 * be used on the link's channel and region (rights, approval, quarantine: a change since the link was made counts),
 * and is recorded for the link's statistics, refused ones included.
 */
import { actorLabel, can, type RequestContext } from '../domain/access.ts';
import type { Page } from '../domain/asset.ts';
import { digestOf } from '../domain/audit.ts';
import { ownerOf, type Collection } from '../domain/collection.ts';
import { isProvenaError, notFound, ProvenaError, validationFailed, type FieldProblem } from '../domain/errors.ts';
import type { PasswordHasher } from '../domain/identity.ts';
import { isId, newId } from '../domain/ids.ts';
import type { UnitOfWork } from '../domain/ports.ts';
import {
  checkChannel,
  checkPresetName,
  checkRegion,
  checkSharePassword,
  checkWatermark,
  defaultMaxShareDays,
  digestsMatch,
  isShareTokenShape,
  maxSharedMembers,
  newShareToken,
  parseExpiry,
  passwordAttemptLimit,
  passwordAttemptWindowMs,
  shareTokenDigest,
  type HitOutcome,
  type SharedFile,
  type SharedFileSource,
  type ShareLink,
  type ShareLinkStats,
  type StoredShareLink,
  type UnavailableReason,
} from '../domain/share-link.ts';
import { defaultChannels, type DeliveryGate, type UsageDecision, type UsageReason } from '../domain/usage.ts';
import { authorise, authoriseOn, teamsInReach } from './authorise.ts';
import { pageRequest, visible } from './collection-keeping.ts';

type ShareLinkRepositories = 'shareLinks' | 'assets' | 'collections' | 'audit';

export interface ShareLinkServiceDeps {
  store: UnitOfWork<ShareLinkRepositories>;
  /** argon2id (auth/argon2-hasher.ts). */
  hasher: PasswordHasher;
  /** The usage check every delivery asks (the rights service). */
  gate: DeliveryGate;
  /** The bytes: a preset's cached rendition, or the original. */
  files: SharedFileSource;
  /** Whether `files` can draw a visible watermark (it needs the rendition service). */
  watermarks: boolean;
  /** The longest life a link may be given (PROVENA_SHARE_LINK_MAX_DAYS). */
  maxDays?: number;
  /** The organisation's channels (the rights service keeps the list); absent: the default channels. */
  channels?: () => Promise<readonly string[]>;
  now?: () => Date;
}

export interface NewShareLink {
  /** One of assetId or collection (an id, or the name of one of the caller's own collections). */
  assetId?: unknown;
  collection?: unknown;
  /** A duration (7d, 12h, 2w, 30m) or an ISO-8601 date and time. */
  expires: unknown;
  channel: unknown;
  region?: unknown;
  /** A rendition preset's name; absent or null: the original. */
  preset?: unknown;
  password?: unknown;
  /** true (the default text) or the text to draw on every downloaded image. */
  watermark?: unknown;
}

export interface CreatedShareLink {
  link: ShareLink;
  /** The secret: shown this once, never stored. */
  token: string;
  /** The public path of the link (`/s/<token>`), to be put after the server's address. */
  path: string;
}

/** What a link shares, as its holder sees it. */
export interface SharedView {
  kind: 'asset' | 'collection';
  /** The collection's name (a collection link). */
  title?: string;
  channel: string;
  region?: string;
  preset: string | null;
  watermark: boolean;
  expiresAt: string;
  items: SharedItem[];
}

export interface SharedItem {
  assetId: string;
  title: string;
  kind: string;
  /** Whether it may be downloaded now; when not, why (the usage check's refusals). */
  available: boolean;
  reasons?: { code: string; message: string }[];
}

export interface ShareLinkListQuery {
  /** mine (default): the caller's links; team: every link kept in a team where the caller holds share:manage. */
  scope?: unknown;
  includeRevoked?: unknown;
  limit?: unknown;
  cursor?: unknown;
}

/** The path of a link's public page. */
export const sharePath = (token: string): string => `/s/${token}`;

export class ShareLinkService {
  private readonly now: () => Date;
  private readonly maxDays: number;
  private readonly channels: () => Promise<readonly string[]>;

  constructor(private readonly deps: ShareLinkServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.maxDays = deps.maxDays ?? defaultMaxShareDays;
    // eslint-disable-next-line @typescript-eslint/require-await -- the port is asynchronous; the defaults are not
    this.channels = deps.channels ?? (async () => defaultChannels);
  }

  // ---- people with share:manage ------------------------------------------------------------------------------

  /** Makes a link to an asset or collection the caller may share; answers the token this once. */
  async create(ctx: RequestContext, input: NewShareLink): Promise<CreatedShareLink> {
    const now = this.now();
    const problems: FieldProblem[] = [];
    const given = [input.assetId, input.collection].filter((v) => v !== undefined && v !== null).length;
    if (given !== 1)
      problems.push({ field: 'assetId', problem: 'give exactly one of assetId or collection (what the link shares)' });
    if (
      input.assetId !== undefined &&
      input.assetId !== null &&
      (typeof input.assetId !== 'string' || !isId(input.assetId))
    )
      problems.push({ field: 'assetId', problem: 'must be an asset id (a UUID)' });
    if (
      input.collection !== undefined &&
      input.collection !== null &&
      (typeof input.collection !== 'string' || input.collection.trim() === '' || input.collection.length > 200)
    )
      problems.push({ field: 'collection', problem: 'must be a collection id or the name of one of yours' });
    const expires = parseExpiry(input.expires, now, this.maxDays);
    if (!(expires instanceof Date)) problems.push(expires);
    const channel = checkChannel(input.channel, await this.channels());
    if (typeof channel !== 'string') problems.push(channel);
    const region = input.region === undefined || input.region === null ? undefined : checkRegion(input.region);
    if (region !== undefined && typeof region !== 'string') problems.push(region);
    const preset = input.preset === undefined || input.preset === null ? null : checkPresetName(input.preset);
    if (preset !== null && typeof preset !== 'string') problems.push(preset);
    const password =
      input.password === undefined || input.password === null ? undefined : checkSharePassword(input.password);
    if (password !== undefined && typeof password !== 'string') problems.push(password);
    const watermark = checkWatermark(input.watermark);
    if (watermark !== undefined && typeof watermark !== 'string') problems.push(watermark);
    else if (watermark !== undefined && !this.deps.watermarks)
      problems.push({
        field: 'watermark',
        problem: 'this server cannot draw watermarks (it needs the rendition presets of the export service)',
      });
    else if (watermark !== undefined && (input.preset === undefined || input.preset === null))
      problems.push({
        field: 'watermark',
        problem: 'needs a preset: the original is served exactly as it is stored, so nothing can be drawn on it',
      });
    if (problems.length > 0) throw validationFailed(problems);
    if (typeof preset === 'string' && !(await this.deps.files.presetExists(preset)))
      throw validationFailed([{ field: 'preset', problem: `no rendition preset is named "${preset}"` }]);
    // Hashed before the transaction: argon2 takes its time, and holds no lock while it does.
    const passwordHash = typeof password === 'string' ? await this.deps.hasher.hash(password) : undefined;
    const token = newShareToken();
    return this.deps.store.transaction(async (tx) => {
      let scope: StoredShareLink['scope'];
      let teamId: string | null;
      let subject: Record<string, unknown>;
      if (typeof input.assetId === 'string') {
        const asset = authoriseOn(ctx, 'share:manage', await tx.assets.get(input.assetId), input.assetId);
        scope = { kind: 'asset', assetId: asset.id };
        teamId = asset.team?.id ?? null;
        subject = { assetId: asset.id, title: asset.title };
      } else {
        const ref = (input.collection as string).trim();
        const found: Collection | undefined = isId(ref)
          ? await tx.collections.findCollection(ref)
          : await tx.collections.findCollectionByName(ownerOf(ctx).key, ref);
        const collection = visible(ctx, found, 'Collection', ref);
        authorise(ctx, 'share:manage', collection.team.id);
        scope = { kind: 'collection', collectionId: collection.id };
        teamId = collection.team.id;
        subject = { collectionId: collection.id, name: collection.name };
      }
      const link: StoredShareLink = {
        id: newId(),
        scope,
        teamId,
        channel: channel as string,
        ...(typeof region === 'string' ? { region } : {}),
        preset: preset as string | null,
        ...(watermark !== undefined ? { watermark: watermark as string } : {}),
        passwordProtected: passwordHash !== undefined,
        expiresAt: (expires as Date).toISOString(),
        owner: ownerOf(ctx),
        createdAt: now.toISOString(),
        hitCount: 0,
        tokenDigest: shareTokenDigest(token),
        ...(passwordHash !== undefined ? { passwordHash } : {}),
      };
      await tx.shareLinks.insert(link);
      const shown = withoutSecrets(link);
      await tx.audit.append({
        actor: actorLabel(ctx.actor),
        action: 'share-link.created',
        subjectType: 'share-link',
        subjectId: link.id,
        // The digest of the link as listed: neither the token nor its digest enter the log.
        afterDigest: digestOf(shown),
        details: {
          ...subject,
          channel: link.channel,
          ...(link.region ? { region: link.region } : {}),
          preset: link.preset,
          watermark: link.watermark !== undefined,
          passwordProtected: link.passwordProtected,
          expiresAt: link.expiresAt,
        },
      });
      return { link: shown, token, path: sharePath(token) };
    });
  }

  /** The caller's links (scope mine), or those of the teams where they hold share:manage (scope team); newest first. */
  async list(ctx: RequestContext, query: ShareLinkListQuery = {}): Promise<Page<ShareLink>> {
    const page = pageRequest({ limit: query.limit, cursor: query.cursor });
    const scope = query.scope ?? 'mine';
    if (scope !== 'mine' && scope !== 'team')
      throw validationFailed([{ field: 'scope', problem: 'must be mine or team' }]);
    if (query.includeRevoked !== undefined && typeof query.includeRevoked !== 'boolean')
      throw validationFailed([{ field: 'includeRevoked', problem: 'must be true or false' }]);
    const includeRevoked = query.includeRevoked === true;
    if (scope === 'mine') return this.deps.store.shareLinks.list({ ownerKey: ownerOf(ctx).key, includeRevoked }, page);
    const teamIds = teamsInReach(ctx, 'share:manage');
    return this.deps.store.shareLinks.list({ ...(teamIds ? { teamIds } : {}), includeRevoked }, page);
  }

  async get(ctx: RequestContext, id: string): Promise<ShareLink> {
    return withoutSecrets(this.managed(ctx, await this.find(id), id));
  }

  /** Revokes it from the next request on; revoking a revoked link changes nothing. */
  async revoke(ctx: RequestContext, id: string): Promise<ShareLink> {
    return this.deps.store.transaction(async (tx) => {
      const link = this.managed(ctx, await this.find(id, tx), id);
      if (link.revokedAt) return withoutSecrets(link);
      const at = this.now().toISOString();
      const by = actorLabel(ctx.actor);
      await tx.shareLinks.revoke(link.id, at, by);
      const after = { ...withoutSecrets(link), revokedAt: at, revokedBy: by };
      await tx.audit.append({
        actor: by,
        action: 'share-link.revoked',
        subjectType: 'share-link',
        subjectId: link.id,
        beforeDigest: digestOf(withoutSecrets(link)),
        afterDigest: digestOf(after),
        details: { hits: link.hitCount },
      });
      return after;
    });
  }

  async stats(ctx: RequestContext, id: string): Promise<ShareLinkStats> {
    const link = this.managed(ctx, await this.find(id), id);
    return this.deps.store.shareLinks.stats(link.id);
  }

  // ---- whoever holds the token -------------------------------------------------------------------------------

  /**
   * What the link shares, each asset checked for use now. An asset link whose asset may not be used is refused
   * (USAGE_DENIED with the reasons); a collection link lists every member it shares, those refused marked so.
   * `ctx` is the visitor's (no account: the token is the authority).
   */
  async open(_ctx: RequestContext, token: unknown, password?: unknown): Promise<SharedView> {
    const link = await this.admit(token, password, 'open');
    const view = {
      channel: link.channel,
      ...(link.region ? { region: link.region } : {}),
      preset: link.preset,
      watermark: link.watermark !== undefined,
      expiresAt: link.expiresAt,
    };
    if (link.scope.kind === 'asset') {
      const assetId = link.scope.assetId;
      await this.check(link, assetId, 'open');
      const asset = await this.deps.store.assets.get(assetId);
      if (!asset) throw await this.refuse(link, 'denied', 'open', unavailable('unknown'), assetId);
      await this.hit(link, 'allowed', 'open', assetId);
      return {
        kind: 'asset',
        ...view,
        items: [{ assetId, title: asset.title, kind: asset.kind, available: true }],
      };
    }
    const collectionId = link.scope.collectionId;
    const collection = await this.deps.store.collections.findCollection(collectionId);
    const members = await this.deps.store.collections.members(
      collectionId,
      { teamIds: link.teamId ? [link.teamId] : [] },
      { limit: maxSharedMembers },
    );
    const items: SharedItem[] = [];
    const derivative = await this.derivative(link);
    for (const member of members.items) {
      const decision = await this.decide(link, member.assetId, derivative);
      items.push({
        assetId: member.assetId,
        title: member.title,
        kind: member.kind,
        available: decision.allowed,
        ...(decision.allowed ? {} : { reasons: denials(decision) }),
      });
    }
    await this.hit(link, items.some((i) => i.available) ? 'allowed' : 'denied', 'open');
    return { kind: 'collection', ...(collection ? { title: collection.name } : {}), ...view, items };
  }

  /**
   * One shared file: the link's asset (or `assetId`, a member a collection link shares), in the link's preset,
   * once the usage check allows it now.
   */
  async download(_ctx: RequestContext, token: unknown, password?: unknown, assetId?: unknown): Promise<SharedFile> {
    const link = await this.admit(token, password, 'download');
    const target = await this.target(link, assetId);
    const decision = await this.check(link, target, 'download');
    const file = await this.deps.files.open({
      assetId: target,
      version: decision.version,
      preset: link.preset,
      ...(link.watermark !== undefined ? { watermark: link.watermark } : {}),
    });
    await this.hit(link, 'allowed', 'download', target, file.size);
    return file;
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  private async find(
    id: string,
    repos: Pick<UnitOfWork<'shareLinks'>, 'shareLinks'> = this.deps.store,
  ): Promise<StoredShareLink | undefined> {
    return typeof id === 'string' && isId(id) ? repos.shareLinks.find(id) : undefined;
  }

  /**
   * A link the context may manage: its owner's, or one kept in a team where it holds share:manage. Whoever may read
   * the team's assets but not share them is FORBIDDEN naming the permission; anyone else is told it does not exist.
   */
  private managed(ctx: RequestContext, link: StoredShareLink | undefined, id: string): StoredShareLink {
    if (link && link.owner.key === ownerOf(ctx).key) return link;
    if (!link || !can(ctx, 'asset:read', link.teamId)) throw notFound('Share link', id);
    authorise(ctx, 'share:manage', link.teamId);
    return link;
  }

  /**
   * The link the token opens, once its password (if any) is right; every refusal of a known link is a hit. Unknown
   * and malformed tokens get the same answer.
   */
  private async admit(token: unknown, password: unknown, detail: 'open' | 'download'): Promise<StoredShareLink> {
    if (!isShareTokenShape(token)) throw unavailable('unknown');
    const digest = shareTokenDigest(token);
    const link = await this.deps.store.shareLinks.findByTokenDigest(digest);
    if (!link || !digestsMatch(link.tokenDigest, digest)) throw unavailable('unknown');
    const now = this.now();
    if (link.revokedAt) throw await this.refuse(link, 'revoked', detail, unavailable('revoked'));
    if (Date.parse(link.expiresAt) <= now.getTime())
      throw await this.refuse(link, 'expired', detail, unavailable('expired'));
    if (link.passwordHash === undefined) return link;
    if (typeof password !== 'string' || password === '')
      throw await this.refuse(link, 'password', 'missing', passwordRefused('missing'));
    // Checked before the password is: past the limit, no guess is tried at all.
    const since = new Date(now.getTime() - passwordAttemptWindowMs).toISOString();
    const wrong = await this.deps.store.shareLinks.countHits(link.id, 'password', since, 'wrong');
    if (wrong >= passwordAttemptLimit) {
      const retryAfterSeconds = passwordAttemptWindowMs / 1000;
      throw await this.refuse(
        link,
        'locked',
        detail,
        new ProvenaError(
          'RATE_LIMITED',
          `Too many wrong passwords for this share link: at most ${passwordAttemptLimit} in ${passwordAttemptWindowMs / 60_000} minutes; retry later.`,
          { limit: passwordAttemptLimit, windowSeconds: retryAfterSeconds, retryAfterSeconds },
        ),
      );
    }
    if (password.length > 1000 || !(await this.deps.hasher.verify(link.passwordHash, password)))
      throw await this.refuse(link, 'password', 'wrong', passwordRefused('wrong'));
    return link;
  }

  /** The asset a download is for: the link's own, or a member a collection link shares. */
  private async target(link: StoredShareLink, assetId: unknown): Promise<string> {
    if (assetId !== undefined && (typeof assetId !== 'string' || !isId(assetId)))
      throw validationFailed([{ field: 'assetId', problem: 'must be an asset id (a UUID)' }]);
    const notShared = () => notFound('Shared asset', assetId as string);
    if (link.scope.kind === 'asset') {
      if (assetId !== undefined && assetId !== link.scope.assetId)
        throw await this.refuse(link, 'denied', 'download', notShared());
      return link.scope.assetId;
    }
    if (assetId === undefined)
      throw validationFailed([{ field: 'assetId', problem: 'required: which asset of the shared collection' }]);
    const collections = this.deps.store.collections;
    const member = (await collections.positionsOf(link.scope.collectionId, [assetId])).has(assetId);
    const [candidate] = member ? await collections.candidates([assetId]) : [];
    if (!candidate || candidate.deleted || candidate.teamId !== link.teamId)
      throw await this.refuse(link, 'denied', 'download', notShared());
    return assetId;
  }

  /** The usage check for this link now; a refusal is a hit and USAGE_DENIED with what a visitor may know. */
  private async check(link: StoredShareLink, assetId: string, detail: 'open' | 'download'): Promise<UsageDecision> {
    const decision = await this.decide(link, assetId, await this.derivative(link));
    if (decision.allowed) return decision;
    const reasons = denials(decision);
    throw await this.refuse(
      link,
      'denied',
      detail,
      new ProvenaError(
        'USAGE_DENIED',
        `This shared file may no longer be used on the ${link.channel} channel${link.region ? ` in ${link.region}` : ''}: ${reasons.map((r) => r.message).join(' ')}`,
        { reasons },
      ),
      assetId,
    );
  }

  /** Whether the link's files alter the picture (a watermark drawn, a preset that crops): a derivative use. */
  private async derivative(link: StoredShareLink): Promise<boolean> {
    if (link.watermark !== undefined) return true;
    return link.preset !== null && (await this.deps.files.altersPicture(link.preset));
  }

  /** The gate's decision; its refusal (USAGE_DENIED, audited by the gate) is read as a denied decision. */
  private async decide(link: StoredShareLink, assetId: string, derivative: boolean): Promise<UsageDecision> {
    const at = this.now();
    try {
      return await this.deps.gate.authoriseDelivery(
        { assetId, channel: link.channel, ...(link.region ? { region: link.region } : {}), at, derivative },
        { via: 'share-link', by: `share-link:${link.id}` },
      );
    } catch (error) {
      const decision = isProvenaError(error) && error.code === 'USAGE_DENIED' ? error.details.decision : undefined;
      if (isDecision(decision)) return decision;
      if (isProvenaError(error) && error.code === 'NOT_FOUND')
        return {
          allowed: false,
          assetId,
          version: 0,
          channel: link.channel,
          at,
          derivative,
          reasons: [{ code: 'asset_deleted', verdict: 'deny', message: 'The asset no longer exists.' }],
        };
      throw error;
    }
  }

  private async hit(
    link: StoredShareLink,
    outcome: HitOutcome,
    detail: string,
    assetId?: string,
    bytes?: number,
  ): Promise<void> {
    await this.deps.store.transaction(async (tx) =>
      tx.shareLinks.recordHit({
        id: newId(),
        linkId: link.id,
        at: this.now().toISOString(),
        outcome,
        detail,
        ...(assetId ? { assetId } : {}),
        ...(bytes !== undefined ? { bytes } : {}),
      }),
    );
  }

  /** Records the refused hit and answers the error to throw. */
  private async refuse(
    link: StoredShareLink,
    outcome: HitOutcome,
    detail: string,
    error: ProvenaError,
    assetId?: string,
  ): Promise<ProvenaError> {
    await this.hit(link, outcome, detail, assetId);
    return error;
  }
}

function withoutSecrets(link: StoredShareLink): ShareLink {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { tokenDigest, passwordHash, ...shown } = link;
  return shown;
}

const unavailableMessages: Record<UnavailableReason, string> = {
  unknown: 'This share link does not exist. Check that the whole address was copied, or ask its owner for a new one.',
  revoked: 'This share link was revoked by its owner. Ask them for a new one.',
  expired: 'This share link has expired. Ask its owner for a new one.',
};

function unavailable(reason: UnavailableReason): ProvenaError {
  return new ProvenaError('SHARE_LINK_UNAVAILABLE', unavailableMessages[reason], { reason });
}

function passwordRefused(reason: 'missing' | 'wrong'): ProvenaError {
  return new ProvenaError(
    'SHARE_LINK_PASSWORD',
    reason === 'missing'
      ? 'This share link is protected by a password: send it in the X-Share-Password header.'
      : 'The password (X-Share-Password) is wrong for this share link.',
    { reason, header: 'X-Share-Password' },
  );
}

/** The refusals of a decision, as a visitor sees them (codes and messages, not the facts behind them). */
const denials = (decision: UsageDecision): { code: string; message: string }[] =>
  decision.reasons.filter((r: UsageReason) => r.verdict === 'deny').map((r) => ({ code: r.code, message: r.message }));

function isDecision(value: unknown): value is UsageDecision {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as UsageDecision).allowed === 'boolean' &&
    Array.isArray((value as UsageDecision).reasons)
  );
}
