/** The schemas of the brand routes: they validate, serialise and document (OpenAPI) them. */
import { Type } from 'typebox';
import { brandRuleTypes, brandVerdicts, ruleOutcomes, ruleSeverities } from '../../domain/brand-guideline.ts';
import { brandCheckCauses } from '../../domain/brand-records.ts';
import { conflictingErrorResponses, errorResponses, stringEnum } from '../schemas.ts';

const guidelineDescription =
  'A brand guideline document: {brand: {name, spellings?}, appliesTo?: {teams?, campaigns?}, rules: [{id, type, ' +
  'severity?, weight?, description?, …the fields of its type}]}. Rule types: ' +
  brandRuleTypes.join(', ') +
  '. Sent as JSON (application/json) or YAML (application/yaml); every problem (a syntax error with its line and ' +
  'column, an unknown rule type or field, ΔE outside 0–100, overlapping or out-of-frame zones, an empty palette, a ' +
  'logo never uploaded) is one VALIDATION_FAILED naming its path, e.g. rules[2].zones[1].x.';

const BrandParams = Type.Object({ brand: Type.String({ maxLength: 100, description: 'The brand id or slug' }) });
const AssetParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const LogoBody = Type.Object({
  id: Type.String(),
  name: Type.String({ description: 'What logo rules call it (logo.id)' }),
  sha256: Type.String(),
  size: Type.Integer(),
  mediaType: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  createdAt: Type.String(),
  createdBy: Type.String(),
});

const BrandFields = {
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  createdAt: Type.String(),
  createdBy: Type.String(),
};

export const BrandBody = Type.Object({
  ...BrandFields,
  latestVersion: Type.Optional(Type.Integer({ description: 'The newest guideline version, once one was imported' })),
  logos: Type.Array(LogoBody),
});

const VersionFields = {
  brandId: Type.String(),
  version: Type.Integer(),
  digest: Type.String({ description: 'SHA-256 of the canonical document' }),
  note: Type.Optional(Type.String()),
  createdAt: Type.String(),
  createdBy: Type.String(),
};

const Guideline = Type.Object({}, { additionalProperties: true, description: guidelineDescription });

export const GuidelineBody = Type.Object({ ...VersionFields, guideline: Guideline });

const RuleResult = Type.Object(
  {
    ruleId: Type.String(),
    type: stringEnum(brandRuleTypes),
    severity: stringEnum(ruleSeverities),
    weight: Type.Number(),
    outcome: stringEnum(ruleOutcomes),
    reason: Type.String({ description: 'One sentence a brand manager reads' }),
    evidence: Type.Optional(
      Type.Object(
        { type: stringEnum(brandRuleTypes) },
        {
          additionalProperties: true,
          description:
            'What the outcome rests on, by rule type: off-palette share and the colours responsible; logo boxes, ' +
            'scales and scores; matched words with their boxes or offsets; prompt spans; faces; channel sizes; ' +
            'moderation scores over their thresholds',
        },
      ),
    ),
    ruleDigest: Type.String(),
  },
  { additionalProperties: false },
);

export const CheckBody = Type.Object({
  id: Type.String(),
  assetId: Type.String(),
  versionNumber: Type.Integer(),
  brandId: Type.String(),
  guidelineVersion: Type.Integer(),
  results: Type.Array(RuleResult),
  score: Type.Number({ description: 'The weighted share of applicable rules passed, 0–100' }),
  verdict: stringEnum(brandVerdicts),
  cause: stringEnum(brandCheckCauses),
  current: Type.Boolean({ description: "The asset's latest result for this brand" }),
  checkedAt: Type.String(),
  checkedBy: Type.String(),
});

export const AssetChecksBody = Type.Object({
  assetId: Type.String(),
  current: Type.Array(CheckBody, { description: 'The latest result per brand' }),
  history: Type.Array(CheckBody, { description: 'Every result, newest first' }),
  rereview: Type.Optional(
    Type.Object(
      {
        brandId: Type.String(),
        flaggedAt: Type.String(),
        check: CheckBody,
        previous: CheckBody,
      },
      { description: 'A new guideline version changed the verdict: the new and the previous result side by side' },
    ),
  ),
});

export const listBrandsSchema = {
  tags: ['brands'],
  summary: 'Every brand, with its newest guideline version and logos',
  response: { 200: Type.Object({ items: Type.Array(BrandBody) }), ...errorResponses },
};

export const createBrandSchema = {
  tags: ['brands'],
  summary: 'Create a brand (brand:manage)',
  body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
  response: { 201: Type.Object(BrandFields), ...conflictingErrorResponses },
};

export const getBrandSchema = {
  tags: ['brands'],
  summary: 'One brand',
  params: BrandParams,
  response: { 200: BrandBody, ...errorResponses },
};

export const listVersionsSchema = {
  tags: ['brands'],
  summary: "Every version of the brand's guideline, newest first",
  params: BrandParams,
  response: { 200: Type.Object({ items: Type.Array(Type.Object(VersionFields)) }), ...errorResponses },
};

export const getVersionSchema = {
  tags: ['brands'],
  summary: 'One guideline version',
  params: Type.Object({ ...BrandParams.properties, n: Type.Integer({ minimum: 1 }) }),
  response: { 200: GuidelineBody, ...errorResponses },
};

