/**
 * The one state machine every asset status change goes through. Each transition is named, has the states it may
 * start from, the state it leads to and the permission it needs (none: only the system makes it); the workflow
 * service applies them, audits each with before/after, and writes an event. Pure: no I/O.
 *
 *   intake → draft → enriching → (brand_check) → in_review → approved | changes_requested | rejected
 *   brand_check → changes_requested when the brand check fails
 *   approved → published → archived;  quarantined (with reasons) and deprecated (a superseded variant) beside them
 */
import type { Permission } from './access.ts';
import type { AssetStatus } from './asset.ts';

export const transitionNames = [
  'start-enrichment',
  'finish-enrichment',
  'finish-brand-check',
  'fail-brand-check',
  'approve',
  'request-changes',
  'reject',
  'resubmit',
  'new-version',
  'publish',
  'unpublish',
  'archive',
  'unarchive',
  'quarantine',
  'release',
  'deprecate',
] as const;
export type TransitionName = (typeof transitionNames)[number];

export interface Transition {
  name: TransitionName;
  from: readonly AssetStatus[];
  /** The state it leads to; some transitions choose between two by a fact the caller supplies. */
  to: readonly AssetStatus[];
  /** The permission a user needs; undefined: only the system (jobs, intake) makes this transition. */
  permission?: Permission;
  description: string;
}

/** States a new version may be uploaded in (it returns the asset to enrichment and review). */
const open: AssetStatus[] = [
  'draft',
  'enriching',
  'brand_check',
  'in_review',
  'approved',
  'changes_requested',
  'rejected',
  'published',
  'quarantined',
];

export const transitions: Record<TransitionName, Transition> = {
  'start-enrichment': {
    name: 'start-enrichment',
    from: ['draft'],
    to: ['enriching'],
    description: 'intake queued the enrichment of the new asset',
  },
  'finish-enrichment': {
    name: 'finish-enrichment',
    from: ['enriching'],
    to: ['in_review', 'brand_check'],
    description: 'enrichment finished; a brand check runs first where a guideline applies',
  },
  'finish-brand-check': {
    name: 'finish-brand-check',
    from: ['brand_check'],
    to: ['in_review'],
    description: 'the brand check finished',
  },
  'fail-brand-check': {
    name: 'fail-brand-check',
    from: ['brand_check'],
    to: ['changes_requested'],
    description: 'the brand check failed: back to the requestor with the failed rules as reasons',
  },
  approve: {
    name: 'approve',
    from: ['in_review'],
    to: ['approved'],
    description: 'every sign-off the risk tier demands was given for the current version',
  },
  'request-changes': {
    name: 'request-changes',
    from: ['in_review'],
    to: ['changes_requested'],
    description: 'a reviewer asked for changes (a new version or corrected fields)',
  },
  reject: {
    name: 'reject',
    from: ['in_review'],
    to: ['rejected'],
    description: 'a reviewer rejected the asset',
  },
  resubmit: {
    name: 'resubmit',
    from: ['changes_requested'],
    to: ['in_review'],
    permission: 'asset:edit',
    description: 'the requested changes were made; back to review',
  },
  'new-version': {
    name: 'new-version',
    from: open,
    to: ['enriching'],
    permission: 'asset:create',
    description: 'a new version was uploaded (or an old one reverted to); it is enriched and reviewed anew',
  },
  publish: {
    name: 'publish',
    from: ['approved'],
    to: ['published'],
    permission: 'asset:publish',
    description: 'the approved current version is published',
  },
  unpublish: {
    name: 'unpublish',
    from: ['published'],
    to: ['approved'],
    permission: 'asset:publish',
    description: 'the asset is withdrawn from publication (still approved)',
  },
  archive: {
    name: 'archive',
    from: ['approved', 'published', 'rejected', 'deprecated'],
    to: ['archived'],
    permission: 'asset:archive',
    description: 'the asset is retired',
  },
  unarchive: {
    name: 'unarchive',
    from: ['archived'],
    to: ['in_review'],
    permission: 'asset:archive',
    description: 'a retired asset returns to review before any new use',
  },
  quarantine: {
    name: 'quarantine',
    from: [
      'draft',
      'enriching',
      'brand_check',
      'in_review',
      'approved',
      'changes_requested',
      'rejected',
      'published',
      'deprecated',
    ],
    to: ['quarantined'],
    permission: 'asset:quarantine',
    description: 'held back with reasons (rights expired, a policy hit, invalid provenance)',
  },
  release: {
    name: 'release',
    from: ['quarantined'],
    to: ['enriching'],
    permission: 'asset:edit',
    description: 'every quarantine reason is resolved; the asset is enriched and reviewed',
  },
  deprecate: {
    name: 'deprecate',
    from: ['draft', 'enriching', 'brand_check', 'in_review', 'approved', 'changes_requested', 'rejected'],
    to: ['deprecated'],
    permission: 'family:manage',
    description: 'a variant superseded by its family’s canonical asset',
  },
};

/**
 * The transitions a person asks for by name (`POST /api/v1/assets/:id/transitions`, `provena asset transition`). The
 * others follow from something happening: intake and enrichment (the system's), a new version's upload, and the
 * review decisions — approve, request-changes and reject have no permission, so only the system makes them until
 * review with sign-offs decides them.
 */
export const requestableTransitions = [
  'publish',
  'unpublish',
  'archive',
  'unarchive',
  'quarantine',
  'release',
  'resubmit',
  'deprecate',
] as const satisfies readonly TransitionName[];
export type RequestableTransition = (typeof requestableTransitions)[number];

/** The transitions possible from a state, by name: what a 409 offers instead of an illegal one. */
export const transitionsFrom = (status: AssetStatus): TransitionName[] =>
  transitionNames.filter((name) => transitions[name].from.includes(status));

/** Where the transition leads from `status`, or undefined when it cannot start there. */
export function nextStatus(name: TransitionName, status: AssetStatus, choose?: AssetStatus): AssetStatus | undefined {
  const transition = transitions[name];
  if (!transition.from.includes(status)) return undefined;
  if (choose !== undefined) return transition.to.includes(choose) ? choose : undefined;
  return transition.to[0];
}

/** Statuses from which nothing but a transition by the system or an admin leads on. */
export const reviewableStatuses: readonly AssetStatus[] = ['in_review'];
