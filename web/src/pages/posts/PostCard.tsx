import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/api-error';
import type { Post } from '../../api/mark-api';
import { useAccount } from '../../account/account-context';
import { PAGES } from '../../navigation/router';
import { formatDateTime } from '../../posts/format-time';
import { displayStatus, isEditable, STATUS_LABELS } from '../../posts/post-status';
import { ConnectLinkedInButton } from '../../components/ConnectLinkedInButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PostEditor } from './PostEditor';
import { SchedulePicker } from '../../components/SchedulePicker';

interface PostCardProps {
  post: Post;
  /** The post changed (saved, scheduled, reloaded…); `message` is announced. */
  onChanged(post: Post, message?: string): void;
  /** The post is gone (deleted here, or found deleted elsewhere); `message` is announced. */
  onRemoved(id: string, message: string): void;
}

type Mode = 'view' | 'edit' | 'schedule' | 'confirm-delete';
type Busy = 'save' | 'delete' | 'schedule' | 'unschedule' | 'publish' | 'reload';

/** Posts longer than this start folded, with "Show more". */
const FOLD_CHARACTERS = 320;
const FOLD_LINES = 6;

/** Codes after which the way forward is (re)connecting LinkedIn. */
const NEEDS_LINKEDIN = new Set(['LINKEDIN_NOT_CONNECTED', 'LINKEDIN_RECONNECT_REQUIRED']);

/**
 * One post in the list: its text, status and times, and what can be done with
 * it in that status: edit in place (sending the version the edit started from,
 * so a stale save is refused, not lost), schedule or reschedule, unschedule,
 * publish now, retry a failed post (with LinkedIn's reason shown), open a
 * published one on LinkedIn, delete after a confirmation. Unsaved edits live
 * in localStorage and are restored — editor open — when the page comes back.
 */
