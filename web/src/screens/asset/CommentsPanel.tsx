/**
 * Comments on the asset, each with the version it was made on and, when it has one, a region of the picture (drawn
 * over the picture while the comment is hovered or focused). A new comment may carry a region drawn on the picture.
 * Bodies are what people typed: React text only.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import type { Comment, Region } from './asset-data.ts';
import styles from './AssetPage.module.css';

export function CommentsPanel({
  assetId,
  version,
  comments,
  draft,
  drawing,
  onDrawing,
  onClearDraft,
  onHover,
}: {
  assetId: string;
  version: number;
  comments: Comment[];
  draft?: Region;
  drawing: boolean;
  onDrawing: (drawing: boolean) => void;
  onClearDraft: () => void;
  onHover: (commentId: string | undefined) => void;
}) {
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const id = useId();
  const post = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/assets/{id}/comments', {
          params: { path: { id: assetId } },
          body: { body, version, ...(draft ? { region: draft } : {}) },
        }),
      ),
    onSuccess: () => {
      setBody('');
      onClearDraft();
      void queryClient.invalidateQueries({ queryKey: ['asset', assetId, 'comments'] });
      void queryClient.invalidateQueries({ queryKey: ['asset', assetId, 'history'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    post.mutate();
  };
  const problem = post.error;
  return (
    <div className="stack">
      {comments.length === 0 ? (
        <p className="muted">No comments yet.</p>
      ) : (
        <ol className={styles.comments} aria-label="Comments">
          {comments.map((c) => (
            <li
              key={c.id}
              tabIndex={c.region ? 0 : undefined}
              onMouseEnter={() => c.region && onHover(c.id)}
              onMouseLeave={() => onHover(undefined)}
              onFocus={() => c.region && onHover(c.id)}
              onBlur={() => onHover(undefined)}
              data-comment={c.id}
            >
              <p className="small muted">
                {c.author} · version {c.versionNumber} · {c.createdAt.slice(0, 16).replace('T', ' ')}
                {c.region && <> · on a region of the picture</>}
              </p>
              <p className={styles.commentBody}>{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={submit} className="stack" aria-label="New comment">
        <label htmlFor={`${id}-body`}>Comment on version {version}</label>
        <textarea
          id={`${id}-body`}
          name="body"
          rows={3}
          value={body}
          required
          onChange={(e) => setBody(e.target.value)}
          aria-invalid={problem ? true : undefined}
        />
        <div className="row">
          <button type="button" aria-pressed={drawing} onClick={() => onDrawing(!drawing)}>
            {drawing ? 'Stop drawing' : draft ? 'Redraw the region' : 'Draw a region on the picture'}
          </button>
          {draft && (
            <>
              <span className="small" role="status">
                Region: {Math.round(draft.w * 100)} % × {Math.round(draft.h * 100)} % of the picture
              </span>
              <button type="button" onClick={onClearDraft}>
                Remove the region
              </button>
            </>
          )}
        </div>
        {drawing && (
          <p className="small muted" role="status">
            Drag on the picture to mark the region this comment is about, or on the picture press Enter to place one,
            the arrow keys to move it, Shift and the arrow keys to size it, and Enter to keep it.
          </p>
        )}
        {problem && <ErrorMessage error={problem} />}
        <div>
          <button type="submit" className="primary" disabled={post.isPending || body.trim() === ''}>
            Post comment
          </button>
        </div>
      </form>
    </div>
  );
}
