import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from './index.js';

/**
 * What the public record looks like now, as the caches see it: the data version every write bumps
 * (migration 0005), how many inspections are past their publication moment (an embargo lifting
 * changes what is public with no write), and today's date in London (durations such as "in Engage
 * for 1 year 11 months" change at midnight). `lastModified` is the latest of the three moments.
 */
export type DataVersion = { key: string; lastModified: Date };

export async function dataVersion(db: DbOrTx): Promise<DataVersion> {
  const [row] = await queryRows<{
    v: string | null;
    released: string;
    day: string;
    modified: string | number | null;
  }>(
    db,
    sql`select (select value #>> '{}' from app_meta where key = 'data-version') as v,
               (select count(*) from inspection where published_at is not null and published_at <= now()) as released,
               to_char(now() at time zone 'Europe/London', 'YYYY-MM-DD') as day,
               floor(extract(epoch from greatest(
                 (select updated_at from app_meta where key = 'data-version'),
                 (select max(published_at) from inspection where published_at <= now()),
                 date_trunc('day', now() at time zone 'Europe/London') at time zone 'Europe/London'
               ))) as modified`,
  );
  // Whole seconds (HTTP dates have no more), so If-Modified-Since compares as it should.
  const modified = new Date(Number(row?.modified ?? Math.floor(Date.now() / 1000)) * 1000);
  return {
    key: `${row?.v ?? '0'}.${row?.released ?? '0'}.${row?.day ?? ''}`,
    lastModified: modified,
  };
}
