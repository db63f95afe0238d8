/**
 * The dashboard's charts (recharts, loaded with the dashboard's chunk only). Each takes the API's figures as they
 * are; colours come from the theme's variables, and no chart takes focus (its text alternative is beside it).
 */
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { involvementLabels, type Figures } from './dashboard-api.ts';

const axis = { fill: 'var(--muted)', fontSize: 12 };
/** The approval buckets, short enough for the axis (the table says them in full). */
const bucketTicks: Record<Figures['timeToApproval']['buckets'][number]['bucket'], string> = {
  'under-1h': '< 1 h',
  '1h-1d': '1 h – 1 d',
  '1d-7d': '1 – 7 d',
  'over-7d': '> 7 d',
};
const tooltip = {
  contentStyle: { background: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' },
  labelStyle: { color: 'var(--text)' },
};
const shortDay = (day: string) => day.slice(5);

export function GrowthChart({ growth }: { growth: Figures['growth'] }) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <AreaChart data={growth.days} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
        <XAxis dataKey="day" tickFormatter={shortDay} tick={axis} minTickGap={24} />
        <YAxis allowDecimals={false} tick={axis} width={48} />
        <Tooltip {...tooltip} />
        <Area
          type="monotone"
          dataKey="total"
          name="Library size"
          stroke="var(--accent)"
          fill="var(--accent)"
          fillOpacity={0.2}
          isAnimationActive={false}
        />
      </AreaChart>
    </ResponsiveContainer>
  );
}

const involvementColours: Record<Figures['aiShare'][number]['involvement'], string> = {
  'ai-generated': 'var(--accent)',
  'ai-edited': 'var(--warn)',
  none: 'var(--ok)',
  unknown: 'var(--muted)',
};

export function AiShareChart({ share }: { share: Figures['aiShare'] }) {
  const data = share.map((s) => ({ ...s, label: involvementLabels[s.involvement] }));
  return (
    <ResponsiveContainer width="100%" height={180}>
      <BarChart data={data} layout="vertical" accessibilityLayer={false} margin={{ left: 8, right: 16 }}>
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} tick={axis} />
        <YAxis type="category" dataKey="label" tick={axis} width={96} />
        <Tooltip {...tooltip} cursor={{ fill: 'var(--surface-2)' }} />
        <Bar dataKey="count" name="Assets" isAnimationActive={false}>
          {data.map((d) => (
            <Cell key={d.involvement} fill={involvementColours[d.involvement]} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

export function ApprovalChart({ approval }: { approval: Figures['timeToApproval'] }) {
  const data = approval.buckets.map((b) => ({ ...b, label: bucketTicks[b.bucket] }));
  return (
    <ResponsiveContainer width="100%" height={180}>
      <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8 }}>
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" tick={axis} interval={0} />
        <YAxis allowDecimals={false} tick={axis} width={40} />
        <Tooltip {...tooltip} cursor={{ fill: 'var(--surface-2)' }} />
        <Bar dataKey="count" name="Approvals" fill="var(--accent)" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function BrandChart({ brand }: { brand: Figures['brand'] }) {
  const data = [
    { label: 'Pass', count: brand.pass, colour: 'var(--ok)' },
    { label: 'Warnings', count: brand.warn, colour: 'var(--warn)' },
    { label: 'Fail', count: brand.fail, colour: 'var(--danger)' },
    { label: 'Unchecked', count: brand.unchecked, colour: 'var(--muted)' },
  ];
  return (
    <ResponsiveContainer width="100%" height={180}>
      <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8 }}>
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" tick={axis} interval={0} />
        <YAxis allowDecimals={false} tick={axis} width={40} />
        <Tooltip {...tooltip} cursor={{ fill: 'var(--surface-2)' }} />
        <Bar dataKey="count" name="Assets" isAnimationActive={false}>
          {data.map((d) => (
            <Cell key={d.label} fill={d.colour} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

export function DuplicatesChart({ days }: { days: { day: string; exact: number; near: number }[] }) {
  return (
    <ResponsiveContainer width="100%" height={180}>
      <BarChart data={days} accessibilityLayer={false} margin={{ top: 8, right: 8 }}>
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tickFormatter={shortDay} tick={axis} minTickGap={24} />
        <YAxis allowDecimals={false} tick={axis} width={40} />
        <Tooltip {...tooltip} cursor={{ fill: 'var(--surface-2)' }} />
        <Legend wrapperStyle={{ fontSize: '0.8rem' }} />
        <Bar dataKey="exact" name="Exact duplicates" stackId="d" fill="var(--accent)" isAnimationActive={false} />
        <Bar dataKey="near" name="Near-duplicates" stackId="d" fill="var(--warn)" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
