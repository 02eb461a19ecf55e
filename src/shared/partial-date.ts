/**
 * Partial dates: calendar dates known only to a year, a month or a day.
 *
 * Sources say "2019", "September 2023" or "23 July 2024". We store them as ISO 8601
 * prefixes ("2019", "2023-09", "2024-07-23") in a text column, and treat each one as
 * the closed range of days it covers. There is no time of day and no time zone, except
 * in `fromDate`, which turns an instant into the calendar day in a given zone.
 */

export type Precision = 'year' | 'month' | 'day';

export type PartialDate = {
  readonly year: number;
  readonly month?: number; // 1–12
  readonly day?: number;
  readonly precision: Precision;
};

export class InvalidPartialDateError extends Error {
  override readonly name = 'InvalidPartialDateError';
  constructor(readonly input: unknown) {
    super(`Invalid partial date: ${JSON.stringify(input)}`);
  }
}

/**
 * "YYYY", "YYYY-MM" or "YYYY-MM-DD" (month 01–12, day 01–31).
 *
 * Written to be both a JS regex and a PostgreSQL (POSIX ERE) regex: plain groups only,
 * no lookarounds, no \d. It carries NO anchors, so wrap it: in JS
 * `new RegExp('^(?:' + PARTIAL_DATE_PATTERN + ')$')`, in SQL `CHECK (value ~ '^(...)$')`.
 * It does not know the calendar ("2023-02-30" matches); `parseIso` does.
 */
export const PARTIAL_DATE_PATTERN = '[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?';

const ISO = new RegExp(`^(?:${PARTIAL_DATE_PATTERN})$`);

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

const RANK: Record<Precision, number> = { year: 0, month: 1, day: 2 };

const pad = (n: number | undefined, width = 2): string => String(n).padStart(width, '0');

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

// ---------------------------------------------------------------------------
// ISO form

export function parseIso(s: string): PartialDate {
  const d = tryParseIso(s);
  if (d === null) throw new InvalidPartialDateError(s);
  return d;
}

export function tryParseIso(s: string): PartialDate | null {
  if (typeof s !== 'string' || !ISO.test(s)) return null;
  const [year, month, day] = s.split('-').map(Number) as [number, number?, number?];
  if (month === undefined) return { year, precision: 'year' };
  if (day === undefined) return { year, month, precision: 'month' };
  if (day > daysInMonth(year, month)) return null;
  return { year, month, day, precision: 'day' };
}

/** Zero-padded ISO prefix. Throws if `d` is not a well-formed, real date of its precision. */
export function toIso(d: PartialDate): string {
  const y = pad(d.year, 4);
  const iso =
    d.precision === 'year'
      ? y
      : d.precision === 'month'
        ? `${y}-${pad(d.month)}`
        : `${y}-${pad(d.month)}-${pad(d.day)}`;
  const back = tryParseIso(iso);
  // Round-tripping also rejects stray fields, e.g. a `day` on a month-precision date.
  if (back === null || back.year !== d.year || back.month !== d.month || back.day !== d.day) {
    throw new InvalidPartialDateError(d);
  }
  return iso;
}

// ---------------------------------------------------------------------------
// Human (English) form

const MONTH_WORDS = new Map<string, number>(
  MONTHS.flatMap((name, i) => [
    [name.toLowerCase(), i + 1],
    [name.slice(0, 3).toLowerCase(), i + 1],
  ]),
);
MONTH_WORDS.set('sept', 9);

const monthOf = (word: string | undefined): number | undefined =>
  word === undefined ? undefined : MONTH_WORDS.get(word);

/** Two-digit years: 00–69 → 2000s, 70–99 → 1900s (the POSIX strptime pivot). */
const fullYear = (yy: string): number =>
  yy.length === 4 ? Number(yy) : 2000 + Number(yy) - (Number(yy) >= 70 ? 100 : 0);

function fromParts(year: number, month?: number, day?: number): PartialDate | null {
  if (month === undefined) return tryParseIso(pad(year, 4));
  if (day === undefined) return tryParseIso(`${pad(year, 4)}-${pad(month)}`);
  return tryParseIso(`${pad(year, 4)}-${pad(month)}-${pad(day)}`);
}

const ORD = '(?:st|nd|rd|th)?';
const HUMAN: ReadonlyArray<[RegExp, (m: RegExpMatchArray) => PartialDate | null]> = [
  // 2019
  [/^(\d{4})$/, (m) => fromParts(Number(m[1]))],
  // September 2023, Sept. 2023
  [/^([a-z]+)\.?,? (\d{4})$/, (m) => (monthOf(m[1]) ? fromParts(Number(m[2]), monthOf(m[1])) : null)],
  // 23 July 2024, 23rd July 2024, 23rd of July 2024
  [
    new RegExp(`^(\\d{1,2})${ORD} (?:of )?([a-z]+)\\.?,? (\\d{4})$`),
    (m) => (monthOf(m[2]) ? fromParts(Number(m[3]), monthOf(m[2]), Number(m[1])) : null),
  ],
  // July 23, 2024
  [
    new RegExp(`^([a-z]+)\\.? (\\d{1,2})${ORD},? (\\d{4})$`),
    (m) => (monthOf(m[1]) ? fromParts(Number(m[3]), monthOf(m[1]), Number(m[2])) : null),
  ],
  // 17/03/2023, 17/03/23 (UK order: day/month/year)
  [
    /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/,
    (m) => fromParts(fullYear(m[3] ?? ''), Number(m[2]), Number(m[1])),
  ],
  // 2024-07-23, 2024-07
  [/^[0-9-]+$/, (m) => tryParseIso(m[0])],
];

