import { useAccount } from '../../account/account-context';
import type { Post } from '../../api/mark-api';
import { chipText } from '../../calendar/calendar-labels';
import { Link, PAGES } from '../../navigation/router';
import { formatClock } from '../../posts/format-time';
import type { SlotMove } from './use-slot-move';
import { PostThumbnail } from '../../components/PostThumbnail';
import { isQueued, useQueuePausedContext } from '../queue/use-queue-paused';

interface CalendarChipProps {
  post: Post;
  move: SlotMove;
  /** The id of the hint that says how to move a post. */
  howToMoveId: string;
}

/** Where a post opens from the calendar: a scheduled one in the composer; a published one in Posts, with its LinkedIn link. */
export function postAddress(post: Pick<Post, 'id' | 'status'>): string {
  return post.status === 'published' ? `${PAGES.posts.path}?status=published&post=${encodeURIComponent(post.id)}` : `${PAGES.write.path}?post=${encodeURIComponent(post.id)}`;
}

/**
 * A post in its slot. A click opens it; a scheduled one can also be dragged
 * to another slot, or moved with its Move button (then the arrow keys and
 * Enter, or "Move here" on a slot).
 */
export function CalendarChip({ post, move, howToMoveId }: CalendarChipProps) {
  const { timeZone } = useAccount();
  const at = post.status === 'published' ? post.publishedAt : post.scheduledAt;
  const time = at ? formatClock(at, timeZone) : '';
  const text = chipText(post);
  // A queued post waits while the queue is paused: the chip says so (its time is the slot it keeps).
  const paused = useQueuePausedContext() && isQueued(post);
  const content = (
    <>
      <PostThumbnail post={post} size="tiny" />
      <span className="chip__time">{move.busy === post.id ? 'Moving…' : time}</span>{' '}
      {paused && (
        <>
          <span className="badge badge--paused chip__paused">Queue paused</span>{' '}
        </>
      )}
      <span className="chip__text" dir="auto">{text}</span>
    </>
  );
  if (post.status === 'published') {
    return (
      <span className="chip chip--published">
        <Link to={postAddress(post)} className="chip__open" aria-label={`Published ${time}: ${text}`}>
          {content}
        </Link>
      </span>
    );
  }
  const isMoving = move.moving?.post.id === post.id;
  const busy = move.busy === post.id;
  return (
    <span className={`chip chip--scheduled${isMoving ? ' chip--moving' : ''}`}>
      <Link to={postAddress(post)} className="chip__open" draggable={!busy} aria-label={`Scheduled ${time}${paused ? ' (queue paused)' : ''}: ${text}`} {...move.dragHandlers(post)}>
        {content}
      </Link>
      <button
        ref={move.chipRef(post.id)}
        type="button"
        className="chip__move"
        aria-pressed={isMoving}
        aria-describedby={howToMoveId}
        aria-label={`Move: ${text}`}
        disabled={busy}
        onClick={() => move.pickUp(post)}
        onKeyDown={(event) => move.keyDown(event, post)}
      >
        <span aria-hidden="true">⇅</span>
      </button>
    </span>
  );
}
