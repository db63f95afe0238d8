import { expect, it } from 'vitest';
import { allTeams, member, operator, userContext } from '../../test/contexts.ts';
import { describeEachDialect } from '../../test/dialects.ts';
import { outcome } from '../../test/outcome.ts';
import { addStoredAsset } from '../../test/stored-assets.ts';
import type { RequestContext } from '../domain/access.ts';
import type { ProvenaError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { CollectionService } from './collection.service.ts';
import { SavedSearchService } from './saved-search.service.ts';

describeEachDialect('collection service', ({ store }) => {
  const collections = () => new CollectionService({ store: store() });
  let seq = 0;

  /** Two teams, and people on them: alice and bob create on `own`, carol views `own`, dave is on `other`. */
  async function world() {
    const n = ++seq;
    const own = (await store().catalog.ensure('team', `Own ${n}`)).entry;
    const other = (await store().catalog.ensure('team', `Other ${n}`)).entry;
    return {
      own,
      other,
      alice: userContext(`alice${n}`, [member(own.id, 'creator')]),
      bob: userContext(`bob${n}`, [member(own.id, 'creator')]),
      carol: userContext(`carol${n}`, [member(own.id, 'viewer')]),
      dave: userContext(`dave${n}`, [member(other.id, 'creator')]),
      both: userContext(`both${n}`, [member(own.id, 'creator'), member(other.id, 'viewer')]),
      admin: userContext(`admin${n}`, [member(allTeams, 'admin')]),
      reader: userContext(`reader${n}`, [member(own.id, 'creator')], ['read']),
    };
  }

  async function assets(teamId: string, count: number) {
    const ids = [];
    for (let i = 0; i < count; i++) ids.push((await addStoredAsset(store(), { teamId, title: `${i}.png` })).assetId);
    return ids;
  }

  const order = async (ctx: RequestContext, ref: string) =>
    (await collections().members(ctx, ref, { limit: 200 })).items.map((m) => m.assetId);

  it('creates a collection in the only team of its owner, named once per owner, audited', async () => {
    const w = await world();
    const made = await collections().create(w.alice, { name: '  Summer picks ', description: 'for the launch' });
    expect(made).toMatchObject({
      name: 'Summer picks',
      description: 'for the launch',
      team: { id: w.own.id },
      visibility: 'private',
      owner: { label: `user:${(w.alice.actor as { username: string }).username}` },
      memberCount: 0,
    });
    expect((await collections().get(w.alice, 'summer PICKS')).id).toBe(made.id);
    await expect(collections().create(w.alice, { name: 'SUMMER PICKS' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('exists already') as string,
    });
    // Another person may use the same name.
    expect(await outcome(collections().create(w.bob, { name: 'Summer picks' }))).toBe('ok');
    const entries = await store().audit.forSubject('collection', made.id);
    expect(entries.map((e) => [e.action, e.actor])).toEqual([['collection.created', made.owner.label]]);
  });

  it('refuses bad names, teams and visibilities with the field to fix', async () => {
    const w = await world();
    const problems = async (work: Promise<unknown>) => {
      try {
        await work;
      } catch (error) {
        const e = error as ProvenaError;
        return [e.code, ...((e.details.problems as { field: string }[] | undefined) ?? []).map((p) => p.field)];
      }
      return ['ok'];
    };
    expect(await problems(collections().create(w.alice, { name: '   ' }))).toEqual(['VALIDATION_FAILED', 'name']);
    expect(await problems(collections().create(w.alice, { name: 'x'.repeat(201) }))).toEqual([
      'VALIDATION_FAILED',
      'name',
    ]);
    expect(await problems(collections().create(w.alice, { name: 'a\u202Eb' }))).toEqual(['VALIDATION_FAILED', 'name']);
    expect(await problems(collections().create(w.alice, { name: 42 }))).toEqual(['VALIDATION_FAILED', 'name']);
    expect(
      await problems(collections().create(w.alice, { name: 'ok', description: 'd'.repeat(2001), team: w.own.id })),
    ).toEqual(['VALIDATION_FAILED', 'description']);
    expect(await problems(collections().create(w.alice, { name: 'ok', visibility: 'public' }))).toEqual([
      'VALIDATION_FAILED',
      'visibility',
    ]);
    expect(await problems(collections().create(w.alice, { name: 'ok', team: 'No such team' }))).toEqual([
      'VALIDATION_FAILED',
      'team',
    ]);
    // Several teams: name one; a team without the permission there is FORBIDDEN.
    expect(await problems(collections().create(w.both, { name: 'ok' }))).toEqual(['VALIDATION_FAILED', 'team']);
    expect(await outcome(collections().create(w.both, { name: 'ok', team: w.other.slug }))).toBe('ok');
    expect(await outcome(collections().create(w.alice, { name: 'theirs', team: w.other.id }))).toBe('FORBIDDEN');
    // A read-only token keeps nothing.
    expect(await outcome(collections().create(w.reader, { name: 'read only' }))).toBe('FORBIDDEN');
  });

  it('shows a private collection to its owner (and admins) alone, a shared one to the team, changed by its owner', async () => {
    const w = await world();
    const mine = await collections().create(w.alice, { name: 'Private' });
    const shared = await collections().create(w.alice, { name: 'Shared', visibility: 'team' });
    expect(await outcome(collections().get(w.bob, mine.id))).toBe('NOT_FOUND');
    expect(await outcome(collections().get(w.admin, mine.id))).toBe('ok');
    expect((await collections().get(w.carol, shared.id)).name).toBe('Shared');
    expect(await outcome(collections().get(w.dave, shared.id))).toBe('NOT_FOUND');
    // Seen is not changed: only the owner or an admin.
    await expect(collections().update(w.bob, shared.id, { name: 'Mine now' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('only its owner') as string,
    });
    expect(await outcome(collections().delete(w.carol, shared.id))).toBe('FORBIDDEN');
    expect(await outcome(collections().update(w.admin, shared.id, { description: 'curated' }))).toBe('ok');
    // Listed: one's own, and those shared with one's teams.
    const listed = async (ctx: RequestContext) =>
      (await collections().list(ctx, { limit: 200 })).items.map((c) => c.id);
    expect(await listed(w.alice)).toEqual(expect.arrayContaining([mine.id, shared.id]));
    expect(await listed(w.bob)).toContain(shared.id);
    expect(await listed(w.bob)).not.toContain(mine.id);
    expect(await listed(w.dave)).not.toContain(shared.id);
    // Unshared: the team loses it.
    await collections().update(w.alice, shared.id, { visibility: 'private' });
    expect(await outcome(collections().get(w.bob, shared.id))).toBe('NOT_FOUND');
    expect(await outcome(collections().list(w.alice, { limit: 0 }))).toBe('VALIDATION_FAILED');
    expect(await outcome(collections().list(w.alice, { limit: 201 }))).toBe('VALIDATION_FAILED');
  });

  it('adds assets all or none: unknown, deleted or unreadable ones are NOT_FOUND naming them; present ones stay', async () => {
    const w = await world();
    const c = await collections().create(w.alice, { name: 'Adds' });
    const [a, b, d] = (await assets(w.own.id, 3)) as [string, string, string];
    const [theirs] = (await assets(w.other.id, 1)) as [string];
    const unknown = newId();
    await expect(collections().addMembers(w.alice, c.id, [a, unknown])).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { id: unknown },
    });
    expect(await outcome(collections().addMembers(w.alice, c.id, [a, theirs]))).toBe('NOT_FOUND');
    expect(await order(w.alice, c.id)).toEqual([]);
    const first = await collections().addMembers(w.alice, c.id, [a, b]);
    expect(first).toMatchObject({ added: [a, b], alreadyPresent: [], collection: { memberCount: 2 } });
    const again = await collections().addMembers(w.alice, 'adds', [b, d, d]);
    expect(again).toMatchObject({ added: [d], alreadyPresent: [b], collection: { memberCount: 3 } });
    expect(await order(w.alice, c.id)).toEqual([a, b, d]);
    // Bad lists name what to fix.
    for (const bad of [[], 'x', [42], ['not-an-id'], Array.from({ length: 501 }, () => a)])
      expect(await outcome(collections().addMembers(w.alice, c.id, bad))).toBe('VALIDATION_FAILED');
    const actions = (await store().audit.forSubject('collection', c.id)).map((e) => e.action);
    expect(actions).toEqual(['collection.created', 'collection.members-added', 'collection.members-added']);
  });

  it('neither shows nor counts members the viewer may not see, and hides deleted assets from everyone', async () => {
    const w = await world();
    const c = await collections().create(w.admin, { name: 'Mixed', team: w.own.id, visibility: 'team' });
    const [a, gone] = (await assets(w.own.id, 2)) as [string, string];
    const [theirs] = (await assets(w.other.id, 1)) as [string];
    await collections().addMembers(w.admin, c.id, [a, theirs, gone]);
    await store().transaction(async (tx) => {
      const asset = (await tx.assets.get(gone))!;
      const at = new Date().toISOString();
      await tx.assets.update(
        gone,
        {
          title: asset.title,
          quarantineReasons: [],
          rightsStatus: asset.rightsStatus,
          currentVersion: asset.currentVersion,
          updatedAt: at,
          teamId: w.own.id,
          deletion: { at, by: 'test', purgeAfter: at },
        },
        asset.updatedAt,
      );
    });
    expect(await order(w.carol, c.id)).toEqual([a]);
    expect((await collections().get(w.carol, c.id)).memberCount).toBe(1);
    expect((await collections().list(w.carol, { limit: 200 })).items.find((x) => x.id === c.id)?.memberCount).toBe(1);
    expect(await order(w.admin, c.id)).toEqual([a, theirs]);
    expect((await collections().get(w.admin, c.id)).memberCount).toBe(2);
  });

  it('moves members before, after and to a place, and keeps order through many moves into one gap', async () => {
    const w = await world();
    const c = await collections().create(w.alice, { name: 'Order' });
    const ids = await assets(w.own.id, 5);
    const [a, b, cc, d, e] = ids as [string, string, string, string, string];
    await collections().addMembers(w.alice, c.id, ids);
    await collections().move(w.alice, c.id, e, { before: a });
    expect(await order(w.alice, c.id)).toEqual([e, a, b, cc, d]);
    await collections().move(w.alice, c.id, e, { after: d });
    expect(await order(w.alice, c.id)).toEqual([a, b, cc, d, e]);
    await collections().move(w.alice, c.id, a, { position: 3 });
    expect(await order(w.alice, c.id)).toEqual([b, cc, a, d, e]);
    await collections().move(w.alice, c.id, b, { position: 5 });
    expect(await order(w.alice, c.id)).toEqual([cc, a, d, e, b]);
    // Insert at a place while adding.
    const [f] = (await assets(w.own.id, 1)) as [string];
    await collections().addMembers(w.alice, c.id, [f], { after: cc });
    expect(await order(w.alice, c.id)).toEqual([cc, f, a, d, e, b]);

    // Alternating into the same gap halves it each time: a renumbering must come, and the order must survive it.
    const model = await order(w.alice, c.id);
    for (let i = 0; i < 40; i++) {
      const moving = model[i % 2 === 0 ? model.length - 1 : model.length - 2]!;
      const anchor = model[1]!;
      const placement = i % 2 === 0 ? { before: anchor } : { after: model[0]! };
      await collections().move(w.alice, c.id, moving, placement);
      model.splice(model.indexOf(moving), 1);
      const at = 'before' in placement ? model.indexOf(anchor) : model.indexOf(model[0]!) + 1;
      model.splice(at, 0, moving);
    }
    expect(await order(w.alice, c.id)).toEqual(model);
    const moves = (await store().audit.forSubject('collection', c.id)).filter(
      (entry) => entry.action === 'collection.member-moved',
    );
    expect(moves).toHaveLength(44);
  });

  it('keeps every member once, in a consistent order, when adds and moves of one collection run at once', async () => {
    const w = await world();
    const c = await collections().create(w.alice, { name: 'Busy' });
    const ids = await assets(w.own.id, 12);
    await collections().addMembers(w.alice, c.id, ids.slice(0, 4));
    await Promise.all([
      ...ids.slice(4).map((id) => collections().addMembers(w.alice, c.id, [id], { position: 1 })),
      ...ids.slice(0, 4).map((id) => collections().move(w.alice, c.id, id, { position: 1 })),
    ]);
    const seen = await order(w.alice, c.id);
    expect([...seen].sort()).toEqual([...ids].sort());
    const positions = await store().collections.positionsOf(c.id, ids);
    expect(new Set(positions.values()).size).toBe(ids.length);
    expect((await collections().get(w.alice, c.id)).memberCount).toBe(12);
  });

  it('refuses moves that cannot be made, with what to fix', async () => {
    const w = await world();
    const c = await collections().create(w.alice, { name: 'Bad moves' });
    const [a, b] = (await assets(w.own.id, 2)) as [string, string];
    const [outside] = (await assets(w.own.id, 1)) as [string];
    await collections().addMembers(w.alice, c.id, [a, b]);
    const tries: [string, Parameters<CollectionService['move']>[3], string][] = [
      [a, { position: 3 }, 'VALIDATION_FAILED'],
      [a, { position: 0 }, 'VALIDATION_FAILED'],
      [a, { position: 1e12 }, 'VALIDATION_FAILED'],
      [a, { position: 1.5 }, 'VALIDATION_FAILED'],
      [a, { before: a }, 'VALIDATION_FAILED'],
      [a, { before: outside }, 'VALIDATION_FAILED'],
      [a, { after: 'nope' }, 'VALIDATION_FAILED'],
      [a, {} as never, 'VALIDATION_FAILED'],
      [a, { before: b, position: 1 }, 'VALIDATION_FAILED'],
      [outside, { position: 1 }, 'NOT_FOUND'],
      ['not-an-id', { position: 1 }, 'VALIDATION_FAILED'],
    ];
    for (const [asset, placement, expected] of tries)
      expect([asset, placement, await outcome(collections().move(w.alice, c.id, asset, placement))]).toEqual([
        asset,
        placement,
        expected,
      ]);
    expect(await order(w.alice, c.id)).toEqual([a, b]);
    expect(await outcome(collections().move(w.bob, c.id, a, { position: 1 }))).toBe('NOT_FOUND');
  });

  it('removes members idempotently, renames, and deletes with its members, each audited', async () => {
    const w = await world();
    const c = await collections().create(w.alice, { name: 'Short-lived' });
    const [a, b] = (await assets(w.own.id, 2)) as [string, string];
    await collections().addMembers(w.alice, c.id, [a, b]);
    expect(await collections().removeMember(w.alice, c.id, a)).toEqual({ removed: true });
    expect(await collections().removeMember(w.alice, c.id, a)).toEqual({ removed: false });
    await collections().create(w.alice, { name: 'Taken' });
    expect(await outcome(collections().update(w.alice, c.id, { name: 'taken' }))).toBe('CONFLICT');
    expect(await outcome(collections().update(w.alice, c.id, {}))).toBe('VALIDATION_FAILED');
    const renamed = await collections().update(w.alice, c.id, { name: 'Long-lived', description: 'kept' });
    expect(renamed).toMatchObject({ name: 'Long-lived', description: 'kept', memberCount: 1 });
    expect((await collections().update(w.alice, c.id, { description: '' })).description).toBeUndefined();
    await collections().delete(w.alice, c.id);
    expect(await outcome(collections().get(w.alice, c.id))).toBe('NOT_FOUND');
    expect(await store().collections.totalMembers(c.id)).toBe(0);
    const entries = await store().audit.forSubject('collection', c.id);
    expect(entries.map((e) => e.action)).toEqual([
      'collection.created',
      'collection.members-added',
      'collection.member-removed',
      'collection.updated',
      'collection.updated',
      'collection.deleted',
    ]);
    expect(entries[3]?.details).toEqual({
      changes: {
        name: { from: 'Short-lived', to: 'Long-lived' },
        description: { from: null, to: 'kept' },
      },
    });
  });

  it('lets the operator keep collections in a named team', async () => {
    const w = await world();
    expect(await outcome(collections().create(operator, { name: 'Ops' }))).toBe('VALIDATION_FAILED');
    const made = await collections().create(operator, { name: 'Ops', team: w.own.name });
    expect(made.owner).toEqual({ key: 'operator:tester', label: 'operator:tester' });
  });
});

describeEachDialect('saved search service', ({ store }) => {
  const searches = () => new SavedSearchService({ store: store() });
  let seq = 0;

  async function world() {
    const n = ++seq;
    const own = (await store().catalog.ensure('team', `Search own ${n}`)).entry;
    const other = (await store().catalog.ensure('team', `Search other ${n}`)).entry;
    return {
      own,
      alice: userContext(`salice${n}`, [member(own.id, 'viewer')]),
      bob: userContext(`sbob${n}`, [member(own.id, 'publisher')]),
      dave: userContext(`sdave${n}`, [member(other.id, 'creator')]),
    };
  }

  it('saves a query checked by the parser, unique per owner, private or shared with the team', async () => {
    const w = await world();
    const saved = await searches().create(w.alice, { name: 'Approved sunsets', query: '  sunset status:approved ' });
    expect(saved).toMatchObject({ query: 'sunset status:approved', visibility: 'private', team: { id: w.own.id } });
    expect(await outcome(searches().create(w.alice, { name: 'approved sunsets', query: 'x' }))).toBe('CONFLICT');
    await expect(searches().create(w.alice, { name: 'Broken', query: 'model:"sdxl' })).rejects.toMatchObject({
      code: 'QUERY_INVALID',
      details: { position: expect.any(Number) as number },
    });
    for (const query of ['', '   ', 'q'.repeat(2001), 7])
      expect(await outcome(searches().create(w.alice, { name: 'Bad', query }))).toBe('VALIDATION_FAILED');
    const shared = await searches().create(w.alice, { name: 'Team', query: 'beach', visibility: 'team' });
    const listed = async (ctx: RequestContext) => (await searches().list(ctx)).items.map((s) => s.id);
    expect(await listed(w.alice)).toEqual([shared.id, saved.id]);
    expect(await listed(w.bob)).toEqual([shared.id]);
    expect(await listed(w.dave)).toEqual([]);
    expect(await outcome(searches().get(w.bob, saved.id))).toBe('NOT_FOUND');
    expect((await searches().get(w.alice, 'team')).id).toBe(shared.id);
  });

  it('renames and changes the query for its owner only, deletes, each audited', async () => {
    const w = await world();
    const saved = await searches().create(w.alice, { name: 'Mine', query: 'cat', visibility: 'team' });
    expect(await outcome(searches().update(w.bob, saved.id, { query: 'dog' }))).toBe('FORBIDDEN');
    expect(await outcome(searches().update(w.alice, saved.id, { query: 'a "b' }))).toBe('QUERY_INVALID');
    expect(await outcome(searches().update(w.alice, saved.id, {}))).toBe('VALIDATION_FAILED');
    const updated = await searches().update(w.alice, saved.id, { name: 'Cats', query: 'cat -dog' });
    expect(updated).toMatchObject({ name: 'Cats', query: 'cat -dog' });
    expect(await outcome(searches().delete(w.dave, saved.id))).toBe('NOT_FOUND');
    await searches().delete(w.alice, 'cats');
    expect(await outcome(searches().get(w.alice, saved.id))).toBe('NOT_FOUND');
    const entries = await store().audit.forSubject('saved-search', saved.id);
    expect(entries.map((e) => e.action)).toEqual([
      'saved-search.created',
      'saved-search.updated',
      'saved-search.deleted',
    ]);
    expect(entries[1]?.details).toEqual({
      changes: { name: { from: 'Mine', to: 'Cats' }, query: { from: 'cat', to: 'cat -dog' } },
    });
  });
});
