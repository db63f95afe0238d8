/** Shared response schemas: they drive both validation/serialisation and the generated OpenAPI document. */
import { Type, type Static, type TSchema } from 'typebox';
import { assetStatuses, audiences, intendedUses, rightsStatuses } from '../domain/asset.ts';

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Object({}, { additionalProperties: true }),
      requestId: Type.String(),
    }),
  },
  { $id: 'ErrorBody', description: 'Every error has this shape; codes are listed in docs/errors.md.' },
);

/** Every /api route may also refuse who is asking (401) or what they may do (403). */
export const errorResponses = {
  400: Type.Ref('ErrorBody'),
  401: Type.Ref('ErrorBody'),
  403: Type.Ref('ErrorBody'),
  404: Type.Ref('ErrorBody'),
  500: Type.Ref('ErrorBody'),
};
/** For actions the resource's state may refuse (CONFLICT). */
export const conflictingErrorResponses = { ...errorResponses, 409: Type.Ref('ErrorBody') };

/** Cursor pagination, the same on every list: the page size asked for, and the page answered. */
export const PageLimit = Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 }));
export const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Optional(Type.String()) });

const NamedRef = Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() });

export const stringEnum = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values] });
export const StatusEnum = stringEnum(assetStatuses);
export const IntendedUseEnum = stringEnum(intendedUses);
export const RightsStatusEnum = stringEnum(rightsStatuses);

export const VersionBody = Type.Object({
  number: Type.Integer(),
  sha256: Type.String(),
  size: Type.Integer(),
  mediaType: Type.String(),
  fileName: Type.String(),
  width: Type.Optional(Type.Integer()),
  height: Type.Optional(Type.Integer()),
  createdAt: Type.String(),
  createdBy: Type.String(),
  revertOf: Type.Optional(
    Type.Integer({
      description: 'Set on a version made by reverting: the version whose bytes and provenance it copied',
    }),
  ),
  provenance: Type.Object(
    {},
    {
      additionalProperties: true,
      description:
        'The normalised provenance record: AI involvement, digital source type, generator, prompt, sampling, C2PA ' +
        'and IPTC summaries, and the source each field was taken from',
    },
  ),
  originalUrl: Type.String(),
});

export const AssetBody = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    kind: Type.String(),
    status: StatusEnum,
    quarantineReasons: Type.Array(
      Type.Object({ code: Type.String(), field: Type.Optional(Type.String()), message: Type.String() }),
    ),
    description: Type.Optional(Type.String()),
    prompt: Type.Optional(Type.String()),
    tool: Type.Optional(Type.String()),
    model: Type.Optional(Type.String()),
    toolVersion: Type.Optional(Type.String()),
    intendedUse: Type.Optional(IntendedUseEnum),
    rightsStatus: RightsStatusEnum,
    requestor: Type.Optional(NamedRef),
    team: Type.Optional(NamedRef),
    campaign: Type.Optional(NamedRef),
    audience: Type.Optional(stringEnum(audiences)),
    regulated: Type.Optional(Type.Boolean()),
    riskTier: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 3,
        description: 'The review tier the risk policy gave; absent until derived',
      }),
    ),
    riskRule: Type.Optional(
      Type.String({ description: 'The policy rule that set the tier; absent when the default tier applied' }),
    ),
    riskPolicyVersion: Type.Optional(Type.Integer({ description: 'The risk policy version that decided the tier' })),
    currentVersion: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    versions: Type.Optional(Type.Array(VersionBody)),
    brandChecks: Type.Optional(
      Type.Object(
        {
          current: Type.Array(
            Type.Object({
              id: Type.String(),
              brandId: Type.String(),
              versionNumber: Type.Integer(),
              guidelineVersion: Type.Integer(),
              verdict: stringEnum(['pass', 'warn', 'fail'] as const),
              score: Type.Number(),
              failedRules: Type.Array(Type.String()),
              checkedAt: Type.String(),
            }),
          ),
          rereview: Type.Boolean({ description: 'A new guideline version changed the verdict: re-review it' }),
        },
        {
          description:
            'On one asset read: the latest brand check per brand (each rule with its evidence: GET /api/v1/assets/{id}/brand-check)',
        },
      ),
    ),
    deletion: Type.Optional(
      Type.Object(
        { at: Type.String(), by: Type.String(), purgeAfter: Type.String() },
        { description: 'Only on a soft-deleted asset (an admin listing ?deleted=only): restorable until purgeAfter' },
      ),
    ),
  },
  { $id: 'Asset' },
);
export type AssetBodyType = Static<typeof AssetBody>;
