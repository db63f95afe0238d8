/**
 * The dashboard's aggregates on both dialects over known rows: assets added on known days in two teams (one deleted),
 * with known AI involvement, approvals a known time after their upload, near-duplicate links, exact duplicate
 * uploads refused, and rights records
 * (the current revision counts, an older one does not) — every figure narrowed to a team, and to nothing.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.ts';
import type { RequestContext } from '../domain/access.ts';
import { newId } from '../domain/ids.ts';
import { emptyProvenance, type AiInvolvement } from '../domain/provenance.ts';
import { DashboardService } from '../services/dashboard.service.ts';
import { SqlDashboardRepository } from './dashboard.repository.ts';
import type { SqlStore } from './store.ts';

const today = '2026-03-31';
const viewerOf = (teamId: string): RequestContext => ({
  actor: { kind: 'user', userId: 'u1', username: 'vera' },
  memberships: [{ teamId, role: 'viewer' }],
});
const admin: RequestContext = {
  actor: { kind: 'user', userId: 'u0', username: 'root' },
  memberships: [{ teamId: '*', role: 'admin' }],
};
const nobody: RequestContext = { actor: { kind: 'user', userId: 'u2', username: 'nemo' }, memberships: [] };

async function addAsset(
  store: SqlStore,
  options: { teamId: string; at: string; ai: AiInvolvement; title?: string },
): Promise<string> {
  const id = newId();
  await store.transaction(async (tx) => {
    await tx.assets.insert({
      id,
      title: options.title ?? `asset ${id.slice(-4)}`,
      kind: 'image',
      status: 'draft',
      teamId: options.teamId,
      quarantineReasons: [],
      rightsStatus: 'pending',
      currentVersion: 1,
      createdAt: options.at,
      updatedAt: options.at,
    });
    await tx.assets.insertVersion({
      id: newId(),
      assetId: id,
      number: 1,
      blob: { sha256: newId().replace(/-/g, '').padEnd(64, 'b'), size: 10 },
      mediaType: 'image/png',
      fileName: 'a.png',
      provenance: { ...emptyProvenance(), aiInvolvement: options.ai },
      createdAt: options.at,
      createdBy: 't',
    });
  });
  return id;
}

describeEachDialect('the dashboard’s aggregates', ({ store }) => {
  let harbour: string;
  let other: string;
  const ids: Record<string, string> = {};
  const service = () =>
    new DashboardService({
      figures: new SqlDashboardRepository(store().db, store().dialect),
      now: () => new Date(`${today}T15:00:00Z`),
    });

  beforeAll(async () => {
    harbour = (await store().catalog.ensure('team', 'Harbour')).entry.id;
    other = (await store().catalog.ensure('team', 'Other')).entry.id;
    // Harbour: one old asset (before a 7-day window), two on 03-29 (AI), one on 03-31; one deleted on 03-30.
    ids.old = await addAsset(store(), { teamId: harbour, at: '2026-01-05T10:00:00.000Z', ai: 'none' });
    ids.a = await addAsset(store(), { teamId: harbour, at: '2026-03-29T08:00:00.000Z', ai: 'ai-generated' });
    ids.b = await addAsset(store(), { teamId: harbour, at: '2026-03-29T09:30:00.000Z', ai: 'ai-edited' });
    ids.c = await addAsset(store(), {
      teamId: harbour,
      at: '2026-03-31T01:00:00.000Z',
      ai: 'ai-generated',
      title: 'Expiring',
    });
    ids.gone = await addAsset(store(), { teamId: harbour, at: '2026-03-30T12:00:00.000Z', ai: 'ai-generated' });
    await sql`update assets set deleted_at = ${'2026-03-30T13:00:00.000Z'}, deleted_by = 't', purge_after = ${'2026-04-30T00:00:00.000Z'} where id = ${ids.gone}`.execute(
      store().db,
    );
    // Other: one asset on 03-30.
    ids.x = await addAsset(store(), { teamId: other, at: '2026-03-30T10:00:00.000Z', ai: 'ai-generated' });

    // Approvals: a after 30 minutes, b after 50 hours (approved 03-31), x after 2 hours; an old approval outside.
    const approve = async (assetId: string, at: string, transition = 'approve') =>
      sql`insert into events (seq, type, subject_type, subject_id, actor, payload, created_at)
          values (${Math.floor(Math.random() * 1e9)}, 'asset.transitioned', 'asset', ${assetId}, 't',
                  ${JSON.stringify({ transition, from: 'in_review', to: 'approved', version: 1 })}, ${at})`.execute(
        store().db,
      );
    await approve(ids.a, '2026-03-29T08:30:00.000Z');
    await approve(ids.b, '2026-03-31T11:30:00.000Z');
    await approve(ids.x, '2026-03-30T12:00:00.000Z');
    await approve(ids.old, '2026-01-06T10:00:00.000Z');
    await approve(ids.c, '2026-03-31T02:00:00.000Z', 'submit');

    // Near-duplicates: b of a (03-29), c of a (03-31, twice: counted once), and a variant candidate (not counted).
    const link = async (assetId: string, matched: string, at: string, verdict = 'near-duplicate') =>
      sql`insert into near_duplicate_links (asset_id, version_number, matched_asset_id, verdict, d_hash, p_hash, via,
            embedding_cosine, reason, decided_by, created_at)
          values (${assetId}, 1, ${matched}, ${verdict}, 2, 4, 'hash', null, 'close', 'phash-dhash@1', ${at})`.execute(
        store().db,
      );
    await link(ids.b, ids.a, '2026-03-29T10:00:00.000Z');
    await link(ids.c, ids.a, '2026-03-31T02:00:00.000Z');
    await link(ids.c, ids.b, '2026-03-31T02:00:01.000Z');
    await link(ids.x, ids.a, '2026-03-30T11:00:00.000Z', 'variant-candidate');

    // Exact duplicate uploads refused: two of a's bytes on 03-30, one of x's on 03-31, one of a's before the window.
    const refused = async (assetId: string, at: string) =>
      sql`insert into events (seq, type, subject_type, subject_id, actor, payload, created_at)
          values (${Math.floor(Math.random() * 1e9)}, 'asset.duplicate-refused', 'asset', ${assetId}, 't',
                  ${JSON.stringify({ fileName: 'copy.png' })}, ${at})`.execute(store().db);
    await refused(ids.a, '2026-03-30T09:00:00.000Z');
    await refused(ids.a, '2026-03-30T10:00:00.000Z');
    await refused(ids.x, '2026-03-31T10:00:00.000Z');
    await refused(ids.a, '2026-02-01T10:00:00.000Z');

    // Rights: c expires 04-10 (current); a's first revision expired 04-02 but its current one runs to 2027; x 04-05.
    const rights = async (assetId: string, revision: number, expiresAt: string) =>
      sql`insert into asset_rights (asset_id, revision, version_number, status, record, set_at, set_by)
          values (${assetId}, ${revision}, 1, 'cleared', ${JSON.stringify({ status: 'cleared', expiresAt })},
                  ${'2026-03-01T00:00:00.000Z'}, 't')`.execute(store().db);
    await rights(ids.c, 1, '2026-04-10');
    await rights(ids.a, 1, '2026-04-02');
    await rights(ids.a, 2, '2027-01-01');
    await rights(ids.x, 1, '2026-04-05');
  });

  it('counts the library’s growth per day, the AI share and the approvals, over every team for an admin', async () => {
    const figures = await service().figures(admin, { days: 7, expiringWithinDays: 30 });
    expect(figures.from).toBe('2026-03-25');
    expect(figures.to).toBe(today);
    expect(figures.growth.before).toBe(1);
    expect(figures.growth.days).toHaveLength(7);
    expect(figures.growth.days.slice(-3)).toEqual([
      { day: '2026-03-29', added: 2, total: 3 },
      { day: '2026-03-30', added: 1, total: 4 },
      { day: '2026-03-31', added: 1, total: 5 },
    ]);
    expect(figures.aiShare).toEqual([
      { involvement: 'none', count: 1 },
      { involvement: 'ai-edited', count: 1 },
      { involvement: 'ai-generated', count: 3 },
      { involvement: 'unknown', count: 0 },
    ]);
    expect(figures.timeToApproval.approvals).toBe(3);
    expect(figures.timeToApproval.buckets).toEqual([
      { bucket: 'under-1h', count: 1 },
      { bucket: '1h-1d', count: 1 },
      { bucket: '1d-7d', count: 1 },
      { bucket: 'over-7d', count: 0 },
    ]);
    expect(figures.timeToApproval.averageHours).toBeCloseTo((0.5 + 50 + 2) / 3, 1);
    expect(figures.brand).toEqual({ pass: 0, warn: 0, fail: 0, unchecked: 5 });
    expect(figures.nearDuplicates).toEqual({
      total: 2,
      days: [
        { day: '2026-03-29', count: 1 },
        { day: '2026-03-31', count: 1 },
      ],
    });
    expect(figures.exactDuplicates).toEqual({
      total: 3,
      days: [
        { day: '2026-03-30', count: 2 },
        { day: '2026-03-31', count: 1 },
      ],
    });
    expect(figures.expiring.total).toBe(2);
    expect(figures.expiring.items.map((i) => [i.assetId, i.expiresAt])).toEqual([
      [ids.x, '2026-04-05'],
      [ids.c, '2026-04-10'],
    ]);
  });

  it('narrows every figure to the caller’s teams', async () => {
    const figures = await service().figures(viewerOf(harbour), { days: 7, expiringWithinDays: 30 });
    expect(figures.growth.days.at(-1)).toEqual({ day: today, added: 1, total: 4 });
    expect(figures.aiShare.find((s) => s.involvement === 'ai-generated')?.count).toBe(2);
    expect(figures.timeToApproval.approvals).toBe(2);
    expect(figures.exactDuplicates).toEqual({ total: 2, days: [{ day: '2026-03-30', count: 2 }] });
    expect(figures.expiring.items).toEqual([
      { assetId: ids.c, title: 'Expiring', status: 'draft', expiresAt: '2026-04-10' },
    ]);
    const short = await service().figures(viewerOf(harbour), { days: 7, expiringWithinDays: 5 });
    expect(short.expiring.total).toBe(0);

    const none = await service().figures(nobody, { days: 7 });
    expect(none.growth.days.every((d) => d.total === 0)).toBe(true);
    expect(none.aiShare.every((s) => s.count === 0)).toBe(true);
    expect(none.expiring.total).toBe(0);
    expect(none.nearDuplicates.total).toBe(0);
    expect(none.exactDuplicates.total).toBe(0);
  });

  it('refuses a window out of range, naming it', async () => {
    await expect(service().figures(admin, { days: 3, expiringWithinDays: 0 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: {
        problems: [
          expect.objectContaining({ field: 'days' }),
          expect.objectContaining({ field: 'expiringWithinDays' }),
        ],
      },
    });
  });
});
