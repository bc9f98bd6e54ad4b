import { useAccount } from '../../account/account-context';
import type { Post } from '../../api/mark-api';
import { chipText } from '../../calendar/calendar-labels';
import { formatClock } from '../../posts/format-time';
import type { SlotMove } from './use-slot-move';
import { PostThumbnail } from '../../components/PostThumbnail';

interface CalendarChipProps {
  post: Post;
  move: SlotMove;
  /** The id of the hint that says how to move a post. */
  howToMoveId: string;
}

/**
 * A post in its slot: a published one links to LinkedIn; a scheduled one is a
 * button that picks it up (click, keys) or drags it to another slot.
 */
export function CalendarChip({ post, move, howToMoveId }: CalendarChipProps) {
  const { timeZone } = useAccount();
  const at = post.status === 'published' ? post.publishedAt : post.scheduledAt;
  const time = at ? formatClock(at, timeZone) : '';
  const text = chipText(post);
  const ref = move.chipRef(post.id);
  if (post.status === 'published') {
    return post.linkedinUrl ? (
      <a ref={ref} className="chip chip--published" href={post.linkedinUrl} target="_blank" rel="noreferrer" aria-label={`Published ${time}: ${text} (opens LinkedIn in a new tab)`}>
        <PostThumbnail post={post} size="tiny" />
        <span className="chip__time">{time}</span> <span className="chip__text">{text}</span>
      </a>
    ) : (
      <span ref={ref} className="chip chip--published">
        <span className="chip__time">{time}</span> <span className="chip__text">{text}</span>
      </span>
    );
  }
  const isMoving = move.moving?.post.id === post.id;
  const busy = move.busy === post.id;
  return (
    <button
      ref={ref}
      type="button"
      className={`chip chip--scheduled${isMoving ? ' chip--moving' : ''}`}
      draggable={!busy}
      aria-pressed={isMoving}
      aria-describedby={howToMoveId}
      aria-label={`Scheduled ${time}: ${text}${isMoving ? ' (moving)' : ''}`}
      disabled={busy}
      onClick={() => move.pickUp(post)}
      onKeyDown={(event) => move.keyDown(event, post)}
      {...move.dragHandlers(post)}
    >
      <PostThumbnail post={post} size="tiny" />
      <span className="chip__time">{busy ? 'Moving…' : time}</span> <span className="chip__text">{text}</span>
    </button>
  );
}
