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
