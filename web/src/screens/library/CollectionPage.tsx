/**
 * One collection as an ordered grid: its members in their order (pages of 200, more on request), each with its
 * place, a link to the asset, Move earlier / Move later buttons, drag and drop to reorder, and Remove.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type DragEvent } from 'react';
import { api, unwrap, type paths } from '../../api/client.ts';
import { AssetThumb } from '../../ui/AssetThumb.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { QueryBoundary } from '../../ui/QueryBoundary.tsx';
import styles from './Library.module.css';
import { collectionsKey } from './library-api.ts';
import { collectionRoute } from './routes.tsx';

type Member =
  paths['/api/v1/collections/{id}/members']['get']['responses']['200']['content']['application/json']['items'][number];
type Move = { assetId: string; before?: string; after?: string };

export default function CollectionPage() {
  const { collectionId } = collectionRoute.useParams();
  const queryClient = useQueryClient();
  const collection = useQuery({
    queryKey: [...collectionsKey, collectionId],
    queryFn: () => unwrap(api.GET('/api/v1/collections/{id}', { params: { path: { id: collectionId } } })),
  });
  const membersKey = [...collectionsKey, collectionId, 'members'];
  const members = useInfiniteQuery({
    queryKey: membersKey,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/collections/{id}/members', {
          params: { path: { id: collectionId }, query: { limit: 200, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: collectionsKey });
  const move = useMutation({
    mutationFn: ({ assetId, before, after }: Move) =>
      unwrap(
        api.POST('/api/v1/collections/{id}/members/{assetId}/move', {
          params: { path: { id: collectionId, assetId } },
          body: before ? { before } : { after: after! },
        }),
      ),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (assetId: string) =>
      unwrap(
        api.DELETE('/api/v1/collections/{id}/members/{assetId}', { params: { path: { id: collectionId, assetId } } }),
      ),
    onSettled: refresh,
  });
  const [dragged, setDragged] = useState<string>();
  const [announcement, setAnnouncement] = useState('');

  const items: Member[] = members.data?.pages.flatMap((p) => p.items) ?? [];
  const moveTo = (member: Member, index: number, target: number) => {
    const other = items[target];
    if (!other) return;
    move.mutate(
      target < index
        ? { assetId: member.assetId, before: other.assetId }
        : { assetId: member.assetId, after: other.assetId },
    );
    setAnnouncement(`${member.title} moved to place ${target + 1}.`);
  };
  const onDrop = (event: DragEvent, target: number) => {
    event.preventDefault();
    const from = items.findIndex((m) => m.assetId === dragged);
    setDragged(undefined);
    if (from < 0 || from === target) return;
    moveTo(items[from]!, from, target);
  };

  return (
    <section className="stack">
      <p className="small">
        <Link to="/">← Library</Link>
      </p>
      <QueryBoundary query={collection} loading="Loading the collection…">
        {(c) => (
          <header>
            <h1>{c.name}</h1>
            {c.description && <p>{c.description}</p>}
            <p className="muted small">
              {c.memberCount.toLocaleString()} {c.memberCount === 1 ? 'asset' : 'assets'} · team {c.team.name} ·{' '}
              {c.visibility === 'team' ? 'shared with the team' : 'private'}
            </p>
          </header>
        )}
      </QueryBoundary>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {move.error && <ErrorMessage title="The member could not be moved" error={move.error} />}
      {remove.error && <ErrorMessage title="The member could not be removed" error={remove.error} />}
      {members.isPending ? (
        <Loading label="Loading the members…" />
      ) : members.isError && items.length === 0 ? (
        <ErrorMessage error={members.error} onRetry={() => void members.refetch()} />
      ) : items.length === 0 ? (
        <p className="card">
          This collection is empty. Select assets in the <Link to="/">library</Link> and add them here.
        </p>
      ) : (
        <ol className={styles.collectionGrid} aria-label="Members in order">
          {items.map((member, index) => (
            <li
              key={member.assetId}
              className={styles.member}
              data-dragging={dragged === member.assetId}
              draggable
              onDragStart={(e) => {
                setDragged(member.assetId);
                e.dataTransfer.effectAllowed = 'move';
              }}
              onDragEnd={() => setDragged(undefined)}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => onDrop(e, index)}
            >
              <span className={styles.place}>{index + 1}</span>
              <Link to="/assets/$assetId" params={{ assetId: member.assetId }} className={styles.cellLink}>
                <AssetThumb assetId={member.assetId} title="" className={styles.thumb} />
                <span className={styles.cellTitle}>{member.title}</span>
              </Link>
              <div className={styles.memberActions}>
                <button
                  type="button"
                  onClick={() => moveTo(member, index, index - 1)}
                  disabled={index === 0 || move.isPending}
                >
                  <span aria-hidden="true">↑</span> Earlier<span className="visually-hidden">: {member.title}</span>
                </button>
                <button
                  type="button"
                  onClick={() => moveTo(member, index, index + 1)}
                  disabled={index === items.length - 1 || move.isPending}
                >
                  <span aria-hidden="true">↓</span> Later<span className="visually-hidden">: {member.title}</span>
                </button>
                <button type="button" className="danger" onClick={() => remove.mutate(member.assetId)}>
                  Remove<span className="visually-hidden"> {member.title}</span>
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}
      {members.hasNextPage && (
        <button type="button" onClick={() => void members.fetchNextPage()} disabled={members.isFetchingNextPage}>
          {members.isFetchingNextPage ? 'Loading…' : 'Show more'}
        </button>
      )}
    </section>
  );
}
