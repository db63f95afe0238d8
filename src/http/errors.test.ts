import { describe, expect, it } from 'vitest';
import { samplePng } from '../../test/bad-inputs.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { useTestApp } from '../../test/http-app.ts';
import { fieldParts, multipart } from '../../test/multipart.ts';
import { completeFields } from '../../test/runtime.ts';
import { assetStatuses, intendedUses, rightsStatuses } from '../domain/asset.ts';
import { jobStatuses } from '../domain/jobs.ts';
import { toProvenaError } from './errors.ts';

interface Problem {
  field: string;
  problem: string;
}
interface ErrorReply {
  error: { code: string; message: string; details: { problems: Problem[] }; requestId: string };
}

const oneOf = (values: readonly string[]) => `must be one of: ${values.join(', ')}`;
const anAssetId = '0190a0a0-0000-7000-8000-000000000000';

for (const dialect of dialects) {
  describeDialect(dialect, `invalid values over HTTP [${dialect}]`, () => {
    const t = useTestApp(dialect);

    /** A 400 VALIDATION_FAILED in the one error shape; its problems. */
    const problemsOf = (res: { statusCode: number; json<T>(): T }): Problem[] => {
      expect(res.statusCode).toBe(400);
      const body = res.json<ErrorReply>();
      expect(body).toEqual({
        error: {
          code: 'VALIDATION_FAILED',
          message: body.error.details.problems.map((p) => `${p.field}: ${p.problem}`).join('; '),
          details: { problems: expect.any(Array) as unknown },
          requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
        },
      });
      return body.error.details.problems;
    };

    it('explains a bad rendition role (a union of literals) once, with the roles there are', async () => {
      const res = await t.app.inject({ url: `/api/v1/assets/${anAssetId}/renditions/bogus` });
      expect(problemsOf(res)).toEqual([
        { field: 'role', problem: oneOf(['thumbnail', 'preview', 'poster', 'keyframe']) },
      ]);
      expect(res.json<ErrorReply>().error.message).toBe('role: must be one of: thumbnail, preview, poster, keyframe');
    });

    it('explains a bad query enum with its values', async () => {
      expect(problemsOf(await t.app.inject({ url: '/api/v1/jobs?status=bogus' }))).toEqual([
        { field: 'status', problem: oneOf(jobStatuses) },
      ]);
      expect(problemsOf(await t.app.inject({ url: '/api/v1/assets?status=bogus' }))).toEqual([
        { field: 'status', problem: oneOf(assetStatuses) },
      ]);
      // An optional union of literals in a query string.
      expect(problemsOf(await t.app.inject({ url: '/api/v1/families?state=bogus' }))).toEqual([
        { field: 'state', problem: oneOf(['suggested', 'confirmed']) },
      ]);
    });

    it('keeps one problem per field when other fields are wrong too', async () => {
      const problems = problemsOf(await t.app.inject({ url: '/api/v1/jobs?status=bogus&limit=0' }));
      expect(problems.map((p) => p.field).sort()).toEqual(['limit', 'status']);
      expect(problems.find((p) => p.field === 'status')?.problem).toBe(oneOf(jobStatuses));
    });

    it('explains bad intake enums of a multipart upload in the same words', async () => {
      const { body, headers } = multipart([
        ...fieldParts({ ...completeFields, intendedUse: 'bogus', rightsStatus: 'bogus' }),
        { name: 'file', value: await samplePng(501), fileName: 'x.png', contentType: 'image/png' },
      ]);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/assets', payload: body, headers });
      expect(problemsOf(res)).toEqual([
        { field: 'intendedUse', problem: oneOf(intendedUses) },
        { field: 'rightsStatus', problem: oneOf(rightsStatuses) },
      ]);
    });
  });
}

describe('validation problems from Ajv errors', () => {
  const problemsOf = (validation: unknown[], validationContext = 'body') =>
    toProvenaError(Object.assign(new Error('invalid'), { validation, validationContext })).details.problems;
  const constError = (path: string, schemaPath: string, allowedValue: unknown) => ({
    instancePath: path,
    schemaPath,
    keyword: 'const',
    params: { allowedValue },
    message: 'must be equal to constant',
  });

  it('lists the values of a nested union and of a oneOf, and leaves deeper branch errors as they are', () => {
    expect(
      problemsOf([
        constError('/kind', '#/properties/kind/anyOf/0/const', 'a'),
        constError('/kind', '#/properties/kind/anyOf/1/anyOf/0/const', 'b'),
        constError('/kind', '#/properties/kind/anyOf/1/anyOf/1/const', 'c'),
        { instancePath: '/kind', schemaPath: '#/properties/kind/anyOf/1/anyOf', keyword: 'anyOf', params: {} },
        { instancePath: '/kind', schemaPath: '#/properties/kind/anyOf', keyword: 'anyOf', params: {} },
        constError('/mode', '#/properties/mode/oneOf/0/const', 1),
        constError('/mode', '#/properties/mode/oneOf/1/const', 2),
        {
          instancePath: '/mode',
          schemaPath: '#/properties/mode/oneOf',
          keyword: 'oneOf',
          params: { passingSchemas: null },
        },
        {
          instancePath: '/shape/size',
          schemaPath: '#/properties/shape/anyOf/0/properties/size/type',
          keyword: 'type',
          params: { type: 'integer' },
          message: 'must be integer',
        },
        { instancePath: '/shape', schemaPath: '#/properties/shape/anyOf', keyword: 'anyOf', params: {} },
      ]),
    ).toEqual([
      { field: 'kind', problem: 'must be one of: a, b, c' },
      { field: 'mode', problem: 'must be one of: 1, 2' },
      { field: 'shape.size', problem: 'must be integer' },
    ]);
  });

  it('says what else a union allows besides its values, and names a plain enum the same way', () => {
    expect(
      problemsOf(
        [
          {
            instancePath: '/size',
            schemaPath: '#/properties/size/anyOf/0/type',
            keyword: 'type',
            params: { type: 'integer' },
            message: 'must be integer',
          },
          constError('/size', '#/properties/size/anyOf/1/const', 'auto'),
          { instancePath: '/size', schemaPath: '#/properties/size/anyOf', keyword: 'anyOf', params: {} },
          {
            instancePath: '/colour',
            schemaPath: '#/properties/colour/enum',
            keyword: 'enum',
            params: { allowedValues: ['red', 'blue'] },
            message: 'must be equal to one of the allowed values',
          },
        ],
        'querystring',
      ),
    ).toEqual([
      { field: 'size', problem: 'must be integer or must be auto' },
      { field: 'colour', problem: 'must be one of: red, blue' },
    ]);
  });
});
