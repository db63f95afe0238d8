import { Type } from 'typebox';
import { audiences } from '../../domain/asset.ts';
import { colourFamilies } from '../../domain/enrichment.ts';
import { intakeFieldNames } from '../../domain/intake-rules.ts';
import type { RiskTier } from '../../domain/review.ts';
import { requestableTransitions, transitionNames } from '../../domain/workflow.ts';
import { deliveryQueryFields } from '../delivery.ts';
import {
  AssetBody,
  conflictingErrorResponses,
  IntendedUseEnum,
  PageLimit,
  RightsStatusEnum,
  StatusEnum,
  errorResponses,
  pageOf,
  stringEnum,
} from '../schemas.ts';

const Id = Type.String({ format: 'uuid', description: 'Asset id (UUIDv7)' });

export const intakeFieldDescriptions: Record<(typeof intakeFieldNames)[number], string> = {
  prompt: 'The prompt or generation brief (filled from the file when it carries one)',
  tool: 'The generating tool, e.g. "ComfyUI", "Midjourney" (filled from the file when possible)',
  model: 'The model, e.g. "sdxl_base_1.0" (filled from the file when possible)',
  toolVersion: 'The tool version (filled from the file when possible); a model satisfies the requirement too',
  requestor: 'Who requested the asset (user name)',
  team: 'Owning team',
  intendedUse: 'Intended use',
  campaign: 'Campaign',
  rightsStatus: 'Initial rights status',
  title: 'Title; defaults to the file name',
  audience: 'Who will see it: internal or external (default: internal for the internal intended use, else external)',
  regulated: 'true when it is a regulated communication (financial, medical, …), whatever the channel',
};

/** Documentation of the multipart body. Validation of the fields happens in the intake service (one error listing all). */
export const UploadBody = Type.Object(
  {
    file: Type.String({ format: 'binary', description: 'The file (exactly one part named "file")' }),
    ...Object.fromEntries(
      intakeFieldNames.map((name) => [
        name,
        Type.Optional(
          name === 'intendedUse'
            ? Type.Unsafe({ ...IntendedUseEnum, description: intakeFieldDescriptions[name] })
            : name === 'rightsStatus'
              ? Type.Unsafe({ ...RightsStatusEnum, description: intakeFieldDescriptions[name] })
              : name === 'audience'
                ? Type.Unsafe({ ...stringEnum(audiences), description: intakeFieldDescriptions[name] })
                : name === 'regulated'
                  ? Type.Unsafe({ ...stringEnum(['true', 'false']), description: intakeFieldDescriptions[name] })
                  : Type.String({ description: intakeFieldDescriptions[name] }),
        ),
      ]),
    ),
  },
  { additionalProperties: false },
);

export const IntakeResponse = Type.Object({
  status: Type.Union([Type.Literal('created'), Type.Literal('quarantined'), Type.Literal('duplicate')]),
  duplicateOf: Type.Optional(Type.String()),
  filledFromFile: Type.Record(Type.String(), Type.String()),
  asset: Type.Ref('Asset'),
});

