import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

/** Liveness says the process answers; readiness says its database answers too (load balancers use the latter). */
export const healthRoutes =
  (deps: { ready: () => Promise<void> }): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    const Status = Type.Object({ status: Type.String() });
    app.get('/healthz', { schema: { tags: ['health'], summary: 'Liveness', response: { 200: Status } } }, () => ({
      status: 'ok',
    }));
    app.get(
      '/readyz',
      {
        schema: {
          tags: ['health'],
          summary: 'Readiness (database reachable)',
          response: { 200: Status, 503: Type.Ref('ErrorBody') },
        },
      },
      async () => {
        await deps.ready();
        return { status: 'ready' };
      },
    );
  };
