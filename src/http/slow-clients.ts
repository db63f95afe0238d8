/**
 * Slow clients: a connection costs a socket, memory and, for an upload, a staging file, for as long as the client
 * cares to keep it open. Node's server closes connections whose headers or whole request take too long and sockets
 * that carry nothing; an upload is also cut as soon as it arrives slower than a minimum rate, long before the
 * request timeout (which has to allow for the largest upload) would end it.
 */
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';
import { ProvenaError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { errorTable } from '../edge/error-table.ts';

/** Config's settings of these names (PROVENA_HEADERS_TIMEOUT_SECONDS, …). */
export interface SlowClientSettings {
  headersTimeoutSeconds: number;
  requestTimeoutSeconds: number;
  idleTimeoutSeconds: number;
  keepAliveTimeoutSeconds: number;
  uploadMinBytesPerSecond: number;
  uploadRateWindowSeconds: number;
}

/** The Fastify (and underlying Node) server options that cut slow connections, and our answer when they do. */
export function serverTimeouts(settings: SlowClientSettings): Pick<
  FastifyServerOptions,
  'connectionTimeout' | 'keepAliveTimeout' | 'requestTimeout' | 'clientErrorHandler'
> & {
  http: { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number };
} {
  const headersTimeout = settings.headersTimeoutSeconds * 1000;
  const requestTimeout = settings.requestTimeoutSeconds * 1000;
  return {
    // Fastify sets the request timeout on the server it creates; Node checks both at creation, so both are given.
    requestTimeout,
    http: {
      headersTimeout,
      requestTimeout,
      // Node enforces both timeouts by sweeping its connections at this interval (30 s by default, which would let
      // a header timeout of a few seconds run for half a minute).
      connectionsCheckingInterval: Math.min(30_000, Math.max(250, Math.floor(headersTimeout / 4))),
    },
    // The socket timeout: a connection on which nothing moves either way for this long is destroyed.
    connectionTimeout: settings.idleTimeoutSeconds * 1000,
    keepAliveTimeout: settings.keepAliveTimeoutSeconds * 1000,
    clientErrorHandler,
  };
}

/**
 * What Node reports about a connection before Fastify has a request for it (a timeout, bytes that are not HTTP)
 * is answered in the one error shape too, then the socket is closed.
 */
function clientErrorHandler(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const provena =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? new ProvenaError(
          'REQUEST_TIMEOUT',
          'The request was not received in time (PROVENA_HEADERS_TIMEOUT_SECONDS for its headers, PROVENA_REQUEST_TIMEOUT_SECONDS for all of it).',
        )
      : new ProvenaError(
          'MALFORMED_REQUEST',
          `The request could not be read as HTTP (${error.code ?? error.message}).`,
        );
  const status = errorTable[provena.code].http;
  const body = JSON.stringify({
    error: { code: provena.code, message: provena.message, details: {}, requestId: newId() },
  });
  this.log.info({ code: provena.code, reason: error.code }, provena.message);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * Cuts an upload that brings fewer than `uploadMinBytesPerSecond × uploadRateWindowSeconds` bytes in a window.
 * Only the client's own slowness counts: a window in which the server was not reading (the body not yet asked for,
 * or bytes already waiting unread) is not held against it, and the guard ends once the whole body has arrived.
 */
export function guardUploadRate(
  app: FastifyInstance,
  settings: SlowClientSettings,
  isUpload: (request: FastifyRequest) => boolean,
): void {
  const windowSeconds = settings.uploadRateWindowSeconds;
  const minBytes = settings.uploadMinBytesPerSecond * windowSeconds;
  app.addHook('onRequest', (request, reply, done) => {
    const raw: IncomingMessage = request.raw;
    const socket = raw.socket as Socket | null;
    // inject() has no socket that counts bytes.
    if (!isUpload(request) || typeof socket?.bytesRead !== 'number') return done();
    let mark = socket.bytesRead;
    const timer = setInterval(() => {
      if (raw.complete) return stop();
      const received = socket.bytesRead - mark;
      mark = socket.bytesRead;
      const reading = raw.readableFlowing === true && raw.readableLength === 0;
      if (!reading || received >= minBytes) return;
      stop();
      const error = new ProvenaError(
        'REQUEST_TIMEOUT',
        `The upload arrived at ${Math.floor(received / windowSeconds)} bytes/s over ${windowSeconds} s, below the minimum of ${settings.uploadMinBytesPerSecond} bytes/s (PROVENA_UPLOAD_MIN_BYTES_PER_SECOND); it was cut off.`,
        { receivedBytes: received, windowSeconds, minBytesPerSecond: settings.uploadMinBytesPerSecond },
      );
      // @fastify/multipart ends parsing on the request's error event: the part being read fails with this error, so
      // intake removes its staging file and the handler's error is the answer (sendError closes the connection, the
      // body being unfinished). Without a listener an error event would throw: the request is destroyed instead.
      if (raw.listenerCount('error') > 0) raw.emit('error', error);
      else raw.destroy(error);
    }, windowSeconds * 1000);
    timer.unref();
    const stop = () => clearInterval(timer);
    reply.raw.once('close', stop);
    done();
  });
}
