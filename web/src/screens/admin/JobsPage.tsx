/**
 * The job queue (jobs:manage): counts per queue, the jobs newest first filtered by status, queue and name — dead
 * letters first among what an operator looks for — each with its last error and payload, and retry or cancel after a
 * confirmation. The counts and the list refresh every few seconds while the page is open.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api, unwrap, type paths } from '../../api/client.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { QueryBoundary } from '../../ui/QueryBoundary.tsx';
import styles from './Admin.module.css';
import { ConfirmButton } from './ConfirmButton.tsx';
import { MoreButton } from '../../ui/MoreButton.tsx';

type JobFilter = NonNullable<paths['/api/v1/jobs']['get']['parameters']['query']>;
type Job = paths['/api/v1/jobs/{id}']['get']['responses']['200']['content']['application/json'];
type Status = Job['status'];

const statuses: { status: Status; label: string; badge: string }[] = [
  { status: 'dead', label: 'Dead letters', badge: 'fail' },
  { status: 'failed', label: 'Failed, retry scheduled', badge: 'warn' },
  { status: 'queued', label: 'Queued', badge: '' },
  { status: 'running', label: 'Running', badge: '' },
  { status: 'succeeded', label: 'Succeeded', badge: 'ok' },
  { status: 'cancelled', label: 'Cancelled', badge: '' },
];
const refreshMs = 5000;
const jobKeys = { all: ['admin', 'jobs'] as const, stats: ['admin', 'jobs', 'stats'] as const };

export default function JobsPage() {
  const id = useId();
  const [status, setStatus] = useState<Status | ''>('');
  const [queue, setQueue] = useState('');
  const [name, setName] = useState('');
  const stats = useQuery({
    queryKey: jobKeys.stats,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/jobs/stats', { signal })),
    refetchInterval: refreshMs,
  });
  const filter: JobFilter = {
    ...(status ? { status } : {}),
    ...(queue ? { queue } : {}),
    ...(name.trim() ? { name: name.trim() } : {}),
  };
  return (
    <>
      <h2>Jobs</h2>
      <section className="card stack" aria-labelledby={`${id}-counts`}>
        <h3 id={`${id}-counts`}>Queues</h3>
        <QueryBoundary query={stats} loading="Loading the queues…">
          {({ totals, queues }) => (
            <>
              <dl className={styles.counts}>
                {statuses.map((s) => (
                  <div key={s.status}>
                    <dt>{s.label}</dt>
                    <dd>{totals[s.status]}</dd>
                  </div>
                ))}
              </dl>
              {queues.length > 0 && (
                <div className={styles.tableWrap}>
                  <table>
                    <caption className="visually-hidden">Jobs per queue and status</caption>
                    <thead>
                      <tr>
                        <th scope="col">Queue</th>
                        {statuses.map((s) => (
                          <th key={s.status} scope="col">
                            {s.status}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {queues.map((q) => (
                        <tr key={q.queue}>
                          <th scope="row">
                            <code>{q.queue}</code>
                          </th>
                          {statuses.map((s) => (
                            <td key={s.status}>{q[s.status]}</td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          )}
        </QueryBoundary>
      </section>
      <section className="card stack" aria-labelledby={`${id}-list`}>
        <h3 id={`${id}-list`}>Jobs</h3>
        <div className="row">
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as Status | '')}>
            <option value="">Any status</option>
            {statuses.map((s) => (
              <option key={s.status} value={s.status}>
                {s.label}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-queue`}>Queue</label>
          <select id={`${id}-queue`} value={queue} onChange={(e) => setQueue(e.target.value)}>
            <option value="">Any queue</option>
            {stats.data?.queues.map((q) => (
              <option key={q.queue} value={q.queue}>
                {q.queue}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-name`}>Job name</label>
          <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. enrich" />
        </div>
        <JobList filter={filter} />
      </section>
    </>
  );
}

function JobList({ filter }: { filter: JobFilter }) {
  const queryClient = useQueryClient();
  const jobs = useInfiniteQuery({
    queryKey: [...jobKeys.all, 'list', filter],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/jobs', {
          params: { query: { ...filter, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    getNextPageParam: (page) => page.nextCursor,
    refetchInterval: refreshMs,
  });
  const changed = () => void queryClient.invalidateQueries({ queryKey: jobKeys.all });
  const retry = useMutation({
    mutationFn: (jobId: string) => unwrap(api.POST('/api/v1/jobs/{id}/retry', { params: { path: { id: jobId } } })),
    onSuccess: changed,
  });
  const cancel = useMutation({
    mutationFn: (jobId: string) => unwrap(api.POST('/api/v1/jobs/{id}/cancel', { params: { path: { id: jobId } } })),
    onSuccess: changed,
  });
  if (jobs.isPending) return <Loading label="Loading jobs…" />;
  if (jobs.isError) return <ErrorMessage error={jobs.error} onRetry={() => void jobs.refetch()} />;
  const items = jobs.data.pages.flatMap((p) => p.items);
  return (
    <>
      {retry.error !== null && <ErrorMessage title="The job was not retried" error={retry.error} />}
      {cancel.error !== null && <ErrorMessage title="The job was not cancelled" error={cancel.error} />}
      {items.length === 0 ? (
        <p className="muted">No job matches.</p>
      ) : (
        <div className={styles.tableWrap}>
          <table>
            <caption className="visually-hidden">Jobs, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
                <th scope="col">Updated</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((job) => (
                <JobRow
                  key={job.id}
                  job={job}
                  busy={retry.isPending || cancel.isPending}
                  onRetry={() => retry.mutate(job.id)}
                  onCancel={() => cancel.mutate(job.id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton query={jobs} label="More jobs" />
    </>
  );
}

function JobRow({
  job,
  busy,
  onRetry,
  onCancel,
}: {
  job: Job;
  busy: boolean;
  onRetry: () => void;
  onCancel: () => void;
}) {
  const badge = statuses.find((s) => s.status === job.status)?.badge ?? '';
  const retryable = job.status === 'dead' || job.status === 'cancelled' || job.status === 'failed';
  const cancellable =
    job.status === 'queued' || job.status === 'failed' || job.status === 'running' || job.status === 'dead';
  return (
    <tr>
      <td>
        <code>{job.name}</code>
        <div className="muted small">
          {job.queue} · {job.id}
        </div>
        <details>
          <summary className="small">Payload</summary>
          <pre className={styles.problemLine}>{JSON.stringify(job.payload, null, 2)}</pre>
        </details>
      </td>
      <td>
        <span className={`badge ${badge}`}>{job.status}</span>
      </td>
      <td>
        {job.attempts} of {job.maxAttempts}
      </td>
      <td className="small">
        {job.lastError ? (
          <>
            <code>{job.lastError.code}</code> {job.lastError.message}
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="small">{job.updatedAt.slice(0, 19).replace('T', ' ')}</td>
      <td>
        <div className="row">
          {retryable && (
            <ConfirmButton
              disabled={busy}
              title={`Retry ${job.name}?`}
              message={`The job runs again now with fresh attempts (${job.maxAttempts}).`}
              confirmLabel="Retry now"
              onConfirm={onRetry}
            >
              Retry
              <span className="visually-hidden">
                {' '}
                {job.name} {job.id}
              </span>
            </ConfirmButton>
          )}
          {cancellable && (
            <ConfirmButton
              className="danger"
              disabled={busy}
              title={`Cancel ${job.name}?`}
              message={
                job.status === 'running'
                  ? 'It stops at its next lease renewal and writes no result.'
                  : 'It will not run; you can retry it later.'
              }
              confirmLabel="Cancel the job"
              onConfirm={onCancel}
            >
              Cancel
              <span className="visually-hidden">
                {' '}
                {job.name} {job.id}
              </span>
            </ConfirmButton>
          )}
        </div>
      </td>
    </tr>
  );
}
