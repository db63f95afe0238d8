/**
 * The web app (web/, decision 0037) from the same process as the API: its hashed files under /static/ (immutable),
 * and index.html for every other GET that is not the API's, so that a page's URL (/assets/…, /review) survives a
 * reload. The page runs only files from this origin: its Content-Security-Policy forbids inline script, and the
 * React app never writes markup from strings, so a prompt, file name or OCR word shows as text, never as code.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ProvenaError } from '../domain/errors.ts';

export interface WebAppDeps {
  /** The built app: index.html and static/ (web/dist). */
  directory: string;
}

/** What the page may load: its own scripts and styles, images from the API or made in the page, the API itself. */
export const webAppSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** Paths index.html is never the answer for: an unknown API URL is a JSON 404 (after authentication, as before). */
export const isApiPath = (url: string): boolean => /^\/(api|s|docs)(\/|$)/.test(url) || url === '/openapi.json';

const notBuilt = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Provena</title>
<h1>The web app is not built</h1>
<p>Build it with <code>npm run build:web</code> (<code>npm install</code> does it), then reload this page.
The API answers meanwhile at <a href="/docs">/docs</a>.</p></html>`;

export async function registerWebApp(app: FastifyInstance, deps: WebAppDeps): Promise<void> {
  await app.register(fastifyStatic, {
    root: join(deps.directory, 'static'),
    prefix: '/static/',
    decorateReply: false,
    schemaHide: true,
    // The build names every file by its content: a changed file is a new name.
    immutable: true,
    maxAge: '365d',
    index: false,
  });

  const page = async (reply: FastifyReply) => {
    let html: string;
    try {
      // Read each time: a rebuild while the server runs is picked up by the next page load.
      html = await readFile(join(deps.directory, 'index.html'), 'utf8');
    } catch {
      return reply.status(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(notBuilt);
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', webAppSecurityPolicy)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .send(html);
  };

  const options = { schema: { hide: true }, config: { public: (url: string) => !isApiPath(url) } };
  app.get('/', options, (_request, reply) => page(reply));
  app.get('/*', options, (request, reply) => {
    if (isApiPath(request.url))
      throw new ProvenaError('NOT_FOUND', `There is no route ${request.method} ${request.url.split('?')[0]}.`);
    return page(reply);
  });
}
