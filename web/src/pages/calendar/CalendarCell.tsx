import { useAccount } from '../../account/account-context';
import type { Post } from '../../api/mark-api';
import { hasHourSlots, slotHasPassed, slotKey, type CalendarView, type Slot } from '../../calendar/calendar-grid';
import { sameDate, type CalendarDate } from '../../time/zoned-time';
import { SlotContents } from './CalendarSlotContents';
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

/** One slot of a grid (an hour of a day, or a day): a table cell around the slot's contents, where a dragged post can drop. */
export function CalendarCell({ slot, label, posts, queueSlots = [], view, month, today, move, howToMoveId }: CalendarCellProps) {
  const { now, timeZone } = useAccount();
  const key = slotKey(slot);
  const past = slotHasPassed(slot, now(), timeZone);
  const modifiers = [
    move.moving !== undefined && slotKey(move.moving.target) === key && 'target',
    move.dropTarget === key && 'drop',
    past && 'past',
    !hasHourSlots(view) && sameDate(slot.date, today) && 'today',
    view === 'month' && slot.date.month !== month && 'other-month',
    posts.length === 0 && 'empty',
  ].filter(Boolean);
  return (
    <td className={['calendar__cell', ...modifiers.map((modifier) => `calendar__cell--${modifier}`)].join(' ')} data-slot={key} {...move.dropHandlers(slot)}>
      {slot.hour === undefined && (
        <span className="calendar__day-number" aria-hidden="true">
          {slot.date.day}
        </span>
      )}
      <SlotContents slot={slot} label={label} posts={posts} queueSlots={queueSlots} past={past} move={move} howToMoveId={howToMoveId} />
    </td>
  );
}
