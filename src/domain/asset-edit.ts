/**
 * Editing an asset's intake fields and descriptive metadata (PATCH /api/v1/assets/:id, `provena asset edit`): which
 * fields may be edited and how each is checked, and which quarantine reasons an edit resolves. Pure: no I/O.
 */
import type { Asset, IntakeFields, QuarantineReason, RightsStatus } from './asset.ts';
import type { AssetUpdate } from './ports.ts';
import type { FieldProblem } from './errors.ts';
import { missingIntakeFields, parseIntakeFields } from './intake-rules.ts';

/** Intake fields an edit may set or (all but title and rightsStatus) clear with null. */
export const editableIntakeFields = [
  'title',
  'prompt',
  'tool',
  'model',
  'toolVersion',
  'campaign',
  'team',
  'requestor',
  'intendedUse',
  'rightsStatus',
  'audience',
  'regulated',
] as const satisfies ReadonlyArray<keyof IntakeFields>;
export type EditableIntakeField = (typeof editableIntakeFields)[number];

/** Every field an edit may carry: the intake fields, the description, and user tags to add or remove. */
export const editFieldNames = [...editableIntakeFields, 'description', 'addTags', 'removeTags'] as const;
export type EditField = (typeof editFieldNames)[number];

const requiredOnEdit = new Set<EditField>(['title', 'rightsStatus']);
const maxDescription = 5000;
const maxTagLength = 100;
const maxTagsPerEdit = 50;
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A checked edit: a value sets a field, null clears it; tags are labels to add and to remove. */
export interface AssetEdit {
  set: Partial<Record<EditableIntakeField | 'description', string | null>>;
  addTags: string[];
  removeTags: string[];
}

/**
 * Checks an untrusted edit and returns it with every problem found: an unknown field, a wrong type, a value an intake
 * field would refuse (length, control characters, a closed set), null for a field that cannot be empty.
 */
export function parseAssetEdit(raw: Record<string, unknown>): { edit: AssetEdit; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const edit: AssetEdit = { set: {}, addTags: [], removeTags: [] };
  for (const [key, value] of Object.entries(raw)) {
    if (!(editFieldNames as readonly string[]).includes(key)) {
      problems.push({ field: key, problem: `unknown field (editable: ${editFieldNames.join(', ')})` });
      continue;
    }
    const field = key as EditField;
    if (field === 'addTags' || field === 'removeTags') {
      const tags = parseTags(field, value, problems);
      if (tags) edit[field] = tags;
      continue;
    }
    if (value === null) {
      if (requiredOnEdit.has(field)) problems.push({ field, problem: 'cannot be cleared' });
      else edit.set[field] = null;
      continue;
    }
    // A yes/no: JSON's true and false, or the words intake takes; held as 'true' / 'false'.
    if (field === 'regulated' && typeof value === 'boolean') {
      edit.set.regulated = String(value);
      continue;
    }
    if (typeof value !== 'string') {
      problems.push({
        field,
        problem: `must be a string or null, got ${Array.isArray(value) ? 'array' : typeof value}`,
      });
      continue;
    }
    if (field === 'description') {
      const text = value.trim();
      if (text.length > maxDescription) problems.push({ field, problem: `longer than ${maxDescription} characters` });
      else if (controlChars.test(text)) problems.push({ field, problem: 'contains control characters' });
      else edit.set.description = text === '' ? null : text;
      continue;
    }
    if (value.trim() === '') {
      if (requiredOnEdit.has(field)) problems.push({ field, problem: 'cannot be empty' });
      else edit.set[field] = null;
      continue;
    }
    // The same checks as at intake: length, control characters, the closed sets of intendedUse and rightsStatus.
    const parsed = parseIntakeFields({ [field]: value });
    if (parsed.problems.length > 0) problems.push(...parsed.problems);
    else edit.set[field] = field === 'regulated' ? String(parsed.fields.regulated) : parsed.fields[field];
  }
  const both = edit.addTags.filter((tag) => edit.removeTags.some((t) => sameTag(t, tag)));
  for (const tag of both) problems.push({ field: 'removeTags', problem: `"${tag}" is also in addTags` });
  return { edit, problems };
}