export const uploadSchema = {
  tags: ['assets'],
  summary: 'Upload a file with its intake fields (multipart/form-data, streamed)',
  description:
    'Refused with INTAKE_INCOMPLETE listing every missing field unless the file itself carries it — or, with ?quarantine=true, kept as a quarantined asset (status "quarantined", its quarantineReasons naming each missing or invalid field) to be fixed with PATCH /api/v1/assets/{id}. The same bytes uploaded again answer 200 with status "duplicate" and the existing asset. While the server is receiving as many uploads as it takes at once, 503 TOO_MANY_UPLOADS with Retry-After, before the body is read.',
  consumes: ['multipart/form-data'],
  querystring: Type.Object(
    {
      quarantine: Type.Optional(
        Type.Boolean({
          description:
            'true: missing or invalid intake fields quarantine the asset with its reasons instead of refusing the upload (422)',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  body: UploadBody,
  response: {
    201: IntakeResponse,
    200: IntakeResponse,
    ...errorResponses,
    413: Type.Ref('ErrorBody'),
    415: Type.Ref('ErrorBody'),
    422: Type.Ref('ErrorBody'),
    503: Type.Ref('ErrorBody'),
  },
};

export const getSchema = {
  tags: ['assets'],
  summary: 'One asset with its versions and provenance',
  params: Type.Object({ id: Id }),
  response: { 200: Type.Ref('Asset'), ...errorResponses },
};

export const listSchema = {
  tags: ['assets'],
  summary: 'List assets, newest first, with cursor pagination and filters',
  querystring: Type.Object(
    {
      status: Type.Optional(StatusEnum),
      campaign: Type.Optional(Type.String({ maxLength: 200 })),
      team: Type.Optional(Type.String({ maxLength: 200 })),
      tool: Type.Optional(Type.String({ maxLength: 200 })),
      riskTier: Type.Optional(
        Type.Unsafe<RiskTier>(Type.Integer({ minimum: 1, maximum: 3, description: 'Only assets of this risk tier' })),
      ),
      q: Type.Optional(Type.String({ maxLength: 200, description: 'Substring of the title (matched literally)' })),
      colour: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 20,
          description: `A colour the current version's palette holds: a family (${colourFamilies.join(', ')}; gray and cyan also accepted) or a hex colour (#ff6600, URL-encoded as %23ff6600; the # may be left out). Anything else is refused with VALIDATION_FAILED naming these values.`,
        }),
      ),
      colourShare: Type.Optional(
        Type.Number({
          minimum: 0,
          maximum: 1,
          description: 'With colour: the least share of the picture the colour must cover, 0–1 (default 0.1)',
        }),
      ),
      colourTolerance: Type.Optional(
        Type.Number({
          minimum: 0,
          maximum: 50,
          description: 'With a hex colour: the CIEDE2000 distance within which a palette colour matches (default 10)',
        }),
      ),
      deleted: Type.Optional(
        Type.Literal('only', {
          description: 'Soft-deleted assets alone, with when they were deleted and may be purged (needs asset:restore)',
        }),
      ),
      limit: PageLimit,
      cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' })),
    },
    { additionalProperties: false },
  ),
  response: {
    200: pageOf(AssetBody),
    ...errorResponses,
  },
};

export const originalSchema = {
  tags: ['assets'],
  summary: 'Download the original file (ETag, Range, conditional requests)',
  description:
    'The usage check decides first (channel and region from the query; default the internal channel): a use it denies is 403 USAGE_DENIED with every reason in details.decision, and audited.',
  params: Type.Object({ id: Id }),
  querystring: Type.Object(
    { version: Type.Optional(Type.Integer({ minimum: 1 })), ...deliveryQueryFields },
    { additionalProperties: false },
  ),
};

export const historySchema = {
  tags: ['assets'],
  summary: 'The audit trail of one asset',
  params: Type.Object({ id: Id }),
  response: {
    200: Type.Object({ items: Type.Array(Type.Object({}, { additionalProperties: true })) }),
    ...errorResponses,
  },
};

export const transitionSchema = {
  tags: ['assets'],
  summary: 'Change the status of an asset by a named workflow transition',
  description:
    `The transitions a person may ask for: ${requestableTransitions.join(', ')}; each needs its permission on the asset's team (403 FORBIDDEN names it). ` +
    'One that does not start from the current status is 409 ILLEGAL_TRANSITION, naming the status and the transitions possible from it. ' +
    'Enrichment, review decisions and new versions change the status themselves. Audited with before, after and the actor.',
  params: Type.Object({ id: Id }),
  body: Type.Object(
    {
      name: stringEnum(requestableTransitions),
      reason: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 2000,
          description: 'Why (kept in the audit entry): a quarantine cause',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      transition: stringEnum(transitionNames),
      from: StatusEnum,
      to: StatusEnum,
      asset: Type.Ref('Asset'),
    }),
    ...conflictingErrorResponses,
  },
};