export function PostCard({ post, onChanged, onRemoved }: PostCardProps) {
  const { api, unsaved, timeZone, me, now } = useAccount();
  const status = displayStatus(post, now());
  const restored = isEditable(status) ? unsaved.get(post.id) : undefined;
  const [mode, setMode] = useState<Mode>(restored ? 'edit' : 'view');
  const [text, setText] = useState(restored?.content ?? post.content);
  const [baseVersion, setBaseVersion] = useState(restored?.baseVersion ?? post.version);
  const [hint, setHint] = useState<string | undefined>(restored ? 'Your unsaved changes were restored.' : undefined);
  const [busy, setBusy] = useState<Busy>();
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

  /** Runs one API call for this post; failures stay on the card, in the API's words. */
  async function act(kind: Busy, work: () => Promise<void>) {
    setBusy(kind);
    setError(undefined);
    try {
      await work();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  }

  const save = () =>
    act('save', async () => {
      const saved = await api.updatePost(post.id, text, baseVersion);
      unsaved.remove(post.id);
      onChanged(saved, 'Changes saved.');
      backToView();
    });

  const schedule = (scheduledAt: string) =>
    act('schedule', async () => {
      const scheduled = await api.schedulePost(post.id, scheduledAt);
      backToView();
      onChanged(scheduled, `Scheduled for ${formatDateTime(scheduled.scheduledAt ?? scheduledAt, timeZone)}.`);
    });

  const unschedule = () =>
    act('unschedule', async () => {
      onChanged(await api.unschedulePost(post.id), 'Unscheduled: the post is back in your drafts.');
    });

  const publish = () =>
    act('publish', async () => {
      const publishing = await api.publishPost(post.id);
      onChanged(publishing, post.status === 'failed' ? 'Trying again: publishing now.' : 'Publishing now.');
    });

  /** After a 409/404: fetch the post as it is now and start again from it. */
  const reload = () =>
    act('reload', async () => {
      try {
        const latest = await api.getPost(post.id);
        unsaved.remove(post.id);
        onChanged(latest);
        if (mode === 'edit' && isEditable(latest.status)) {
          setText(latest.content);
          setBaseVersion(latest.version);
          setHint('Reloaded the latest version.');
        } else {
          backToView();
        }
      } catch (caught) {
        if (!(caught instanceof ApiError && caught.status === 404)) throw caught;
        unsaved.remove(post.id);
        onRemoved(post.id, 'That post no longer exists; it was deleted elsewhere.');
      }
    });

  const confirmDelete = () =>
    act('delete', async () => {
      try {
        await api.deletePost(post.id);
      } catch (caught) {
        if (!(caught instanceof ApiError && caught.status === 404)) throw caught;
      }
      unsaved.remove(post.id);
      onRemoved(post.id, 'Post deleted.');
    });

  const code = error instanceof ApiError ? error.code : undefined;
  const conflict = error instanceof ApiError && (error.status === 404 || code === 'VERSION_MISMATCH' || code === 'CONFLICT');
  const errorActions = (
    <>
      {conflict && (
        <button type="button" className="button button--secondary" onClick={() => void reload()} disabled={busy !== undefined}>
          {code === 'VERSION_MISMATCH' ? 'Discard my changes and reload' : 'Reload post'}
        </button>
      )}
      {code && NEEDS_LINKEDIN.has(code) && me.linkedin && (
        <ConnectLinkedInButton returnPath={`${PAGES.posts.path}?status=${post.status}`} label={code === 'LINKEDIN_NOT_CONNECTED' ? 'Connect LinkedIn' : 'Reconnect LinkedIn'} variant="secondary" />
      )}
    </>
  );
  const canSchedule = status === 'draft' || status === 'scheduled' || status === 'failed';

  return (
    <article className={`post-card post-card--${status}`} aria-label={`${STATUS_LABELS[status]} post: ${excerpt}`}>
      <header className="post-card__meta">
        <span className={`badge badge--${status}`}>{STATUS_LABELS[status]}</span>
        <span className="post-card__time">{timeLine({ ...post, status }, timeZone)}</span>
      </header>
      {mode === 'edit' ? (
        <PostEditor
          label="Edit post"
          text={text}
          onTextChange={changeText}
          onSubmit={() => void save()}
          submitLabel="Save changes"
          busyLabel="Saving…"
          busy={busy !== undefined}
          error={error}
          errorActions={errorActions}
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
          {status === 'failed' && post.error && (
            <div className="post-card__failure">
              <p>
                <strong>Why it failed:</strong> {post.error.message}
              </p>
              {post.error.code === 'LINKEDIN_RECONNECT_REQUIRED' && me.linkedin && !me.linkedin.needsReconnect ? (
                <p className="hint">You have reconnected since: retrying should work now.</p>
              ) : null}
            </div>
          )}
          {status === 'publishing' && <p className="hint">Publishing to LinkedIn… this takes a few seconds.</p>}
          {post.linkedinUrl && (
            <p className="post-card__link">
              <a href={post.linkedinUrl} target="_blank" rel="noreferrer">
                View on LinkedIn<span className="visually-hidden"> (opens in a new tab)</span>
              </a>
            </p>
          )}
          {error !== undefined && <ErrorNotice error={error}>{errorActions}</ErrorNotice>}
          {mode === 'schedule' ? (
            <SchedulePicker
              current={status === 'scheduled' ? post.scheduledAt : null}
              submitLabel={status === 'scheduled' ? 'Reschedule' : 'Schedule post'}
              busy={busy === 'schedule'}
              onSchedule={(at) => void schedule(at)}
              onCancel={backToView}
            />
          ) : mode === 'confirm-delete' ? (
            <div className="confirm" role="group" aria-label="Confirm delete">
              <p className="confirm__question">Delete this post? This cannot be undone.</p>
              <div className="confirm__actions">
                <button type="button" className="button button--danger" onClick={() => void confirmDelete()} disabled={busy !== undefined}>
                  {busy === 'delete' ? 'Deleting…' : 'Delete post'}
                </button>
                <button
                  type="button"
                  className="button button--quiet"
                  ref={cancelDeleteButton}
                  onClick={backToView}
                  onKeyDown={(event) => event.key === 'Escape' && backToView()}
                  disabled={busy !== undefined}
                >
                  Keep it
                </button>
              </div>
            </div>
          ) : (
            <div className="post-card__actions">
              {status === 'failed' && (
                <button type="button" className="button button--primary" onClick={() => void publish()} disabled={busy !== undefined} aria-label={`Retry publishing: ${excerpt}`}>
                  {busy === 'publish' ? 'Retrying…' : 'Retry'}
                </button>
              )}
              {isEditable(status) && (
                <button type="button" className="button button--secondary" ref={editButton} onClick={startEdit} aria-label={`Edit post: ${excerpt}`}>
                  Edit
                </button>
              )}
              {canSchedule && (
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => {
                    setError(undefined);
                    setMode('schedule');
                  }}
                  aria-label={`${status === 'scheduled' ? 'Reschedule' : 'Schedule'} post: ${excerpt}`}
                >
                  {status === 'scheduled' ? 'Reschedule' : 'Schedule'}
                </button>
              )}
              {status === 'scheduled' && (
                <button type="button" className="button button--quiet" onClick={() => void unschedule()} disabled={busy !== undefined} aria-label={`Unschedule post: ${excerpt}`}>
                  {busy === 'unschedule' ? 'Unscheduling…' : 'Unschedule'}
                </button>
              )}
              {(status === 'draft' || status === 'scheduled') && (
                <button type="button" className="button button--quiet" onClick={() => void publish()} disabled={busy !== undefined} aria-label={`Publish now: ${excerpt}`}>
                  {busy === 'publish' ? 'Publishing…' : 'Publish now'}
                </button>
              )}
              {status !== 'publishing' && (
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

function timeLine(post: Post, timeZone: string): string {
  switch (post.status) {
    case 'scheduled':
      return post.scheduledAt ? `Scheduled for ${formatDateTime(post.scheduledAt, timeZone)}` : `Updated ${formatDateTime(post.updatedAt, timeZone)}`;
    case 'publishing':
      return 'Publishing now';
    case 'published':
      return post.publishedAt ? `Published ${formatDateTime(post.publishedAt, timeZone)}` : `Updated ${formatDateTime(post.updatedAt, timeZone)}`;
    case 'failed':
    case 'draft':
      return `Updated ${formatDateTime(post.updatedAt, timeZone)}`;
  }
}
