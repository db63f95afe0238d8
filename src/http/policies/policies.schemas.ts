import { Type } from 'typebox';
import { errorResponses, conflictingErrorResponses } from '../schemas.ts';

const policyDocumentDescription =
  'A risk policy document: {defaultTier, rules: [{id, description?, when: {…conditions}, tier}]}. The asset takes the ' +
  'highest tier of the rules whose every condition holds (a list means "any of"), or defaultTier; docs/risk-policy.md ' +
  'describes every condition. Sent as JSON (application/json) or YAML (application/yaml); every problem (a syntax error with its line and column, an unknown field, ' +
  'a bad value) is one VALIDATION_FAILED naming its path, e.g. rules[2].when.kind[0].';

const PolicyEntry = {
  version: Type.Integer({ description: 'Version 0 is the default shipped with Provena, in force until one is stored' }),
  createdAt: Type.String(),
  createdBy: Type.String({ description: 'Who stored it (actor label)' }),
  note: Type.Optional(Type.String()),
};

export const PolicyBody = Type.Object({
  ...PolicyEntry,
  policy: Type.Object({}, { additionalProperties: true, description: policyDocumentDescription }),
});

const DocumentBody = Type.Unknown({ description: policyDocumentDescription });

export const currentPolicySchema = {
  tags: ['policies'],
  summary: 'The risk policy in force, with its version',
  response: { 200: PolicyBody, ...errorResponses },
};

export const policyHistorySchema = {
  tags: ['policies'],
  summary: 'Every version of the risk policy, newest first (version 0: the shipped default)',
  response: { 200: Type.Object({ items: Type.Array(Type.Object(PolicyEntry)) }), ...errorResponses },
};

export const policyVersionSchema = {
  tags: ['policies'],
  summary: 'One version of the risk policy',
  params: Type.Object({ n: Type.Integer({ minimum: 0, description: 'The version number' }) }),
  response: { 200: PolicyBody, ...errorResponses },
};

export const putPolicySchema = {
  tags: ['policies'],
  summary: 'Store a new version of the risk policy (policy:edit)',
  description:
    'Stores the document as the next version and, in the same transaction, queues the re-derivation of the tier of ' +
    'every asset not yet approved (a background job, in batches). Nothing is stored when the document has a problem.',
  consumes: ['application/json', 'application/yaml'],
  querystring: Type.Object(
    { note: Type.Optional(Type.String({ maxLength: 1000, description: 'Why the policy changes (kept with it)' })) },
    { additionalProperties: false },
  ),
  body: DocumentBody,
  response: { 200: PolicyBody, ...conflictingErrorResponses, 415: Type.Ref('ErrorBody') },
};

export const previewPolicySchema = {
  tags: ['policies'],
  summary: 'What a policy document would change, without storing it (policy:edit)',
  consumes: ['application/json', 'application/yaml'],
  body: DocumentBody,
  response: {
    200: Type.Object({
      examined: Type.Integer({ description: 'Assets not yet decided that were looked at' }),
      changes: Type.Integer({ description: 'How many of them would get another tier or rule' }),
      byTier: Type.Record(Type.String(), Type.Integer(), {
        description: '"from→to" tier (from "none": not derived yet) → how many',
      }),
      examples: Type.Array(
        Type.Object({
          assetId: Type.String(),
          title: Type.String(),
          status: Type.String(),
          from: Type.Object({ tier: Type.Optional(Type.Integer()), rule: Type.Optional(Type.String()) }),
          to: Type.Object({ tier: Type.Integer(), rule: Type.Optional(Type.String()) }),
        }),
        { description: 'A few of them, among the assets the caller may read' },
      ),
      truncated: Type.Boolean({ description: 'More assets were waiting than a preview looks at (10,000)' }),
    }),
    ...errorResponses,
    415: Type.Ref('ErrorBody'),
  },
};
