/** Small wording helpers shared by every kind of mail. */

/** How a post is named in a mail: its first words, never its whole text (and never in a subject). */
export function firstWords(content: string, maxWords = 8, maxChars = 60): string {
  const words = content.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  let text = words.slice(0, maxWords).join(' ');
  let cut = words.length > maxWords;
  if (text.length > maxChars) {
    text = text.slice(0, maxChars).replace(/\s+\S*$/, '') || text.slice(0, maxChars);
    cut = true;
  }
  if (text === '') return '(an empty post)';
  return cut ? `“${text}…”` : `“${text}”`;
}

export function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The time zone a mail's times are written in: the user's, or UTC when they have not chosen one. */
export interface MailZone {
  timeZone: string;
  /** True when the user has no time zone yet and times are in UTC. */
  fallback: boolean;
}

export function mailZone(timezone: string | null | undefined): MailZone {
  if (timezone) {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: timezone });
      return { timeZone: timezone, fallback: false };
    } catch {
      // an unknown zone: UTC, and say so
    }
  }
  return { timeZone: 'UTC', fallback: true };
}

/** "Tue 12 Feb 2027, 09:30 CET": the day, the time and the zone's short name, in the user's zone. */
export function formatTime(iso: string, zone: MailZone): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone.timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  })
    .format(date)
    .replace(/ at /, ', ');
}

/** "12 Feb 2027": a day, in the user's zone. */
export function formatDay(iso: string, zone: MailZone): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone.timeZone, day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(iso));
}

export function zoneNote(zone: MailZone): string {
  return zone.fallback
    ? 'Times are in UTC because your account has no time zone yet: choose yours in Settings.'
    : `Times are in ${zone.timeZone}, the time zone of your account (change it in Settings).`;
}
