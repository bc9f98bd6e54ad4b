/** "25 Nov 2026, 12:04" in the user's time zone (the profile's, else the browser's). */
export function formatDateTime(iso: string, timeZone?: string | null, locale?: string): string {
  return format(iso, { dateStyle: 'medium', timeStyle: 'short' }, timeZone, locale);
}

/** "Sat, 4 Apr 2026": a day, for expiry dates and calendar headings. */
export function formatDay(iso: string, timeZone?: string | null, locale?: string): string {
  return format(iso, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }, timeZone, locale);
}

/** "12 Feb" (or "Feb 12", as the locale writes it): a near date in a sentence. */
export function formatDayMonth(iso: string, timeZone?: string | null, locale?: string): string {
  return format(iso, { day: 'numeric', month: 'short' }, timeZone, locale);
}

/** "09:15" (or "9:15 AM", as the locale writes times). */
export function formatClock(iso: string, timeZone?: string | null, locale?: string): string {
  return format(iso, { timeStyle: 'short' }, timeZone, locale);
}

function format(iso: string, options: Intl.DateTimeFormatOptions, timeZone?: string | null, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(locale, { ...options, ...(timeZone ? { timeZone } : {}) }).format(date);
  } catch {
    // An unknown time zone in the profile must not break the page.
    return new Intl.DateTimeFormat(locale, options).format(date);
  }
}
