/**
 * GET /api/v1/events/stream over real HTTP: a change to an asset arrives on an open stream as a server-sent event
 * (its seq as the id, no payload, no actor); a listener hears only of assets it may read; Last-Event-ID resumes;
 * follow=false ends after what is there; and the server's shutdown ends an open stream instead of waiting for it.
 */
import { expect, it } from 'vitest';
import { samplePng } from '../../../test/bad-inputs.ts';
import { operator } from '../../../test/contexts.ts';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { useTestApp } from '../../../test/http-app.ts';
import { fieldParts, multipart } from '../../../test/multipart.ts';
import { completeFields } from '../../../test/runtime.ts';
import { until } from '../../../test/waiting.ts';

interface Change {
  seq: number;
  type: string;
  subjectId: string;
  [other: string]: unknown;
}

/** The `change` events of a stream's text so far. */
const changesIn = (text: string): Change[] =>
  text
    .split('\n\n')
    .filter((block) => block.includes('event: change'))
    .map((block) => JSON.parse(/^data: (.*)$/m.exec(block)![1]!) as Change);

for (const dialect of dialects) {
  describeDialect(dialect, `live updates over server-sent events [${dialect}]`, () => {
    const t = useTestApp(dialect);
    let made = 0;
    const upload = async (fields: Record<string, string> = completeFields) => {
      const { body, headers } = multipart([
        ...fieldParts(fields),
        { name: 'file', value: await samplePng(500 + ++made), fileName: `live-${made}.png`, contentType: 'image/png' },
      ]);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/assets', payload: body, headers });
      expect(res.statusCode).toBe(201);
      return res.json<{ asset: { id: string; team: { id: string } } }>().asset;
    };

    it('sends a change to an asset to an open stream, and ends the stream when the server shuts down', async () => {
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = t.app.server.address() as { port: number };
      const before = await upload();
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/events/stream`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader: ReadableStreamDefaultReader<Uint8Array> = res.body!.getReader();
      let text = '';
      let ended = false;
      const reading = (async () => {
        for (;;) {
          const chunk: Awaited<ReturnType<typeof reader.read>> = await reader.read();
          if (chunk.done) break;
          text += Buffer.from(chunk.value).toString('utf8');
        }
        ended = true;
      })();
      await until(() => text.includes(': listening after'), 'the stream to start');
      // It starts at the newest event: what happened before it opened is not sent again.
      const asset = await upload();
      await until(() => changesIn(text).some((c) => c.subjectId === asset.id), 'the upload’s event on the stream');
      const changes = changesIn(text);
      expect(changes.some((c) => c.subjectId === before.id)).toBe(false);
      const change = changes.find((c) => c.subjectId === asset.id)!;
      expect(Object.keys(change).sort()).toEqual(['createdAt', 'seq', 'subjectId', 'subjectType', 'type']);
      expect(text).toContain(`id: ${change.seq}\n`);

      // Shutdown ends the open stream (app.close would otherwise wait for it).
      await t.app.close();
      await reading;
      expect(ended).toBe(true);
    });
  });

  describeDialect(dialect, `live updates: who hears what [${dialect}]`, () => {
    const t = useTestApp(dialect);

    it('narrows the events to the assets the listener may read, resumes after Last-Event-ID, and follow=false ends', async () => {
      const { body, headers } = multipart([
        ...fieldParts(completeFields),
        { name: 'file', value: await samplePng(560), fileName: 'team-a.png', contentType: 'image/png' },
      ]);
      const own = (await t.app.inject({ method: 'POST', url: '/api/v1/assets', payload: body, headers })).json<{
        asset: { id: string };
      }>().asset;
      const other = multipart([
        ...fieldParts({ ...completeFields, team: 'Another Team' }),
        { name: 'file', value: await samplePng(561), fileName: 'team-b.png', contentType: 'image/png' },
      ]);
      const hidden = (
        await t.app.inject({ method: 'POST', url: '/api/v1/assets', payload: other.body, headers: other.headers })
      ).json<{ asset: { id: string; team: { id: string } } }>().asset;
      const ownTeam = (await t.rt.store.assets.get(own.id))!.team!.id;
      expect(hidden.team.id).not.toBe(ownTeam);

      const password = 'a viewer password for the stream';
      await t.rt.identity.createUser(operator, {
        username: 'viewer-a',
        password,
        memberships: [{ teamId: ownTeam, role: 'viewer' }],
      });
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'viewer-a', password },
      });
      const cookie = ([] as string[])
        .concat(login.headers['set-cookie'] ?? [])
        .map((c) => c.split(';')[0])
        .join('; ');

      const heard = await t.app.inject({ url: '/api/v1/events/stream?after=0&follow=false', headers: { cookie } });
      expect(heard.statusCode).toBe(200);
      const ids = changesIn(heard.body).map((c) => c.subjectId);
      expect(ids).toContain(own.id);
      expect(ids).not.toContain(hidden.id);

      // The admin hears both; resuming after the first event leaves it out.
      const all = changesIn((await t.app.inject({ url: '/api/v1/events/stream?after=0&follow=false' })).body);
      expect(all.map((c) => c.subjectId)).toEqual(expect.arrayContaining([own.id, hidden.id]));
      const resumed = changesIn(
        (
          await t.app.inject({
            url: '/api/v1/events/stream?follow=false',
            headers: { 'last-event-id': String(all[0]!.seq) },
          })
        ).body,
      );
      expect(resumed.map((c) => c.seq)).toEqual(all.slice(1).map((c) => c.seq));

      const anonymous = await t.app.inject({
        url: '/api/v1/events/stream?follow=false',
        headers: { cookie: 'provena_session=pvs_forged' },
      });
      expect(anonymous.statusCode).toBe(401);
      const bad = await t.app.inject({ url: '/api/v1/events/stream?after=-1&follow=false' });
      expect(bad.statusCode).toBe(400);
    });
  });
}
