/**
 * The authorisation matrices' common ground (src/http/authorization-matrix.test.ts for the API,
 * src/cli/authorization-matrix.test.ts for the command line): what a call needs, what the role model of
 * domain/access.ts then says each caller gets, and the subjects calls are about — an asset, a family, a user, a token,
 * a job of the caller's own team or of another, made on first use.
 */
import { Readable } from 'node:stream';
import sharp from 'sharp';
import {
  allTeams,
  isTeamScoped,
  rolePermissions,
  roles,
  tokenScopes,
  type Permission,
  type RequestContext,
  type Role,
  type TokenScope,
} from '../src/domain/access.ts';
import type { AssetStatus, AssetWithVersions } from '../src/domain/asset.ts';
import type { Runtime } from '../src/main/runtime.ts';
import { FamilyService } from '../src/services/family.service.ts';
import { operator } from './contexts.ts';
import { completeFields } from './runtime.ts';

/** Whose subject the call is about: the caller's team's, another team's (for a user or team: themselves or another). */
export type Relation = 'own' | 'other';
/** What a route needs: nobody (public), any signed-in account, or a permission. */
export type Need = 'public' | 'signed-in' | Permission;

/** What a call is about, made on first use (a rule pays only for what its request reads). */
export interface Subjects {
  /** An asset of the team (status as the rule asked; tier 1 under the shipped policy). */
  asset(): Promise<AssetWithVersions>;
  /** A suggested variant family of two assets of the team; `second`, another one. */
  family(which?: 'first' | 'second'): Promise<string>;
  teamId: string;
  teamName: string;
  /** The caller's own username (own), or another user's (other). */
  username(): Promise<string>;
  /** An API token id of that user. */
  tokenId(): Promise<string>;
  job(): Promise<string>;
  /**
   * A collection kept in the team and shared with it, holding the team's asset (`asset()`): the caller's own (own
   * relation), or the operator's (another team's); and a saved search likewise.
   */
  collection(): Promise<string>;
  savedSearch(): Promise<string>;
  /** The id of a share link to the team's asset, made by the operator (no caller owns it). */
  shareLink(): Promise<string>;
}

export interface MatrixRule {
  /** What the route needs; a function when it depends on whose subject it is (one's own account needs nothing). */
  needs: Need | ((relation: Relation) => Need);
  /**
   * How a caller who may not see the subject is answered: 'hidden' (an asset or family of a team they cannot read:
   * 404, the default for team-scoped permissions), or 'forbidden' (403: the subject is not secret).
   */
  denial?: 'hidden' | 'forbidden';
  /** The status the subject asset is put in first. */
  status?: AssetStatus;
  /** A permitted call changes its subject for good (deletes it, say): each permitted call gets subjects of its own. */
  fresh?: boolean;
  /** A list, narrowed rather than refused: expected present (the caller may read the subject) or absent. */
  lists?: boolean;
}

/** A small PNG whose pixels spell `n`: distinct bytes for every n (samplePng's colours repeat every 256 seeds). */
export function uniquePng(n: number): Promise<Buffer> {
  const pixels = Buffer.alloc(16 * 16 * 3, 200);
  pixels.writeUInt32BE(n, 0);
  return sharp(pixels, { raw: { width: 16, height: 16, channels: 3 } })
    .png()
    .toBuffer();
}
/** Fields that give tier 1 under the shipped policy (internal use), for the team. */
export const fieldsFor = (teamName: string) => ({ ...completeFields, intendedUse: 'internal', team: teamName });

/** One's own account needs nothing more than being signed in; anyone else's is users:manage. */
export const ownOrManage = (relation: Relation): Need => (relation === 'own' ? 'signed-in' : 'users:manage');

export type Caller = Role | 'anonymous';
/** allowed; for a list, allowed with the subject in it (present) or without (absent); or refused. */
export type Expected = 'allowed' | 'present' | 'absent' | 401 | 403 | 404;

/** What the role model says a caller holding `role` on their own team gets for the rule on a subject of `relation`. */
export function expectedFor(caller: Caller, relation: Relation, rule: MatrixRule): Expected {
  const need = typeof rule.needs === 'function' ? rule.needs(relation) : rule.needs;
  if (need === 'public') return 'allowed';
  if (caller === 'anonymous') return 401;
  if (need === 'signed-in') return 'allowed';
  const granted = rolePermissions[caller].includes(need);
  // Admin holds every permission on every team; other roles only on their own team.
  const onSubject = caller === 'admin' || relation === 'own' || !isTeamScoped(need);
  if (rule.lists) return granted && onSubject ? 'present' : 'absent';
  if (granted && onSubject) return 'allowed';
  if (!isTeamScoped(need) || rule.denial === 'forbidden') return 403;
  // Every role reads its own team's assets; another team's are hidden from all but admins.
  return relation === 'own' ? 403 : 404;
}

/** Memoises a maker: a subject is made on its first use only. */
export const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
};

/** A caller of the matrix: one user per role, on the own team (admin on every team), with a token of every scope. */
export interface MatrixCaller {
  username: string;
  userId: string;
  /** The secret of their API token with every scope. */
  token: string;
}

/**
 * The two teams, a caller per role, and the subjects of calls, over a runtime. `setUp` once (names unique per dialect),
 * then `subjectsFor` each call.
 */
