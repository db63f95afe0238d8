/** The schemas of the rights, usage-check and channel routes: they validate, serialise and document (OpenAPI) them. */
import { Type } from 'typebox';
import { usageReasonCodes } from '../../domain/usage.ts';
import { conflictingErrorResponses, errorResponses, stringEnum } from '../schemas.ts';

const Id = Type.String({ format: 'uuid' });
const tags = ['rights'];

/**
 * The record's fields are checked by the rights service (domain/rights.ts), which lists every problem at once with
 * the organisation's channels and the ISO codes; the schema here documents them and keeps the shape open.
 */
const RecordBody = Type.Object(
  {},
  {
    additionalProperties: true,
    description:
      'status (cleared | pending | restricted | expired | unknown), licence, licensor, licenceUrl, acquireLicensePage, approvedChannels, regionsAllowed, regionsDenied (ISO 3166-1 alpha-2), validFrom, expiresAt (last day of use), reviewDate (YYYY-MM-DD, UTC), derivativesAllowed, creditLine, copyrightNotice, usageTerms, thirdPartyInputs [{kind, title, reference}], modelRelease {required, obtained, reference}, aiOrigin {involvement, registrable, humanContribution}, euAiAct {machineReadableMark, visibleLabelRequired, visibleLabelApplied}',
  },
);

export const RightsBody = Type.Object({
  assetId: Type.String(),
  revision: Type.Integer({ description: 'The current revision; 0 before a record is set' }),
  record: Type.Optional(RecordBody),
  versionNumber: Type.Optional(Type.Integer({ description: "The asset's current version when it was set" })),
  setAt: Type.Optional(Type.String()),
  setBy: Type.Optional(Type.String()),
});

const ReasonBody = Type.Object({
  code: stringEnum(usageReasonCodes),
  verdict: stringEnum(['deny', 'warn'] as const),
  message: Type.String(),
  details: Type.Optional(Type.Object({}, { additionalProperties: true })),
});

export const DecisionBody = Type.Object({
  allowed: Type.Boolean(),
  assetId: Type.String(),
  version: Type.Integer(),
  channel: Type.String(),
  region: Type.Optional(Type.String()),
  at: Type.String({ description: 'The instant decided for (ISO-8601); its UTC day is compared with the dates' }),
  derivative: Type.Boolean(),
  reasons: Type.Array(ReasonBody, { description: 'Every reason, denials first' }),
});

const ChannelBody = Type.Object({ name: Type.String(), addedAt: Type.String(), addedBy: Type.String() });

export const getRightsSchema = {
  tags,
  summary: "An asset's current rights record (revision 0 and no record before one is set)",
  params: Type.Object({ id: Id }),
  response: { 200: RightsBody, ...errorResponses },
};

export const putRightsSchema = {
  tags,
  summary: "Set an asset's rights record, whole, as a new revision",
  description:
    'Needs rights:edit on the asset’s team. expectedRevision is the revision replaced (0 for the first): another is 409 CONFLICT. Every field problem is listed in one 400 VALIDATION_FAILED. Audited with the fields changed, before and after.',
  params: Type.Object({ id: Id }),
  body: Type.Object(
    { expectedRevision: Type.Integer({ minimum: 0 }), record: RecordBody },
    { additionalProperties: false },
  ),
  response: { 200: RightsBody, ...conflictingErrorResponses },
};

export const rightsHistorySchema = {
  tags,
  summary: "Every revision of an asset's rights record, newest first",
  params: Type.Object({ id: Id }),
  response: { 200: Type.Object({ items: Type.Array(RightsBody) }), ...errorResponses },
};

export const usageCheckSchema = {
  tags,
  summary: 'May this asset (version) be used on this channel, in this region, on this day, as a derivative or not?',
  description:
    'Answers 200 with the decision whether allowed or not, every reason listed (denials first). The same check gates every download.',
  body: Type.Object(
    {
      assetId: Id,
      version: Type.Optional(Type.Integer({ minimum: 1 })),
      channel: Type.String({ minLength: 1, maxLength: 40 }),
      region: Type.Optional(Type.String({ minLength: 1, maxLength: 10 })),
      at: Type.Optional(Type.String({ description: 'A day (YYYY-MM-DD, UTC) or an ISO-8601 instant; default now' })),
      derivative: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  response: { 200: DecisionBody, ...errorResponses },
};

export const listChannelsSchema = {
  tags,
  summary: "The organisation's channels",
  response: { 200: Type.Object({ items: Type.Array(ChannelBody) }), ...errorResponses },
};

export const addChannelSchema = {
  tags,
  summary: "Add a channel to the organisation's list (channels:manage)",
  body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }),
  response: {
    200: Type.Object({ channel: ChannelBody, created: Type.Boolean() }),
    201: Type.Object({ channel: ChannelBody, created: Type.Boolean() }),
    ...errorResponses,
  },
};

export const removeChannelSchema = {
  tags,
  summary: "Remove a channel from the organisation's list (channels:manage; never internal)",
  params: Type.Object({ name: Type.String({ minLength: 1, maxLength: 40 }) }),
  response: { 204: Type.Null(), ...errorResponses },
};
