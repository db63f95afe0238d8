/** /api/v1/dashboard: the library's figures over the caller's teams (domain/dashboard.ts). */
import { Type } from 'typebox';
import { approvalBuckets } from '../../domain/dashboard.ts';
import { aiInvolvements } from '../../domain/provenance.ts';
import { dashboardLimits } from '../../services/dashboard.service.ts';
import { errorResponses, stringEnum } from '../schemas.ts';

const Day = Type.String({ description: 'A calendar day, YYYY-MM-DD (UTC)' });
const Count = Type.Integer({ minimum: 0 });
const DayCount = Type.Object({ day: Day, count: Count });

export const dashboardSchema = {
  tags: ['dashboard'],
  summary: "The dashboard's figures, over the teams whose assets you may read (asset:read)",
  description:
    'Library growth per day, the AI share, time to approval (from the upload of the approved version), the brand ' +
    'verdicts, near-duplicates caught at intake, and rights that expire soon. Someone with no role that reads assets ' +
    'gets zeros; nobody sees another team’s numbers.',
  querystring: Type.Object(
    {
      days: Type.Optional(
        Type.Integer({
          minimum: dashboardLimits.days.min,
          maximum: dashboardLimits.days.max,
          default: 90,
          description: 'Days the time series cover, ending today',
        }),
      ),
      expiringWithinDays: Type.Optional(
        Type.Integer({
          minimum: dashboardLimits.expiringWithinDays.min,
          maximum: dashboardLimits.expiringWithinDays.max,
          default: 30,
          description: 'Rights records whose last day is today or within this many days',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      from: Day,
      to: Day,
      growth: Type.Object({
        before: Type.Integer({ description: 'Assets added before `from`' }),
        days: Type.Array(Type.Object({ day: Day, added: Count, total: Count }), {
          description: 'Every day of the window: assets added, and the library’s size at its end',
        }),
      }),
      aiShare: Type.Array(Type.Object({ involvement: stringEnum(aiInvolvements), count: Count }), {
        description: 'Assets by the AI involvement of their current version',
      }),
      timeToApproval: Type.Object({
        approvals: Count,
        averageHours: Type.Union([Type.Number(), Type.Null()]),
        buckets: Type.Array(Type.Object({ bucket: stringEnum(approvalBuckets), count: Count })),
      }),
      brand: Type.Object(
        { pass: Count, warn: Count, fail: Count, unchecked: Count },
        { description: 'Assets by their worst current brand verdict' },
      ),
      nearDuplicates: Type.Object(
        { total: Count, days: Type.Array(DayCount) },
        { description: 'Assets intake found to be near-duplicates of one already stored, per day' },
      ),
      exactDuplicates: Type.Object(
        { total: Count, days: Type.Array(DayCount) },
        { description: 'Uploads of bytes already stored, answered with the existing asset instead of a copy, per day' },
      ),
      expiring: Type.Object({
        withinDays: Count,
        total: Count,
        items: Type.Array(
          Type.Object({ assetId: Type.String(), title: Type.String(), status: Type.String(), expiresAt: Day }),
          { description: 'The first 50, soonest first' },
        ),
      }),
    }),
    ...errorResponses,
  },
};
