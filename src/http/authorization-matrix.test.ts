/**
 * The authorisation matrix: every route of the API × every role × a subject of the caller's own team, of another
 * team, and no credentials at all — the expected answer computed from one table (`rules`: what each route needs) and
 * the role model of domain/access.ts, checked over real API tokens on both dialects. A route of the API description
 * without a rule fails the test, so a new route cannot ship without saying who may call it.
 *
 * Expected answers: no credentials → 401 (public routes excepted); a subject the caller may not read → 404, word for
 * word what a missing one gives; a permission missing on a subject the caller can see → 403; otherwise the call is
 * allowed, whatever it then answers (409 for a transition out of order, 400 for a body a permitted caller got wrong).
 */
import type { InjectOptions } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { operatorContext, roles } from '../domain/access.ts';
import { newShareToken } from '../domain/share-link.ts';
import { requestableTransitions, transitions } from '../domain/workflow.ts';
import {
  expectedFor,
  fieldsFor,
  matrixFixtures,
  ownOrManage,
  uniquePng,
  type Expected,
  type MatrixRule,
  type Subjects,
} from '../../test/authorization.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { bearer, testAdminPassword, useTestApp, type TestApp } from '../../test/http-app.ts';
import { fieldParts, multipart } from '../../test/multipart.ts';

interface Rule extends Omit<MatrixRule, 'lists'> {
  /**
   * For a list, narrowed rather than refused: whether the subject is in the answer. A caller who may not read the
   * subject must get an answer without it, one who may, with it.
   */
  lists?: (body: unknown, s: Subjects) => Promise<boolean>;
  request(s: Subjects): Promise<InjectOptions> | InjectOptions;
}

const json = (method: InjectOptions['method'], url: string, payload?: object): InjectOptions => ({
  method,
  url,
  ...(payload ? { payload } : {}),
});
const get = (url: string): InjectOptions => ({ method: 'GET', url });

let made = 0;
/** A multipart upload of a fresh PNG, with complete fields for the team (a new asset) or none (a new version). */
async function upload(url: string, teamName?: string): Promise<InjectOptions> {
  made += 1;
  const { body, headers } = multipart([
    ...(teamName ? fieldParts(fieldsFor(teamName)) : []),
    { name: 'file', value: await uniquePng(1_000_000 + made), fileName: `u-${made}.png`, contentType: 'image/png' },
  ]);
  return { method: 'POST', url, payload: body, headers };
}

/** Names of presets the matrix makes (a counter of their own: other names count with `made`). */
let presetsMade = 0;

/** The brand the brand routes are called on (made with its first guideline before the calls). */
const matrixBrand = 'matrix';
const matrixGuideline = {
  brand: { name: 'Matrix' },
  appliesTo: { teams: ['No team of the matrix'] },
  rules: [{ id: 'no-artists', type: 'prompt', forbidden: ['picasso'] }],
};

const asset = async (s: Subjects) => `/api/v1/assets/${(await s.asset()).id}`;
const assetId = async (s: Subjects) => (await s.asset()).id;
const family = async (s: Subjects) => `/api/v1/families/${await s.family()}`;
const ids = (body: unknown) => (body as { items: { id: string }[] }).items.map((i) => i.id);

/**
 * The table: `METHOD /path` as in the API description, with a ` · variant` suffix where one route is called several
 * ways (each requestable transition).
 */