/**
 * Parses the English date forms found in documents. Case-insensitive; tolerant of
 * surrounding/non-breaking whitespace and trailing punctuation; accepts a leading
 * "during" or "in". Returns null — never a guess — for anything else, including vague
 * qualifiers ("early 2024", "mid-2024", "spring 2024") and impossible dates (31 June).
 */
export function parseHuman(s: string): PartialDate | null {
  const text = s
    .replace(/\s+/g, ' ') // \s covers U+00A0, U+2007, U+202F
    .trim()
    .replace(/[.,;:!?]+$/, '')
    .trim()
    .toLowerCase()
    .replace(/^(?:during|in) /, '');
  for (const [re, build] of HUMAN) {
    const m = text.match(re);
    if (m) return build(m);
  }
  return null;
}

/** GOV.UK style: "2019", "September 2023", "23 July 2024". */
export function format(d: PartialDate): string {
  toIso(d); // validate
  const month = d.month === undefined ? '' : MONTHS[d.month - 1];
  if (d.precision === 'year') return String(d.year);
  if (d.precision === 'month') return `${month} ${d.year}`;
  return `${d.day} ${month} ${d.year}`;
}

// ---------------------------------------------------------------------------
// Ranges and ordering

/** First ISO day covered: "2024" → "2024-01-01". */
export function earliest(d: PartialDate): string {
  toIso(d);
  return `${pad(d.year, 4)}-${pad(d.month ?? 1)}-${pad(d.day ?? 1)}`;
}

/** Last ISO day covered: "2024" → "2024-12-31", "2024-02" → "2024-02-29". */
export function latest(d: PartialDate): string {
  toIso(d);
  const month = d.month ?? 12;
  return `${pad(d.year, 4)}-${pad(month)}-${pad(d.day ?? daysInMonth(d.year, month))}`;
}

// Zero-padded ISO days compare correctly as strings.
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Total order: by earliest day, then less precise first ("2024" < "2024-01" < "2024-01-01"). */
export function compare(a: PartialDate, b: PartialDate): number {
  return cmp(earliest(a), earliest(b)) || RANK[a.precision] - RANK[b.precision];
}

/** How the day ranges covered by `a` and `b` relate. */
export function relation(a: PartialDate, b: PartialDate): 'before' | 'after' | 'same' | 'overlaps' {
  if (latest(a) < earliest(b)) return 'before';
  if (earliest(a) > latest(b)) return 'after';
  return toIso(a) === toIso(b) ? 'same' : 'overlaps';
}

export function isMorePrecise(a: PartialDate, b: PartialDate): boolean {
  return RANK[a.precision] > RANK[b.precision];
}

/** `a` is more precise than `b` and lies within it: "2024-07-23" refines "2024". */
export function refines(a: PartialDate, b: PartialDate): boolean {
  return isMorePrecise(a, b) && earliest(a) >= earliest(b) && latest(a) <= latest(b);
}

/** Whether the ISO day ("YYYY-MM-DD") falls within `d`. Throws if `isoDay` is not a real day. */
/**
 * Merging two ISO prefixes for the same fact: the candidate when it refines the base (more precise,
 * and inside it), otherwise the base. A null side is unknown. Information is never lost: a vaguer
 * or contradicting candidate leaves the base as it is.
 */
export function refineIso(base: string, candidate: string | null): string;
export function refineIso(base: string | null, candidate: string): string;
export function refineIso(base: string | null, candidate: string | null): string | null;
export function refineIso(base: string | null, candidate: string | null): string | null {
  if (candidate === null) return base;
  if (base === null) return candidate;
  return refines(parseIso(candidate), parseIso(base)) ? candidate : base;
}

export function contains(d: PartialDate, isoDay: string): boolean {
  if (parseIso(isoDay).precision !== 'day') throw new InvalidPartialDateError(isoDay);
  return earliest(d) <= isoDay && isoDay <= latest(d);
}

/** The calendar day of an instant in a time zone (default Europe/London), at day precision. */
export function fromDate(date: Date, timeZone = 'Europe/London'): PartialDate {
  if (Number.isNaN(date.getTime())) throw new InvalidPartialDateError(date);
  const parts = new Intl.DateTimeFormat('en-GB-u-ca-gregory-nu-latn', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  const d = fromParts(get('year'), get('month'), get('day'));
  if (d === null) throw new InvalidPartialDateError(date);
  return d;
}

// ---------------------------------------------------------------------------
// Durations

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;

function monthsLabel(months: number): string {
  const years = Math.floor(months / 12);
  const rest = months % 12;
  if (years === 0) return plural(rest, 'month');
  return rest === 0 ? plural(years, 'year') : `${plural(years, 'year')} ${plural(rest, 'month')}`;
}

/**
 * Whole months from earliest(start) to earliest(end). Approximate when either end is not
 * day-precise; then the label starts "about ", and when either end is only a year it is
 * given in whole years ("about 4 years") once it reaches one. Throws RangeError if end
 * starts before start.
 */
export function durationBetween(
  start: PartialDate,
  end: PartialDate,
): { months: number; approximate: boolean; label: string } {
  const from = earliest(start);
  const to = earliest(end);
  if (to < from) throw new RangeError(`End ${toIso(end)} is before start ${toIso(start)}`);
  const [sy = 0, sm = 0, sd = 0] = from.split('-').map(Number);
  const [ey = 0, em = 0, ed = 0] = to.split('-').map(Number);
  const months = (ey - sy) * 12 + (em - sm) - (ed < sd ? 1 : 0);
  const approximate = start.precision !== 'day' || end.precision !== 'day';
  if (!approximate) return { months, approximate, label: monthsLabel(months) };
  const yearOnly = start.precision === 'year' || end.precision === 'year';
  const label = yearOnly && months >= 12 ? plural(Math.floor(months / 12), 'year') : monthsLabel(months);
  return { months, approximate, label: `about ${label}` };
}