export function matrixFixtures(runtime: () => Runtime) {
  const rt = () => runtime();
  const teams = {} as Record<Relation, { id: string; name: string }>;
  /** One user per role, on the own team (admin on every team), with a token of every scope. */
  const callers = new Map<Role, MatrixCaller>();
  let seed = 0;

  const makeAsset = async (teamName: string, status?: AssetStatus): Promise<AssetWithVersions> => {
    seed += 1;
    const { asset } = await rt().intake.intake(operator, Readable.from([await uniquePng(seed)]), {
      fileName: `matrix-${seed}.png`,
      fields: fieldsFor(teamName),
      mode: 'interactive',
    });
    if (status && status !== asset.status)
      await rt().store.transaction((tx) =>
        tx.assets.setStatus(asset.id, status, new Date().toISOString(), asset.status),
      );
    return { ...asset, status: status ?? asset.status };
  };

  const makeFamily = async (teamName: string): Promise<string> => {
    const batch = `matrix-batch-${++seed}`;
    const suggest = new FamilyService({ store: rt().store, workflow: rt().workflow, batchIdOf: () => batch });
    const members = [await makeAsset(teamName), await makeAsset(teamName)];
    for (const m of members)
      await rt().store.transaction((tx) => suggest.suggestFor(operator, tx, m, m.versions[0]!, []));
    return (await rt().families.familyOf(operator, members[0]!.id))!.id;
  };

  const makeJob = async (): Promise<string> =>
    (
      await rt().store.transaction((tx) =>
        tx.jobs.enqueue({ name: `matrix.${++seed}`, queue: 'maintenance', payload: {}, maxAttempts: 1 }),
      )
    ).job.id;

  /** A shared collection (with the asset as member) and a shared saved search of the team, kept by `ctx`. */
  const makeCollection = async (ctx: RequestContext, teamId: string, asset: () => Promise<AssetWithVersions>) => {
    const made = await rt().collections.create(ctx, { name: `matrix ${++seed}`, team: teamId, visibility: 'team' });
    await rt().collections.addMembers(operator, made.id, [(await asset()).id]);
    return made.id;
  };
  const makeSavedSearch = async (ctx: RequestContext, teamId: string) =>
    (
      await rt().savedSearches.create(ctx, {
        name: `matrix ${++seed}`,
        query: 'sunset',
        team: teamId,
        visibility: 'team',
      })
    ).id;

  const makeUser = async (role: Role | undefined, teamId: string) => {
    const username = `m-${role ?? 'other'}-${++seed}`;
    const account = await rt().identity.createUser(operator, {
      username,
      memberships: role ? [{ teamId: role === 'admin' ? allTeams : teamId, role }] : [],
    });
    return { username, userId: account.id };
  };
  const tokenOf = async (userId: string, scopes: TokenScope[]) => {
    const ctx = await rt().identity.contextOf(userId);
    return rt().identity.createToken(ctx, { name: `matrix ${++seed}`, scopes });
  };

  /**
   * Subjects for a call by `caller` about `relation`: shared per relation and status unless fresh. The user of
   * relation `own` is the caller themselves.
   */
  const shared = new Map<string, Subjects>();
  const subjectsFor = (rule: MatrixRule, caller: Caller, relation: Relation, fresh: boolean): Subjects => {
    const key = `${relation}:${rule.status ?? ''}`;
    let subjects = fresh ? undefined : shared.get(key);
    if (!subjects) {
      const team = teams[relation];
      const otherUser = once(() => makeUser(undefined, team.id));
      const first = once(() => makeFamily(team.name));
      const second = once(() => makeFamily(team.name));
      const asset = once(() => makeAsset(team.name, rule.status));
      subjects = {
        asset,
        collection: once(() => makeCollection(operator, team.id, asset)),
        savedSearch: once(() => makeSavedSearch(operator, team.id)),
        shareLink: once(
          async () =>
            (await rt().shareLinks.create(operator, { assetId: (await asset()).id, expires: '7d', channel: 'web' }))
              .link.id,
        ),
        family: (which = 'first') => (which === 'first' ? first() : second()),
        teamId: team.id,
        teamName: team.name,
        username: async () => (await otherUser()).username,
        tokenId: once(async () => (await tokenOf((await otherUser()).userId, ['read'])).token.id),
        job: once(makeJob),
      };
      if (!fresh) shared.set(key, subjects);
    }
    if (relation !== 'own' || caller === 'anonymous') return subjects;
    const me = callers.get(caller)!;
    const mine = once(() => rt().identity.contextOf(me.userId));
    const own = subjects;
    return {
      ...subjects,
      collection: once(async () => makeCollection(await mine(), own.teamId, () => own.asset())),
      savedSearch: once(async () => makeSavedSearch(await mine(), own.teamId)),
      username: () => Promise.resolve(me.username),
      tokenId: once(async () => (await tokenOf(me.userId, ['read'])).token.id),
    };
  };

  /** The two teams and a caller per role. */
  async function setUp(dialect: string): Promise<void> {
    teams.own = await rt().identity.createTeam(operator, `Matrix own ${dialect}`);
    teams.other = await rt().identity.createTeam(operator, `Matrix other ${dialect}`);
    for (const role of roles) {
      const user = await makeUser(role, teams.own.id);
      const { secret } = await tokenOf(user.userId, [...tokenScopes]);
      callers.set(role, { ...user, token: secret });
    }
  }

  return { setUp, subjectsFor, callers, teams };
}
