import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/api-error';
import type { MarkApi, Post } from '../api/posts-api';
import type { UnsavedTextStore } from '../drafts/unsaved-text';
import { formatDateTime } from '../posts/format-time';
import { isEditable, STATUS_LABELS } from '../posts/post-status';
import { ErrorNotice } from './ErrorNotice';
import { PostEditor } from './PostEditor';

interface PostCardProps {
  post: Post;
  api: MarkApi;
  unsaved: UnsavedTextStore;
  timeZone?: string | null;
  /** The post changed (saved, or reloaded from the API). */
  onChanged(post: Post): void;
  /** The post is gone (deleted here, or found deleted elsewhere); `message` is announced. */
  onRemoved(id: string, message: string): void;
}

type Mode = 'view' | 'edit' | 'confirm-delete';

/** Posts longer than this start folded, with "Show more". */
const FOLD_CHARACTERS = 320;
const FOLD_LINES = 6;

/**
 * One post in the list: its text, status and times; edit in place (sending the
 * version the edit started from, so a stale save is refused, not lost); delete
 * after an explicit confirmation. Unsaved edits live in localStorage and are
 * restored — editor open — when the page comes back.
 */
export function PostCard({ post, api, unsaved, timeZone, onChanged, onRemoved }: PostCardProps) {
  const restored = isEditable(post.status) ? unsaved.get(post.id) : undefined;
  const [mode, setMode] = useState<Mode>(restored ? 'edit' : 'view');
  const [text, setText] = useState(restored?.content ?? post.content);
  const [baseVersion, setBaseVersion] = useState(restored?.baseVersion ?? post.version);
  const [hint, setHint] = useState<string | undefined>(restored ? 'Your unsaved changes were restored.' : undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [expanded, setExpanded] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const cancelDeleteButton = useRef<HTMLButtonElement>(null);
  const focusAfterView = useRef(false);

  useEffect(() => {
    if (mode === 'confirm-delete') cancelDeleteButton.current?.focus();
    if (mode === 'view' && focusAfterView.current) {
      focusAfterView.current = false;
      editButton.current?.focus();
    }
  }, [mode]);

  const excerpt = post.content.length > 40 ? `${post.content.slice(0, 40).trim()}…` : post.content;
  const folds = post.content.length > FOLD_CHARACTERS || post.content.split('\n').length > FOLD_LINES;

  function backToView() {
    focusAfterView.current = true;
    setError(undefined);
    setHint(undefined);
    setMode('view');
  }

  function startEdit() {
    setText(post.content);
    setBaseVersion(post.version);
    setError(undefined);
    setHint(undefined);
    setMode('edit');
  }

  function changeText(next: string) {
    setText(next);
    unsaved.set(post.id, next, baseVersion);
  }

  function cancelEdit() {
    unsaved.remove(post.id);
    backToView();
  }

  async function save() {
    setBusy(true);
    setError(undefined);
    try {
      const saved = await api.updatePost(post.id, text, baseVersion);
      unsaved.remove(post.id);
      onChanged(saved);
      backToView();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  /** After a 409/404: fetch the post as it is now and start again from it. */
  async function reload() {
    setBusy(true);
    try {
      const latest = await api.getPost(post.id);
      unsaved.remove(post.id);
      onChanged(latest);
      setError(undefined);
      if (mode === 'edit' && isEditable(latest.status)) {
        setText(latest.content);
        setBaseVersion(latest.version);
        setHint('Reloaded the latest version.');
      } else {
        backToView();
      }
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 404) {
        unsaved.remove(post.id);
        onRemoved(post.id, 'That post no longer exists; it was deleted elsewhere.');
      } else {
        setError(caught);
      }
    } finally {
      setBusy(false);
    }
  }

  async function confirmDelete() {
    setBusy(true);
    setError(undefined);
    try {
      await api.deletePost(post.id);
      unsaved.remove(post.id);
      onRemoved(post.id, 'Post deleted.');
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 404) {
        unsaved.remove(post.id);
        onRemoved(post.id, 'Post deleted.');
        return;
      }
      setError(caught);
      setBusy(false);
    }
  }

  const conflict = error instanceof ApiError && (error.status === 409 || error.status === 404);
  const conflictAction = conflict && (
    <button type="button" className="button button--secondary" onClick={() => void reload()} disabled={busy}>
      {error.code === 'VERSION_MISMATCH' ? 'Discard my changes and reload' : 'Reload post'}
    </button>
  );

  return (
    <article className={`post-card post-card--${post.status}`} aria-label={`${STATUS_LABELS[post.status]} post: ${excerpt}`}>
      <header className="post-card__meta">
        <span className={`badge badge--${post.status}`}>{STATUS_LABELS[post.status]}</span>
        <span className="post-card__time">{timeLine(post, timeZone)}</span>
      </header>

      {mode === 'edit' ? (
        <PostEditor
          label="Edit post"
          text={text}
          onTextChange={changeText}
          onSubmit={() => void save()}
          submitLabel="Save changes"
          busyLabel="Saving…"
          busy={busy}
          error={error}
          errorActions={conflictAction}
          onCancel={cancelEdit}
          autoFocus={!restored}
          hint={hint}
        />
      ) : (
        <>
          <p className={`post-card__content${folds && !expanded ? ' post-card__content--folded' : ''}`}>{post.content}</p>
          {folds && (
            <button type="button" className="link-button" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
              {expanded ? 'Show less' : 'Show more'}
            </button>
          )}
          {post.status === 'failed' && post.error && (
            <p className="post-card__failure">
              <strong>Why it failed:</strong> {post.error.message}
            </p>
          )}
          {post.linkedinUrl && (
            <p>
              <a href={post.linkedinUrl} target="_blank" rel="noreferrer">
                View on LinkedIn<span className="visually-hidden"> (opens in a new tab)</span>
              </a>
            </p>
          )}
          {error !== undefined && <ErrorNotice error={error}>{conflictAction}</ErrorNotice>}
          {mode === 'confirm-delete' ? (
            <div className="confirm" role="group" aria-label="Confirm delete">
              <p className="confirm__question">Delete this post? This cannot be undone.</p>
              <div className="confirm__actions">
                <button type="button" className="button button--danger" onClick={() => void confirmDelete()} disabled={busy}>
                  {busy ? 'Deleting…' : 'Delete post'}
                </button>
                <button
                  type="button"
                  className="button button--quiet"
                  ref={cancelDeleteButton}
                  onClick={backToView}
                  onKeyDown={(event) => event.key === 'Escape' && backToView()}
                  disabled={busy}
                >
                  Keep it
                </button>
              </div>
            </div>
          ) : (
            <div className="post-card__actions">
              {isEditable(post.status) && (
                <button type="button" className="button button--secondary" ref={editButton} onClick={startEdit} aria-label={`Edit post: ${excerpt}`}>
                  Edit
                </button>
              )}
              {post.status !== 'publishing' && (
                <button
                  type="button"
                  className="button button--quiet button--danger-text"
                  onClick={() => {
                    setError(undefined);
                    setMode('confirm-delete');
                  }}
                  aria-label={`Delete post: ${excerpt}`}
                >
                  Delete
                </button>
              )}
            </div>
          )}
        </>
      )}
    </article>
  );
}

function timeLine(post: Post, timeZone?: string | null): string {
  switch (post.status) {
    case 'scheduled':
    case 'publishing':
      return post.scheduledAt ? `Scheduled for ${formatDateTime(post.scheduledAt, timeZone)}` : `Updated ${formatDateTime(post.updatedAt, timeZone)}`;
    case 'published':
      return post.publishedAt ? `Published ${formatDateTime(post.publishedAt, timeZone)}` : `Updated ${formatDateTime(post.updatedAt, timeZone)}`;
    case 'draft':
    case 'failed':
      return `Updated ${formatDateTime(post.updatedAt, timeZone)}`;
  }
}
