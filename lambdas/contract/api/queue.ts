import type { EvergreenApproval, PostView } from './posts';
import { addDays, dateIn, isoWeekday, parseTime, slotInstant, type CalendarDate } from '../zoned-time';
/**
 * The posting schedule and the queue (issue 13), as the API shows them, and
 * the one rule that turns weekly slots into instants: the server queues posts
 * with it, the web app draws empty slots with it.
 *
 * A schedule belongs to a channel: where posts go. Today every user has one,
 * `linkedin` (their LinkedIn member account); further connections (more
 * accounts, Company Pages) will each be a channel of their own, with their own
 * schedule and queue under the same keys (`SCHEDULE#<channel>`), so nothing
 * stored today needs migrating then.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A posting time, every week: "tue" at "09:00" in the user's time zone. */
export interface Slot {
  day: Weekday;
  /** 24-hour "HH:MM". */
  time: string;
}

export const MAX_SLOTS = 50;

/** The user's LinkedIn member account: the only channel until more connections come. */
export const DEFAULT_CHANNEL = 'linkedin';

/**
 * Offered on first use (and used until the user saves their own): weekday
 * mornings before work and the lunch break, when LinkedIn is read most.
 */
export const DEFAULT_SLOTS: readonly Slot[] = (['mon', 'tue', 'wed', 'thu', 'fri'] as const).flatMap((day) => [
  { day, time: '08:30' },
  { day, time: '12:15' },
]);

/** `GET /v1/me/schedule`, and the answer to `PUT`. */
export interface ScheduleView {
  channel: string;
  /** The zone the slots are read in: the profile's, or UTC until the user picks one. */
  timezone: string;
  /** In week order (Monday first), then by time. */
  slots: Slot[];
  /** false: these are the defaults, offered until the user saves their own. */
  custom: boolean;
  /** While paused, no queued post is published; resuming sends each at its slot, or the next free one if its slot passed. */
  paused: boolean;
  pausedAt: string | null;
  updatedAt: string | null;
}

/** `PUT /v1/me/schedule`. */
export interface ScheduleInputView {
  slots: Slot[];
  /** true: also move every queued post to the new slots, in the same order; else they keep their times. */
  reslot?: boolean;
}

/** One line of `GET /v1/queue`: a slot with its post, or an empty slot (`post: null`). */
export interface QueueItemView {
  at: string;
  post: PostView | null;
}

export interface QueueView {
  channel: string;
  paused: boolean;
  items: QueueItemView[];
  nextCursor: string | null;
}

/** `POST /v1/queue/reorder`: move a queued post to a slot; a post already there takes the moved one's time. */
export interface ReorderInputView {
  postId: string;
  at: string;
  /**
   * The queued post shown at `at`, which takes the moved one's time: the swap happens only if it
   * is still there (else 409 QUEUE_CHANGED), and costs no extra read. Without it, whatever
   * queued post is there is swapped with.
   */
  swapWith?: string;
}

export { EVERGREEN_APPROVALS, EVERGREEN_GAP_DAYS, type EvergreenApproval, type EvergreenView } from './posts';

/** `PUT /v1/posts/{id}/evergreen`. */
export interface EvergreenInputView {
  gapDays: number;
  approval: EvergreenApproval;
}

/** Slots in week order (Monday first), then by time: how they are stored and shown. */
export function sortSlots(slots: readonly Slot[]): Slot[] {
  return [...slots].sort((a, b) => WEEKDAYS.indexOf(a.day) - WEEKDAYS.indexOf(b.day) || a.time.localeCompare(b.time));
}

/**
 * The instants of `slots` in `timeZone` from `from` (inclusive) on, soonest
 * first, at most `limit` of them and none at or after `until`. A slot in a DST
 * gap goes out at the first valid minute after it, one in an overlap at the
 * first occurrence (zoned-time.ts, `slotInstant`); two slots landing on the
 * same instant (02:30 and 03:00 on a spring-forward night) are one.
 */
export function slotInstants(slots: readonly Slot[], timeZone: string, from: Date, options: { limit: number; until: Date }): Date[] {
  const out: Date[] = [];
  if (slots.length === 0 || options.limit <= 0) return out;
  const byDay = WEEKDAYS.map((day) =>
    slots
      .filter((slot) => slot.day === day)
      .map((slot) => parseTime(slot.time))
      .filter((time): time is NonNullable<typeof time> => time !== undefined)
      .sort((a, b) => a.hour - b.hour || a.minute - b.minute),
  );
  // From the day before `from` in the zone: a slot of that day can fall after `from` only in odd zones, but it costs nothing.
  let day: CalendarDate = addDays(dateIn(from, timeZone), -1);
  let last = -Infinity;
  while (out.length < options.limit) {
    for (const time of byDay[isoWeekday(day)]!) {
      const at = slotInstant({ ...day, ...time }, timeZone);
      if (at.getTime() >= options.until.getTime()) return out;
      if (at.getTime() < from.getTime() || at.getTime() <= last) continue;
      out.push(at);
      last = at.getTime();
      if (out.length >= options.limit) return out;
    }
    day = addDays(day, 1);
    if (slotInstant({ ...day, hour: 0, minute: 0 }, timeZone).getTime() >= options.until.getTime()) return out;
  }
  return out;
}