const Changes = Type.Object({
  added: Type.Array(Type.String()),
  removed: Type.Array(Type.String()),
  changed: Type.Array(Type.String()),
  unchanged: Type.Array(Type.String()),
  reworded: Type.Array(Type.String()),
  appliesToChanged: Type.Boolean(),
});

export const versionChangesSchema = {
  tags: ['brands'],
  summary: 'What a guideline version changed, rule by rule, and the assets its re-check flagged for re-review',
  description:
    'changes: the rule ids added, removed, changed (their digest moved: re-run on every checked asset), unchanged and ' +
    'only reworded since the version before (absent for the first). rechecked: the results its re-check wrote so far. ' +
    'flagged: the assets whose verdict it changed (of the teams whose assets the caller may read; at most 200).',
  params: Type.Object({ ...BrandParams.properties, n: Type.Integer({ minimum: 1 }) }),
  response: {
    200: Type.Object({
      version: Type.Integer(),
      previousVersion: Type.Optional(Type.Integer()),
      changes: Type.Optional(Changes),
      rechecked: Type.Integer(),
      flagged: Type.Array(
        Type.Object({
          assetId: Type.String(),
          title: Type.String(),
          versionNumber: Type.Integer(),
          verdict: stringEnum(brandVerdicts),
          previousVerdict: stringEnum(brandVerdicts),
          checkedAt: Type.String(),
          stillFlagged: Type.Boolean({ description: 'Still waiting for its re-review' }),
        }),
      ),
    }),
    ...errorResponses,
  },
};

export const exportGuidelineSchema = {
  tags: ['brands'],
  summary: 'A guideline version as a document to edit and import again (JSON or YAML)',
  params: BrandParams,
  querystring: Type.Object(
    {
      version: Type.Optional(Type.Integer({ minimum: 1, description: 'Default: the newest' })),
      format: Type.Optional(stringEnum(['json', 'yaml'] as const)),
    },
    { additionalProperties: false },
  ),
  produces: ['application/json', 'application/yaml'],
  response: { 200: Type.String({ description: 'The document' }), ...errorResponses },
};

export const importGuidelineSchema = {
  tags: ['brands'],
  summary: "Import the next version of the brand's guideline (brand:manage)",
  description:
    'Stores the document as the next version. When rules were added, changed or removed (or the teams and campaigns ' +
    'it applies to changed), the brand’s checked assets are re-checked in the background — only the changed rules ' +
    'are evaluated again — and an asset whose verdict changed is flagged for re-review. Nothing is stored when the ' +
    'document has a problem.',
  consumes: ['application/json', 'application/yaml'],
  params: BrandParams,
  querystring: Type.Object(
    { note: Type.Optional(Type.String({ maxLength: 1000, description: 'Why the guideline changes' })) },
    { additionalProperties: false },
  ),
  body: Type.Unknown({ description: guidelineDescription }),
  response: {
    201: Type.Object({
      ...VersionFields,
      guideline: Guideline,
      changes: Type.Optional(Changes),
      recheckQueued: Type.Boolean(),
    }),
    ...conflictingErrorResponses,
    415: Type.Ref('ErrorBody'),
  },
};

export const addLogoSchema = {
  tags: ['brands'],
  summary: 'Upload a reference logo (brand:manage)',
  description:
    'multipart/form-data: a field "name" (lowercase letters, digits and dashes: what logo rules call it) and the ' +
    'image in a part named "file" (PNG, JPEG, WebP, GIF, TIFF or SVG, at most 5 MB).',
  consumes: ['multipart/form-data'],
  params: BrandParams,
  response: { 201: LogoBody, ...conflictingErrorResponses, 413: Type.Ref('ErrorBody'), 415: Type.Ref('ErrorBody') },
};

export const logoFileSchema = {
  tags: ['brands'],
  summary: 'A reference logo as uploaded (raster images inline; SVG as a download, never run from this origin)',
  params: Type.Object({
    brand: BrandParams.properties.brand,
    name: Type.String({ maxLength: 64, description: 'The logo name (what logo rules call it)' }),
  }),
  response: {
    200: Type.Unknown({ description: 'The logo file' }),
    304: Type.Null({ description: 'Not modified: the ETag (the SHA-256) still matches' }),
    ...errorResponses,
  },
};

export const assetChecksSchema = {
  tags: ['brands'],
  summary: "An asset's brand checks: the latest result per brand, the history, and a re-review flag",
  params: AssetParams,
  response: { 200: AssetChecksBody, ...errorResponses },
};

export const runCheckSchema = {
  tags: ['brands'],
  summary: "Check the asset's current version now against every guideline that applies (brand:check)",
  params: AssetParams,
  response: {
    200: Type.Object({
      items: Type.Array(CheckBody, { description: 'One result per brand; none when no guideline applies' }),
    }),
    ...errorResponses,
  },
};

export const clearRereviewSchema = {
  tags: ['brands'],
  summary: "Clear the asset's re-review flag once looked at (brand:check)",
  params: AssetParams,
  response: { 204: Type.Null(), ...errorResponses },
};
