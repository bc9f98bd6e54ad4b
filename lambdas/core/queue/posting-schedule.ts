import { DEFAULT_SLOTS, sortSlots, type ScheduleView, type Slot } from '../../contract/api/queue';

/**
 * A user's posting schedule for one channel (see contract/api/queue.ts): the
 * weekly slots queued posts go out at, and whether the queue is paused.
 * Until the user saves their own, the defaults stand in (`custom: false`,
 * version 0: nothing stored).
 */
export interface PostingSchedule {
  userId: string;
  channel: string;
  slots: Slot[];
  custom: boolean;
  paused: boolean;
  pausedAt: string | null;
  updatedAt: string | null;
  /** Optimistic-locking counter: 0 while nothing is stored, +1 on every write. */
  version: number;
}

export function defaultSchedule(userId: string, channel: string): PostingSchedule {
  return { userId, channel, slots: sortSlots(DEFAULT_SLOTS), custom: false, paused: false, pausedAt: null, updatedAt: null, version: 0 };
}

/** Slots are read in the profile's zone; UTC until the user has picked one. */
export function planningZone(timezone: string | null | undefined): string {
  return timezone || 'UTC';
}

export function toScheduleView(schedule: PostingSchedule, timezone: string): ScheduleView {
  return {
    channel: schedule.channel,
    timezone,
    slots: sortSlots(schedule.slots),
    custom: schedule.custom,
    paused: schedule.paused,
    pausedAt: schedule.pausedAt,
    updatedAt: schedule.updatedAt,
  };
}
