import { FINDING_STATUS_LABELS, type FindingStatus } from '../modules/findings/findings.domain.js';
import { STATUS_TAGS } from '../modules/workflow/workflow.presenter.js';
import { ROLE_LABELS, type Role } from '../modules/accounts/accounts.domain.js';
import { GRADE_LABELS, GRADE_TAG_CLASSES, type Grade } from '../modules/inspections/inspections.domain.js';
import type { Environment } from 'nunjucks';
import {
  durationBetween,
  format as formatPartial,
  fromDate,
  toIso,
  tryParseIso,
} from '../shared/partial-date.js';

const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  // h12, not hour12: en-GB's 12-hour clock is h11, which writes noon as "0:05pm".
  hourCycle: 'h12',
});

/** "2019", "September 2023", "23 July 2024" from an ISO prefix. */
/**
 * The items of a filter's select box: "any" first (an empty value), then each option, the one in
 * force selected. Options are [value, label] pairs, or values with a record of their labels.
 */
export function selectItems<V extends string | number>(
  anyText: string,
  options: ReadonlyArray<readonly [V, string]>,
  selected: V | undefined,
): Array<{ value: string; text: string; selected?: boolean }> {
  return [
    { value: '', text: anyText },
    ...options.map(([value, text]) => ({ value: String(value), text, selected: value === selected })),
  ];
}
export const labelled = <V extends string>(
  values: readonly V[],
  labels: Record<V, string>,
): Array<readonly [V, string]> => values.map((v) => [v, labels[v]] as const);

export function partialDate(value: string | null | undefined, fallback = 'Not known'): string {
  if (!value) return fallback;
  const parsed = tryParseIso(value);
  return parsed ? formatPartial(parsed) : value;
}

/** "17 March 2023 at 9:30am", in Europe/London. */
export function dateTimeLabel(value: Date | string | null | undefined): string {
  if (!value) return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  const day = formatPartial(fromDate(date));
  const time = dateTime.formatToParts(date);
  const hour = time.find((p) => p.type === 'hour')?.value ?? '';
  const minute = time.find((p) => p.type === 'minute')?.value ?? '';
  const period = (time.find((p) => p.type === 'dayPeriod')?.value ?? '').toLowerCase().replace(/\s/g, '');
  return `${day} at ${hour}:${minute}${period}`;
}

/** Time between two partial dates, or from one until today: "4 years 8 months", "about 4 years". */
export function duration(from: string, to?: string | null, today: Date = new Date()): string {
  const start = tryParseIso(from);
  const end = tryParseIso(to ?? toIso(fromDate(today)));
  if (!start || !end) return '';
  try {
    return durationBetween(start, end).label;
  } catch {
    return '';
  }
}

export function gradeTag(grade: string | null | undefined): { text: string; classes: string } {
  if (!grade) return { text: 'Ungraded', classes: 'govuk-tag--grey' };
  return {
    text: GRADE_LABELS[grade as Grade] ?? grade,
    classes: GRADE_TAG_CLASSES[grade as Grade] ?? 'govuk-tag--grey',
  };
}

/** "in September 2023", "in 2019", "on 23 July 2024": the preposition a partial date needs. */
export function whenPhrase(value: string | null | undefined): string {
  if (!value) return '';
  return `${value.length === 10 ? 'on' : 'in'} ${partialDate(value)}`;
}

export function registerFilters(env: Environment): void {
  env.addFilter('when', whenPhrase);
  env.addFilter(
    'findingStatus',
    (status: string) => FINDING_STATUS_LABELS[status as FindingStatus] ?? status,
  );
  env.addFilter('statusTag', (status: string) => STATUS_TAGS[status] ?? 'govuk-tag--grey');
  env.addFilter('roleLabel', (role: string) => ROLE_LABELS[role as Role] ?? role);
  env.addFilter('partialDate', partialDate);
  env.addFilter('dateTime', dateTimeLabel);
  env.addFilter('duration', duration);
  env.addFilter('gradeTag', gradeTag);
  env.addFilter('hostname', (url: string) => {
    try {
      return new URL(url).hostname.replace(/^www\./, '');
    } catch {
      return url;
    }
  });
  env.addFilter('selectedRadio', (items: Array<{ value: string; text: string }>, selected: string) =>
    items.map((item) => ({ ...item, checked: item.value === selected })),
  );
  env.addFilter(
    'pluralise',
    (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`,
  );
}
