/**
 * Slow clients on a real socket: the API listening on a port, and raw TCP clients that trickle. The server has to
 * cut them off by itself — an upload sending a byte now and then, headers that never end — and a cut upload leaves
 * no staged file behind. Nothing here measures how long anything took: each test waits (up to the hang limit of
 * test/waiting.ts) for the server to close the socket.
 */
import { readdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { describeDialect } from '../../test/dialects.ts';
import { useTestApp } from '../../test/http-app.ts';
import { until } from '../../test/waiting.ts';

/** A client socket that records what the server sent and whether the server closed it. */
interface Client {
  socket: Socket;
  received: () => string;
  closed: () => boolean;
}

const open: Socket[] = [];
afterEach(() => {
  for (const socket of open.splice(0)) socket.destroy();
});

async function client(port: number): Promise<Client> {
  const socket = connect(port, '127.0.0.1');
  open.push(socket);
  let received = '';
  let closed = false;
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('close', () => (closed = true));
  // A reset is also the server closing the socket.
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return { socket, received: () => received, closed: () => closed };
}

/** Writes one byte every `everyMs` until the socket is closed. */
function trickle(socket: Socket, everyMs = 100): void {
  const timer = setInterval(() => {
    if (socket.destroyed || !socket.writable) clearInterval(timer);
    else socket.write('x');
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

const errorCodeIn = (response: string) => /"code":"([A-Z_]+)"/.exec(response)?.[1];

describeDialect('sqlite', 'slow clients on a real socket', () => {
  const t = useTestApp('sqlite', {
    // Long enough that a prompt request is never cut on a loaded machine, short enough to wait for.
    headersTimeoutSeconds: '2',
    requestTimeoutSeconds: '30',
    idleTimeoutSeconds: '20',
    keepAliveTimeoutSeconds: '3',
    uploadMinBytesPerSecond: '1000',
    uploadRateWindowSeconds: '1',
  });
  let port = 0;
  beforeAll(async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as { port: number }).port;
  });
  const staging = () => readdirSync(join(t.rt.config.dataDir, 'blobs', 'staging'));

  it('gives the Node server the configured timeouts', () => {
    const server = t.app.server;
    expect({
      headers: server.headersTimeout,
      request: server.requestTimeout,
      idle: server.timeout,
      keepAlive: server.keepAliveTimeout,
    }).toEqual({ headers: 2000, request: 30_000, idle: 20_000, keepAlive: 3000 });
  });

  it('cuts off an upload that trickles below the minimum rate, answers 408 and removes the staged file', async () => {
    const c = await client(port);
    const boundary = 'trickle-boundary';
    c.socket.write(
      [
        'POST /api/v1/assets HTTP/1.1',
        'Host: localhost',
        `Content-Type: multipart/form-data; boundary=${boundary}`,
        'Content-Length: 10000000',
        '',
        `--${boundary}`,
        'Content-Disposition: form-data; name="file"; filename="slow.png"',
        'Content-Type: image/png',
        '',
        '',
      ].join('\r\n'),
    );
    trickle(c.socket);
    // The upload is being staged…
    await until(() => staging().length > 0 || c.closed(), 'the upload to be staged');
    // …until the server gives up on it.
    await until(c.closed, 'the server to close the trickling upload');
    expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(errorCodeIn(c.received())).toBe('REQUEST_TIMEOUT');
    await until(() => staging().length === 0, 'the staged partial file to be removed');
  });

  it('cuts off a client whose headers never end, in the one error shape', async () => {
    const c = await client(port);
    c.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    trickle(c.socket);
    await until(c.closed, 'the server to close a connection whose headers never end');
    expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(errorCodeIn(c.received())).toBe('REQUEST_TIMEOUT');
  });

  it('still serves a client that sends its request promptly', async () => {
    const c = await client(port);
    c.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    await until(c.closed, 'the response');
    expect(c.received()).toMatch(/^HTTP\/1\.1 200 /);
  });
});
