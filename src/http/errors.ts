/**
 * Every error leaves the API as `{ error: { code, message, details, requestId } }`, with the status from the one
 * error table. Fastify's and @fastify/multipart's own errors are mapped to our codes here, by their codes.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isProvenaError, ProvenaError, type ErrorCode, type FieldProblem } from '../domain/errors.ts';
import { errorTable } from '../edge/error-table.ts';

const frameworkCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'MALFORMED_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_REQUEST',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_REQUEST',
  FST_ERR_CTP_BODY_TOO_LARGE: 'FILE_TOO_LARGE',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'MALFORMED_REQUEST',
  FST_REQ_FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  FST_PARTS_LIMIT: 'MALFORMED_REQUEST',
  FST_FILES_LIMIT: 'MALFORMED_REQUEST',
  FST_FIELDS_LIMIT: 'MALFORMED_REQUEST',
  FST_PROTO_VIOLATION: 'MALFORMED_REQUEST',
  FST_ERR_BAD_URL: 'MALFORMED_REQUEST',
  FST_ERR_ASYNC_CONSTRAINT: 'MALFORMED_REQUEST',
};

/** Ajv errors → one problem per field, named the way the client sent it. */
function validationProblems(error: FastifyError): FieldProblem[] {
  return (error.validation ?? []).map((issue) => {
    const params = issue.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] };
    const base = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
    if (params.missingProperty) return { field: join(base, params.missingProperty), problem: 'required' };
    if (params.additionalProperty) return { field: join(base, params.additionalProperty), problem: 'unknown field' };
    const where = error.validationContext && !base ? error.validationContext : base;
    const allowed = params.allowedValues ? ` (one of ${params.allowedValues.map(String).join(', ')})` : '';
    return { field: where || '(body)', problem: `${issue.message ?? 'invalid'}${allowed}` };
  });
}
const join = (a: string, b: string) => (a ? `${a}.${b}` : b);

export function toProvenaError(error: unknown): ProvenaError {
  if (isProvenaError(error)) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const problems = validationProblems(fastifyError);
    return new ProvenaError('VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.problem}`).join('; '), {
      problems,
    });
  }
  const mapped = fastifyError.code ? frameworkCodes[fastifyError.code] : undefined;
  if (mapped) return new ProvenaError(mapped, fastifyError.message, {});
  // busboy reports a cut or malformed multipart body as a plain Error.
  if (
    error instanceof Error &&
    /Unexpected end of (form|multipart data)|Malformed part header|Multipart: Boundary not found/i.test(error.message)
  ) {
    return new ProvenaError('MALFORMED_REQUEST', `The multipart body is malformed: ${error.message}.`, {});
  }
  return new ProvenaError(
    'INTERNAL',
    'An unexpected error occurred; it has been logged with the request id.',
    {},
    { cause: error },
  );
}

export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const provena = toProvenaError(error);
  const status = errorTable[provena.code].http;
  if (status >= 500) request.log.error({ err: provena.cause ?? error }, provena.message);
  else request.log.info({ code: provena.code }, provena.message);
  return reply
    .status(status)
    .type('application/json')
    .send({ error: { code: provena.code, message: provena.message, details: provena.details, requestId: request.id } });
}
