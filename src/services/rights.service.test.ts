import { expect, it } from 'vitest';
import { allTeams, member, userContext } from '../../test/contexts.ts';
import { describeEachDialect } from '../../test/dialects.ts';
import { outcome } from '../../test/outcome.ts';
import { addStoredAsset } from '../../test/stored-assets.ts';
import { failure } from '../../test/failure.ts';
import type { UsageDecision } from '../domain/usage.ts';
import { repeatedDenialWindowMs, RightsService } from './rights.service.ts';

const cleared = {
  status: 'cleared',
  licence: 'House licence',
  approvedChannels: ['web', 'social'],
  regionsDenied: ['FR'],
  validFrom: '2026-01-01',
  expiresAt: '2026-12-31',
  creditLine: 'Provena / AI',
};

describeEachDialect('rights service', ({ store }) => {
  const now = new Date('2026-06-15T10:00:00Z');
  const rights = () => new RightsService({ store: store(), now: () => now });
  let seq = 0;

  async function world() {
    const n = ++seq;
    const own = (await store().catalog.ensure('team', `Own ${n}`)).entry;
    const other = (await store().catalog.ensure('team', `Other ${n}`)).entry;
    return {
      own,
      legal: userContext(`lea${n}`, [member(own.id, 'legal')]),
      creator: userContext(`cleo${n}`, [member(own.id, 'creator')]),
      stranger: userContext(`sam${n}`, [member(other.id, 'legal')]),
      admin: userContext(`ada${n}`, [member(allTeams, 'admin')]),
    };
  }

  it('sets the record whole against the revision it replaces, keeps every revision, audits old → new', async () => {
    const w = await world();
    const { assetId } = await addStoredAsset(store(), { teamId: w.own.id, versions: 2 });
    expect(await rights().get(w.creator, assetId)).toEqual({ assetId, revision: 0 });
    const first = await rights().set(w.legal, assetId, { expectedRevision: 0, record: { status: 'pending' } });
    expect(first).toMatchObject({ revision: 1, versionNumber: 2, setBy: `user:lea${seq}` });
    const second = await rights().set(w.legal, assetId, { expectedRevision: 1, record: cleared });
    expect(second.record).toMatchObject({ status: 'cleared', approvedChannels: ['web', 'social'] });
    expect((await rights().history(w.creator, assetId)).map((r) => r.revision)).toEqual([2, 1]);
    // The asset's one-word status follows the record.
    expect((await store().assets.get(assetId))?.rightsStatus).toBe('cleared');
    const entries = (await store().audit.forSubject('asset', assetId)).filter((e) => e.action === 'rights.set');
    expect(entries.length).toBe(2);
    expect(entries[1]!.details).toMatchObject({
      revision: 2,
      before: { status: 'pending', approvedChannels: [] },
      after: { status: 'cleared', approvedChannels: ['web', 'social'] },
      rightsStatus: { before: 'pending', after: 'cleared' },
    });
  });

  it('refuses a stale revision (CONFLICT) and a missing one, and writes nothing', async () => {
    const w = await world();
    const { assetId } = await addStoredAsset(store(), { teamId: w.own.id });
    await rights().set(w.legal, assetId, { expectedRevision: 0, record: cleared });
    const stale = await failure(rights().set(w.legal, assetId, { expectedRevision: 0, record: { status: 'expired' } }));
    expect(stale).toMatchObject({ code: 'CONFLICT', details: { revision: 1, expectedRevision: 0 } });
    expect(await outcome(rights().set(w.legal, assetId, { expectedRevision: undefined, record: cleared }))).toBe(
      'VALIDATION_FAILED',
    );
    expect((await rights().history(w.legal, assetId)).length).toBe(1);
  });

  it('refuses bad input naming every field, and channels not in the list', async () => {
    const w = await world();
    const { assetId } = await addStoredAsset(store(), { teamId: w.own.id });
    const error = await failure(
      rights().set(w.legal, assetId, {
        expectedRevision: 0,
        record: {
          status: 'cleared',
          approvedChannels: ['tv'],
          regionsAllowed: ['EU'],
          expiresAt: '2025-01-01',
          validFrom: '2026-01-01',
        },
      }),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain(`"tv" not in the organisation's list`);
    expect(error.message).toContain('regionsAllowed[0]');
    expect(error.message).toContain('expiresAt: 2025-01-01 is before validFrom 2026-01-01');
    expect((await rights().get(w.legal, assetId)).revision).toBe(0);
  });

  it('lets legal, compliance and admins set rights on their teams only; others read or see nothing', async () => {
    const w = await world();
    const { assetId } = await addStoredAsset(store(), { teamId: w.own.id });
    const set = (ctx: typeof w.legal) => outcome(rights().set(ctx, assetId, { expectedRevision: 0, record: cleared }));
    expect(await set(w.creator)).toBe('FORBIDDEN');
    expect(await set(w.stranger)).toBe('NOT_FOUND');
    expect(await outcome(rights().get(w.stranger, assetId))).toBe('NOT_FOUND');
    expect(await set(w.admin)).toBe('ok');
  });

  it('keeps the channel list: adds (audited), refuses a bad name, never removes internal', async () => {
    const w = await world();
    expect(await outcome(rights().addChannel(w.creator, 'cinema'))).toBe('FORBIDDEN');
    const added = await rights().addChannel(w.legal, `cinema-${seq}`);
    expect(added.created).toBe(true);
    expect((await rights().addChannel(w.legal, `cinema-${seq}`)).created).toBe(false);
    expect((await rights().channels(w.creator)).map((c) => c.name)).toContain(`cinema-${seq}`);
    expect(await outcome(rights().addChannel(w.legal, 'Not A Slug'))).toBe('VALIDATION_FAILED');
    expect(await outcome(rights().removeChannel(w.legal, 'internal'))).toBe('VALIDATION_FAILED');
    await rights().removeChannel(w.legal, `cinema-${seq}`);
    expect(await outcome(rights().removeChannel(w.legal, `cinema-${seq}`))).toBe('NOT_FOUND');
    const audit = await store().audit.forSubject('channel', `cinema-${seq}`);
    expect(audit.map((e) => e.action)).toEqual(['channel.added', 'channel.removed']);
  });

  it('checks a use from the stored facts, with every reason, and refuses a bad request', async () => {
    const w = await world();
    const { assetId } = await addStoredAsset(store(), { teamId: w.own.id, status: 'approved' });
    const none = await rights().check(w.creator, { assetId, channel: 'web', region: 'DE' });
    expect(none).toMatchObject({ allowed: false, reasons: [{ code: 'rights_missing', verdict: 'deny' }] });
    await rights().set(w.legal, assetId, { expectedRevision: 0, record: cleared });
    const web = await rights().check(w.creator, { assetId, channel: 'web', region: 'DE' });
    expect(web.allowed).toBe(true);
    expect(web.reasons.map((r) => r.code)).toEqual(['attribution_required']);
    const late = await rights().check(w.creator, { assetId, channel: 'social', region: 'FR', at: '2027-01-01' });
    expect(late.reasons.filter((r) => r.verdict === 'deny').map((r) => r.code)).toEqual([
      'rights_expired',
      'region_denied',
    ]);
    const bad = await failure(
      rights().check(w.creator, { assetId, channel: 'radio', region: 'XX', at: 'tomorrow', version: 0 }),
    );
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect((bad.details.problems as { field: string }[]).map((p) => p.field).sort()).toEqual([
      'at',
      'channel',
      'region',
      'version',
    ]);
    expect(await outcome(rights().check(w.stranger, { assetId, channel: 'web' }))).toBe('NOT_FOUND');
    expect(await outcome(rights().check(w.creator, { assetId, channel: 'web', version: 9 }))).toBe('NOT_FOUND');
  });

  it('needs a model release where enrichment found people, and the visible AI label where legal requires one', async () => {
    const w = await world();
    const { assetId, versionIds } = await addStoredAsset(store(), { teamId: w.own.id, status: 'approved' });
    await rights().set(w.legal, assetId, {
      expectedRevision: 0,
      record: {
        ...cleared,
        euAiAct: { machineReadableMark: true, visibleLabelRequired: true, visibleLabelApplied: false },
      },
    });
    const web = () => rights().check(w.creator, { assetId, channel: 'web', region: 'DE' });
    // The stored asset's provenance says nothing of AI (unknown): the label rule holds for anything not 'none'.
    expect((await web()).reasons.filter((r) => r.verdict === 'deny').map((r) => r.code)).toEqual(['ai_label_missing']);
    await store().enrichment.saveResults([
      {
        versionId: versionIds[0]!,
        enricher: 'faces',
        model: 'fake',
        modelVersion: '1',
        status: 'done',
        producedAt: now.toISOString(),
        result: { count: 1, containsPeople: true, faces: [] },
      },
    ]);
    expect((await web()).reasons.filter((r) => r.verdict === 'deny').map((r) => r.code)).toEqual([
      'release_missing',
      'ai_label_missing',
    ]);
    await rights().set(w.legal, assetId, {
      expectedRevision: 1,
      record: {
        ...cleared,
        modelRelease: { required: true, obtained: true, reference: 'MR-1' },
        euAiAct: { machineReadableMark: true, visibleLabelRequired: true, visibleLabelApplied: true },
      },
    });
    expect((await web()).allowed).toBe(true);
  });

  it('audits a repeated denied rendition once per window, but every denied original', async () => {
    const w = await world();
    const { assetId } = await addStoredAsset(store(), { teamId: w.own.id, status: 'quarantined' });
    let clock = new Date('2026-06-15T10:00:00Z');
    const gate = new RightsService({ store: store(), now: () => clock });
    const deliver = (via: 'rendition' | 'original', by = 'user:cleo') =>
      outcome(gate.authoriseDelivery({ assetId, channel: 'internal' }, { via, by }));
    const entries = async () =>
      (await store().audit.forSubject('asset', assetId))
        .filter((e) => e.action === 'delivery.denied')
        .map((e) => `${e.actor} ${String(e.details?.via)}`);
    for (let i = 0; i < 3; i++) expect(await deliver('rendition')).toBe('USAGE_DENIED');
    expect(await entries()).toEqual(['user:cleo rendition']);
    expect(await deliver('rendition', 'user:max')).toBe('USAGE_DENIED');
    expect(await deliver('original')).toBe('USAGE_DENIED');
    expect(await deliver('original')).toBe('USAGE_DENIED');
    clock = new Date(clock.getTime() + repeatedDenialWindowMs);
    expect(await deliver('rendition')).toBe('USAGE_DENIED');
    expect(await entries()).toEqual([
      'user:cleo rendition',
      'user:max rendition',
      'user:cleo original',
      'user:cleo original',
      'user:cleo rendition',
    ]);
  });

  it('gates a delivery: allowed passes silently; denied throws USAGE_DENIED with the decision and is audited', async () => {
    const w = await world();
    const { assetId } = await addStoredAsset(store(), { teamId: w.own.id, status: 'in_review' });
    const allowed = await rights().authoriseDelivery(
      { assetId, channel: 'internal' },
      { via: 'original', by: 'user:cleo' },
    );
    expect(allowed.allowed).toBe(true);
    const denied = await failure(
      rights().authoriseDelivery({ assetId, channel: 'web', region: 'DE' }, { via: 'rendition', by: 'user:cleo' }),
    );
    expect(denied.code).toBe('USAGE_DENIED');
    const decision = denied.details.decision as UsageDecision;
    expect(decision.reasons.map((r) => r.code)).toEqual(['not_approved', 'rights_missing']);
    const audit = (await store().audit.forSubject('asset', assetId)).filter((e) => e.action.startsWith('delivery'));
    expect(audit).toEqual([
      expect.objectContaining({
        actor: 'user:cleo',
        action: 'delivery.denied',
        details: {
          via: 'rendition',
          version: 1,
          channel: 'web',
          region: 'DE',
          reasons: ['not_approved', 'rights_missing'],
        },
      }),
    ]);
    expect(await outcome(rights().authoriseDelivery({ assetId, channel: 'tv' }, { via: 'original', by: 'x' }))).toBe(
      'VALIDATION_FAILED',
    );
  });
});