function parseTags(field: 'addTags' | 'removeTags', value: unknown, problems: FieldProblem[]): string[] | undefined {
  if (!Array.isArray(value)) {
    problems.push({ field, problem: 'must be an array of tag labels' });
    return undefined;
  }
  if (value.length > maxTagsPerEdit) {
    problems.push({ field, problem: `at most ${maxTagsPerEdit} tags at once` });
    return undefined;
  }
  const tags: string[] = [];
  for (const [i, item] of value.entries()) {
    const label = typeof item === 'string' ? item.trim() : undefined;
    if (label === undefined || label === '')
      problems.push({ field: `${field}[${i}]`, problem: 'must be a non-empty string' });
    else if (label.length > maxTagLength)
      problems.push({ field: `${field}[${i}]`, problem: `longer than ${maxTagLength} characters` });
    else if (controlChars.test(label))
      problems.push({ field: `${field}[${i}]`, problem: 'contains control characters' });
    else if (!tags.some((t) => sameTag(t, label))) tags.push(label);
  }
  return tags;
}

/** Tags are matched without regard to case: "Beach" and "beach" are one tag. */
export const sameTag = (a: string, b: string): boolean => a.toLocaleLowerCase() === b.toLocaleLowerCase();

/** The asset's fields as intake states them (names of the team, campaign and requestor): what the rules look at. */
export function intakeFieldsOf(asset: Asset): IntakeFields {
  const fields: IntakeFields = { title: asset.title };
  // Intake records an unstated rights status as `unknown`: still missing, as far as the requirement goes.
  if (asset.rightsStatus !== 'unknown') fields.rightsStatus = asset.rightsStatus;
  if (asset.prompt !== undefined) fields.prompt = asset.prompt;
  if (asset.tool !== undefined) fields.tool = asset.tool;
  if (asset.model !== undefined) fields.model = asset.model;
  if (asset.toolVersion !== undefined) fields.toolVersion = asset.toolVersion;
  if (asset.intendedUse !== undefined) fields.intendedUse = asset.intendedUse;
  if (asset.team) fields.team = asset.team.name;
  if (asset.campaign) fields.campaign = asset.campaign.name;
  if (asset.requestor) fields.requestor = asset.requestor.name;
  return fields;
}

/** Rights statuses under which an asset may be used; a rights reason is resolved by a change to one of them. */
const usableRights: readonly RightsStatus[] = ['cleared', 'pending'];

/**
 * The quarantine reasons still standing once an edit made `fields` what they are: a missing field is resolved when
 * it is now known (a tool version and a model stand in for each other, as at intake); an invalid one when the edit
 * gave it a valid value; a rights reason (code RIGHTS_*, or about rightsStatus) when the edit changed the rights
 * status to a usable one. Any other reason (a policy hit, invalid provenance) stands until someone releases the asset.
 */
export function remainingQuarantineReasons(
  reasons: readonly QuarantineReason[],
  fields: IntakeFields,
  edited: ReadonlySet<string>,
): QuarantineReason[] {
  const stillMissing = new Set(missingIntakeFields(fields).map((p) => p.field));
  return reasons.filter((reason) => {
    if (reason.code === 'MISSING_FIELD' && reason.field !== undefined) return stillMissing.has(reason.field);
    if (reason.code === 'INVALID_FIELD' && reason.field !== undefined)
      return !edited.has(reason.field) || (fields as Record<string, unknown>)[reason.field] === undefined;
    if (reason.code.startsWith('RIGHTS_') || reason.field === 'rightsStatus')
      return !(
        edited.has('rightsStatus') &&
        fields.rightsStatus !== undefined &&
        usableRights.includes(fields.rightsStatus)
      );
    return true;
  });
}

/** The asset's updatable fields as AssetRepository.update takes them. */
export function updateOf(asset: Asset): AssetUpdate {
  const update: AssetUpdate = {
    title: asset.title,
    quarantineReasons: asset.quarantineReasons,
    rightsStatus: asset.rightsStatus,
    currentVersion: asset.currentVersion,
    updatedAt: asset.updatedAt,
  };
  if (asset.description !== undefined) update.description = asset.description;
  if (asset.prompt !== undefined) update.prompt = asset.prompt;
  if (asset.tool !== undefined) update.tool = asset.tool;
  if (asset.model !== undefined) update.model = asset.model;
  if (asset.toolVersion !== undefined) update.toolVersion = asset.toolVersion;
  if (asset.intendedUse !== undefined) update.intendedUse = asset.intendedUse;
  if (asset.requestor) update.requestorId = asset.requestor.id;
  if (asset.team) update.teamId = asset.team.id;
  if (asset.campaign) update.campaignId = asset.campaign.id;
  if (asset.audience !== undefined) update.audience = asset.audience;
  if (asset.regulated !== undefined) update.regulated = asset.regulated;
  if (asset.deletion !== undefined) update.deletion = asset.deletion;
  return update;
}
