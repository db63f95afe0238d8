/** A loopback port for a server started by a test or benchmark whose URL must be known before it starts. */
import { createServer } from 'node:net';

/** A port that was free a moment ago on 127.0.0.1 (listened on, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
