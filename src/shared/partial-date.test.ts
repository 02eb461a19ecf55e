import { describe, it, expect } from 'vitest';
import {
  PARTIAL_DATE_PATTERN,
  InvalidPartialDateError,
  compare,
  contains,
  durationBetween,
  earliest,
  format,
  fromDate,
  isMorePrecise,
  latest,
  parseHuman,
  parseIso,
  refines,
  relation,
  toIso,
  tryParseIso,
  type PartialDate,
  refineIso,
} from './partial-date.js';

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
];
const MONTH_CASES = MONTHS.map((name, i) => ({ name, abbr: name.slice(0, 3), month: i + 1 }));

const y = (year: number): PartialDate => ({ year, precision: 'year' });
const ym = (year: number, month: number): PartialDate => ({ year, month, precision: 'month' });
const ymd = (year: number, month: number, day: number): PartialDate => ({
  year,
  month,
  day,
  precision: 'day',
});
const p = parseIso;

/** Every day of a year as ISO strings, built independently of the module (via UTC Dates). */
function daysOfYear(year: number): string[] {
  const days: string[] = [];
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(year, 0, 1);
  while (d.getUTCFullYear() === year) {
    days.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return days;
}

const VALID_ISO: [string, PartialDate][] = [
  ['2019', y(2019)],
  ['0000', y(0)],
  ['9999', y(9999)],
  ['2023-09', ym(2023, 9)],
  ['2023-01', ym(2023, 1)],
  ['2023-12', ym(2023, 12)],
  ['2024-07-23', ymd(2024, 7, 23)],
  ['2024-01-01', ymd(2024, 1, 1)],
  ['2024-12-31', ymd(2024, 12, 31)],
  ['2024-02-29', ymd(2024, 2, 29)],
  ['2000-02-29', ymd(2000, 2, 29)],
  ['2023-02-28', ymd(2023, 2, 28)],
  ['2023-04-30', ymd(2023, 4, 30)],
];

// Rejected by the pattern itself.
const MALFORMED_ISO = [
  '',
  ' 2019',
  '2019 ',
  '2019\n',
  '19',
  '201',
  '20190',
  '02019',
  '-2019',
  '+2019',
  'abcd',
  '２０１９', // full-width digits
  '2023-9',
  '2023-00',
  '2023-13',
  '2023-99',
  '2023-1',
  '2023-001',
  '2023-09-',
  '2023-09-1',
  '2023-09-00',
  '2023-09-32',
  '2023-09-001',
  '2023/09/01',
  '2023.09.01',
  '20230901',
  '2023-09-01T00:00',
  '2023-09-01Z',
  '2023-W01',
  '2023--09',
  '2023-09-01-01',
  'September 2023',
];

// Match the pattern but are not real calendar days; rejected by parseIso in JS.
const IMPOSSIBLE_ISO = [
  '2023-02-29',
  '1900-02-29',
  '2100-02-29',
  '2024-02-30',
  '2024-02-31',
  '2023-04-31',
  '2023-06-31',
  '2023-09-31',
  '2023-11-31',
];

const anchored = new RegExp('^(?:' + PARTIAL_DATE_PATTERN + ')$');

describe('PARTIAL_DATE_PATTERN', () => {
  it('is portable to PostgreSQL POSIX regexes: no \\d, no lookarounds, no non-capturing groups', () => {
    expect(PARTIAL_DATE_PATTERN).not.toMatch(/\\d|\(\?/);
  });

  it('carries no anchors (callers add ^...$)', () => {
    expect(PARTIAL_DATE_PATTERN).not.toMatch(/^\^|\$$/);
    expect(new RegExp(PARTIAL_DATE_PATTERN).test('x2019x')).toBe(true);
  });

  it.each(VALID_ISO.map(([s]) => s))('accepts %j', (s) => {
    expect(anchored.test(s)).toBe(true);
  });

  it.each(MALFORMED_ISO)('rejects %j', (s) => {
    expect(anchored.test(s)).toBe(false);
  });

  it.each(IMPOSSIBLE_ISO)('accepts calendar-impossible %j (the JS parser rejects it)', (s) => {
    expect(anchored.test(s)).toBe(true);
    expect(tryParseIso(s)).toBeNull();
  });

  it('agrees with parseIso on every day-of-month 00–32 for every month 00–13', () => {
    for (let m = 0; m <= 13; m++) {
      for (let d = 0; d <= 32; d++) {
        const s = `2024-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const shapeOk = m >= 1 && m <= 12 && d >= 1 && d <= 31;
        expect(anchored.test(s), s).toBe(shapeOk);
        if (!shapeOk) expect(tryParseIso(s), s).toBeNull();
      }
    }
  });
});

describe('parseIso / tryParseIso', () => {
  it.each(VALID_ISO)('parses %j', (s, expected) => {
    expect(parseIso(s)).toEqual(expected);
    expect(tryParseIso(s)).toEqual(expected);
  });

  it('returns objects without undefined month/day keys', () => {
    expect(Object.keys(parseIso('2019')).sort()).toEqual(['precision', 'year']);
    expect(Object.keys(parseIso('2019-03')).sort()).toEqual(['month', 'precision', 'year']);
  });

  it.each([...MALFORMED_ISO, ...IMPOSSIBLE_ISO])('rejects %j', (s) => {
    expect(() => parseIso(s)).toThrow(InvalidPartialDateError);
    expect(tryParseIso(s)).toBeNull();
  });

  it('throws an Error subclass carrying the input', () => {
    try {
      parseIso('2023-13');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
      expect(e).toBeInstanceOf(InvalidPartialDateError);
      expect((e as InvalidPartialDateError).name).toBe('InvalidPartialDateError');
      expect((e as InvalidPartialDateError).input).toBe('2023-13');
      expect((e as Error).message).toContain('2023-13');
    }
  });

  it.each([
    [2000, true],
    [1900, false],
    [2100, false],
    [2400, true],
    [2024, true],
    [2023, false],
    [1996, true],
  ])('29 February %i valid: %s', (year, leap) => {
    expect(tryParseIso(`${year}-02-29`) !== null).toBe(leap);
    expect(daysOfYear(year)).toHaveLength(leap ? 366 : 365);
  });
});

describe('toIso', () => {
  it.each([
    [y(2019), '2019'],
    [y(5), '0005'],
    [y(999), '0999'],
    [ym(2023, 9), '2023-09'],
    [ym(2023, 12), '2023-12'],
    [ymd(2024, 7, 3), '2024-07-03'],
    [ymd(2024, 1, 1), '2024-01-01'],
  ])('%j → %s', (d, iso) => {
    expect(toIso(d)).toBe(iso);
  });

  it.each<[string, PartialDate]>([
    ['month missing', { year: 2024, precision: 'month' }],
    ['day missing', { year: 2024, month: 2, precision: 'day' }],
    ['stray month on a year', { year: 2024, month: 2, precision: 'year' }],
    ['stray day on a month', { year: 2024, month: 2, day: 3, precision: 'month' }],
    ['month 0', ym(2024, 0)],
    ['month 13', ym(2024, 13)],
    ['fractional month', ym(2024, 1.5)],
    ['30 February', ymd(2024, 2, 30)],
    ['29 February 2023', ymd(2023, 2, 29)],
    ['negative year', y(-1)],
    ['five-digit year', y(10000)],
    ['fractional year', y(2024.5)],
    ['NaN year', y(Number.NaN)],
    ['unknown precision', { year: 2024, precision: 'week' as never }],
  ])('throws for %s', (_, d) => {
    expect(() => toIso(d)).toThrow(InvalidPartialDateError);
  });
});

describe('round trips', () => {
  it.each([2024, 2023, 2000, 1900, 1000, 9999])('every day, month and the year of %i', (year) => {
    const isos = [
      String(year).padStart(4, '0'),
      ...MONTH_CASES.map(({ month }) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`),
      ...daysOfYear(year),
    ];
    for (const s of isos) {
      expect(toIso(parseIso(s))).toBe(s);
      expect(parseIso(toIso(parseIso(s)))).toEqual(parseIso(s));
      expect(parseHuman(format(parseIso(s)))).toEqual(parseIso(s));
    }
  });
});

describe('parseHuman', () => {
  it.each<[string, string]>([
    ['2019', '2019'],
    ['September 2023', '2023-09'],
    ['Sept 2023', '2023-09'],
    ['Sep 2023', '2023-09'],
    ['Sept. 2023', '2023-09'],
    ['23 July 2024', '2024-07-23'],
    ['23rd July 2024', '2024-07-23'],
    ['1st May 2017', '2017-05-01'],
    ['2nd May 2017', '2017-05-02'],
    ['4th May 2017', '2017-05-04'],
    ['23rd of July 2024', '2024-07-23'],
    ['1 May 2017', '2017-05-01'],
    ['01 May 2017', '2017-05-01'],
    ['July 23, 2024', '2024-07-23'],
    ['July 23 2024', '2024-07-23'],
    ['July 23rd, 2024', '2024-07-23'],
    ['Jul 23, 2024', '2024-07-23'],
    ['17/03/2023', '2023-03-17'],
    ['17/03/23', '2023-03-17'],
    ['7/3/2023', '2023-03-07'],
    ['01/12/2023', '2023-12-01'],
    ['29/02/2024', '2024-02-29'],
    ['01/01/00', '2000-01-01'],
    ['31/12/69', '2069-12-31'],
    ['01/01/70', '1970-01-01'],
    ['17/03/99', '1999-03-17'],
    ['2024-07-23', '2024-07-23'],
    ['2024-07', '2024-07'],
    ['during 2024', '2024'],
    ['During 2024', '2024'],
    ['in January 2025', '2025-01'],
    ['In 2019', '2019'],
    ['in 23 July 2024', '2024-07-23'],
    ['SEPTEMBER 2023', '2023-09'],
    ['september 2023', '2023-09'],
    ['sEpT 2023', '2023-09'],
    ['23 JULY 2024', '2024-07-23'],
    ['  23 July 2024  ', '2024-07-23'],
    ['23\u00a0July\u00a02024', '2024-07-23'],
    ['23\u202fJuly\u20072024', '2024-07-23'],
    ['\t23  July\n2024\u00a0', '2024-07-23'],
    ['23 July 2024.', '2024-07-23'],
    ['23 July 2024,', '2024-07-23'],
    ['23 July 2024;', '2024-07-23'],
    ['September 2023:', '2023-09'],
    ['2019.', '2019'],
    ['2019...', '2019'],
    ['in January 2025.', '2025-01'],
    ['17/03/2023.', '2023-03-17'],
    ['29 February 2000', '2000-02-29'],
    ['29 February 2024', '2024-02-29'],
  ])('%j → %s', (s, iso) => {
    expect(parseHuman(s)).toEqual(parseIso(iso));
  });

  describe.each(MONTH_CASES)('$name', ({ name, abbr, month }) => {
    const mm = String(month).padStart(2, '0');
    it.each([
      `${name} 2023`,
      `${abbr} 2023`,
      `${abbr}. 2023`,
      `${name.toUpperCase()} 2023`,
      `${abbr.toLowerCase()} 2023`,
    ])('%j is month %i', (s) => {
      expect(parseHuman(s)).toEqual(ym(2023, month));
    });
    it.each([`1 ${name} 2023`, `1st ${abbr} 2023`, `${name} 1, 2023`, `01/${mm}/2023`, `1/${month}/23`])(
      '%j is the 1st',
      (s) => {
        expect(parseHuman(s)).toEqual(ymd(2023, month, 1));
      },
    );
    const last = daysOfYear(2023).filter((d) => d.startsWith(`2023-${mm}`)).length;
    it(`accepts day ${last} and rejects day ${last + 1} (2023)`, () => {
      expect(parseHuman(`${last} ${name} 2023`)).toEqual(ymd(2023, month, last));
      expect(parseHuman(`${last + 1} ${name} 2023`)).toBeNull();
      expect(parseHuman(`${last + 1}/${month}/2023`)).toBeNull();
      expect(parseHuman(`${name} ${last + 1}, 2023`)).toBeNull();
    });
  });

  it.each([
    // vague qualifiers
    'early 2024',
    'Early 2024',
    'late 2024',
    'mid 2024',
    'mid-2024',
    'spring 2024',
    'summer 2023',
    'around 2024',
    'circa 2024',
    'c. 2024',
    'by 2024',
    'before 2024',
    'after 2024',
    'since 2024',
    'end of 2024',
    'the end of September 2023',
    'early September 2023',
    'late 23 July 2024',
    '2024/25',
    '2023-24',
    '2020s',
    'Q1 2024',
    // invalid dates
    '31 June 2024',
    'June 31, 2024',
    '31/06/2024',
    '29 February 2023',
    '29 February 1900',
    '29/02/23',
    '0 July 2024',
    '32 July 2024',
    '17/13/2023',
    '00/01/2023',
    '2023-02-29',
    '2023-13',
    // unparseable
    '',
    '   ',
    '.',
    'in',
    'during',
    'in in 2024',
    'yesterday',
    'July',
    '23 July',
    'July 23',
    'Julyy 2024',
    'Ju 2024',
    'Juli 2024',
    'Septem 2023',
    '23 Foo 2024',
    'Foo 23, 2024',
    '23 July 24',
    'July 2024 23',
    '2024 July',
    '03/17/2023', // US order: month 17 is invalid
    '17/03/023',
    '17/03/20233',
    '17-03-2023',
    '17.03.2023',
    '123 July 2024',
    '19',
    '20190',
    'about 2019',
    '2019 or 2020',
    'September 2023 to October 2023',
  ])('returns null for %j', (s) => {
    expect(parseHuman(s)).toBeNull();
  });
});

describe('format', () => {
  it.each<[string, string]>([
    ['2019', '2019'],
    ['2023-09', 'September 2023'],
    ['2024-07-23', '23 July 2024'],
    ['2024-07-03', '3 July 2024'],
    ['2017-05-01', '1 May 2017'],
    ['2024-12-31', '31 December 2024'],
  ])('%s → %j', (iso, text) => {
    expect(format(parseIso(iso))).toBe(text);
  });

  it.each(MONTH_CASES)('month $month is $name', ({ name, month }) => {
    expect(format(ym(2024, month))).toBe(`${name} 2024`);
    expect(format(ymd(2024, month, 9))).toBe(`9 ${name} 2024`);
  });

  it('rejects malformed dates', () => {
    expect(() => format(ymd(2023, 2, 29))).toThrow(InvalidPartialDateError);
  });
});

describe('earliest / latest', () => {
  it.each<[string, string, string]>([
    ['2024', '2024-01-01', '2024-12-31'],
    ['2023', '2023-01-01', '2023-12-31'],
    ['2024-02', '2024-02-01', '2024-02-29'],
    ['2023-02', '2023-02-01', '2023-02-28'],
    ['2000-02', '2000-02-01', '2000-02-29'],
    ['1900-02', '1900-02-01', '1900-02-28'],
    ['2100-02', '2100-02-01', '2100-02-28'],
    ['2024-04', '2024-04-01', '2024-04-30'],
    ['2024-12', '2024-12-01', '2024-12-31'],
    ['2024-07-23', '2024-07-23', '2024-07-23'],
    ['0001', '0001-01-01', '0001-12-31'],
  ])('%s covers %s … %s', (iso, first, last) => {
    expect(earliest(parseIso(iso))).toBe(first);
    expect(latest(parseIso(iso))).toBe(last);
  });

  it.each([2000, 1900, 2024, 2023])('every month of %i ends on its real last day', (year) => {
    const days = daysOfYear(year);
    for (const { month } of MONTH_CASES) {
      const mm = `${year}-${String(month).padStart(2, '0')}`;
      const inMonth = days.filter((d) => d.startsWith(mm));
      expect(earliest(parseIso(mm))).toBe(inMonth[0]);
      expect(latest(parseIso(mm))).toBe(inMonth.at(-1));
    }
  });
});

/** Deterministic Fisher–Yates with a small LCG, so failures are reproducible. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('compare', () => {
  const SORTED = [
    '1900',
    '1900-02',
    '1900-02-28',
    '1999-12-31',
    '2000',
    '2000-02-29',
    '2019',
    '2019-01',
    '2019-01-01',
    '2019-01-02',
    '2019-02',
    '2019-12-31',
    '2023-09',
    '2024',
    '2024-01',
    '2024-01-01',
    '2024-01-31',
    '2024-02',
    '2024-02-29',
    '2024-07-23',
    '2024-12',
    '2024-12-31',
    '2025',
  ];

  it.each([1, 2, 3, 42, 2024, 99991])('sorts a shuffled list (seed %i)', (seed) => {
    const input = shuffled(SORTED, seed);
    expect(input).not.toEqual(SORTED);
    expect(input.map(parseIso).sort(compare).map(toIso)).toEqual(SORTED);
  });

  it('is a consistent total order (antisymmetric, reflexive zero, matches list order)', () => {
    SORTED.forEach((a, i) =>
      SORTED.forEach((b, j) => {
        const c = compare(p(a), p(b));
        expect(Math.sign(c), `${a} vs ${b}`).toBe(Math.sign(i - j));
        expect(Math.sign(compare(p(b), p(a)))).toBe(Math.sign(j - i));
      }),
    );
  });

  it.each<[string, string, number]>([
    ['2024', '2024-01', -1],
    ['2024-01', '2024-01-01', -1],
    ['2024', '2024-01-01', -1],
    ['2024-01-01', '2024', 1],
    ['2024-07-23', '2024-07-23', 0],
    ['2023-12-31', '2024', -1],
    ['2024-02', '2024-01-31', 1],
  ])('%s vs %s → %i', (a, b, sign) => {
    expect(Math.sign(compare(p(a), p(b)))).toBe(sign);
  });
});

describe('relation', () => {
  it.each<[string, string, ReturnType<typeof relation>]>([
    ['2023', '2024', 'before'],
    ['2023-12-31', '2024', 'before'],
    ['2024-06', '2024-07', 'before'],
    ['2024-06-30', '2024-07', 'before'],
    ['2024-07-22', '2024-07-23', 'before'],
    ['2024', '2025-01-01', 'before'],
    ['2025', '2024', 'after'],
    ['2025-01-01', '2024', 'after'],
    ['2024-08', '2024-07-31', 'after'],
    ['2024-07-24', '2024-07-23', 'after'],
    ['2024', '2024', 'same'],
    ['2024-07', '2024-07', 'same'],
    ['2024-07-23', '2024-07-23', 'same'],
    ['2024', '2024-07-23', 'overlaps'],
    ['2024-07-23', '2024', 'overlaps'],
    ['2024', '2024-01', 'overlaps'],
    ['2024-12', '2024', 'overlaps'],
    ['2024-07', '2024-07-01', 'overlaps'],
    ['2024-07-31', '2024-07', 'overlaps'],
  ])('%s is %s … %s', (a, b, expected) => {
    expect(relation(p(a), p(b))).toBe(expected);
  });

  it('is symmetric (before ↔ after, same and overlaps both ways)', () => {
    const flip = { before: 'after', after: 'before', same: 'same', overlaps: 'overlaps' } as const;
    const all = ['2023', '2024', '2024-02', '2024-02-29', '2024-03-01', '2025-01'];
    for (const a of all) for (const b of all) expect(relation(p(b), p(a))).toBe(flip[relation(p(a), p(b))]);
  });
});

describe('isMorePrecise / refines', () => {
  it.each<[string, string, boolean]>([
    ['2024-07-23', '2024', true],
    ['2024-07', '2024', true],
    ['2024-07-23', '2024-07', true],
    ['2024', '2024-07', false],
    ['2024', '2025', false],
    ['2024-07', '2023-01', false],
    ['2024-07-23', '2024-07-24', false],
    ['2025-01-01', '2024', true],
  ])('isMorePrecise(%s, %s) = %s', (a, b, expected) => {
    expect(isMorePrecise(p(a), p(b))).toBe(expected);
  });

  it.each<[string, string, boolean]>([
    ['2024-07-23', '2024', true],
    ['2024-01-01', '2024', true],
    ['2024-12-31', '2024', true],
    ['2024-07', '2024', true],
    ['2024-07-23', '2024-07', true],
    ['2024-02-29', '2024-02', true],
    ['2025-01-01', '2024', false],
    ['2023-12-31', '2024', false],
    ['2024-08-01', '2024-07', false],
    ['2024-07', '2023', false],
    ['2024', '2024', false],
    ['2024-07', '2024-07', false],
    ['2024-07-23', '2024-07-23', false],
    ['2024', '2024-07-23', false],
    ['2024-07', '2024-07-23', false],
  ])('refines(%s, %s) = %s', (a, b, expected) => {
    expect(refines(p(a), p(b))).toBe(expected);
  });
});

describe('contains', () => {
  it.each<[string, string, boolean]>([
    ['2024', '2024-01-01', true],
    ['2024', '2024-12-31', true],
    ['2024', '2023-12-31', false],
    ['2024', '2025-01-01', false],
    ['2024-02', '2024-02-29', true],
    ['2024-02', '2024-03-01', false],
    ['2024-02', '2024-01-31', false],
    ['2024-07-23', '2024-07-23', true],
    ['2024-07-23', '2024-07-24', false],
  ])('%s contains %s: %s', (d, day, expected) => {
    expect(contains(p(d), day)).toBe(expected);
  });

  it.each(['2024', '2024-07', '2023-02-29', '', '2024-7-1', '24 July 2024'])(
    'throws for non-day %j',
    (day) => {
      expect(() => contains(p('2024'), day)).toThrow(InvalidPartialDateError);
    },
  );
});

describe('fromDate', () => {
  it.each<[string, string, string?]>([
    // BST starts 2024-03-31 01:00Z; before it London is on GMT.
    ['2024-03-31T00:30:00Z', '2024-03-31'],
    ['2024-03-30T23:59:59Z', '2024-03-30'],
    ['2024-03-31T23:30:00Z', '2024-04-01'], // BST: 00:30 on 1 April
    ['2024-06-30T23:00:00Z', '2024-07-01'], // BST midnight
    ['2024-06-30T22:59:59Z', '2024-06-30'],
    // BST ends 2024-10-27 01:00Z; the evening before, London is an hour ahead.
    ['2024-10-26T23:30:00Z', '2024-10-27'],
    ['2024-10-26T22:59:59Z', '2024-10-26'],
    ['2024-10-27T23:30:00Z', '2024-10-27'], // GMT again
    ['2024-12-31T23:59:59Z', '2024-12-31'],
    ['2025-01-01T00:00:00Z', '2025-01-01'],
    ['2024-02-29T12:00:00Z', '2024-02-29'],
    // other zones
    ['2024-07-23T03:00:00Z', '2024-07-22', 'America/New_York'],
    ['2024-07-23T15:00:00Z', '2024-07-24', 'Pacific/Auckland'],
    ['2024-07-23T23:30:00Z', '2024-07-23', 'UTC'],
  ])('%s → %s (%s)', (instant, iso, zone) => {
    const d = fromDate(new Date(instant), zone);
    expect(d).toEqual(parseIso(iso));
    expect(d.precision).toBe('day');
  });

  it('defaults to Europe/London', () => {
    const instant = new Date('2024-10-26T23:30:00Z');
    expect(fromDate(instant)).toEqual(fromDate(instant, 'Europe/London'));
    expect(toIso(fromDate(instant))).toBe('2024-10-27');
  });

  it('throws for an invalid Date or time zone', () => {
    expect(() => fromDate(new Date('nope'))).toThrow(InvalidPartialDateError);
    expect(() => fromDate(new Date(), 'Not/AZone')).toThrow(RangeError);
  });
});

describe('durationBetween', () => {
  it.each<[string, string, number, boolean, string]>([
    // Cleveland: "2019" → "2023-09" is year-precise, so approximate and in whole years.
    ['2019', '2023-09', 56, true, 'about 4 years'],
    ['2019-01-01', '2023-09-01', 56, false, '4 years 8 months'],
    ['2023-07-23', '2024-07-23', 12, false, '1 year'],
    ['2023-07-23', '2024-07-22', 11, false, '11 months'],
    ['2023-07-23', '2024-08-23', 13, false, '1 year 1 month'],
    ['2020-02-29', '2024-02-29', 48, false, '4 years'],
    ['2024-01-31', '2024-02-29', 0, false, '0 months'],
    ['2024-01-15', '2024-02-15', 1, false, '1 month'],
    ['2024-07-23', '2024-07-23', 0, false, '0 months'],
    ['2010-05-01', '2025-04-30', 179, false, '14 years 11 months'],
    ['2023-09', '2024-07', 10, true, 'about 10 months'],
    ['2022-09', '2024-11', 26, true, 'about 2 years 2 months'],
    ['2023-09-15', '2024-07', 9, true, 'about 9 months'],
    ['2024', '2024-07-23', 6, true, 'about 6 months'],
    ['2024', '2025', 12, true, 'about 1 year'],
    ['2019', '2024-07-23', 66, true, 'about 5 years'],
    ['2024', '2024', 0, true, 'about 0 months'],
  ])('%s → %s: %i months, approximate %s, %j', (a, b, months, approximate, label) => {
    expect(durationBetween(p(a), p(b))).toEqual({ months, approximate, label });
  });

  it('uses "about " only when approximate', () => {
    for (const [a, b] of [
      ['2019-03-04', '2023-09-05'],
      ['2019', '2023'],
      ['2019-03', '2023-09-05'],
    ] as const) {
      const d = durationBetween(p(a), p(b));
      expect(d.label.startsWith('about ')).toBe(d.approximate);
    }
  });

  it('throws when end starts before start', () => {
    expect(() => durationBetween(p('2024-07-23'), p('2024-07-22'))).toThrow(RangeError);
    expect(() => durationBetween(p('2024-07'), p('2024'))).toThrow(RangeError);
  });
});

describe('refineIso: merging two dates for the same fact', () => {
  it.each([
    ['2023-09', '2023-09-20', '2023-09-20'],
    ['2023-09-20', '2023-09', '2023-09-20'],
    ['2023-09', '2024-01-05', '2023-09'],
    ['2019', null, '2019'],
    [null, '2019', '2019'],
    ['2024', '2024', '2024'],
  ] as const)('%s with %s gives %s', (base, candidate, expected) => {
    expect(refineIso(base, candidate)).toBe(expected);
  });
});
