/** A moment as people in the account's time zone read it, e.g. "26 Nov 2026, 12:28 pm AEDT". */
export function formatDateTime(date: Date | undefined, timeZone: string): string | undefined {
  if (!date) return undefined;
  return new Intl.DateTimeFormat('en-AU', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(date);
}

/**
 * A real calendar date written YYYY-MM-DD (what an <input type="date"> sends), from 1900 to 9999: earlier
 * years are typing slips (and year 0 does not exist for PostgreSQL), later ones do not fit the format.
 */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || value < '1900-01-01') return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
