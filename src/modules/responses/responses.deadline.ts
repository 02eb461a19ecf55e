import { londonDay } from '../../shared/london-time.js';

/**
 * Police Act 1996 s55(5A): the local policing body must publish its response "before the end of
 * the period of 56 days beginning with the day on which the report is published". The day of
 * publication is day 1, so the last day is publication + 55 days: 17 March 2023 → 11 May 2023.
 *
 * The publication day is the calendar day in Europe/London, whatever the time of publication
 * (a report out at 00:01 BST on 1 April is published on 1 April, though it is still 31 March in UTC).
 * The arithmetic is on calendar days, so clock changes inside the period move nothing.
 */
export const RESPONSE_PERIOD_DAYS = 56;

/**
 * s55(5A) and (5B) were inserted by the Policing and Crime Act 2017 s37, in force from
 * 2 May 2017 (SI 2017/399, reg. 4(a)). Reports published before then carry no 56-day deadline.
 */
export const S55_DEADLINE_IN_FORCE = '2017-05-02';

/**
 * Whether a report published on this day (or in this month or year, for a partial date) falls
 * under the 56-day duty: on or after 2 May 2017; a partial date counts when its period reaches it.
 */
export function underDeadlineDuty(published: string): boolean {
  return published >= S55_DEADLINE_IN_FORCE.slice(0, Math.min(published.length, 10));
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The publication day: an instant's day in Europe/London, or an ISO day as given. */
export function publicationDay(published: Date | string): string {
  if (published instanceof Date) {
    if (Number.isNaN(published.getTime())) throw new RangeError('Invalid publication time');
    return londonDay(published);
  }
  if (!DAY.test(published)) throw new RangeError(`A publication day must be YYYY-MM-DD, not "${published}"`);
  return published;
}

/** Adds whole calendar days to an ISO day. */
export function addDays(day: string, days: number): string {
  const match = DAY.exec(day);
  if (!match) throw new RangeError(`Not an ISO day: "${day}"`);
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (date.toISOString().slice(0, 10) !== day) throw new RangeError(`Not a real day: "${day}"`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The last day on which the response may be published. */
export function responseDeadline(published: Date | string): string {
  return addDays(publicationDay(published), RESPONSE_PERIOD_DAYS - 1);
}

/** Whole days from one ISO day to another (negative if `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

export type Timeliness = 'not-due' | 'due-soon' | 'overdue' | 'on-time' | 'late';

/**
 * Where a response stands on a day: published on time or late; otherwise overdue once the
 * deadline has passed, due soon within `soonDays` of it, else not yet due.
 */
export function timeliness(
  deadline: string,
  publishedOn: string | null,
  today: string,
  soonDays = 14,
): Timeliness {
  if (publishedOn) return publishedOn <= deadline ? 'on-time' : 'late';
  if (today > deadline) return 'overdue';
  return daysBetween(today, deadline) <= soonDays ? 'due-soon' : 'not-due';
}
