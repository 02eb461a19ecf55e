import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

type Expr = SQL | AnyPgColumn;

/**
 * The last day a stored partial date covers, as YYYY-MM-DD text ("2024" → "2024-12-31", "2024-02" →
 * "2024-02-29"); null stays null. The SQL twin of `latest(parseIso(x))` in src/shared/partial-date.ts,
 * for "as at" filters that must page in the database: a partial date counts only once its whole
 * period has passed (docs/adr/0008).
 */
export const lastDayOf = (value: Expr): SQL<string | null> =>
  sql<string | null>`(case length(${value})
    when 4 then ${value} || '-12-31'
    when 7 then to_char((${value} || '-01')::date + interval '1 month' - interval '1 day', 'YYYY-MM-DD')
    else ${value} end)`;

/** The Europe/London calendar day of a timestamp, YYYY-MM-DD (the SQL twin of `londonDay`). */
export const londonDayOf = (at: Expr): SQL<string | null> =>
  sql<string | null>`to_char(${at} at time zone 'Europe/London', 'YYYY-MM-DD')`;
