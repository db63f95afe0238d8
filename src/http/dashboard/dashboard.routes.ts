/** /api/v1/dashboard: the library's figures over the caller's teams. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { DashboardService } from '../../services/dashboard.service.ts';
import { dashboardSchema } from './dashboard.schemas.ts';

export const dashboardRoutes =
  (deps: { dashboard: DashboardService }): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.get('/api/v1/dashboard', { schema: dashboardSchema }, (request) =>
      deps.dashboard.figures(request.context, request.query),
    );
  };