const rules: Record<string, Rule> = {
  'GET /healthz': { needs: 'public', request: () => get('/healthz') },
  'GET /readyz': { needs: 'public', request: () => get('/readyz') },

  // Signing in, signing out and the first admin are open; the session is one's own.
  'GET /api/v1/auth/status': { needs: 'public', request: () => get('/api/v1/auth/status') },
  'POST /api/v1/auth/setup': {
    needs: 'public',
    request: () =>
      json('POST', '/api/v1/auth/setup', { setupToken: 'pvs_nope', username: 'nobody', password: 'x'.repeat(16) }),
  },
  'POST /api/v1/auth/login': {
    needs: 'public',
    request: () => json('POST', '/api/v1/auth/login', { username: 'admin', password: testAdminPassword }),
  },
  'POST /api/v1/auth/logout': { needs: 'public', request: () => json('POST', '/api/v1/auth/logout') },
  'GET /api/v1/auth/session': { needs: 'signed-in', request: () => get('/api/v1/auth/session') },

  // Assets.
  'GET /api/v1/assets': {
    needs: 'asset:read',
    lists: async (body, s) => ids(body).includes(await assetId(s)),
    request: async (s) => get(`/api/v1/assets?q=${encodeURIComponent((await s.asset()).title)}`),
  },
  'POST /api/v1/assets': {
    needs: 'asset:create',
    denial: 'forbidden',
    request: (s) => upload('/api/v1/assets', s.teamName),
  },
  'GET /api/v1/assets/{id}': { needs: 'asset:read', request: async (s) => get(await asset(s)) },
  'PATCH /api/v1/assets/{id}': {
    needs: 'asset:edit',
    request: async (s) => json('PATCH', await asset(s), { title: `Renamed ${++made}` }),
  },
  'DELETE /api/v1/assets/{id}': {
    needs: 'asset:delete',
    fresh: true,
    request: async (s) => json('DELETE', await asset(s)),
  },
  'POST /api/v1/assets/{id}/restore': {
    needs: 'asset:restore',
    denial: 'forbidden',
    request: async (s) => json('POST', `${await asset(s)}/restore`),
  },
  'GET /api/v1/assets/{id}/history': { needs: 'asset:read', request: async (s) => get(`${await asset(s)}/history`) },
  'GET /api/v1/assets/{id}/original': { needs: 'asset:read', request: async (s) => get(`${await asset(s)}/original`) },
  'GET /api/v1/assets/{id}/enrichments': {
    needs: 'asset:read',
    request: async (s) => get(`${await asset(s)}/enrichments`),
  },
  'GET /api/v1/assets/{id}/renditions/{role}': {
    needs: 'asset:read',
    request: async (s) => get(`${await asset(s)}/renditions/thumbnail`),
  },

  // Rights: read with the asset, set by legal, compliance and admins; the channel list is organisation-wide.
  'GET /api/v1/assets/{id}/rights': { needs: 'asset:read', request: async (s) => get(`${await asset(s)}/rights`) },
  'PUT /api/v1/assets/{id}/rights': {
    needs: 'rights:edit',
    // A permitted caller after the first replaces a stale revision (409): still a call the role was allowed.
    request: async (s) =>
      json('PUT', `${await asset(s)}/rights`, { expectedRevision: 0, record: { status: 'pending' } }),
  },
  'GET /api/v1/assets/{id}/rights/history': {
    needs: 'asset:read',
    request: async (s) => get(`${await asset(s)}/rights/history`),
  },
  'POST /api/v1/usage-checks': {
    needs: 'asset:read',
    request: async (s) => json('POST', '/api/v1/usage-checks', { assetId: await assetId(s), channel: 'internal' }),
  },
  'GET /api/v1/channels': { needs: 'signed-in', request: () => get('/api/v1/channels') },
  'POST /api/v1/channels': {
    needs: 'channels:manage',
    request: () => json('POST', '/api/v1/channels', { name: `matrix-${++made}` }),
  },
  'DELETE /api/v1/channels/{name}': {
    needs: 'channels:manage',
    request: () => json('DELETE', '/api/v1/channels/no-such-channel'),
  },
  // Presets: anyone signed in reads them (an export names one); changing them is presets:manage.
  'GET /api/v1/presets': { needs: 'signed-in', request: () => get('/api/v1/presets') },
  'GET /api/v1/presets/{name}': { needs: 'signed-in', request: () => get('/api/v1/presets/web-1600') },
  'POST /api/v1/presets': {
    needs: 'presets:manage',
    request: () => json('POST', '/api/v1/presets', { name: `matrix-${++presetsMade}`, format: 'webp' }),
  },
  'PUT /api/v1/presets/{name}': {
    needs: 'presets:manage',
    request: () => json('PUT', `/api/v1/presets/matrix-put-${++presetsMade}`, { format: 'png' }),
  },
  'DELETE /api/v1/presets/{name}': {
    needs: 'presets:manage',
    request: () => json('DELETE', '/api/v1/presets/no-such-preset'),
  },
  // Exports: reading the asset is enough; the usage check (the delivery gate) decides the channel.
  'GET /api/v1/assets/{id}/export': {
    needs: 'asset:read',
    request: async (s) => get(`${await asset(s)}/export?preset=thumbnail-400&channel=internal`),
  },
  'GET /api/v1/assets/{id}/jsonld': { needs: 'asset:read', request: async (s) => get(`${await asset(s)}/jsonld`) },
  'POST /api/v1/exports': {
    needs: 'asset:read',
    request: async (s) =>
      json('POST', '/api/v1/exports', { assetIds: [await assetId(s)], preset: 'thumbnail-400', channel: 'internal' }),
  },
  'POST /api/v1/assets/{id}/versions': {
    needs: 'asset:create',
    fresh: true,
    request: async (s) => upload(`${await asset(s)}/versions`),
  },
  'POST /api/v1/assets/{id}/versions/{n}/revert': {
    needs: 'asset:create',
    fresh: true,
    request: async (s) => json('POST', `${await asset(s)}/versions/1/revert`),
  },
  ...Object.fromEntries(
    requestableTransitions.map((name): [string, Rule] => [
      `POST /api/v1/assets/{id}/transitions · ${name}`,
      {
        needs: transitions[name].permission!,
        fresh: true,
        status: transitions[name].from[0]!,
        request: async (s) => json('POST', `${await asset(s)}/transitions`, { name, reason: 'the matrix asks' }),
      },
    ]),
  ),

  // Review (tier 1: a reviewer signs off).
  'GET /api/v1/review/queue': { needs: 'signed-in', request: () => get('/api/v1/review/queue') },
  'GET /api/v1/review/counts': { needs: 'signed-in', request: () => get('/api/v1/review/counts') },
  // Figures narrowed to the caller's teams (asset:read), like search: anyone signed in gets their own (zeros without a
  // role that reads); src/storage/dashboard.repository.test.ts checks the narrowing.
  'GET /api/v1/dashboard': { needs: 'signed-in', request: () => get('/api/v1/dashboard?days=30') },
  'GET /api/v1/roles': { needs: 'signed-in', request: () => get('/api/v1/roles') },
  'GET /api/v1/assets/{id}/review': { needs: 'asset:read', request: async (s) => get(`${await asset(s)}/review`) },
  'POST /api/v1/assets/{id}/review/claim': {
    needs: 'review:tier1',
    status: 'in_review',
    fresh: true,
    request: async (s) => json('POST', `${await asset(s)}/review/claim`),
  },
  // Releasing a claim nobody holds changes nothing: anyone who sees the asset may ask.
  'DELETE /api/v1/assets/{id}/review/claim': {
    needs: 'asset:read',
    status: 'in_review',
    request: async (s) => json('DELETE', `${await asset(s)}/review/claim`),
  },
  'POST /api/v1/assets/{id}/review/decisions': {
    needs: 'review:tier1',
    status: 'in_review',
    fresh: true,
    request: async (s) =>
      json('POST', `${await asset(s)}/review/decisions`, { decision: 'request-changes', reason: 'the matrix asks' }),
  },
  'GET /api/v1/assets/{id}/comments': { needs: 'asset:read', request: async (s) => get(`${await asset(s)}/comments`) },
  'POST /api/v1/assets/{id}/comments': {
    needs: 'review:comment',
    request: async (s) => json('POST', `${await asset(s)}/comments`, { body: 'a note from the matrix' }),
  },

  // Families.
  'GET /api/v1/families': {
    needs: 'asset:read',
    lists: async (body, s) => ids(body).includes(await s.family()),
    // The family exists before the list is asked for.
    request: async (s) => (await s.family(), get('/api/v1/families?limit=200')),
  },
  'GET /api/v1/families/{id}': { needs: 'asset:read', request: async (s) => get(await family(s)) },
  'POST /api/v1/families/{id}/confirm': {
    needs: 'family:manage',
    fresh: true,
    request: async (s) => json('POST', `${await family(s)}/confirm`, {}),
  },
  'POST /api/v1/families/{id}/canonical': {
    needs: 'family:manage',
    fresh: true,
    request: async (s) => json('POST', `${await family(s)}/canonical`, { assetId: await assetId(s) }),
  },
  'POST /api/v1/families/{id}/deprecate-rest': {
    needs: 'family:manage',
    fresh: true,
    request: async (s) => json('POST', `${await family(s)}/deprecate-rest`),
  },
  'POST /api/v1/families/{id}/members': {
    needs: 'family:manage',
    fresh: true,
    request: async (s) => json('POST', `${await family(s)}/members`, { assetId: await assetId(s) }),
  },
  'DELETE /api/v1/families/{id}/members/{assetId}': {
    needs: 'family:manage',
    fresh: true,
    request: async (s) => json('DELETE', `${await family(s)}/members/${await assetId(s)}`),
  },
  'POST /api/v1/families/{id}/merge': {
    needs: 'family:manage',
    fresh: true,
    request: async (s) => json('POST', `${await family(s)}/merge`, { sourceId: await s.family('second') }),
  },
  'POST /api/v1/families/{id}/split': {
    needs: 'family:manage',
    fresh: true,
    request: async (s) => json('POST', `${await family(s)}/split`, { assetIds: [await assetId(s)] }),
  },
  'POST /api/v1/families/{id}/review': {
    needs: 'family:manage',
    fresh: true,
    request: async (s) => json('POST', `${await family(s)}/review`, {}),
  },

  // Collections and saved searches: kept in a team, changed by their owner (the caller, on their own team) or an
  // admin; another team's are hidden. Creating one in another team is refused openly (the team is no secret).
  'GET /api/v1/collections': {
    needs: 'asset:read',
    lists: async (body, s) => ids(body).includes(await s.collection()),
    request: async (s) => (await s.collection(), get('/api/v1/collections?limit=200')),
  },
  'POST /api/v1/collections': {
    needs: 'collection:manage',
    denial: 'forbidden',
    request: (s) => json('POST', '/api/v1/collections', { name: `Matrix ${++made}`, team: s.teamId }),
  },
  'GET /api/v1/collections/{id}': {
    needs: 'collection:manage',
    request: async (s) => get(`/api/v1/collections/${await s.collection()}`),
  },
  'PATCH /api/v1/collections/{id}': {
    needs: 'collection:manage',
    request: async (s) => json('PATCH', `/api/v1/collections/${await s.collection()}`, { description: 'matrix' }),
  },
  'DELETE /api/v1/collections/{id}': {
    needs: 'collection:manage',
    fresh: true,
    request: async (s) => json('DELETE', `/api/v1/collections/${await s.collection()}`),
  },
  'GET /api/v1/collections/{id}/members': {
    needs: 'collection:manage',
    request: async (s) => get(`/api/v1/collections/${await s.collection()}/members`),
  },
  'POST /api/v1/collections/{id}/members': {
    needs: 'collection:manage',
    request: async (s) =>
      json('POST', `/api/v1/collections/${await s.collection()}/members`, { assetIds: [await assetId(s)] }),
  },
  'DELETE /api/v1/collections/{id}/members/{assetId}': {
    needs: 'collection:manage',
    fresh: true,
    request: async (s) => json('DELETE', `/api/v1/collections/${await s.collection()}/members/${await assetId(s)}`),
  },
  'POST /api/v1/collections/{id}/members/{assetId}/move': {
    needs: 'collection:manage',
    request: async (s) =>
      json('POST', `/api/v1/collections/${await s.collection()}/members/${await assetId(s)}/move`, { position: 1 }),
  },
  'GET /api/v1/saved-searches': {
    needs: 'asset:read',
    lists: async (body, s) => ids(body).includes(await s.savedSearch()),
    request: async (s) => (await s.savedSearch(), get('/api/v1/saved-searches?limit=200')),
  },
  'POST /api/v1/saved-searches': {
    needs: 'collection:manage',
    denial: 'forbidden',
    request: (s) =>
      json('POST', '/api/v1/saved-searches', { name: `Matrix ${++made}`, query: 'sunset', team: s.teamId }),
  },
  'GET /api/v1/saved-searches/{id}': {
    needs: 'collection:manage',
    request: async (s) => get(`/api/v1/saved-searches/${await s.savedSearch()}`),
  },
  'PATCH /api/v1/saved-searches/{id}': {
    needs: 'collection:manage',
    request: async (s) => json('PATCH', `/api/v1/saved-searches/${await s.savedSearch()}`, { query: 'sunset beach' }),
  },
  'DELETE /api/v1/saved-searches/{id}': {
    needs: 'collection:manage',
    fresh: true,
    request: async (s) => json('DELETE', `/api/v1/saved-searches/${await s.savedSearch()}`),
  },

  // Jobs, events, policies: global permissions.
  'GET /api/v1/jobs': { needs: 'jobs:manage', request: () => get('/api/v1/jobs') },
  'GET /api/v1/jobs/stats': { needs: 'jobs:manage', request: () => get('/api/v1/jobs/stats') },
  'GET /api/v1/jobs/{id}': { needs: 'jobs:manage', request: async (s) => get(`/api/v1/jobs/${await s.job()}`) },
  'POST /api/v1/jobs/{id}/cancel': {
    needs: 'jobs:manage',
    fresh: true,
    request: async (s) => json('POST', `/api/v1/jobs/${await s.job()}/cancel`),
  },
  'POST /api/v1/jobs/{id}/retry': {
    needs: 'jobs:manage',
    request: async (s) => json('POST', `/api/v1/jobs/${await s.job()}/retry`),
  },
  'GET /api/v1/events': { needs: 'audit:read', request: () => get('/api/v1/events') },
  // Live updates: every role reads its own team's assets, so anyone signed in listens (the events narrowed to the
  // assets they may read: events.routes.test.ts); follow=false ends the stream after what is there.
  'GET /api/v1/events/stream': { needs: 'signed-in', request: () => get('/api/v1/events/stream?follow=false') },
  'GET /api/v1/search': {
    needs: 'asset:read',
    lists: async (body, s) =>
      (body as { items: { asset: { id: string } }[] }).items.map((item) => item.asset.id).includes(await assetId(s)),
    // A fresh asset: a shared one may have been renamed by an earlier rule.
    fresh: true,
    request: async (s) => get(`/api/v1/search?q=${encodeURIComponent(`title:"${(await s.asset()).title}"`)}&limit=200`),
  },
  // A query image needs no subject: anyone signed in may ask (the answer is narrowed to their teams); without an
  // embedder in the matrix's runtime an allowed caller gets 409.
  'POST /api/v1/search/by-image': {
    needs: 'signed-in',
    request: async () => {
      made += 1;
      const { body, headers } = multipart([
        { name: 'file', value: await uniquePng(2_000_000 + made), fileName: `q-${made}.png`, contentType: 'image/png' },
      ]);
      return { method: 'POST', url: '/api/v1/search/by-image', payload: body, headers };
    },
  },
  'POST /api/v1/search/rebuild': {
    needs: 'storage:maintain',
    request: () => json('POST', '/api/v1/search/rebuild', {}),
  },
  'GET /api/v1/policies/risk': { needs: 'signed-in', request: () => get('/api/v1/policies/risk') },
  'GET /api/v1/policies/risk/versions': { needs: 'signed-in', request: () => get('/api/v1/policies/risk/versions') },
  'GET /api/v1/policies/risk/versions/{n}': {
    needs: 'signed-in',
    request: () => get('/api/v1/policies/risk/versions/0'),
  },
  'PUT /api/v1/policies/risk': {
    needs: 'policy:edit',
    request: () => json('PUT', '/api/v1/policies/risk', { defaultTier: 1, rules: [] }),
  },
  'POST /api/v1/policies/risk/preview': {
    needs: 'policy:edit',
    request: () => json('POST', '/api/v1/policies/risk/preview', { defaultTier: 1, rules: [] }),
  },

  // Brands (read by anyone who reads assets; managed globally) and an asset's brand check (team-scoped).
  'GET /api/v1/brands': { needs: 'signed-in', request: () => get('/api/v1/brands') },
  'POST /api/v1/brands': {
    needs: 'brand:manage',
    request: () => json('POST', '/api/v1/brands', { name: `Matrix brand ${++made}` }),
  },
  'GET /api/v1/brands/{brand}': { needs: 'signed-in', request: () => get(`/api/v1/brands/${matrixBrand}`) },
  'GET /api/v1/brands/{brand}/logos/{name}/file': {
    needs: 'signed-in',
    request: () => get(`/api/v1/brands/${matrixBrand}/logos/matrix-logo/file`),
  },
  'GET /api/v1/brands/{brand}/guidelines': {
    needs: 'signed-in',
    request: () => get(`/api/v1/brands/${matrixBrand}/guidelines`),
  },
  'GET /api/v1/brands/{brand}/guidelines/{n}': {
    needs: 'signed-in',
    request: () => get(`/api/v1/brands/${matrixBrand}/guidelines/1`),
  },
  'GET /api/v1/brands/{brand}/guidelines/{n}/changes': {
    needs: 'signed-in',
    request: () => get(`/api/v1/brands/${matrixBrand}/guidelines/1/changes`),
  },
  'GET /api/v1/brands/{brand}/guideline': {
    needs: 'signed-in',
    request: () => get(`/api/v1/brands/${matrixBrand}/guideline?format=yaml`),
  },
  'POST /api/v1/brands/{brand}/guidelines': {
    needs: 'brand:manage',
    request: () => json('POST', `/api/v1/brands/${matrixBrand}/guidelines`, matrixGuideline),
  },
  'POST /api/v1/brands/{brand}/logos': {
    needs: 'brand:manage',
    request: async () => {
      const { body, headers } = multipart([
        ...fieldParts({ name: `logo-${++made}` }),
        { name: 'file', value: await uniquePng(2_000_000 + made), fileName: 'logo.png', contentType: 'image/png' },
      ]);
      return { method: 'POST', url: `/api/v1/brands/${matrixBrand}/logos`, payload: body, headers };
    },
  },
  'GET /api/v1/assets/{id}/brand-check': {
    needs: 'asset:read',
    request: async (s) => get(`${await asset(s)}/brand-check`),
  },
  'POST /api/v1/assets/{id}/brand-check': {
    needs: 'brand:check',
    request: async (s) => json('POST', `${await asset(s)}/brand-check`),
  },
  'DELETE /api/v1/assets/{id}/brand-check/rereview': {
    needs: 'brand:check',
    request: async (s) => json('DELETE', `${await asset(s)}/brand-check/rereview`),
  },

  // Users, teams, tokens: one's own account needs nothing more than being signed in.
  'GET /api/v1/users': { needs: 'users:manage', request: () => get('/api/v1/users') },
  'POST /api/v1/users': {
    needs: 'users:manage',
    request: () => json('POST', '/api/v1/users', { username: `made-${++made}` }),
  },
  'GET /api/v1/users/{user}': {
    needs: ownOrManage,
    request: async (s) => get(`/api/v1/users/${await s.username()}`),
  },
  'PATCH /api/v1/users/{user}': {
    needs: ownOrManage,
    request: async (s) => json('PATCH', `/api/v1/users/${await s.username()}`, { displayName: 'Matrix' }),
  },
  'PUT /api/v1/users/{user}/password': {
    needs: ownOrManage,
    request: async (s) =>
      json('PUT', `/api/v1/users/${await s.username()}/password`, {
        password: 'a long enough new password',
        currentPassword: 'not the current one',
      }),
  },
  'POST /api/v1/users/{user}/memberships': {
    needs: 'users:manage',
    request: async (s) =>
      json('POST', `/api/v1/users/${await s.username()}/memberships`, { teamId: s.teamId, role: 'viewer' }),
  },
  'DELETE /api/v1/users/{user}/memberships/{teamId}/{role}': {
    needs: 'users:manage',
    request: async (s) => json('DELETE', `/api/v1/users/${await s.username()}/memberships/${s.teamId}/publisher`),
  },
  'GET /api/v1/users/{user}/sessions': {
    needs: ownOrManage,
    request: async (s) => get(`/api/v1/users/${await s.username()}/sessions`),
  },
  'DELETE /api/v1/users/{user}/sessions': {
    needs: ownOrManage,
    request: async (s) => json('DELETE', `/api/v1/users/${await s.username()}/sessions`),
  },
  'DELETE /api/v1/users/{user}/sessions/{sessionId}': {
    needs: ownOrManage,
    request: async (s) =>
      json('DELETE', `/api/v1/users/${await s.username()}/sessions/00000000-0000-7000-8000-000000000000`),
  },
  'GET /api/v1/teams': { needs: 'signed-in', request: () => get('/api/v1/teams') },
  'POST /api/v1/teams': {
    needs: 'users:manage',
    request: () => json('POST', '/api/v1/teams', { name: `Matrix team ${++made}` }),
  },
  'GET /api/v1/teams/{team}/members': {
    needs: ownOrManage,
    request: (s) => get(`/api/v1/teams/${s.teamId}/members`),
  },
  // Share links: made and managed with share:manage on the team; one's own list needs nothing more; the public side
  // needs no credential (an unknown token: 410).
  'POST /api/v1/share-links': {
    needs: 'share:manage',
    request: async (s) =>
      json('POST', '/api/v1/share-links', { assetId: await assetId(s), expires: '7d', channel: 'web' }),
  },
  'GET /api/v1/share-links': { needs: 'signed-in', request: () => get('/api/v1/share-links') },
  'GET /api/v1/share-links/{id}': {
    needs: 'share:manage',
    request: async (s) => get(`/api/v1/share-links/${await s.shareLink()}`),
  },
  'DELETE /api/v1/share-links/{id}': {
    needs: 'share:manage',
    request: async (s) => json('DELETE', `/api/v1/share-links/${await s.shareLink()}`),
  },
  'GET /api/v1/share-links/{id}/stats': {
    needs: 'share:manage',
    request: async (s) => get(`/api/v1/share-links/${await s.shareLink()}/stats`),
  },
  'GET /s/{token}': { needs: 'public', request: () => get(`/s/${newShareToken()}`) },
  'GET /s/{token}/file': { needs: 'public', request: () => get(`/s/${newShareToken()}/file`) },
  'GET /s/{token}/file/{assetId}': {
    needs: 'public',
    request: (s) => ({ method: 'GET', url: `/s/${newShareToken()}/file/${s.teamId}` }),
  },
  'GET /api/v1/tokens': { needs: 'signed-in', request: () => get('/api/v1/tokens') },
  'POST /api/v1/tokens': {
    needs: 'signed-in',
    request: () => json('POST', '/api/v1/tokens', { name: 'matrix', scopes: ['read'] }),
  },
  'DELETE /api/v1/tokens/{id}': {
    needs: ownOrManage,
    fresh: true,
    request: async (s) => json('DELETE', `/api/v1/tokens/${await s.tokenId()}`),
  },
};

