/**
 * The search index on both dialects: assets written through the real services and repositories are found at once
 * (no reindex) by every text field, their changes change what is found, and the analysers and weights behave.
 */
import { crc32 } from 'node:zlib';
import pg from 'pg';
import sharp from 'sharp';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operator } from '../../../test/contexts.ts';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../../test/runtime.ts';
import type { EnrichmentRecord } from '../../domain/ports.ts';
import { parseSearchQuery } from '../../domain/search-query.ts';
import {
  createSearchIndex,
  dropSearchIndex,
  rebuildSearchIndex,
  resumeSearchTriggers,
  suspendSearchTriggers,
} from './search-index.ts';

/** A PNG of noise (distinct bytes per seed), with an A1111 `parameters` text chunk when given. */
async function png(seed: number, parameters?: string, size = { width: 48, height: 32 }): Promise<Buffer> {
  const pixels = Buffer.alloc(size.width * size.height * 3);
  let state = seed * 2654435761;
  for (let i = 0; i < pixels.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    pixels[i] = state >>> 24;
  }
  const image = await sharp(pixels, { raw: { ...size, channels: 3 } })
    .png()
    .toBuffer();
  if (parameters === undefined) return image;
  const data = Buffer.concat([Buffer.from('parameters\0', 'latin1'), Buffer.from(parameters, 'latin1')]);
  const type = Buffer.from('tEXt', 'latin1');
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  type.copy(chunk, 4);
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(Buffer.concat([type, data])), 8 + data.length);
  // After the signature (8 bytes) and IHDR (25 bytes).
  return Buffer.concat([image.subarray(0, 33), chunk, image.subarray(33)]);
}

