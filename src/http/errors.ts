/**
 * Every error leaves the API as `{ error: { code, message, details, requestId } }`, with the status from the one
 * error table. Fastify's and @fastify/multipart's own errors are mapped to our codes here, by their codes.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isProvenaError, ProvenaError, type ErrorCode, type FieldProblem } from '../domain/errors.ts';
import { errorTable } from '../edge/error-table.ts';

const frameworkCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_CONTENT_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_REQUEST',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_REQUEST',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'MALFORMED_REQUEST',
  FST_REQ_FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  FST_PARTS_LIMIT: 'MALFORMED_REQUEST',
  FST_FILES_LIMIT: 'MALFORMED_REQUEST',
  FST_FIELDS_LIMIT: 'MALFORMED_REQUEST',
  FST_PROTO_VIOLATION: 'MALFORMED_REQUEST',
  FST_ERR_BAD_URL: 'MALFORMED_REQUEST',
  FST_ERR_ASYNC_CONSTRAINT: 'MALFORMED_REQUEST',
};

/** The parts of an Ajv error read here. */
interface AjvIssue {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

const isUnion = (issue: AjvIssue) => issue.keyword === 'anyOf' || issue.keyword === 'oneOf';
const valuesOf = (issue: AjvIssue): unknown[] | undefined =>
  issue.keyword === 'const'
    ? [issue.params.allowedValue]
    : issue.keyword === 'enum'
      ? (issue.params.allowedValues as unknown[])
      : undefined;
const listValues = (values: unknown[]) =>
  values.length === 1 ? `must be ${String(values[0])}` : `must be one of: ${values.map(String).join(', ')}`;
const listValuesOf = (issue: AjvIssue) => {
  const values = valuesOf(issue);
  return values ? listValues(values) : undefined;
};

/**
 * Ajv errors → one problem per field, named the way the client sent it. Ajv reports a failed union (a TypeBox union of
 * literals, say) as one "must be equal to constant" per branch plus "must match a schema in anyOf"; the client needs
 * the values it may send instead, so a union's branch errors on the field itself become one problem listing them.
 */
function validationProblems(error: FastifyError): FieldProblem[] {
  const issues = (error.validation ?? []) as AjvIssue[];
  const pathOf = (issue: AjvIssue) => issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const fieldOf = (issue: AjvIssue) => pathOf(issue) || error.validationContext || '(body)';
  const within = (union: AjvIssue, issue: AjvIssue) => issue.schemaPath.startsWith(`${union.schemaPath}/`);
  const onFieldOf = (union: AjvIssue, issue: AjvIssue) =>
    issue !== union && issue.instancePath === union.instancePath && within(union, issue);
  // The outermost union on a field speaks for every branch error on that field, nested unions included.
  const unions = issues.filter((u) => isUnion(u) && !issues.some((o) => isUnion(o) && onFieldOf(o, u)));

  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    if (unions.some((u) => onFieldOf(u, issue))) continue;
    if (unions.includes(issue)) {
      const problem = unionProblem(
        issue,
        issues.filter((i) => onFieldOf(issue, i)),
      );
      if (problem) problems.push({ field: fieldOf(issue), problem });
      // Without branch errors on the field itself, the errors deeper inside the branches explain the failure.
      else if (!issues.some((i) => within(issue, i)))
        problems.push({ field: fieldOf(issue), problem: 'invalid value' });
      continue;
    }
    const { missingProperty, additionalProperty } = issue.params as {
      missingProperty?: string;
      additionalProperty?: string;
    };
    if (missingProperty) problems.push({ field: join(pathOf(issue), missingProperty), problem: 'required' });
    else if (additionalProperty)
      problems.push({ field: join(pathOf(issue), additionalProperty), problem: 'unknown field' });
    else problems.push({ field: fieldOf(issue), problem: listValuesOf(issue) ?? issue.message ?? 'invalid' });
  }
  return problems;
}

/**
 * One sentence for a failed union from its branch errors on the same field: what its other branches want, then the
 * values its const/enum branches allow. A branch that failed on a value says nothing more (its "must be string" is
 * implied by the values).
 */
function unionProblem(union: AjvIssue, branchIssues: AjvIssue[]): string | undefined {
  const branches = new Map<string, AjvIssue[]>();
  for (const issue of branchIssues) {
    if (isUnion(issue)) continue;
    // The branch is the union's schema path plus its index: ".../anyOf/2/...".
    const branch = issue.schemaPath.slice(union.schemaPath.length + 1).split('/')[0] ?? '';
    branches.set(branch, [...(branches.get(branch) ?? []), issue]);
  }
  const values = new Set<unknown>();
  const others = new Set<string>();
  for (const branch of branches.values()) {
    const allowed = branch.flatMap((i) => valuesOf(i) ?? []);
    if (allowed.length > 0) allowed.forEach((v) => values.add(v));
    else others.add(branch.map((i) => i.message ?? 'invalid').join(', '));
  }
  const alternatives = [...others, ...(values.size > 0 ? [listValues([...values])] : [])];
  return alternatives.length > 0 ? alternatives.join(' or ') : undefined;
}
const join = (a: string, b: string) => (a ? `${a}.${b}` : b);

