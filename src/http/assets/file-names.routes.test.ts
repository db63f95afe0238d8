/**
 * File names and types through the upload route (the CLI reaches the same rules through IntakeService, whose tests
 * run the bad-input corpus): a name that hides or reorders characters and an extension that is not the file's type
 * are refused, with the character or the extension named; names that need joiners are kept as sent.
 */
import { expect, it } from 'vitest';
import { samplePng } from '../../../test/bad-inputs.ts';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { useTestApp } from '../../../test/http-app.ts';
import { fieldParts, multipart } from '../../../test/multipart.ts';
import { completeFields } from '../../../test/runtime.ts';

interface Reply {
  error?: { code: string; message: string; details: Record<string, unknown> };
  asset?: { id: string; versions: Array<{ fileName: string; originalUrl: string }> };
}

for (const dialect of dialects) {
  describeDialect(dialect, `upload file names and types [${dialect}]`, () => {
    const t = useTestApp(dialect);
    const upload = async (file: Buffer, fileName: string) => {
      const { body, headers } = multipart([
        ...fieldParts(completeFields),
        { name: 'file', value: file, fileName, contentType: 'application/octet-stream' },
      ]);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/assets', payload: body, headers });
      return { status: res.statusCode, body: res.json<Reply>() };
    };

    it('refuses a name with a bidi override or a zero-width character, naming it', async () => {
      const bidi = await upload(await samplePng(700), 'invoice\u202egnp.exe');
      expect(bidi.status).toBe(400);
      expect(bidi.body.error).toMatchObject({ code: 'INVALID_FILE_NAME' });
      expect(bidi.body.error?.details.problem).toContain('U+202E');
      const hidden = await upload(await samplePng(701), 'light\u200bhouse.png');
      expect(hidden.body.error?.details.problem).toContain('U+200B');
    });

    it('refuses an extension no accepted type has, and keeps a name without one', async () => {
      const unknown = await upload(await samplePng(702), 'lighthouse.foo');
      expect(unknown.status).toBe(422);
      expect(unknown.body.error).toMatchObject({
        code: 'FILE_TYPE_MISMATCH',
        details: { extension: 'foo', detected: 'image/png' },
      });
      expect((await upload(await samplePng(703), 'lighthouse')).status).toBe(201);
    });

    it('keeps a Persian name with its zero-width non-joiner, and offers it back unchanged', async () => {
      const name = 'می\u200cخواهم.png';
      const created = await upload(await samplePng(704), name);
      expect(created.status).toBe(201);
      const version = created.body.asset!.versions[0]!;
      expect(version.fileName).toBe(name);
      const original = await t.app.inject({ url: version.originalUrl });
      expect(original.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
    });
  });
}