for (const dialect of dialects) {
  describeDialect(dialect, `search index [${dialect}]`, () => {
    let rt: TestRuntime;
    let seed = 0;
    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { embedder: 'none', moderation: 'false' });
    });
    afterAll(async () => rt?.dispose());

    /** The assets a query of the language finds, best first, through the one read path (SqlSearchRepository). */
    const ids = async (text: string) => (await hits(text)).map((hit) => hit.assetId);
    const hits = async (text: string, page: { limit?: number; cursor?: string } = {}) =>
      (await rt.store.search.search({ query: parseSearchQuery(text, new Date()), limit: 100, ...page })).hits;
    /** Whether the asset's document is kept, deleted or not (search leaves soft-deleted assets out). */
    const indexed = async (assetId: string) =>
      (
        await sql<{
          deleted_at: string | null;
        }>`select deleted_at from search_documents where asset_id = ${assetId}`.execute(rt.store.db)
      ).rows[0];

    async function intake(fileName: string, fields: Record<string, unknown>, parameters?: string): Promise<string> {
      const { asset } = await rt.intake.intake(operator, await png(++seed, parameters), {
        fileName,
        fields: { ...completeFields, ...fields },
        mode: 'bulk',
      });
      return asset.id;
    }

    /** What the text enricher and the object detector would store for the asset's current version. */
    async function enrich(assetId: string, found: { text?: string; faces?: number; objects?: string[] }) {
      const asset = await rt.store.assets.get(assetId);
      const version = asset!.versions.find((v) => v.number === asset!.currentVersion)!;
      await rt.store.transaction(async (tx) => {
        const producedAt = new Date().toISOString();
        const record = (enricher: string, result: Record<string, unknown>): EnrichmentRecord => ({
          versionId: version.id,
          enricher,
          model: 'test',
          modelVersion: '1',
          status: 'done',
          producedAt,
          result,
        });
        await tx.enrichment.saveResults([
          ...(found.text === undefined ? [] : [record('text', { wordCount: 1, text: found.text, words: [] })]),
          ...(found.faces === undefined ? [] : [record('faces', { count: found.faces, faces: [] })]),
        ]);
        if (found.objects)
          await tx.enrichment.replaceTags(
            version.id,
            ['objects'],
            found.objects.map((label) => ({
              label,
              category: 'object',
              source: 'objects',
              confidence: 0.9,
              model: 't',
            })),
          );
      });
    }

    it('finds a new asset by its title, prompt, tag, OCR word, file name, objects and campaign at once', async () => {
      const id = await intake('quayside_morning-01.png', {
        title: 'Harbour poster',
        prompt: 'a lighthouse at dusk, oil painting',
        campaign: 'Northern Lights Launch',
      });
      await rt.edits.edit(operator, id, { addTags: ['maritime'] });
      await enrich(id, { text: 'GRAND OPENING sale', faces: 2 });
      expect(await ids('opening')).toEqual([id]);
      await enrich(id, { objects: ['boat'] });
      for (const word of ['harbour', 'lighthouse', 'maritime', 'opening', 'quayside', 'boat', 'northern'])
        expect(await ids(word), word).toEqual([id]);
      expect(await ids('harbour lighthouse opening')).toEqual([id]);
      const [row] = await sql<Record<string, unknown>>`
        select status, kind, width, height, orientation, c2pa_state, faces, tool, ai_involvement
        from search_documents where asset_id = ${id}`
        .execute(rt.store.db)
        .then((r) => r.rows);
      expect(row).toMatchObject({
        kind: 'image',
        width: 48,
        height: 32,
        orientation: 'landscape',
        c2pa_state: 'absent',
        faces: 2,
        tool: 'ComfyUI',
      });
      expect(await ids('opening faces:>=1')).toEqual([id]);
      expect(await ids('opening orientation:portrait')).toEqual([]);
    });

    it('indexes the first 10,000 characters of a text: megabytes of OCR text are stored, not refused', async () => {
      const id = await intake('long.png', { title: 'Dense page' });
      // 2 MB of distinct words: whole, a tsvector past its 1 MB limit, which would fail the write on PostgreSQL.
      const words = Array.from({ length: 60_000 }, (_, n) => `w${n.toString(36)}x${(n * 7919).toString(36)}`);
      await enrich(id, { text: ['openingword', ...words, 'closingword'].join(' ') });
      expect(await ids('openingword')).toEqual([id]);
      expect(await ids('closingword')).toEqual([]);
    });

    it('follows an edit, a new version, a soft delete, a restore and a purge', async () => {
      const id = await intake('first.png', { title: 'Copper kettle', prompt: 'still life' });
      expect(await ids('kettle')).toEqual([id]);

      await rt.edits.edit(operator, id, { title: 'Brass teapot', description: 'for the autumn catalogue' });
      expect(await ids('kettle')).toEqual([]);
      expect(await ids('teapot')).toEqual([id]);
      expect(await ids('catalogue')).toEqual([id]);

      await enrich(id, { text: 'VINTAGE' });
      expect(await ids('vintage')).toEqual([id]);
      // A new version's OCR is its own: the old version's text is no longer the asset's.
      const added = await rt.intake.addVersion(operator, id, await png(++seed), { fileName: 'second_take.png' });
      expect(added.status).toBe('created');
      expect(await ids('vintage')).toEqual([]);
      expect(await ids('take')).toEqual([id]);
      expect(await ids('first')).toEqual([]);

      await rt.lifecycle.delete(operator, id);
      expect(await ids('teapot')).toEqual([]);
      expect((await indexed(id))?.deleted_at).toBeTruthy();
      await rt.lifecycle.restore(operator, id);
      expect(await ids('teapot')).toEqual([id]);

      await rt.lifecycle.delete(operator, id);
      await rt.lifecycle.purge(operator, { now: new Date(Date.now() + 400 * 86_400_000) });
      expect(await indexed(id)).toBeUndefined();
      const { rows } = await sql`select 1 from search_documents where asset_id = ${id}`.execute(rt.store.db);
      expect(rows).toEqual([]);
    });

    it('stems, folds diacritics and matches prefixes', async () => {
      const id = await intake('x.png', { title: 'Runners at the Café Brûlée', prompt: 'people running' });
      expect(await ids('run')).toEqual([id]);
      expect(await ids('runner')).toEqual([id]);
      expect(await ids('cafe')).toEqual([id]);
      expect(await ids('brulee')).toEqual([id]);
      expect(await ids('brul*')).toEqual([id]);
      expect(await ids('title:cafe')).toEqual([id]);
      expect(await ids('title:people')).toEqual([]);
    });

    it('ranks a title hit above a prompt hit above a negative-prompt hit, and pages by (score, id)', async () => {
      const inNegative = await intake(
        'a.png',
        { title: 'Plain field', prompt: undefined },
        'green meadow\nNegative prompt: zeppelin\nSteps: 20, Sampler: Euler, Seed: 1, Size: 48x32, Model: sdxl_base',
      );
      const inTitle = await intake('b.png', { title: 'Zeppelin over the bay', prompt: 'clouds' });
      const inPrompt = await intake('c.png', { title: 'Evening sky', prompt: 'a zeppelin in the clouds' });
      const ranked = await hits('zeppelin', { limit: 10 });
      expect(ranked.map((hit) => hit.assetId)).toEqual([inTitle, inPrompt, inNegative]);
      expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
      const [row] = await sql<Record<string, unknown>>`
        select negative_prompt, model, ai_involvement from search_documents
        where asset_id = ${inNegative}`
        .execute(rt.store.db)
        .then((r) => r.rows);
      expect(row).toMatchObject({ negative_prompt: 'zeppelin', model: 'sdxl_base', ai_involvement: 'ai-generated' });

      const first = await rt.store.search.search({ query: parseSearchQuery('zeppelin', new Date()), limit: 2 });
      const rest = await hits('zeppelin', { limit: 2, cursor: first.nextCursor! });
      expect([...first.hits, ...rest]).toEqual(ranked);
    });

    it('answers the query language through text-match.ts: scopes, exclusions, phrases, prefixes, filters', async () => {
      const search = ids;
      const [inTitle] = await search('title:zeppelin');
      const [inPrompt] = await search('prompt:zeppelin');
      expect(inTitle).toBeDefined();
      expect(inPrompt).toBeDefined();
      expect(await search('zeppelin -title:evening')).not.toContain(inPrompt);
      expect(await search('zeppelin -title:evening')).toContain(inTitle);
      expect(await search('"zeppelin in the clouds"')).toEqual([inPrompt]);
      expect(await search('zepp*')).toHaveLength(3);
      const withoutZeppelin = await search('-zeppelin');
      expect(withoutZeppelin.length).toBeGreaterThan(0);
      expect(withoutZeppelin).not.toContain(inTitle);
      expect(withoutZeppelin).not.toContain(inPrompt);
      // Filters: a negated value keeps documents without one; a range needs a value.
      expect(await search('zeppelin -model:sdxl_base')).toHaveLength(2);
      expect(await search('zeppelin model:sdxl_base')).toHaveLength(1);
      expect(await search('zeppelin width:>48')).toEqual([]);
      expect(await search('zeppelin width:48')).toHaveLength(3);
    });

    it('follows writes made outside the services too: a campaign renamed, brand checks, a status set by hand', async () => {
      const id = await intake('brand.png', { title: 'Shop window', campaign: 'Spring Fair' });
      expect(await ids('spring')).toEqual([id]);
      const db = rt.store.db;
      const { rows: campaigns } = await sql<{ campaign_id: string }>`
        select campaign_id from assets where id = ${id}`.execute(db);
      await sql`update campaigns set name = 'Autumn Fair' where id = ${campaigns[0]!.campaign_id}`.execute(db);
      expect(await ids('spring')).toEqual([]);
      expect(await ids('autumn')).toEqual([id]);

      const at = new Date().toISOString();
      for (const brand of ['acme', 'globex'])
        await sql`insert into brands (id, slug, name, created_at, created_by)
                  values (${brand}, ${brand}, ${brand}, ${at}, 't')`.execute(db);
      const check = async (checkId: string, brand: string, score: number, verdict: string, current: number) =>
        sql`insert into brand_checks (id, asset_id, version_number, brand_id, guideline_version, results, rule_digests,
                                      score, verdict, cause, current, checked_at, checked_by)
            values (${checkId}, ${id}, 1, ${brand}, 1, '[]', '[]', ${score}, ${verdict}, 'test', ${current}, ${at}, 't')`.execute(
          db,
        );
      await check('c1', 'acme', 91, 'pass', 1);
      await check('c2', 'globex', 55, 'warn', 1);
      await check('c3', 'globex', 12, 'fail', 0);
      const brandOf = async () =>
        (
          await sql<{ brand_score: number; brand_verdict: string; status: string }>`
            select brand_score, brand_verdict, status from search_documents where asset_id = ${id}`.execute(db)
        ).rows[0];
      // The worst current check; an old one (current 0) no longer counts.
      expect(await brandOf()).toMatchObject({ brand_score: 55, brand_verdict: 'warn' });
      await sql`update brand_checks set current = 0 where id = 'c2'`.execute(db);
      expect(await brandOf()).toMatchObject({ brand_score: 91, brand_verdict: 'pass' });
      expect(await ids('brand:pass')).toEqual([id]);
      expect(await ids('brand:<90')).not.toContain(id);

      await sql`update assets set status = 'approved' where id = ${id}`.execute(db);
      expect((await brandOf())?.status).toBe('approved');
    });

    it('rebuild gives the rows the triggers keep; suspended triggers miss writes until resumed and rebuilt', async () => {
      const snapshot = async () =>
        (
          await sql<Record<string, unknown>>`select * from search_documents order by asset_id`.execute(rt.store.db)
        ).rows.map(({ doc_id: _docId, search_vector: vector, ...row }) => ({ ...row, vector }));
      const kept = await snapshot();
      expect(kept.length).toBeGreaterThan(3);
      await sql`delete from search_documents`.execute(rt.store.db);
      const progress: number[] = [];
      const rebuilt = await rebuildSearchIndex(rt.store.db, dialect, {
        batchSize: 2,
        onProgress: (p) => progress.push(p.done),
      });
      expect(rebuilt.documents).toBe(kept.length);
      expect(await snapshot()).toEqual(kept);
      expect(progress[0]).toBe(0);
      expect(progress[progress.length - 1]).toBe(kept.length);
      expect(await ids('zeppelin')).toHaveLength(3);

      // Dropped and made again from the definition, as a migration changing it would.
      await dropSearchIndex(rt.store.db, dialect);
      await createSearchIndex(rt.store.db, dialect);
      await rebuildSearchIndex(rt.store.db, dialect);
      expect(await snapshot()).toEqual(kept);

      await suspendSearchTriggers(rt.store.db, dialect);
      const unseen = await intake('suspended.png', { title: 'Quokka portrait' });
      expect(await ids('quokka')).toEqual([]);
      await resumeSearchTriggers(rt.store.db, dialect);
      await rebuildSearchIndex(rt.store.db, dialect, { retokenise: true });
      expect(await ids('quokka')).toEqual([unseen]);
      // Resumed: writes are followed again.
      await rt.edits.edit(operator, unseen, { title: 'Wombat portrait' });
      expect(await ids('wombat')).toEqual([unseen]);
    });

    if (dialect === 'postgres')
      it('locks the asset row before its document, as an asset update does (one lock order: no deadlock)', async () => {
        const id = await intake('lock.png', { title: 'Lock order' });
        const asset = await rt.store.assets.get(id);
        const versionId = asset!.versions[0]!.id;
        const writer = new pg.Client({ connectionString: rt.database.url });
        const other = new pg.Client({ connectionString: rt.database.url });
        await writer.connect();
        await other.connect();
        try {
          await writer.query('begin');
          await writer.query(
            `insert into tags (version_id, source, label, category, confidence, model)
             values ($1, 'manual', 'padlock', 'other', 1, 'm')`,
            [versionId],
          );
          // The tag's trigger holds the asset row: an edit of the asset would wait here, before touching the document.
          await expect(
            other.query('select 1 from assets where id = $1 for no key update nowait', [id]),
          ).rejects.toThrow(/could not obtain lock/);
          await writer.query('commit');
          expect(await ids('padlock')).toEqual([id]);
        } finally {
          await writer.end();
          await other.end();
        }
      });
  });
}
