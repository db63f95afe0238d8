/**
 * The dashboard's figures (domain/dashboard.ts) over the teams whose assets the caller may read (asset:read), as
 * search narrows its answers: someone with no such role gets a dashboard of zeros, never another team's numbers.
 */
import type { RequestContext } from '../domain/access.ts';
import { aiInvolvements } from '../domain/provenance.ts';
import {
  addDays,
  approvalBuckets,
  daysBetween,
  type DashboardFigures,
  type DashboardRepository,
  type DashboardScope,
} from '../domain/dashboard.ts';
import { validationFailed, type FieldProblem } from '../domain/errors.ts';
import { teamsInReach } from './authorise.ts';

export interface DashboardOptions {
  /** Days the time series cover, ending today (UTC). */
  days?: number;
  /** Rights records whose last day is today or within this many days. */
  expiringWithinDays?: number;
}

export const dashboardLimits = { days: { min: 7, max: 366 }, expiringWithinDays: { min: 1, max: 366 } } as const;
/** The expiring records listed (the total counts them all). */
const expiringListed = 50;

export class DashboardService {
  constructor(private readonly deps: { figures: DashboardRepository; now?: () => Date }) {}

  async figures(ctx: RequestContext, options: DashboardOptions = {}): Promise<DashboardFigures> {
    const days = options.days ?? 90;
    const withinDays = options.expiringWithinDays ?? 30;
    const problems: FieldProblem[] = [];
    for (const [field, value] of [
      ['days', days],
      ['expiringWithinDays', withinDays],
    ] as const) {
      const { min, max } = dashboardLimits[field];
      if (!Number.isInteger(value) || value < min || value > max)
        problems.push({ field, problem: `a whole number of days from ${min} to ${max}` });
    }
    if (problems.length > 0) throw validationFailed(problems);

    const today = (this.deps.now?.() ?? new Date()).toISOString().slice(0, 10);
    const teamIds = teamsInReach(ctx, 'asset:read');
    const scope: DashboardScope = { ...(teamIds ? { teamIds } : {}), from: addDays(today, 1 - days), to: today };
    const teamsOnly = teamIds ? { teamIds } : {};
    const { figures } = this.deps;
    const [before, added, involvement, approvals, verdicts, nearDuplicates, exactDuplicates, expiring] =
      await Promise.all([
        figures.assetsAddedBefore(scope),
        figures.assetsAddedPerDay(scope),
        figures.aiInvolvement(teamsOnly),
        figures.approvalTimes(scope),
        figures.brandVerdicts(teamsOnly),
        figures.nearDuplicatesPerDay(scope),
        figures.exactDuplicatesPerDay(scope),
        figures.rightsExpiring({ ...teamsOnly, from: today, to: addDays(today, withinDays) }, expiringListed),
      ]);

    const addedOn = new Map(added.map((d) => [d.day, d.count]));
    let total = before;
    const growthDays = daysBetween(scope.from, scope.to).map((day) => {
      const count = addedOn.get(day) ?? 0;
      total += count;
      return { day, added: count, total };
    });
    const approvalCount = approvals.reduce((sum, b) => sum + b.count, 0);
    const approvalHours = approvals.reduce((sum, b) => sum + b.hours, 0);
    return {
      from: scope.from,
      to: scope.to,
      growth: { before, days: growthDays },
      aiShare: aiInvolvements.map((kind) => ({ involvement: kind, count: involvement.get(kind) ?? 0 })),
      timeToApproval: {
        approvals: approvalCount,
        averageHours: approvalCount === 0 ? null : Math.round((approvalHours / approvalCount) * 10) / 10,
        buckets: approvalBuckets.map((bucket) => ({
          bucket,
          count: approvals.find((b) => b.bucket === bucket)?.count ?? 0,
        })),
      },
      brand: {
        pass: verdicts.get('pass') ?? 0,
        warn: verdicts.get('warn') ?? 0,
        fail: verdicts.get('fail') ?? 0,
        unchecked: verdicts.get('unchecked') ?? 0,
      },
      nearDuplicates: { total: nearDuplicates.reduce((sum, d) => sum + d.count, 0), days: nearDuplicates },
      exactDuplicates: { total: exactDuplicates.reduce((sum, d) => sum + d.count, 0), days: exactDuplicates },
      expiring: { withinDays, ...expiring },
    };
  }
}
