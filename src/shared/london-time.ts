/** Days in Europe/London: the calendar every date in Oversight is shown and compared in. */
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
/** The Europe/London calendar day of an instant, YYYY-MM-DD. */
export const londonDay = (at: Date): string => LONDON_DAY.format(at);
export const today = (): string => londonDay(new Date());

const LONDON = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as Europe/London wall-clock time, "YYYY-MM-DDTHH:MM" (what a datetime-local field holds). */
export function londonLocal(at: Date): string {
  const p = Object.fromEntries(LONDON.formatToParts(at).map((part) => [part.type, part.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** Europe/London wall-clock time to an instant (BST first when the clocks go back); null if it never happens. */
export function fromLondonLocal(local: string): Date | null {
  const asUtc = new Date(`${local}:00Z`);
  if (Number.isNaN(asUtc.getTime())) return null;
  for (const hours of [1, 0]) {
    const at = new Date(asUtc.getTime() - hours * 3_600_000);
    if (londonLocal(at) === local) return at;
  }
  return null;
}
