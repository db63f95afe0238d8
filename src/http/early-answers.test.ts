/**
 * An answer given before the request body has arrived (a refused upload) reaches the client that is still sending
 * it: Node's own HTTP client, like most, writes the whole body before it reads, and fails on a broken pipe when the
 * server closes the connection under it. On a real socket, with `fetch`.
 */
import { execFile } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialect } from '../../test/dialects.ts';
import { useTestApp } from '../../test/http-app.ts';

/** Three 20 MB uploads with fetch, one after the other; prints what each got back, or the error it failed with. */
const uploader = `
const base = process.argv[1];
const results = [];
for (let i = 0; i < 3; i++) {
  const body = new FormData();
  body.append('file', new Blob([new Uint8Array(20 * 1024 * 1024)]), 'big-' + i + '.png');
  try {
    const response = await fetch(base + '/api/v1/assets', { method: 'POST', body });
    const { error } = await response.json();
    results.push({ status: response.status, retryAfter: response.headers.get('retry-after'), code: error.code });
  } catch (error) {
    results.push({ error: String(error.cause?.code ?? error.message) });
  }
}
console.log(JSON.stringify(results));
`;

describeDialect('sqlite', 'answers before the body has arrived', () => {
  const t = useTestApp('sqlite', { maxConcurrentUploads: '1', uploadRetryAfterSeconds: '3' });
  let base = '';
  let holder: Socket | undefined;
  beforeAll(async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as { port: number };
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(() => holder?.destroy());

  it('a refused upload still reads its 503 with Retry-After while sending 20 MB', async () => {
    // One upload takes the only slot and then sends nothing more.
    holder = connect(Number(new URL(base).port), '127.0.0.1');
    holder.on('error', () => undefined);
    holder.write(
      'POST /api/v1/assets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=b\r\n' +
        'Content-Length: 100000000\r\n\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The uploads come from another process, as they would: in this one, the server's event loop would pace them.
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', uploader, base]);
    const results = JSON.parse(stdout) as {
      status?: number;
      retryAfter?: string | null;
      code?: string;
      error?: string;
    }[];
    expect(results).toEqual(
      Array.from({ length: 3 }, () => ({ status: 503, retryAfter: '3', code: 'TOO_MANY_UPLOADS' })),
    );
  });
});
