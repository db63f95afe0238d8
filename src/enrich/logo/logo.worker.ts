/**
 * The worker-thread side of the logo matcher (logo-matcher.ts): loads OpenCV once, says it is ready, then answers
 * each search request with its matches (template-search.ts), off the main thread.
 */
import { parentPort } from 'node:worker_threads';
import type { DetailImage, LogoMatch } from '../../domain/image-content.ts';
import { answer, type ThreadReply } from '../../threads/request-thread.ts';
import { loadOpenCv } from './opencv-runtime.ts';
import { searchLogo, type LogoSearchOptions, type PreparedLogo } from './template-search.ts';

export interface LogoRequest {
  id: number;
  image: DetailImage;
  logo: PreparedLogo;
  options: Partial<LogoSearchOptions>;
}

export type LogoReply = ThreadReply<LogoMatch[]>;

const port = parentPort;
if (port) {
  // A module that cannot load fails the thread's start, and with it the requests waiting for it.
  const { cv } = await loadOpenCv();
  port.on('message', (request: LogoRequest) => {
    const reply: LogoReply = answer(request.id, () => searchLogo(cv, request.image, request.logo, request.options));
    port.postMessage(reply);
  });
  port.postMessage({ ready: true });
}
