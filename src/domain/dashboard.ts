/**
 * The dashboard's figures (issue 16): how the library grows, how much of it AI made, how long approval takes, how
 * assets fare against the brand guidelines, how many near-duplicates intake caught, and whose rights expire soon —
 * always over the teams the caller may read, like search. The repository answers each figure with one aggregate
 * query; this file holds the shapes, the approval buckets and the port. Pure: no I/O.
 */
import type { AiInvolvement } from './provenance.ts';

/** Calendar days (YYYY-MM-DD, UTC) an aggregate counts from and to, inclusive, and the teams it is narrowed to. */
export interface DashboardScope {
  /** Undefined: every team (and assets without one); empty: nothing is in reach. */
  teamIds?: readonly string[];
  from: string;
  to: string;
}

/** How long approval took, from the version's upload to the approve transition. */
export const approvalBuckets = ['under-1h', '1h-1d', '1d-7d', 'over-7d'] as const;
export type ApprovalBucket = (typeof approvalBuckets)[number];

export interface DayCount {
  day: string;
  count: number;
}

export interface ExpiringRights {
  assetId: string;
  title: string;
  status: string;
  /** The record's last day of use (YYYY-MM-DD). */
  expiresAt: string;
}

export interface DashboardFigures {
  from: string;
  to: string;
  growth: {
    /** Assets added before `from` (still in the library). */
    before: number;
    /** Every day of the window, with the assets added that day and the library's size at its end. */
    days: { day: string; added: number; total: number }[];
  };
  /** The library by the AI involvement of each asset's current version. */
  aiShare: { involvement: AiInvolvement; count: number }[];
  timeToApproval: {
    /** Approvals in the window. */
    approvals: number;
    averageHours: number | null;
    buckets: { bucket: ApprovalBucket; count: number }[];
  };
  /** The worst current brand verdict of each asset; unchecked: no brand applies or no check ran yet. */
  brand: { pass: number; warn: number; fail: number; unchecked: number };
  /** Assets intake found to be near-duplicates of one already stored, per day of the window. */
  nearDuplicates: { total: number; days: DayCount[] };
  /** Uploads of bytes already stored, answered with the existing asset instead of a copy, per day of the window. */
  exactDuplicates: { total: number; days: DayCount[] };
  expiring: { withinDays: number; total: number; items: ExpiringRights[] };
}

/** One aggregate query per figure; every one narrowed to the scope's teams and to assets not deleted. */
export interface DashboardRepository {
  assetsAddedBefore(scope: DashboardScope): Promise<number>;
  assetsAddedPerDay(scope: DashboardScope): Promise<DayCount[]>;
  aiInvolvement(scope: Omit<DashboardScope, 'from' | 'to'>): Promise<Map<string, number>>;
  /** Approvals in the window by bucket, with the sum of their hours. */
  approvalTimes(scope: DashboardScope): Promise<{ bucket: ApprovalBucket; count: number; hours: number }[]>;
  brandVerdicts(scope: Omit<DashboardScope, 'from' | 'to'>): Promise<Map<string, number>>;
  nearDuplicatesPerDay(scope: DashboardScope): Promise<DayCount[]>;
  /** Exact duplicate uploads refused (the outbox's asset.duplicate-refused), per day, by the existing asset's team. */
  exactDuplicatesPerDay(scope: DashboardScope): Promise<DayCount[]>;
  /** Current rights records whose last day falls in the window, soonest first, and how many there are in all. */
  rightsExpiring(scope: DashboardScope, limit: number): Promise<{ total: number; items: ExpiringRights[] }>;
}

/** Every day from `from` to `to` (inclusive), as YYYY-MM-DD. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** The day `n` days after `day` (before, when negative). */
export const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
