import type { Clock } from '../ports/clock';
import type { ExpiringConnections, MailOutbox, MailPreferenceStore } from '../ports/mail-outbox';
import { MAIL } from './mail-rules';

export interface DailyDeps {
  outbox: MailOutbox;
  expiring: ExpiringConnections;
  preferences: MailPreferenceStore;
  clock: Clock;
}

const DAY_MS = 86_400_000;

/**
 * Once a day (MAIL.dailyJobHourUtc): a reminder to every user whose LinkedIn token expires within 7 days
 * (and another within 1 day), and on MAIL.weeklySummaryDay the weekly summary to those who asked for it.
 * Each becomes an entry of the user's next mail of its kind under a key that makes it once only, so a
 * re-run (a retry, the operator) sends nothing twice. Whether the reminder is still true (not reconnected,
 * not disconnected on purpose) is decided when the mail is composed.
 */
export async function runDailyMailJobs(deps: DailyDeps): Promise<{ reminders: number; weekly: number }> {
  const now = deps.clock.now();
  let reminders = 0;
  const soonest = Math.min(...MAIL.reminderDaysBefore);
  const latest = Math.max(...MAIL.reminderDaysBefore);
  for (const { userId, expiresAt } of await deps.expiring.expiringBetween(now, new Date(now.getTime() + latest * DAY_MS))) {
    const left = Date.parse(expiresAt) - now.getTime();
    // The nearest reminder this connection is due for: 1 day when under a day is left, else 7.
    const daysBefore = [...MAIL.reminderDaysBefore].sort((a, b) => a - b).find((days) => left <= days * DAY_MS) ?? soonest;
    const entry = { type: 'linkedin.expiring' as const, expiresAt, daysBefore, at: now.toISOString() };
    if ((await deps.outbox.collect({ userId, entry, dedupeKey: `reminder#${expiresAt}#${daysBefore}`, now })) === 'added') reminders++;
  }
  let weekly = 0;
  if (now.getUTCDay() === MAIL.weeklySummaryDay) {
    const weekOf = now.toISOString().slice(0, 10);
    let cursor: string | undefined;
    do {
      const page = await deps.preferences.weeklySubscribers(cursor);
      for (const userId of page.userIds) {
        const entry = { type: 'weekly' as const, weekOf, at: now.toISOString() };
        if ((await deps.outbox.collect({ userId, entry, dedupeKey: `weekly#${weekOf}`, now })) === 'added') weekly++;
      }
      cursor = page.next;
    } while (cursor);
  }
  return { reminders, weekly };
}