/** Routes of the API description, `METHOD /path`. */
function describedRoutes(app: TestApp['app']): string[] {
  const paths = (app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

for (const dialect of dialects) {
  describeDialect(dialect, `authorisation matrix [${dialect}]`, () => {
    const t = useTestApp(dialect, { embedder: 'none', moderation: 'false' }, { anonymous: true });
    const fixtures = matrixFixtures(() => t.rt);
    beforeAll(async () => {
      await t.rt.brands.createBrand(operatorContext('matrix'), { name: 'Matrix' });
      await t.rt.brands.importGuideline(operatorContext('matrix'), matrixBrand, { value: matrixGuideline });
      await t.rt.brands.addLogo(operatorContext('matrix'), matrixBrand, {
        name: 'matrix-logo',
        bytes: await uniquePng(1),
      });
    });

    it('has a rule for every route of the API description, and none for a route that does not exist', async () => {
      await t.app.ready();
      const described = describedRoutes(t.app);
      const ruled = new Set(Object.keys(rules).map((key) => key.split(' · ')[0]!));
      expect(described.filter((route) => !ruled.has(route))).toEqual([]);
      expect([...ruled].filter((route) => !described.includes(route))).toEqual([]);
    });

    it('answers every role, on its own team and another, and anonymous callers as the table says', async () => {
      await fixtures.setUp(dialect);
      const mismatches: string[] = [];
      let calls = 0;
      for (const [key, rule] of Object.entries(rules)) {
        for (const caller of ['anonymous', ...roles] as const) {
          for (const relation of ['own', 'other'] as const) {
            const expected = expectedFor(caller, relation, { ...rule, lists: rule.lists !== undefined });
            const permitted = expected === 'allowed' || expected === 'present';
            const subjects = fixtures.subjectsFor(
              { ...rule, lists: rule.lists !== undefined },
              caller,
              relation,
              rule.fresh === true && permitted,
            );
            const request = await rule.request(subjects);
            const headers = caller === 'anonymous' ? {} : bearer(fixtures.callers.get(caller)!.token);
            const res = await t.app.inject({ ...request, headers: { ...request.headers, ...headers } });
            calls += 1;
            const body: { error?: { code: string; message: string } } = res.body.startsWith('{') ? res.json() : {};
            const hidden =
              res.statusCode === 404 &&
              /^(Asset|Family|Collection|Saved search|Share link) \S+ does not exist\.$/.test(
                body.error?.message ?? '',
              );
            const actual: Expected =
              res.statusCode === 401 || res.statusCode === 403
                ? res.statusCode
                : hidden
                  ? 404
                  : rule.lists && res.statusCode === 200
                    ? (await rule.lists(res.json(), subjects))
                      ? 'present'
                      : 'absent'
                    : 'allowed';
            if (actual !== expected)
              mismatches.push(
                `${key} as ${caller} on ${relation}: expected ${expected}, got ${res.statusCode} ${body.error?.code ?? ''} ${body.error?.message ?? ''}`.trim(),
              );
          }
        }
      }
      expect(mismatches).toEqual([]);
      // 17 callers (8 roles on two relations, and anonymous twice) for every rule.
      expect(calls).toBe(Object.keys(rules).length * (roles.length + 1) * 2);
    });
  });
}
