import { useState } from 'react';
import { splitUrls } from '@contract/post-urls';
import { useAccount } from '../../account/account-context';
import { ApiError } from '../../api/api-error';
import type { Post } from '../../api/mark-api';
import { ConfirmPublish } from '../../components/ConfirmPublish';
import { ConnectLinkedInButton } from '../../components/ConnectLinkedInButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { usePublishingGate } from '../../components/LinkedInFirst';
import { SchedulePicker } from '../../components/SchedulePicker';
import { connectionState, linkedInFixFor, reconnectFailureNote, waitingPostNote, type ConnectionNote } from '../../linkedin/connection-state';
import { Link, PAGES } from '../../navigation/router';
import { formatDateTime } from '../../posts/format-time';
import { isEditable, STATUS_LABELS } from '../../posts/post-status';
import { PostThumbnail } from '../../components/PostThumbnail';
import { AddToQueueButton } from '../../components/AddToQueueButton';
import { PostQueueActions, isQueueable } from '../../components/PostQueueActions';
import { attachmentWords } from '../../posts/attachment-words';
import { MAX_CONTENT_CHARACTERS, measureContent } from '../../posts/content-length';
import { usePostActions, type PostCardEvents } from './use-post-actions';
import { isQueued } from '../queue/use-queue-paused';
import { isStillTrying, publishingSince, STILL_TRYING_TEXT } from '../../posts/slow-publishing';

/** Posts longer than this start folded, with "Show more". */
const FOLD_CHARACTERS = 320;
const FOLD_LINES = 6;

/** The id of the Posts page's "connect LinkedIn first" note, which the cards' Schedule and Publish buttons point to. */
export const LINKEDIN_FIRST_ID = 'posts-linkedin-first';

/**
 * One post in the list: its text, status and times, and what can be done with
 * it in that status: edit (in the full composer, /?post=<id>), schedule or
 * reschedule, unschedule, publish now after a confirmation, retry a failed
 * post (with LinkedIn's reason shown), open a published one on LinkedIn,
 * delete after a confirmation (use-post-actions.ts). Schedule and Publish wait
 * for a working LinkedIn connection, and say so before they are pressed.
 * A queued post says when the queue is paused (`queuePaused`: the page asks).
 */
