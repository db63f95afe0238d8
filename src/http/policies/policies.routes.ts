/**
 * /api/v1/policies/risk: the risk policy — the version in force, every version, one version, a new version (PUT),
 * and a preview of what a document would change. The document is read here as text and parsed by the service, so
 * that a syntax error is answered like every other problem: VALIDATION_FAILED naming where it is.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { StoredRiskPolicy } from '../../domain/risk-policy.ts';
import type { PolicyDocument, PolicyService } from '../../services/policy.service.ts';
import {
  currentPolicySchema,
  policyHistorySchema,
  policyVersionSchema,
  previewPolicySchema,
  putPolicySchema,
} from './policies.schemas.ts';

const presentPolicy = (entry: StoredRiskPolicy) => ({
  version: entry.version,
  createdAt: entry.createdAt,
  createdBy: entry.createdBy,
  ...(entry.note !== undefined ? { note: entry.note } : {}),
  policy: entry.policy as unknown as Record<string, unknown>,
});

export const policyRoutes =
  (deps: { policies: PolicyService }): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    // In this plugin only (Fastify scopes parsers to it): the JSON body reaches the service as the text sent.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      const document: PolicyDocument = { text: body as string };
      done(null, document);
    });
    app.addContentTypeParser(['application/yaml', 'text/yaml'], { parseAs: 'string' }, (_request, body, done) => {
      const document: PolicyDocument = { text: body as string, format: 'yaml' };
      done(null, document);
    });
    const documentOf = (body: unknown): PolicyDocument =>
      typeof body === 'object' && body !== null && 'text' in body ? (body as PolicyDocument) : { value: body };

    app.get('/api/v1/policies/risk', { schema: currentPolicySchema }, async (request) =>
      presentPolicy(await deps.policies.current(request.context)),
    );

    app.get('/api/v1/policies/risk/versions', { schema: policyHistorySchema }, async (request) => ({
      items: await deps.policies.history(request.context),
    }));

    app.get('/api/v1/policies/risk/versions/:n', { schema: policyVersionSchema }, async (request) =>
      presentPolicy(await deps.policies.version(request.context, request.params.n)),
    );

    app.put('/api/v1/policies/risk', { schema: putPolicySchema }, async (request) =>
      presentPolicy(await deps.policies.put(request.context, documentOf(request.body), request.query.note)),
    );

    app.post('/api/v1/policies/risk/preview', { schema: previewPolicySchema }, (request) =>
      deps.policies.preview(request.context, documentOf(request.body)),
    );
  };
