import type { Post } from '../../api/mark-api';
import { hasHourSlots, slotKey, type CalendarRange, type Slot } from '../../calendar/calendar-grid';
import { hourLabel, slotLabel, weekdayLabel } from '../../calendar/calendar-labels';
import { formatDate, sameDate, type CalendarDate } from '../../time/zoned-time';
import { CalendarCell } from './CalendarCell';
import type { SlotMove } from './use-slot-move';

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

interface CalendarTableProps {
  range: CalendarRange;
  title: string;
  /** Posts by slot key. */
  groups: Map<string, Post[]>;
  /** Free times of the posting schedule, by slot key (drawn as empty queue slots). */
  queueSlots?: Map<string, string[]>;
  /** The month on screen (the month view dims the days around it). */
  month: number;
  today: CalendarDate;
  timeZone: string;
  move: SlotMove;
  howToMoveId: string;
}

/** The day, week and month views: a grid of slots, hours down the side in the day and week views. */
export function CalendarTable({ range, title, groups, queueSlots, month, today, timeZone, move, howToMoveId }: CalendarTableProps) {
  const { view } = range;
  const columns = range.weeks[0]!;
  const hourly = hasHourSlots(view);
  const cell = (slot: Slot) => (
    <CalendarCell
      key={slotKey(slot)}
      slot={slot}
      label={slotLabel(slot, timeZone)}
      posts={groups.get(slotKey(slot)) ?? []}
      queueSlots={queueSlots?.get(slotKey(slot)) ?? []}
      view={view}
      month={month}
      today={today}
      move={move}
      howToMoveId={howToMoveId}
    />
  );
  return (
    <table className={`calendar__grid calendar__grid--${view}`}>
      <caption className="visually-hidden">{title}: scheduled and published posts</caption>
      <thead>
        <tr>
          {hourly && (
            <th scope="col" className="calendar__corner">
              <span className="visually-hidden">Hour</span>
            </th>
          )}
          {columns.map((day) => (
            <th key={formatDate(day)} scope="col" className={hourly && sameDate(day, today) ? 'calendar__today-head' : undefined}>
              {hourly ? (
                <>
                  <span className="calendar__weekday">{weekdayLabel(day, timeZone)}</span> <span className="calendar__date">{day.day}</span>
                </>
              ) : (
                weekdayLabel(day, timeZone)
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {hourly
          ? HOURS.map((hour) => (
              <tr key={hour}>
                <th scope="row" className="calendar__hour">
                  {hourLabel(hour)}
                </th>
                {columns.map((date) => cell({ date, hour }))}
              </tr>
            ))
          : range.weeks.map((week) => <tr key={formatDate(week[0]!)}>{week.map((date) => cell({ date }))}</tr>)}
      </tbody>
    </table>
  );
}