/** The content types a route reads: its schema's `consumes` (the upload), otherwise JSON. */
const acceptedBy = (request: FastifyRequest): string[] => [
  ...(request.routeOptions.schema?.consumes ?? ['application/json']),
];

/** 415 naming what was sent and what the route reads instead. */
export function unsupportedContentType(request: FastifyRequest): ProvenaError {
  const contentType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() ?? '';
  const accepted = acceptedBy(request);
  const sent = contentType
    ? `Content-Type ${contentType} is not accepted here`
    : 'The request has a body but no content type';
  return new ProvenaError('UNSUPPORTED_CONTENT_TYPE', `${sent}; send ${accepted.join(' or ')}.`, {
    contentType,
    accepted,
  });
}

/**
 * Any error as a ProvenaError. Fastify's errors that depend on the request (its body limit, the content types of
 * its route) are explained with it when given.
 */
export function toProvenaError(error: unknown, request?: FastifyRequest): ProvenaError {
  if (isProvenaError(error)) return error;
  const fastifyError = error as FastifyError;
  if (request && fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return unsupportedContentType(request);
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const limitBytes = request?.routeOptions.bodyLimit;
    return new ProvenaError(
      'BODY_TOO_LARGE',
      limitBytes === undefined
        ? 'The request body is larger than the API reads.'
        : `The request body is larger than the ${limitBytes} bytes the API reads; files go to the multipart upload.`,
      limitBytes === undefined ? {} : { limitBytes },
    );
  }
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
  const provena = toProvenaError(error, request);
  const status = errorTable[provena.code].http;
  // A refusal that says when to come back (a rate or capacity limit) carries it as Retry-After, and is no fault.
  const retryAfter = provena.details.retryAfterSeconds;
  if (typeof retryAfter === 'number' && retryAfter > 0) {
    reply.header('retry-after', String(Math.ceil(retryAfter)));
    request.log.warn({ code: provena.code }, provena.message);
  } else if (status >= 500) request.log.error({ err: provena.cause ?? error }, provena.message);
  else request.log.info({ code: provena.code }, provena.message);
  // RFC 9110 §11.6.1: a 401 names the scheme that would be accepted.
  if (provena.code === 'UNAUTHENTICATED') reply.header('www-authenticate', 'Bearer realm="provena"');
  if (request.raw.complete === false) {
    // A client cut off for sending too slowly is not waited for. Any other answered before its body has all arrived
    // (a refused upload, say) is still sending: closing now would make most clients fail on a broken pipe before they
    // read the answer, so the rest of the body is read and dropped — within bounds — and the connection then closed.
    reply.header('connection', 'close');
    if (provena.code !== 'REQUEST_TIMEOUT') lingerForBody(request);
  }
  return reply
    .status(status)
    .type('application/json')
    .send({ error: { code: provena.code, message: provena.message, details: provena.details, requestId: request.id } });
}

/** How much of an unwanted body is read and dropped after an early answer, at most, before the connection closes. */
const lingerBytes = 64 * 1024 * 1024;
const lingerMs = 10_000;

/**
 * Reads and drops the rest of the request body after an early answer, so that the client, which sends its body
 * before it reads, receives the answer; the connection closes once the body has arrived, or after `lingerBytes` or
 * `lingerMs`, whichever comes first. Nothing is kept: the memory cost is one socket buffer.
 */
function lingerForBody(request: FastifyRequest): void {
  const incoming = request.raw;
  const socket = incoming.socket;
  // Node ends a `Connection: close` response by closing the socket at once; keep it open until the body is read.
  const close = () => socket.destroy();
  let dropped = 0;
  const onData = (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > lingerBytes) close();
  };
  const timer = setTimeout(close, lingerMs);
  timer.unref();
  socket.on('data', onData);
  const stop = () => {
    clearTimeout(timer);
    socket.off('data', onData);
  };
  socket.once('close', stop);
  incoming.once('end', () => {
    stop();
    // The answer has been sent by then, or is being: the socket ends once it is written.
    socket.end();
  });
  socket.destroySoon = () => {
    // Instead of Node's close after the response: stop sending, keep receiving until the body has arrived.
    if (socket.writable) socket.end();
  };
  incoming.unpipe();
  incoming.resume();
}
