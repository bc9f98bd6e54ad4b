import { useAccount } from '../../account/account-context';
import type { Post } from '../../api/mark-api';
import { slotHasPassed, slotKey, type CalendarRange } from '../../calendar/calendar-grid';
import { dayLabel } from '../../calendar/calendar-labels';
import { formatDate, sameDate, type CalendarDate } from '../../time/zoned-time';
import { SlotContents } from './CalendarSlotContents';
import type { SlotMove } from './use-slot-move';

interface CalendarAgendaProps {
  range: CalendarRange;
  /** Posts by slot key (whole days). */
  groups: Map<string, Post[]>;
  /** Free times of the posting schedule, by slot key (drawn as empty queue slots). */
  queueSlots?: Map<string, string[]>;
  today: CalendarDate;
  move: SlotMove;
  howToMoveId: string;
}

/**
 * The agenda, a phone's calendar: the days on screen one under the other,
 * each with its posts at full width and a way to start a post that day.
 */
export function CalendarAgenda({ range, groups, queueSlots, today, move, howToMoveId }: CalendarAgendaProps) {
  const { now, timeZone } = useAccount();
  return (
    <ol className="agenda" aria-label="Days">
      {range.weeks.flat().map((date) => {
        const slot = { date };
        const key = slotKey(slot);
        const label = dayLabel(date, timeZone);
        const posts = groups.get(key) ?? [];
        const past = slotHasPassed(slot, now(), timeZone);
        const modifiers = [sameDate(date, today) && 'today', past && 'past', move.dropTarget === key && 'drop'].filter(Boolean);
        return (
          <li key={formatDate(date)} className={['agenda__day', ...modifiers.map((m) => `agenda__day--${m}`)].join(' ')} data-slot={key} {...move.dropHandlers(slot)}>
            <h3 className="agenda__date">
              {label}
              {sameDate(date, today) && <span className="agenda__today"> · Today</span>}
            </h3>
            {posts.length === 0 && <p className="agenda__nothing">Nothing planned.</p>}
            <SlotContents slot={slot} label={label} posts={posts} queueSlots={queueSlots?.get(key) ?? []} past={past} move={move} howToMoveId={howToMoveId} wording="long" />
          </li>
        );
      })}
    </ol>
  );
}
