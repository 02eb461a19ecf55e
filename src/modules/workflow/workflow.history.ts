import { londonDay } from '../../shared/london-time.js';

/**
 * Rebuilding a finding's state on a past day from its history, for `?asAt=`. Pure: the
 * repository loads the history; this decides what was true at the end of that day (Europe/London).
 *
 * A status event counts from the date the source gives for it (occurredOn). A partial date counts
 * only once the whole period has passed ("closed during 2024" is not yet closed on 30 June 2024),
 * so Oversight never claims more than it knows. Without a date, the day it was recorded counts.
 */
export type Assessment = { view: string; value: string; note: string | null; at: Date };
export type ActionChange = {
  field: string;
  before: string | null;
  after: string;
  reason: string | null;
  at: Date;
};
export type ActionHistory = {
  id: string;
  createdAt: Date;
  title: string;
  owner: string;
  dueOn: string;
  status: string;
  changes: ActionChange[];
};

/** The force's rating or the LPB's assurance on a day. */
export function assessmentAsAt(
  assessments: readonly Assessment[],
  view: string,
  day: string,
  fallback: string,
): { value: string; note: string | null } {
  const last = assessments
    .filter((a) => a.view === view && londonDay(a.at) <= day)
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .at(-1);
  return last ? { value: last.value, note: last.note } : { value: fallback, note: null };
}

/**
 * An action as it stood on a day: undone changes made later, newest first. Null if the action
 * did not exist yet.
 */
export function actionAsAt<A extends ActionHistory>(action: A, day: string): A | null {
  if (londonDay(action.createdAt) > day) return null;
  const state = { ...action, changes: action.changes.filter((c) => londonDay(c.at) <= day) };
  const later = action.changes
    .filter((c) => londonDay(c.at) > day)
    .sort((a, b) => b.at.getTime() - a.at.getTime());
  for (const change of later) {
    const before = change.before ?? '';
    if (change.field === 'owner') state.owner = before;
    else if (change.field === 'due-on') state.dueOn = before;
    else if (change.field === 'status') state.status = before;
    else if (change.field === 'title') state.title = before;
  }
  return state;
}

/** The agreed dates of an action in order: first, second, third… with the reason for each change. */
export function agreedDates(
  action: Pick<ActionHistory, 'dueOn' | 'changes'>,
): Array<{ dueOn: string; reason: string | null; at: Date | null }> {
  const changes = action.changes
    .filter((c) => c.field === 'due-on')
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  if (changes.length === 0) return [{ dueOn: action.dueOn, reason: null, at: null }];
  return [
    { dueOn: changes[0]!.before ?? action.dueOn, reason: null, at: null },
    ...changes.map((c) => ({ dueOn: c.after, reason: c.reason, at: c.at })),
  ];
}

/** Whether an action is overdue on a day (not complete or cancelled, and its agreed date has passed). */
export const isOverdue = (action: { dueOn: string; status: string }, day: string): boolean =>
  action.status !== 'complete' && action.status !== 'cancelled' && action.dueOn < day;
