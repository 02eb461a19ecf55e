import type { DocModel } from './model.js';

/**
 * The one date finder. Dates as written in English (UK) documents, at the precision written:
 * "21 May 2024", "Tuesday 21st of May, 2024", "May 21, 2024", "21/05/2024" and "2024-05-21" are
 * days; "May 2024" a month; a bare "2019" a year. Relative dates ("today", "yesterday", "last
 * month", "this week") are resolved against the document's own date, never against the clock:
 * without a document date they are not dates.
 *
 * Hand-written rather than a general parser (chrono-node) because the record keeps partial dates
 * at the precision written, and the importer must stay above 20 MB/s (ADR 0013).
 */
export type Precision = 'year' | 'month' | 'day';
export type FoundDate = {
  /** ISO prefix at the precision written: "2024", "2024-05", "2024-05-21". */
  iso: string;
  precision: Precision;
  start: number;
  end: number;
  /** Resolved from "today", "yesterday", "last month"… against the document's date. */
  relative?: true;
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;
const MONTH_WORDS =
  'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec';
const WEEKDAY = '(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?,?\\s+)?';
const ORD = '(?:st|nd|rd|th)?';

/**
 * One pattern for every form, tried left to right: at each place the first form that matches
 * wins, and the longer forms (days) come before the shorter ones they contain (months, years),
 * so one pass over the text finds each date once.
 */
const DATE = new RegExp(
  [
    // 21 May 2024, 21st of May, 2024, Tuesday 21 May 2024
    `\\b${WEEKDAY}(?<dd>\\d{1,2})${ORD}\\s+(?:of\\s+)?(?<dm>${MONTH_WORDS})\\.?,?\\s+(?<dy>(?:19|20)\\d\\d)\\b`,
    // May 21, 2024
    `\\b${WEEKDAY}(?<um>${MONTH_WORDS})\\.?\\s+(?<ud>\\d{1,2})${ORD},?\\s+(?<uy>(?:19|20)\\d\\d)\\b`,
    // 21/05/2024, 21.05.2024, 21/05/24 (UK order)
    '\\b(?<nd>\\d{1,2})[/.](?<nm>\\d{1,2})[/.](?<ny>(?:19|20)\\d\\d|\\d\\d)\\b(?![/.]\\d)',
    // 2024-05-21
    '\\b(?<iy>(?:19|20)\\d\\d)-(?<im>\\d\\d)-(?<id>\\d\\d)\\b',
    // May 2024, May, 2024
    `\\b(?<mm>${MONTH_WORDS})\\.?,?\\s+(?<my>(?:19|20)\\d\\d)\\b`,
    // 2024 alone: not part of a span ("2021/22", "2023–25"), a sum ("£2024") or a number ("2024.5")
    '(?<![\\d/£$.,–—-])\\b(?<y>(?:19|20)\\d\\d)\\b(?!\\s*[/–—-]\\s*\\d)(?![\\d,.]\\d)',
  ].join('|'),
  'gi',
);

type Groups = Record<string, string | undefined>;
function readDate(g: Groups): { y: number; m: number; d: number; precision: Precision } {
  if (g['dd']) return { y: +g['dy']!, m: monthOf(g['dm']!), d: +g['dd'], precision: 'day' };
  if (g['ud']) return { y: +g['uy']!, m: monthOf(g['um']!), d: +g['ud'], precision: 'day' };
  if (g['nd']) {
    const y = g['ny']!.length === 2 ? 2000 + +g['ny']! : +g['ny']!;
    return { y, m: +g['nm']!, d: +g['nd'], precision: 'day' };
  }
  if (g['id']) return { y: +g['iy']!, m: +g['im']!, d: +g['id'], precision: 'day' };
  if (g['mm']) return { y: +g['my']!, m: monthOf(g['mm']), d: 0, precision: 'month' };
  return { y: +g['y']!, m: 0, d: 0, precision: 'year' };
}

function monthOf(word: string): number {
  return MONTHS.indexOf(word.slice(0, 3).toLowerCase() as (typeof MONTHS)[number]) + 1;
}

const pad = (n: number) => String(n).padStart(2, '0');
const DAYS_IN = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

function isoOf(y: number, m: number, d: number, precision: Precision): string | null {
  if (y < 1900 || y > 2099) return null;
  if (precision === 'year') return String(y);
  if (m < 1 || m > 12) return null;
  if (precision === 'month') return `${y}-${pad(m)}`;
  if (d < 1 || d > DAYS_IN[m - 1]! || (m === 2 && d === 29 && !isLeap(y))) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** Every date written in `text` (or its range), in order; a longer reading wins over a part of it. */
export function findDates(text: string, from = 0, to = text.length): FoundDate[] {
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  const found: FoundDate[] = [];
  DATE.lastIndex = 0;
  for (const m of slice.matchAll(DATE)) {
    const { y, m: month, d, precision } = readDate(m.groups as Groups);
    let iso = isoOf(y, month, d, precision);
    let p = precision;
    // A day that does not exist ("31 February") still names its month.
    if (!iso && precision === 'day' && (m.groups?.['dm'] ?? m.groups?.['um'])) {
      iso = isoOf(y, month, 0, 'month');
      p = 'month';
    }
    if (!iso) continue;
    found.push({ iso, precision: p, start: from + m.index, end: from + m.index + m[0].length });
  }
  return found;
}

/** The first date in a piece of text, or null. */
export function firstDate(text: string, from = 0, to = text.length): FoundDate | null {
  return findDates(text, from, to)[0] ?? null;
}

const RELATIVE =
  /\b(today|yesterday|this week|this month|last month|this year|last year|earlier this year)\b/gi;

/** Relative dates in a range, resolved against the document's date (a day, month or year). */
export function relativeDates(
  text: string,
  anchor: FoundDate | null,
  from = 0,
  to = text.length,
): FoundDate[] {
  if (!anchor) return [];
  const out: FoundDate[] = [];
  const [y, m, d] = anchor.iso.split('-').map(Number) as [number, number?, number?];
  for (const match of text.slice(from, to).matchAll(RELATIVE)) {
    const word = match[1]!.toLowerCase();
    let iso: string | null = null;
    let precision: Precision = 'day';
    if ((word === 'today' || word === 'this week') && anchor.precision === 'day') {
      iso = anchor.iso;
    } else if (word === 'yesterday' && anchor.precision === 'day') {
      const date = new Date(Date.UTC(y, m! - 1, d! - 1));
      iso = date.toISOString().slice(0, 10);
    } else if (word === 'this month' && anchor.precision !== 'year') {
      iso = `${y}-${pad(m!)}`;
      precision = 'month';
    } else if (word === 'last month' && anchor.precision !== 'year') {
      const date = new Date(Date.UTC(y, m! - 2, 1));
      iso = date.toISOString().slice(0, 7);
      precision = 'month';
    } else if (word === 'this year' || word === 'earlier this year') {
      iso = String(y);
      precision = 'year';
    } else if (word === 'last year') {
      iso = String(y - 1);
      precision = 'year';
    }
    if (word === 'this week') continue; // a week is no precision the record keeps
    if (iso)
      out.push({
        iso,
        precision,
        start: from + match.index,
        end: from + match.index + match[0].length,
        relative: true,
      });
  }
  return out;
}

const DATE_LABEL =
  /^(?:(?:date\s+)?(?:first\s+)?published(?:\s+on)?|publication\s+date|date\s+of\s+publication|sent\s+on|date\s+sent|posted(?:\s+on)?|date|issued(?:\s+on)?|released(?:\s+on)?|broadcast(?:\s+on)?|debated\s+on|dated)\s*[:\-–]?\s*(.*)$/i;
const UPDATED_LABEL = /^(?:last\s+)?updated(?:\s+on)?\s*[:\-–]?\s*(.*)$/i;

/**
 * The document's own date: a labelled date ("Published 3 May 2023", "Sent on" and the date
 * below it, "Date:"), else a line near the top that is only a date (a letter's or a press
 * release's dateline), else a dated first line ("London, 4 July 2022 –"). Null when the document
 * does not say: the clock is never a document's date.
 */
export function documentDate(model: DocModel): FoundDate | null {
  const { blocks, text } = model;
  const head = blocks.slice(0, 40);
  let updated: FoundDate | null = null;
  for (let i = 0; i < head.length; i++) {
    const b = head[i]!;
    const label = DATE_LABEL.exec(b.text) ?? null;
    if (label) {
      const rest = label[1]!.trim();
      const own = rest === '' ? null : firstDate(text, b.end - rest.length, b.end);
      if (own && own.precision !== 'year') return own;
      const next = head[i + 1];
      if (rest === '' && next && next.text.length <= 40) {
        const below = firstDate(text, next.start, next.end);
        if (below && below.precision !== 'year') return below;
      }
    }
    const up = UPDATED_LABEL.exec(b.text);
    if (up && !updated) updated = firstDate(text, b.start, b.end);
  }
  for (const b of blocks.slice(0, 15)) {
    if (b.text.length > 60) continue;
    const only = firstDate(text, b.start, b.end);
    if (
      only &&
      only.precision === 'day' &&
      b.text
        .replace(/[^\p{L}\d]+/gu, ' ')
        .trim()
        .split(' ').length <= 6
    )
      return only;
  }
  const first = blocks.find((b) => b.type === 'paragraph' && b.text.length > 60);
  if (first) {
    const lead = firstDate(text, first.start, Math.min(first.end, first.start + 60));
    if (
      lead &&
      lead.precision === 'day' &&
      /^[\p{Lu}\p{L} ,]{0,30}[,:]?\s*$/u.test(text.slice(first.start, lead.start))
    )
      return lead;
  }
  return updated && updated.precision === 'day' ? updated : null;
}

/** "one" … "twenty", and digits, as a number; null otherwise. */
const NUMBER_WORDS: Record<string, number> = {
  no: 0,
  none: 0,
  zero: 0,
  one: 1,
  a: 1,
  an: 1,
  single: 1,
  two: 2,
  both: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
};
export const NUMBER_WORD_PATTERN = `(?:\\d{1,3}|${Object.keys(NUMBER_WORDS)
  .filter((w) => w.length > 2)
  .join('|')})`;
export function numberOf(word: string): number | null {
  const w = word.trim().toLowerCase();
  if (/^\d{1,4}$/.test(w)) return Number(w);
  return NUMBER_WORDS[w] ?? null;
}
