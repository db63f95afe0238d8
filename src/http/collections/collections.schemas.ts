/** The schemas of the collection and saved-search routes: they validate, serialise and document (OpenAPI) them. */
import { Type, type TProperties } from 'typebox';
import {
  maxAddedAtOnce,
  maxDescriptionLength,
  maxMembers,
  maxNameLength,
  maxQueryLength,
  visibilities,
} from '../../domain/collection.ts';
import { assetKinds } from '../../domain/asset.ts';
import { conflictingErrorResponses, errorResponses, PageLimit, pageOf, StatusEnum, stringEnum } from '../schemas.ts';

const Id = Type.String({ format: 'uuid' });
const VisibilityEnum = stringEnum(visibilities);
const visibilityDescription = 'private: its owner alone (and admins); team: everyone who may read the team';
const TeamRef = Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() });
const Name = Type.String({ minLength: 1, maxLength: maxNameLength, description: 'Unique among the owner’s' });
const body = <T extends TProperties>(fields: T) => Type.Object(fields, { additionalProperties: false });
const pageQuery = Type.Object(
  { limit: PageLimit, cursor: Type.Optional(Type.String({ maxLength: 400, pattern: '^[A-Za-z0-9_-]+$' })) },
  { additionalProperties: false },
);

export const CollectionBody = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  team: TeamRef,
  visibility: VisibilityEnum,
  owner: Type.String({ description: 'Who keeps it (user:<name> or operator:<os user>)' }),
  memberCount: Type.Integer({ description: 'The members the caller may see (their teams’, not deleted)' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const MemberBody = Type.Object({
  assetId: Type.String(),
  title: Type.String(),
  kind: stringEnum(assetKinds),
  status: StatusEnum,
  addedAt: Type.String(),
  addedBy: Type.String(),
});

export const SavedSearchBody = Type.Object({
  id: Type.String(),
  name: Type.String(),
  query: Type.String({ description: 'The search query text (docs/search.md)' }),
  team: TeamRef,
  visibility: VisibilityEnum,
  owner: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const placementFields = {
  before: Type.Optional(Id),
  after: Type.Optional(Id),
  position: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: maxMembers,
      description: '1-based place among the members the caller sees',
    }),
  ),
};

const params = Type.Object({ id: Id });
const memberParams = Type.Object({ id: Id, assetId: Id });

export const listCollectionsSchema = {
  tags: ['collections'],
  summary: "The caller's collections and those shared with their teams, newest first",
  querystring: pageQuery,
  response: { 200: pageOf(CollectionBody), ...errorResponses },
};
export const createCollectionSchema = {
  tags: ['collections'],
  summary: 'Create a collection in a team (collection:manage there)',
  body: body({
    name: Name,
    description: Type.Optional(Type.String({ maxLength: maxDescriptionLength })),
    team: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Team id, slug or name; default: your only team' }),
    ),
    visibility: Type.Optional(VisibilityEnum),
  }),
  response: { 201: CollectionBody, ...conflictingErrorResponses },
};
export const getCollectionSchema = {
  tags: ['collections'],
  summary: 'One collection',
  params,
  response: { 200: CollectionBody, ...errorResponses },
};
export const updateCollectionSchema = {
  tags: ['collections'],
  summary: 'Rename, describe (empty: none) or share a collection (its owner or an admin)',
  description: visibilityDescription,
  params,
  body: body({
    name: Type.Optional(Name),
    description: Type.Optional(Type.String({ maxLength: maxDescriptionLength })),
    visibility: Type.Optional(VisibilityEnum),
  }),
  response: { 200: CollectionBody, ...conflictingErrorResponses },
};
export const deleteCollectionSchema = {
  tags: ['collections'],
  summary: 'Delete a collection (its owner or an admin); the assets stay',
  params,
  response: { 204: Type.Null(), ...errorResponses },
};
export const listMembersSchema = {
  tags: ['collections'],
  summary: 'Members in order, those the caller may see; pages stay stable while members are added',
  params,
  querystring: pageQuery,
  response: { 200: pageOf(MemberBody), ...errorResponses },
};
export const addMembersSchema = {
  tags: ['collections'],
  summary:
    'Add assets (all or none: one unknown or unreadable is 404), at the end or before/after a member or at a place; members already there stay',
  params,
  body: body({
    assetIds: Type.Array(Id, { minItems: 1, maxItems: maxAddedAtOnce }),
    ...placementFields,
  }),
  response: {
    200: Type.Object({
      collection: CollectionBody,
      added: Type.Array(Type.String()),
      alreadyPresent: Type.Array(Type.String()),
    }),
    ...conflictingErrorResponses,
  },
};
export const removeMemberSchema = {
  tags: ['collections'],
  summary: 'Take an asset out (removed: false when it was not in)',
  params: memberParams,
  response: { 200: Type.Object({ removed: Type.Boolean() }), ...errorResponses },
};
export const moveMemberSchema = {
  tags: ['collections'],
  summary: 'Move a member before or after another, or to a 1-based place (exactly one of the three)',
  params: memberParams,
  body: body(placementFields),
  response: { 200: CollectionBody, ...errorResponses },
};

export const listSavedSearchesSchema = {
  tags: ['saved-searches'],
  summary: "The caller's saved searches and those shared with their teams, newest first",
  querystring: pageQuery,
  response: { 200: pageOf(SavedSearchBody), ...errorResponses },
};
export const createSavedSearchSchema = {
  tags: ['saved-searches'],
  summary: 'Save a search query under a name, in a team (collection:manage there)',
  body: body({
    name: Name,
    query: Type.String({ minLength: 1, maxLength: maxQueryLength }),
    team: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    visibility: Type.Optional(VisibilityEnum),
  }),
  response: { 201: SavedSearchBody, ...conflictingErrorResponses },
};
export const getSavedSearchSchema = {
  tags: ['saved-searches'],
  summary: 'One saved search',
  params,
  response: { 200: SavedSearchBody, ...errorResponses },
};
export const updateSavedSearchSchema = {
  tags: ['saved-searches'],
  summary: 'Rename, change the query or share a saved search (its owner or an admin)',
  params,
  body: body({
    name: Type.Optional(Name),
    query: Type.Optional(Type.String({ minLength: 1, maxLength: maxQueryLength })),
    visibility: Type.Optional(VisibilityEnum),
  }),
  response: { 200: SavedSearchBody, ...conflictingErrorResponses },
};
export const deleteSavedSearchSchema = {
  tags: ['saved-searches'],
  summary: 'Delete a saved search (its owner or an admin)',
  params,
  response: { 204: Type.Null(), ...errorResponses },
};
