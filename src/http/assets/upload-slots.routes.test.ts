/**
 * Uploads in progress are capped: past the cap an upload is refused at once with 503 TOO_MANY_UPLOADS and Retry-After,
 * before any of its body is read, and a slot frees up however the upload before it ended.
 */
import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { samplePng } from '../../../test/bad-inputs.ts';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { useTestApp } from '../../../test/http-app.ts';
import { fieldParts, multipart } from '../../../test/multipart.ts';
import { completeFields } from '../../../test/runtime.ts';
import { eventually } from '../../../test/waiting.ts';

interface ErrorReply {
  error: { code: string; message: string; details: Record<string, unknown>; requestId: string };
}

const form = (file: Buffer, fileName = 'lighthouse.png') =>
  multipart([...fieldParts(completeFields), { name: 'file', value: file, fileName, contentType: 'image/png' }]);

/**
 * An upload whose body stops halfway until `finish` or `fail` is called; `reading` resolves once the server has
 * started to read it (so the upload holds its slot).
 */
function heldUpload(body: Buffer) {
  let started!: () => void;
  const reading = new Promise<void>((resolve) => (started = resolve));
  let sentHalf = false;
  const stream = new Readable({
    read() {
      if (sentHalf) return;
      sentHalf = true;
      this.push(body.subarray(0, body.length >> 1));
      started();
    },
  });
  return {
    stream,
    reading,
    finish: () => {
      stream.push(body.subarray(body.length >> 1));
      stream.push(null);
    },
    fail: () => stream.destroy(new Error('the client went away')),
  };
}

for (const dialect of dialects) {
  describeDialect(dialect, `upload slots [${dialect}]`, () => {
    const t = useTestApp(dialect, { maxConcurrentUploads: '1', uploadRetryAfterSeconds: '7' });
    const upload = async (file: Buffer, fileName?: string) => {
      const { body, headers } = form(file, fileName);
      return t.app.inject({ method: 'POST', url: '/api/v1/assets', payload: body, headers });
    };
    const hold = async (seed: number) => {
      const { body, headers } = form(await samplePng(seed));
      const held = heldUpload(body);
      const response = t.app.inject({ method: 'POST', url: '/api/v1/assets', payload: held.stream, headers });
      await held.reading;
      return { ...held, response };
    };

    it('refuses an upload beyond the cap with 503 TOO_MANY_UPLOADS and Retry-After, then takes the next', async () => {
      const held = await hold(600);
      const busy = await upload(await samplePng(601));
      expect(busy.statusCode).toBe(503);
      expect(busy.headers['retry-after']).toBe('7');
      const { error } = busy.json<ErrorReply>();
      expect(error).toMatchObject({
        code: 'TOO_MANY_UPLOADS',
        details: { maxConcurrentUploads: 1, retryAfterSeconds: 7 },
      });
      expect(error.message).toContain('7 s');
      // Other requests are not uploads: they go through while the slot is taken.
      expect((await t.app.inject({ url: '/api/v1/assets' })).statusCode).toBe(200);

      held.finish();
      expect((await held.response).statusCode).toBe(201);
      expect((await upload(await samplePng(601))).statusCode).toBe(201);
    });

    it('frees the slot of an upload that was refused', async () => {
      expect((await upload(await samplePng(602), 'lighthouse.foo')).statusCode).toBe(422);
      expect((await upload(await samplePng(603))).statusCode).toBe(201);
    });

    it('frees the slot of an upload whose client went away', async () => {
      const held = await hold(604);
      held.fail();
      await expect(held.response).rejects.toThrow('went away');
      // The handler ends a moment after the client has gone; once it has, its slot is free again.
      const next = await samplePng(605);
      const created = await eventually(
        () => upload(next),
        (res) => res.statusCode !== 503,
      );
      expect(created.statusCode).toBe(201);
    });
  });
}
