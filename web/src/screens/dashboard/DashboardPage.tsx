/**
 * The dashboard: how the library grows, its AI share, time to approval, the brand pass rate, near-duplicates caught
 * at intake and the rights that expire soon — over the teams the signed-in user may read (the API narrows them).
 * Each chart has its summary sentence and data table; the expiring assets link to their pages.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { QueryBoundary } from '../../ui/QueryBoundary.tsx';
import { ChartFigure } from './ChartFigure.tsx';
import { AiShareChart, ApprovalChart, BrandChart, GrowthChart, DuplicatesChart } from './charts.tsx';
import styles from './Dashboard.module.css';
import {
  aiShareText,
  approvalText,
  brandText,
  dashboardQuery,
  daysOf,
  formatHours,
  growthText,
  duplicatesText,
  type DashboardWindow,
  type Figures,
} from './dashboard-api.ts';

const periods = [30, 90, 180, 365];
const horizons = [7, 30, 90];

export default function DashboardPage() {
  const [window, setWindow] = useState<DashboardWindow>({ days: 90, expiringWithinDays: 30 });
  const figures = useQuery({ ...dashboardQuery(window), placeholderData: (previous) => previous });
  const id = useId();
  return (
    <section className="stack">
      <div className={styles.header}>
        <h1>Dashboard</h1>
        <div className="row">
          <label htmlFor={`${id}-period`}>Period</label>
          <select
            id={`${id}-period`}
            value={window.days}
            onChange={(e) => setWindow({ ...window, days: Number(e.target.value) })}
          >
            {periods.map((days) => (
              <option key={days} value={days}>
                Last {days} days
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-horizon`}>Rights expiring within</label>
          <select
            id={`${id}-horizon`}
            value={window.expiringWithinDays}
            onChange={(e) => setWindow({ ...window, expiringWithinDays: Number(e.target.value) })}
          >
            {horizons.map((days) => (
              <option key={days} value={days}>
                {days} days
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="muted">Figures over the teams whose assets you may see.</p>
      <QueryBoundary query={figures} loading="Loading the figures…">
        {(data) => <Figures data={data} />}
      </QueryBoundary>
    </section>
  );
}

function Figures({ data }: { data: Figures }) {
  const growth = growthText(data.growth, data.from, data.to);
  const share = aiShareText(data.aiShare);
  const approval = approvalText(data.timeToApproval);
  const brand = brandText(data.brand);
  const duplicates = duplicatesText(data.exactDuplicates, data.nearDuplicates, data.from, data.to);
  const exactOn = daysOf(data.exactDuplicates.days, data.from, data.to);
  const nearOn = daysOf(data.nearDuplicates.days, data.from, data.to);
  const checked = data.brand.pass + data.brand.warn + data.brand.fail;
  const total = data.aiShare.reduce((sum, s) => sum + s.count, 0);
  const ai = data.aiShare
    .filter((s) => s.involvement === 'ai-generated' || s.involvement === 'ai-edited')
    .reduce((sum, s) => sum + s.count, 0);
  return (
    <div className={styles.grid}>
      <ChartFigure title="Library growth" text={growth} headline={`${data.growth.days.at(-1)?.total ?? 0} assets`}>
        <GrowthChart growth={data.growth} />
      </ChartFigure>
      <ChartFigure
        title="AI share"
        text={share}
        headline={total === 0 ? '—' : `${Math.round((ai / total) * 100)}% involve AI`}
      >
        <AiShareChart share={data.aiShare} />
      </ChartFigure>
      <ChartFigure
        title="Time to approval"
        text={approval}
        headline={
          data.timeToApproval.averageHours === null
            ? 'No approvals'
            : `${formatHours(data.timeToApproval.averageHours)} on average`
        }
      >
        <ApprovalChart approval={data.timeToApproval} />
      </ChartFigure>
      <ChartFigure
        title="Brand pass rate"
        text={brand}
        headline={checked === 0 ? 'Not checked yet' : `${Math.round((data.brand.pass / checked) * 100)}% pass`}
      >
        <BrandChart brand={data.brand} />
      </ChartFigure>
      <ChartFigure
        title="Duplicates prevented"
        text={duplicates}
        headline={`${data.exactDuplicates.total} exact, ${data.nearDuplicates.total} near`}
      >
        <DuplicatesChart days={exactOn.map((d, i) => ({ day: d.day, exact: d.count, near: nearOn[i]?.count ?? 0 }))} />
      </ChartFigure>
      <Expiring expiring={data.expiring} />
    </div>
  );
}

function Expiring({ expiring }: { expiring: Figures['expiring'] }) {
  return (
    <section className={`card ${styles.figure}`} aria-labelledby="expiring-title">
      <h2 id="expiring-title" className={styles.figureTitle}>
        Rights expiring soon
      </h2>
      <p className={styles.headline}>
        {expiring.total} in the next {expiring.withinDays} days
      </p>
      {expiring.total === 0 ? (
        <p className={styles.summary}>No asset’s rights end in the next {expiring.withinDays} days.</p>
      ) : (
        <>
          <p className={styles.summary}>
            {expiring.total === 1 ? 'One asset’s rights end' : `${expiring.total} assets’ rights end`} in the next{' '}
            {expiring.withinDays} days
            {expiring.total > expiring.items.length && `; the ${expiring.items.length} soonest are listed`}.
          </p>
          <table className={styles.dataTable}>
            <caption className="visually-hidden">Assets whose rights expire soon, soonest first</caption>
            <thead>
              <tr>
                <th scope="col">Asset</th>
                <th scope="col">Last day</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {expiring.items.map((item) => (
                <tr key={item.assetId}>
                  <td>
                    <Link to="/assets/$assetId" params={{ assetId: item.assetId }}>
                      {item.title}
                    </Link>
                  </td>
                  <td>{item.expiresAt}</td>
                  <td>{item.status.replace(/_/g, ' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
