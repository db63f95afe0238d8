/**
 * /api/v1/share-links: make, list, show, revoke and count share links (signed in, share:manage); /s/:token: the
 * public side — what a link shares (JSON, or a minimal page for a browser) and its files. The public routes run
 * without a session (the token is the authority) but behind the Host guard and their own rate limit (rate-limits.ts);
 * the password travels in X-Share-Password, never in the URL. Thin: each handler calls the service.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { systemContext } from '../../domain/access.ts';
import { errorTable } from '../../edge/error-table.ts';
import type { ShareLinkService } from '../../services/share-link.service.ts';
import { deliveryRoute } from '../delivery.ts';
import { toProvenaError } from '../errors.ts';
import { fileHeaders } from '../file-responses.ts';
import { presentShareLink } from './share-links.presenter.ts';
import {
  createShareLinkSchema,
  downloadSharedMemberSchema,
  downloadSharedSchema,
  getShareLinkSchema,
  listShareLinksSchema,
  openSharedSchema,
  revokeShareLinkSchema,
  shareLinkStatsSchema,
} from './share-links.schemas.ts';
import { privateAnswer, refusalPage, sharedPage, sharePageSecurityPolicy, wantsHtml } from './share-page.ts';

export interface ShareLinkRouteDeps {
  shareLinks: ShareLinkService;
}

/** Who a public hit is, for the services: nobody signed in; the link's token is what it may do. */
const visitor = systemContext('share-link-visitor');

const passwordOf = (request: FastifyRequest): string | undefined => {
  const header = request.headers['x-share-password'];
  return typeof header === 'string' ? header : undefined;
};

/** A refusal as a page for a browser, with the status the JSON answer would have; JSON otherwise (thrown). */
function refuse(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (!wantsHtml(request)) throw error;
  const refusal = toProvenaError(error, request);
  const retryAfter = refusal.details.retryAfterSeconds;
  if (typeof retryAfter === 'number') reply.header('retry-after', String(Math.ceil(retryAfter)));
  return reply
    .status(errorTable[refusal.code].http)
    .header('content-security-policy', sharePageSecurityPolicy)
    .type('text/html; charset=utf-8')
    .send(refusalPage(refusal.code, refusal.message));
}

export const shareLinkRoutes =
  ({ shareLinks }: ShareLinkRouteDeps): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.post('/api/v1/share-links', { schema: createShareLinkSchema }, async (request, reply) => {
      const created = await shareLinks.create(request.context, request.body);
      privateAnswer(reply);
      return reply.code(201).send({
        link: presentShareLink(created.link),
        token: created.token,
        url: `${request.protocol}://${request.host}${created.path}`,
      });
    });
    app.get('/api/v1/share-links', { schema: listShareLinksSchema }, async (request) => {
      const page = await shareLinks.list(request.context, request.query);
      return { ...page, items: page.items.map(presentShareLink) };
    });
    app.get('/api/v1/share-links/:id', { schema: getShareLinkSchema }, async (request) =>
      presentShareLink(await shareLinks.get(request.context, request.params.id)),
    );
    app.delete('/api/v1/share-links/:id', { schema: revokeShareLinkSchema }, async (request) =>
      presentShareLink(await shareLinks.revoke(request.context, request.params.id)),
    );
    app.get('/api/v1/share-links/:id/stats', { schema: shareLinkStatsSchema }, (request) =>
      shareLinks.stats(request.context, request.params.id),
    );

    app.get('/s/:token', { schema: openSharedSchema, config: { public: true } }, async (request, reply) => {
      privateAnswer(reply);
      const { token } = request.params;
      const downloadPath = (assetId: string) => `/s/${encodeURIComponent(token)}/file/${encodeURIComponent(assetId)}`;
      try {
        const view = await shareLinks.open(visitor, token, passwordOf(request));
        if (!wantsHtml(request))
          return {
            ...view,
            items: view.items.map((item) =>
              item.available ? { ...item, download: downloadPath(item.assetId) } : item,
            ),
          };
        return reply
          .header('content-security-policy', sharePageSecurityPolicy)
          .type('text/html; charset=utf-8')
          .send(sharedPage(view, downloadPath));
      } catch (error) {
        return refuse(error, request, reply);
      }
    });

    // Byte routes (http/delivery.ts): the service asks the gate for every file before it is opened.
    const fileRoute = { public: true, ...deliveryRoute('share-link') };
    const download = async (request: FastifyRequest, reply: FastifyReply, token: string, assetId?: string) => {
      privateAnswer(reply);
      try {
        const file = await shareLinks.download(visitor, token, passwordOf(request), assetId);
        fileHeaders(reply, { mediaType: file.mediaType, fileName: file.fileName, disposition: 'attachment' });
        if (file.size !== undefined) reply.header('content-length', file.size);
        return reply.send(file.stream);
      } catch (error) {
        return refuse(error, request, reply);
      }
    };
    app.get('/s/:token/file', { schema: downloadSharedSchema, config: fileRoute }, (request, reply) =>
      download(request, reply, request.params.token),
    );
    app.get('/s/:token/file/:assetId', { schema: downloadSharedMemberSchema, config: fileRoute }, (request, reply) =>
      download(request, reply, request.params.token, request.params.assetId),
    );
  };
