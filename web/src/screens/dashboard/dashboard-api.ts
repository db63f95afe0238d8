/**
 * The dashboard's one call (GET /api/v1/dashboard: figures over the caller's teams) and the words each chart's text
 * alternative says: a summary sentence and the rows of its data table, made from the same data as the chart.
 */
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type paths } from '../../api/client.ts';

export type Figures = paths['/api/v1/dashboard']['get']['responses']['200']['content']['application/json'];
export type Involvement = Figures['aiShare'][number]['involvement'];
export type ApprovalBucket = Figures['timeToApproval']['buckets'][number]['bucket'];

export interface DashboardWindow {
  days: number;
  expiringWithinDays: number;
}

export const dashboardQuery = (window: DashboardWindow) =>
  queryOptions({
    queryKey: ['dashboard', window],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/dashboard', { params: { query: { ...window } }, signal })),
  });

/** A text alternative: the sentence under the chart's title and its data as a table. */
export interface TextAlternative {
  summary: string;
  /** The row label's column, then one per value. */
  columns: [string, ...string[]];
  rows: [string, ...string[]][];
}

const number = new Intl.NumberFormat('en');
const percent = (part: number, whole: number) => (whole === 0 ? '0%' : `${Math.round((part / whole) * 100)}%`);
const plural = (n: number, one: string, many = `${one}s`) => `${number.format(n)} ${n === 1 ? one : many}`;

export const involvementLabels: Record<Involvement, string> = {
  'ai-generated': 'AI-generated',
  'ai-edited': 'AI-edited',
  none: 'No AI',
  unknown: 'Not known',
};

export const bucketLabels: Record<ApprovalBucket, string> = {
  'under-1h': 'Under an hour',
  '1h-1d': '1 hour to 1 day',
  '1d-7d': '1 to 7 days',
  'over-7d': 'Over 7 days',
};

export function growthText(growth: Figures['growth'], from: string, to: string): TextAlternative {
  const last = growth.days.at(-1)?.total ?? growth.before;
  const added = growth.days.reduce((sum, d) => sum + d.added, 0);
  const busiest = growth.days.reduce<Figures['growth']['days'][number] | undefined>(
    (best, d) => (d.added > 0 && (!best || d.added > best.added) ? d : best),
    undefined,
  );
  return {
    summary:
      `The library holds ${plural(last, 'asset')}: ${plural(added, 'asset')} added from ${from} to ${to}` +
      (busiest ? `, most on ${busiest.day} (${number.format(busiest.added)}).` : '.'),
    columns: ['Day', 'Assets added (library size)'],
    rows: growth.days
      .filter((d) => d.added > 0)
      .map((d) => [d.day, `${number.format(d.added)} (${number.format(d.total)})`]),
  };
}

export function aiShareText(share: Figures['aiShare']): TextAlternative {
  const total = share.reduce((sum, s) => sum + s.count, 0);
  const ai = share.filter((s) => s.involvement === 'ai-generated' || s.involvement === 'ai-edited');
  const aiCount = ai.reduce((sum, s) => sum + s.count, 0);
  return {
    summary:
      total === 0
        ? 'No assets yet.'
        : `${percent(aiCount, total)} of ${plural(total, 'asset')} involve AI: ` +
          share.map((s) => `${involvementLabels[s.involvement]} ${number.format(s.count)}`).join(', ') +
          '.',
    columns: ['AI involvement', 'Assets (share)'],
    rows: share.map((s) => [
      involvementLabels[s.involvement],
      `${number.format(s.count)} (${percent(s.count, total)})`,
    ]),
  };
}

export function approvalText(approval: Figures['timeToApproval']): TextAlternative {
  const typical = approval.buckets.reduce<Figures['timeToApproval']['buckets'][number] | undefined>(
    (best, b) => (b.count > 0 && (!best || b.count > best.count) ? b : best),
    undefined,
  );
  return {
    summary:
      approval.approvals === 0
        ? 'No approvals in this period.'
        : `${plural(approval.approvals, 'approval')}, ${formatHours(approval.averageHours ?? 0)} on average from upload; ` +
          `most took ${bucketLabels[typical!.bucket].toLowerCase()}.`,
    columns: ['Time from upload to approval', 'Approvals'],
    rows: approval.buckets.map((b) => [bucketLabels[b.bucket], number.format(b.count)]),
  };
}

export function brandText(brand: Figures['brand']): TextAlternative {
  const checked = brand.pass + brand.warn + brand.fail;
  return {
    summary:
      checked === 0
        ? `No asset has a brand check yet (${plural(brand.unchecked, 'asset')} unchecked).`
        : `${percent(brand.pass, checked)} of ${plural(checked, 'checked asset')} pass the brand guidelines: ` +
          `${number.format(brand.pass)} pass, ${number.format(brand.warn)} with warnings, ${number.format(brand.fail)} fail; ` +
          `${number.format(brand.unchecked)} unchecked.`,
    columns: ['Brand verdict', 'Assets'],
    rows: [
      ['Pass', number.format(brand.pass)],
      ['Warnings', number.format(brand.warn)],
      ['Fail', number.format(brand.fail)],
      ['Unchecked', number.format(brand.unchecked)],
    ],
  };
}

/** Exact duplicate uploads refused and near-duplicates caught, on every day either happened. */
export function duplicatesText(
  exact: Figures['exactDuplicates'],
  near: Figures['nearDuplicates'],
  from: string,
  to: string,
): TextAlternative {
  const exactOn = new Map(exact.days.map((d) => [d.day, d.count]));
  const nearOn = new Map(near.days.map((d) => [d.day, d.count]));
  const days = [...new Set([...exactOn.keys(), ...nearOn.keys()])].sort();
  return {
    summary:
      exact.total + near.total === 0
        ? `No duplicate uploaded or caught from ${from} to ${to}.`
        : `From ${from} to ${to}: ${plural(exact.total, 'upload')} of files already stored answered with the existing asset instead of a copy, and ${plural(near.total, 'near-duplicate')} caught at intake, before anyone reviewed them twice.`,
    columns: ['Day', 'Exact duplicates refused', 'Near-duplicates caught'],
    rows: days.map((day) => [day, number.format(exactOn.get(day) ?? 0), number.format(nearOn.get(day) ?? 0)]),
  };
}

/** Hours as a person says them: minutes under an hour, days beyond two. */
export function formatHours(hours: number): string {
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round((hours / 24) * 10) / 10} days`;
}

/** Every day of the window with its count (zero where the API listed none), for a chart's even axis. */
export function daysOf(counts: readonly { day: string; count: number }[], from: string, to: string) {
  const byDay = new Map(counts.map((c) => [c.day, c.count]));
  const days: { day: string; count: number }[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    days.push({ day, count: byDay.get(day) ?? 0 });
  }
  return days;
}