export function PostCard({ post, onChanged, onRemoved, queuePaused = false }: { post: Post; queuePaused?: boolean } & PostCardEvents) {
  const { me, timeZone, now } = useAccount();
  const card = usePostActions(post, { onChanged, onRemoved });
  const gate = usePublishingGate();
  const { status, busy, error } = card;
  // Publishing for more than 90 s: LinkedIn is slow or unreachable, and the publisher goes on trying.
  const stillTrying = isStillTrying(post, now());
  const [expanded, setExpanded] = useState(false);

  const excerpt = post.content.trim() === '' ? attachmentWords(post) : post.content.length > 40 ? `${post.content.slice(0, 40).trim()}…` : post.content;
  const folds = post.content.length > FOLD_CHARACTERS || post.content.split('\n').length > FOLD_LINES;
  const code = error instanceof ApiError ? error.code : undefined;
  const linkedInFix = linkedInFixFor(error);
  // Back from LinkedIn to where the post will be: a waiting post leaves Waiting the moment the reconnect releases it, so All.
  const returnPath = `${PAGES.posts.path}?status=${post.status === 'waiting' ? 'all' : post.status}`;
  const conflict = error instanceof ApiError && (error.status === 404 || code === 'VERSION_MISMATCH' || code === 'CONFLICT');
  const errorActions = (
    <>
      {conflict && (
        <button type="button" className="button button--secondary" onClick={() => void card.reload()} disabled={busy !== undefined}>
          {code === 'VERSION_MISMATCH' ? 'Discard my changes and reload' : 'Reload post'}
        </button>
      )}
      {linkedInFix && me.linkedin && <ConnectLinkedInButton returnPath={returnPath} label={linkedInFix} variant="secondary" />}
    </>
  );
  // What the connection is now (GET /v1/me), for the notes about it.
  const connection = connectionState(me.linkedin, now());
  const connected = connection.kind === 'connected' || connection.kind === 'expiring';
  const failureNote = status === 'failed' && post.error?.code === 'LINKEDIN_RECONNECT_REQUIRED' ? reconnectFailureNote(connection) : undefined;
  const waitingNote = status === 'waiting' ? waitingPostNote(post, connection, now(), timeZone) : undefined;
  // A draft (or failed post) over LinkedIn's limit goes nowhere until it is shortened (the API would refuse).
  const over = -measureContent(post.content).remaining;
  const fits = over <= 0;
  // A waiting post can be sent or rescheduled only once LinkedIn works again (the API would refuse).
  const canSchedule = fits && (status === 'draft' || status === 'scheduled' || status === 'failed' || (status === 'waiting' && connected));
  const canPublishNow = fits && (status === 'draft' || status === 'scheduled' || (status === 'waiting' && connected));
  // Without a working connection the buttons wait, pointing to the page's note that says why (and fixes it).
  const needsLinkedIn = gate.blocked ? { disabled: true, 'aria-describedby': LINKEDIN_FIRST_ID } : {};
  const note = (of: ConnectionNote, className: string) => (
    <div className={className}>
      <p className="hint">{of.text}</p>
      {of.fix && me.linkedin && <ConnectLinkedInButton returnPath={returnPath} label={of.fix} variant="secondary" />}
    </div>
  );

  return (
    <article id={`post-${post.id}`} tabIndex={-1} className={`post-card post-card--${status}`} aria-label={`${STATUS_LABELS[status]} post: ${excerpt}`}>
      <header className="post-card__meta">
        <span className={`badge badge--${status}`}>{STATUS_LABELS[status]}</span>
        {queuePaused && isQueued({ ...post, status }) && <span className="badge badge--paused">Queue paused</span>}
        {!fits && <span className="badge badge--too-long">Too long for LinkedIn</span>}
        <span className="post-card__time">{stillTrying ? `Publishing since ${formatDateTime(publishingSince(post), timeZone)}` : timeLine({ ...post, status }, timeZone)}</span>
      </header>
      {status === 'publishing' && post.statusDetail && (
        <p className="post-card__detail" role="status">
          {post.statusDetail}…
        </p>
      )}
      {card.unsavedEdit && (
        <p className="hint post-card__unsaved">
          You have unsaved changes to this post on this device. <Link to={`${PAGES.write.path}?post=${encodeURIComponent(post.id)}`}>Go on editing</Link>
        </p>
      )}
        <>
          <div className="post-card__body">
            <PostThumbnail post={post} />
            <p dir="auto" className={`post-card__content${folds && !expanded ? ' post-card__content--folded' : ''}`}>{post.content}</p>
          </div>
          {folds && (
            <button type="button" className="link-button" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
              {expanded ? 'Show less' : 'Show more'}
            </button>
          )}
          {status === 'failed' && post.error && (
            <div className="post-card__failure">
              <p>
                <strong>Why it failed:</strong> <WithLinks text={post.error.message} />
              </p>
              {failureNote && note(failureNote, 'post-card__note')}
            </div>
          )}
          {waitingNote && note(waitingNote, 'post-card__waiting')}
          {!fits && (
            <p className="hint">
              {over.toLocaleString()} characters over LinkedIn's {MAX_CONTENT_CHARACTERS.toLocaleString()}: edit it to shorten it, then schedule or publish it.
            </p>
          )}
          {status === 'publishing' &&
            (stillTrying ? (
              <p className="post-card__still-trying" role="status">
                {STILL_TRYING_TEXT}
              </p>
            ) : (
              <p className="hint">Publishing to LinkedIn… this takes a few seconds.</p>
            ))}
          {post.linkedinUrl && (
            <p className="post-card__link">
              <a href={post.linkedinUrl} target="_blank" rel="noreferrer">
                View on LinkedIn<span className="visually-hidden"> (opens in a new tab)</span>
              </a>
            </p>
          )}
          {error !== undefined && <ErrorNotice error={error}>{errorActions}</ErrorNotice>}
          {card.mode === 'view' && fits && <PostQueueActions post={{ ...post, status }} onChanged={onChanged} />}
          {card.mode === 'schedule' ? (
            <SchedulePicker
              current={status === 'scheduled' ? post.scheduledAt : null}
              submitLabel={status === 'scheduled' ? 'Reschedule' : 'Schedule post'}
              busy={busy === 'schedule'}
              onSchedule={(at) => void card.schedule(at)}
              onCancel={card.backToView}
            />
          ) : card.mode === 'confirm-publish' ? (
            <ConfirmPublish busy={busy === 'publish'} onConfirm={() => void card.publish()} onCancel={card.backToView} />
          ) : card.mode === 'confirm-delete' ? (
            <div className="confirm" role="group" aria-label="Confirm delete">
              {/* Mark.0 cannot take a post down from LinkedIn: for a published one, say that deleting here removes only our copy. */}
              <p className="confirm__question">
                {status === 'published' ? 'Remove it from Mark.0? It stays on LinkedIn; delete it there to take it down.' : 'Delete this post? This cannot be undone.'}
              </p>
              <div className="confirm__actions">
                <button type="button" className="button button--danger" onClick={() => void card.confirmDelete()} disabled={busy !== undefined}>
                  {status === 'published' ? (busy === 'delete' ? 'Removing…' : 'Remove from Mark.0') : busy === 'delete' ? 'Deleting…' : 'Delete post'}
                </button>
                <button
                  type="button"
                  className="button button--quiet"
                  ref={card.cancelDeleteButton}
                  onClick={card.backToView}
                  onKeyDown={(event) => event.key === 'Escape' && card.backToView()}
                  disabled={busy !== undefined}
                >
                  Keep it
                </button>
              </div>
            </div>
          ) : (
            <div className="post-card__actions">
              {status === 'failed' && fits && (
                <button type="button" className="button button--primary" onClick={() => void card.publish()} disabled={busy !== undefined} aria-label={`Retry publishing: ${excerpt}`} {...needsLinkedIn}>
                  {busy === 'publish' ? 'Retrying…' : 'Retry'}
                </button>
              )}
              {isEditable(status) && (
                <Link to={`${PAGES.write.path}?post=${encodeURIComponent(post.id)}`} className="button button--secondary" ref={card.editButton} aria-label={`Edit post: ${excerpt}`}>
                  Edit
                </Link>
              )}
              {canSchedule && (
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => card.open('schedule')}
                  aria-label={`${status === 'scheduled' || status === 'waiting' ? 'Reschedule' : 'Schedule'} post: ${excerpt}`}
                  {...needsLinkedIn}
                >
                  {status === 'scheduled' || status === 'waiting' ? 'Reschedule' : 'Schedule'}
                </button>
              )}
              {fits && isQueueable({ ...post, status }) && <AddToQueueButton postId={post.id} onQueued={(queued) => onChanged(queued)} />}
              {(status === 'scheduled' || status === 'waiting') && (
                <button type="button" className="button button--quiet" onClick={() => void card.unschedule()} disabled={busy !== undefined} aria-label={`Unschedule post: ${excerpt}`}>
                  {busy === 'unschedule' ? 'Unscheduling…' : 'Unschedule'}
                </button>
              )}
              {canPublishNow && (
                <button
                  type="button"
                  className={`button ${waitingNote?.choose ? 'button--primary' : 'button--quiet'}`}
                  onClick={() => card.open('confirm-publish')}
                  disabled={busy !== undefined}
                  aria-label={`Publish now: ${excerpt}`}
                  {...needsLinkedIn}
                >
                  {busy === 'publish' ? 'Publishing…' : 'Publish now'}
                </button>
              )}
              {status !== 'publishing' && (
                <button type="button" className="button button--quiet button--danger-text" onClick={() => card.open('confirm-delete')} aria-label={`Delete post: ${excerpt}`}>
                  Delete
                </button>
              )}
            </div>
          )}
        </>
    </article>
  );
}

