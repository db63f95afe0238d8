import { Type } from 'typebox';
import { audiences } from '../../domain/asset.ts';
import { editFieldNames } from '../../domain/asset-edit.ts';
import { intakeFieldDescriptions } from './assets.schemas.ts';
import { conflictingErrorResponses, IntendedUseEnum, RightsStatusEnum, stringEnum } from '../schemas.ts';

const Id = Type.String({ format: 'uuid', description: 'Asset id (UUIDv7)' });
const VersionNumber = Type.Integer({ minimum: 1, description: 'Version number' });

const VersionResponse = Type.Object({
  status: Type.Union([Type.Literal('created'), Type.Literal('unchanged'), Type.Literal('duplicate')]),
  duplicateOf: Type.Optional(Type.String()),
  /** The new version's number (or the current one's, unchanged). */
  version: Type.Optional(Type.Integer()),
  asset: Type.Ref('Asset'),
});

export const addVersionSchema = {
  tags: ['assets'],
  summary: 'Upload a new version of an asset (multipart/form-data, one part named "file")',
  description:
    "Needs asset:create on the asset's team. The same checks as a new asset's upload (type, structure, provenance). " +
    'The bytes of the current version answer 200 "unchanged"; bytes another asset holds answer 200 "duplicate" with it. ' +
    'Otherwise 201: the version becomes current and the asset goes back to enrichment and review (an approval belongs to one version); ' +
    'a quarantined asset stays quarantined. An archived or deprecated asset takes no new version (409 ILLEGAL_TRANSITION).',
  consumes: ['multipart/form-data'],
  params: Type.Object({ id: Id }),
  body: Type.Object(
    { file: Type.String({ format: 'binary', description: 'The file (exactly one part named "file")' }) },
    { additionalProperties: false },
  ),
  response: {
    201: VersionResponse,
    200: VersionResponse,
    ...conflictingErrorResponses,
    413: Type.Ref('ErrorBody'),
    415: Type.Ref('ErrorBody'),
    422: Type.Ref('ErrorBody'),
    503: Type.Ref('ErrorBody'),
  },
};

export const revertSchema = {
  tags: ['assets'],
  summary: 'Make a new version of an earlier version (revert)',
  description:
    "Needs asset:create on the asset's team. The new version has version n's bytes and provenance and records revertOf: n; " +
    'the asset goes back to review as for any new version. Reverting to the current version answers 200 "unchanged".',
  params: Type.Object({ id: Id, n: VersionNumber }),
  response: { 201: VersionResponse, 200: VersionResponse, ...conflictingErrorResponses },
};

const nullableText = (description: string) =>
  Type.Optional(Type.Union([Type.String(), Type.Null()], { description: `${description}; null clears it` }));

/** Documentation of the edit; the asset edit service checks it (every unknown field and wrong value named at once). */
export const EditBody = Type.Object(
  {
    title: Type.Optional(Type.String({ description: 'Title (cannot be cleared)' })),
    description: nullableText('A description for people browsing assets'),
    prompt: nullableText(intakeFieldDescriptions.prompt),
    tool: nullableText(intakeFieldDescriptions.tool),
    model: nullableText(intakeFieldDescriptions.model),
    toolVersion: nullableText(intakeFieldDescriptions.toolVersion),
    campaign: nullableText(intakeFieldDescriptions.campaign),
    team: nullableText(`${intakeFieldDescriptions.team} (moving needs asset:edit on both teams)`),
    requestor: nullableText(intakeFieldDescriptions.requestor),
    intendedUse: Type.Optional(
      Type.Union([Type.Unsafe({ ...IntendedUseEnum }), Type.Null()], { description: 'Intended use; null clears it' }),
    ),
    rightsStatus: Type.Optional(Type.Unsafe({ ...RightsStatusEnum, description: 'Rights status (cannot be cleared)' })),
    audience: Type.Optional(
      Type.Union([Type.Unsafe({ ...stringEnum(audiences) }), Type.Null()], {
        description: `${intakeFieldDescriptions.audience}; null clears it`,
      }),
    ),
    regulated: Type.Optional(
      Type.Union([Type.Boolean(), Type.Null()], {
        description: `${intakeFieldDescriptions.regulated}; null clears it`,
      }),
    ),
    addTags: Type.Optional(
      Type.Array(Type.String(), { description: 'User tags to add (at most 50; case-insensitive)' }),
    ),
    removeTags: Type.Optional(Type.Array(Type.String(), { description: 'User tags to remove' })),
  },
  { additionalProperties: false },
);

const FieldChange = Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() });
const QuarantineReason = Type.Object({
  code: Type.String(),
  field: Type.Optional(Type.String()),
  message: Type.String(),
});

export const editSchema = {
  tags: ['assets'],
  summary: 'Correct intake fields, descriptive metadata and user tags',
  description:
    `Fields: ${editFieldNames.join(', ')}. Needs asset:edit on the asset's team (and on the team it moves to). ` +
    'Each change is audited with its value before and after. Send If-Match with the ETag of GET /api/v1/assets/:id to edit only the asset as you read it (409 CONFLICT when it changed meanwhile). ' +
    'A quarantined asset whose every reason the edit resolves (missing fields supplied, rights changed to cleared or pending) leaves quarantine in the same request (released: true) and goes on to enrichment and review; otherwise remainingReasons lists what still holds it. ' +
    'Unknown fields and wrong values are 400 VALIDATION_FAILED naming each.',
  params: Type.Object({ id: Id }),
  body: EditBody,
  response: {
    200: Type.Object({
      asset: Type.Ref('Asset'),
      changes: Type.Array(FieldChange),
      tags: Type.Array(Type.String(), { description: "The current version's user tags after the edit" }),
      released: Type.Boolean(),
      remainingReasons: Type.Optional(Type.Array(QuarantineReason)),
    }),
    ...conflictingErrorResponses,
  },
};

export const deleteSchema = {
  tags: ['assets'],
  summary: 'Soft-delete an asset',
  description:
    "Needs asset:delete on the asset's team. The asset is missing to every read, list, edit, transition and download until an admin restores it; " +
    'after the retention period (PROVENA_ASSET_RETENTION_DAYS, default 30) `provena purge` removes it and the files no other asset uses.',
  params: Type.Object({ id: Id }),
  response: {
    200: Type.Object({ id: Type.String(), deletedAt: Type.String(), purgeAfter: Type.String() }),
    ...conflictingErrorResponses,
  },
};

export const restoreSchema = {
  tags: ['assets'],
  summary: 'Restore a soft-deleted asset as it was',
  description:
    'Needs asset:restore (admins). 404 when no deleted asset has this id; 409 when the asset is not deleted.',
  params: Type.Object({ id: Id }),
  response: { 200: Type.Ref('Asset'), ...conflictingErrorResponses },
};
