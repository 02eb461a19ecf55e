import { latest, parseIso } from './partial-date.js';
import { londonDay } from './london-time.js';

/**
 * The as-at rules: rebuilding a record's state on a past day from its history, for `?asAt=`. Pure: the
 * repository loads the history; this decides what was true at the end of that day (Europe/London).
 *
 * A status event counts from the date the source gives for it (occurredOn). A partial date counts
 * only once the whole period has passed ("closed during 2024" is not yet closed on 30 June 2024),
 * so Oversight never claims more than it knows. Without a date, the day it was recorded counts.
 */

export type StatusEvent = {
  status: string;
  occurredOn: string | null;
  recordedAt: Date;
  note: string | null;
};
/** The last day an event's date covers, or the day it was recorded. */
export function effectiveDay(occurredOn: string | null, recordedAt: Date): string {
  return occurredOn ? latest(parseIso(occurredOn)) : londonDay(recordedAt);
}

/** The inspectorate status on a day: the latest event effective by then, or none (not yet raised). */
export function statusAsAt(events: readonly StatusEvent[], day: string): StatusEvent | null {
  const known = events
    .map((e, i) => ({ e, i, day: effectiveDay(e.occurredOn, e.recordedAt) }))
    .filter((x) => x.day <= day)
    .sort((a, b) =>
      a.day < b.day
        ? -1
        : a.day > b.day
          ? 1
          : a.e.recordedAt.getTime() - b.e.recordedAt.getTime() || a.i - b.i,
    );
  return known.at(-1)?.e ?? null;
}

/** The day an inspection counts as published: its moment's London day, or the day its date covers. */
export function publishedDay(publishedAt: Date | null, publishedOn: string | null): string | null {
  if (publishedAt) return londonDay(publishedAt);
  return publishedOn ? latest(parseIso(publishedOn)) : null;
}

/** The inspections published by the end of a day (`publishedDay`); an undated one is not. */
export const publishedBy = <I extends { publishedAt: Date | null; publishedOn: string | null }>(
  inspections: readonly I[],
  day: string,
): I[] => inspections.filter((i) => (publishedDay(i.publishedAt, i.publishedOn) ?? '9999') <= day);

/**
 * Engage periods as they stood at the end of a day: only those entered by then, and a period that
 * ended later shown as still open. Dates count once their whole period has passed.
 */
export function periodsAsAt<P extends { enteredOn: string; exitedOn: string | null }>(
  periods: readonly P[],
  day: string,
): P[] {
  return periods
    .filter((p) => latest(parseIso(p.enteredOn)) <= day)
    .map((p) => (p.exitedOn && latest(parseIso(p.exitedOn)) > day ? { ...p, exitedOn: null } : p));
}
