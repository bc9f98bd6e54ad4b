import { useAccount } from '../../account/account-context';
import { formatClock } from '../../posts/format-time';
import type { Post } from '../../api/mark-api';
import { slotHasPassed, slotKey, type CalendarView, type Slot } from '../../calendar/calendar-grid';
import { sameDate, type CalendarDate } from '../../time/zoned-time';
import { CalendarChip } from './CalendarChip';
import type { SlotMove } from './use-slot-move';

interface CalendarCellProps {
  slot: Slot;
  /** The slot in words ("Friday, March 27, 9:00 AM"). */
  label: string;
  posts: Post[];
  /** Empty slots of the queue in this cell (ISO instants): drawn so the user sees where queued posts will go. */
  queueSlots?: string[];
  view: CalendarView;
  /** The month on screen: the month view dims the days of the months around it. */
  month: number;
  today: CalendarDate;
  move: SlotMove;
  howToMoveId: string;
}

/** One slot of the grid (an hour of a day, or a day): its posts, and where a post being moved can go. */
export function CalendarCell({ slot, label, posts, queueSlots = [], view, month, today, move, howToMoveId }: CalendarCellProps) {
  const { now, timeZone } = useAccount();
  const { moving } = move;
  const key = slotKey(slot);
  const isTarget = moving !== undefined && slotKey(moving.target) === key;
  const past = slotHasPassed(slot, now(), timeZone);
  const modifiers = [
    isTarget && 'target',
    move.dropTarget === key && 'drop',
    past && 'past',
    slot.hour === undefined && sameDate(slot.date, today) && 'today',
    view === 'month' && slot.date.month !== month && 'other-month',
  ].filter(Boolean);
  return (
    <td className={['calendar__cell', ...modifiers.map((modifier) => `calendar__cell--${modifier}`)].join(' ')} data-slot={key} {...move.dropHandlers(slot)}>
      {slot.hour === undefined && (
        <span className="calendar__day-number" aria-hidden="true">
          {slot.date.day}
        </span>
      )}
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
      {moving && !past && !isTarget && (
        <button type="button" className="calendar__move-here" onClick={() => void move.moveTo(moving.post, slot)}>
          Move here<span className="visually-hidden">: {label}</span>
        </button>
      )}
      {isTarget && <span className="calendar__target-label">Drop here</span>}
    </td>
  );
}