/** A post out this long after its time is shown as late (the publisher is otherwise seconds behind). */
const LATE_AFTER_MS = 2 * 60_000;

/** "7 min", "2 h 5 min", "3 days". */
function lateness(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  const days = Math.floor(minutes / (24 * 60));
  return `${days} day${days === 1 ? '' : 's'}`;
}

function timeLine(post: Post, timeZone: string): string {
  switch (post.status) {
    case 'scheduled':
    case 'waiting':
      return post.scheduledAt ? `${post.status === 'waiting' ? 'Waiting for LinkedIn since' : 'Scheduled for'} ${formatDateTime(post.scheduledAt, timeZone)}` : `Updated ${formatDateTime(post.updatedAt, timeZone)}`;
    case 'publishing':
      return 'Publishing now';
    case 'published': {
      if (!post.publishedAt) return `Updated ${formatDateTime(post.updatedAt, timeZone)}`;
      const published = `Published ${formatDateTime(post.publishedAt, timeZone)}`;
      // Late (Mark.0 or LinkedIn down at its time, or LinkedIn not connected): said, with when it was due.
      const lateMs = post.scheduledAt ? Date.parse(post.publishedAt) - Date.parse(post.scheduledAt) : 0;
      return lateMs >= LATE_AFTER_MS ? `${published}, ${lateness(lateMs)} late (due ${formatDateTime(post.scheduledAt!, timeZone)})` : published;
    }
    case 'failed':
    case 'draft':
      return `Updated ${formatDateTime(post.updatedAt, timeZone)}`;
  }
}

/**
 * Text with its web addresses as links (a failure can name the earlier LinkedIn post), opening in a
 * new tab; found as the preview finds them (splitUrls), so a sentence's full stop stays outside.
 */
function WithLinks({ text }: { text: string }) {
  return (
    <>
      {splitUrls(text).map((part, i) =>
        part.kind === 'url' ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
            <span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
