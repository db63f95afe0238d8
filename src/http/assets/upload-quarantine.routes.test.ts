/**
 * POST /api/v1/assets?quarantine=true: an upload with missing or invalid intake fields is kept, quarantined with a
 * reason per field, instead of refused; a PATCH that supplies them releases it. Without the opt-in it is refused.
 */
import { expect, it } from 'vitest';
import { samplePng } from '../../../test/bad-inputs.ts';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { useTestApp } from '../../../test/http-app.ts';
import { fieldParts, multipart } from '../../../test/multipart.ts';
import { completeFields } from '../../../test/runtime.ts';

interface IntakeReply {
  status: string;
  asset: { id: string; status: string; quarantineReasons: { code: string; field?: string; message: string }[] };
}

for (const dialect of dialects) {
  describeDialect(dialect, `upload with ?quarantine [${dialect}]`, () => {
    const t = useTestApp(dialect);
    const upload = (file: Buffer, fields: Record<string, string>, query = '') => {
      const { body, headers } = multipart([
        ...fieldParts(fields),
        { name: 'file', value: file, fileName: 'harbour.png', contentType: 'image/png' },
      ]);
      return t.app.inject({ method: 'POST', url: `/api/v1/assets${query}`, payload: body, headers });
    };
    const { prompt, tool, toolVersion, requestor, intendedUse } = completeFields;
    const incomplete = { prompt, tool, toolVersion, requestor, intendedUse, rightsStatus: 'free' };

    it('quarantines an incomplete upload with its reasons, and a PATCH with the fields releases it', async () => {
      const res = await upload(await samplePng(310), incomplete, '?quarantine=true');
      expect(res.statusCode).toBe(201);
      const reply = res.json<IntakeReply>();
      expect(reply.status).toBe('quarantined');
      expect(reply.asset.status).toBe('quarantined');
      expect([...new Set(reply.asset.quarantineReasons.map((r) => r.field))].sort()).toEqual([
        'campaign',
        'rightsStatus',
        'team',
      ]);
      expect(reply.asset.quarantineReasons.find((r) => r.field === 'rightsStatus')?.code).toBe('INVALID_FIELD');

      const partial = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/assets/${reply.asset.id}`,
        payload: { team: completeFields.team, rightsStatus: 'cleared' },
      });
      expect(partial.statusCode).toBe(200);
      expect(partial.json<{ released: boolean; remainingReasons?: { field?: string }[] }>()).toMatchObject({
        released: false,
        remainingReasons: [{ field: 'campaign' }],
      });
      const fixed = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/assets/${reply.asset.id}`,
        payload: { campaign: completeFields.campaign },
      });
      expect(fixed.json<{ released: boolean }>().released).toBe(true);
      const read = await t.app.inject({ url: `/api/v1/assets/${reply.asset.id}` });
      expect(read.json<{ status: string }>().status).not.toBe('quarantined');
    });

    it('refuses the same upload without the opt-in, or with quarantine=false', async () => {
      for (const query of ['', '?quarantine=false']) {
        const res = await upload(await samplePng(311), incomplete, query);
        expect(res.statusCode).toBe(400);
        expect(res.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
      }
      const missing = await upload(await samplePng(312), { prompt }, '?quarantine=0');
      expect(missing.statusCode).toBe(422);
      expect(missing.json<{ error: { code: string } }>().error.code).toBe('INTAKE_INCOMPLETE');
    });

    it('answers a complete upload as created, and a bad opt-in value as a 400 naming it', async () => {
      const res = await upload(await samplePng(313), completeFields, '?quarantine=true');
      expect(res.statusCode).toBe(201);
      expect(res.json<IntakeReply>().status).toBe('created');
      const bad = await upload(await samplePng(314), completeFields, '?quarantine=perhaps');
      expect(bad.statusCode).toBe(400);
      expect(bad.json<{ error: { code: string; details: { problems: { field: string }[] } } }>().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { problems: [{ field: 'quarantine' }] },
      });
    });
  });
}
