import { useAccount } from '../../account/account-context';
import type { Post } from '../../api/mark-api';
import { newPostTime, slotInstant, slotKey, type Slot } from '../../calendar/calendar-grid';
import { slotTimeLabel } from '../../calendar/calendar-labels';
import { Link, PAGES } from '../../navigation/router';
import { toIsoWithOffset } from '../../time/zoned-time';
import { formatClock } from '../../posts/format-time';
import { CalendarChip } from './CalendarChip';
import type { SlotMove } from './use-slot-move';

interface SlotContentsProps {
  slot: Slot;
  /** The slot in words ("Friday, March 27, 9:00 AM"). */
  label: string;
  /** The slot's posts, in time order. */
  posts: Post[];
  /** Free times of the posting schedule in this slot (ISO instants): drawn as empty queue slots. */
  queueSlots?: string[];
  /** The slot is over: nothing can be planned or moved into it. */
  past: boolean;
  move: SlotMove;
  howToMoveId: string;
  /** The agenda says "New post" in words; a grid cell shows a "+" and fills the cell with the link. */
  wording?: 'short' | 'long';
}

/** Where a new post started from `slot` opens: the composer, with the schedule picker on the slot's time. */
export function newPostAddress(slot: Slot, now: Date, timeZone: string): string {
  return `${PAGES.write.path}?at=${encodeURIComponent(toIsoWithOffset(newPostTime(slot, now, timeZone), timeZone))}`;
}

/**
 * What one slot holds, in every view (a grid cell, a day of the agenda): its
 * posts, the way to start a new post at its time, and, while a post is being
 * moved, "Move here". The one place a slot's contents are drawn, so another
 * layer (the queue's free times, say) goes here once for every view.
 */
export function SlotContents({ slot, label, posts, queueSlots = [], past, move, howToMoveId, wording = 'short' }: SlotContentsProps) {
  const { now, timeZone } = useAccount();
  const { moving } = move;
  const isTarget = moving !== undefined && slotKey(moving.target) === slotKey(slot);
  return (
    <>
      {posts.length + queueSlots.length > 0 && (
        <ul className="calendar__items" aria-label={label}>
          {posts.map((post) => (
            <li key={post.id}>
              <CalendarChip post={post} move={move} howToMoveId={howToMoveId} />
            </li>
          ))}
          {queueSlots.map((at) => (
            <li key={at} className="calendar__queue-slot" data-testid="calendar-queue-slot">
              <span className="visually-hidden">Empty queue slot at </span>
              {formatClock(at, timeZone)}
            </li>
          ))}
        </ul>
      )}
      {moving && !past && !isTarget && (
        <button type="button" className="calendar__move-here" onClick={() => void move.moveTo(moving.post, slot)}>
          {/* The time the post would get there (the slot's hour, the post's own minute), as the keyboard move says it. */}
          Move here<span className="visually-hidden">: {moving.post.scheduledAt ? slotTimeLabel(slot, slotInstant(slot, new Date(moving.post.scheduledAt), timeZone), timeZone) : label}</span>
        </button>
      )}
      {isTarget && <span className="calendar__target-label">Drop here</span>}
      {!past && !moving && (
        <Link to={newPostAddress(slot, now(), timeZone)} className={`calendar__add calendar__add--${wording}`} aria-label={`New post: ${label}`}>
          {wording === 'long' ? '+ New post' : '+'}
        </Link>
      )}
    </>
  );
}
