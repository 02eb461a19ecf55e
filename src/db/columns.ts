import { sql } from 'drizzle-orm';
import { check, customType, integer, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { PARTIAL_DATE_PATTERN } from '../shared/partial-date.js';

/** Primary key shared by every table: a random UUID made by the database. */
export const id = () => uuid('id').primaryKey().defaultRandom();

/** created/updated timestamps and the optimistic-locking version every editable record carries. */
export const timestamps = () => ({
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
export const version = () => integer('version').notNull().default(1);

/**
 * A partial date is stored as its ISO prefix ("2019", "2023-09", "2024-07-23"): the precision is
 * the length, text order is chronological order, and the API can return it as is.
 * See docs/adr/0003-partial-dates.md.
 */
export const partialDate = (name: string) => text(name);

export const partialDateCheck = (name: string, column: AnyPgColumn): ReturnType<typeof check> =>
  check(name, sql`${column} ~ ${sql.raw(`'^(${PARTIAL_DATE_PATTERN})$'`)}`);

/** Where in a document a record came from: document and character range [start, end). */
export const sourceRange = () => ({
  sourceStart: integer('source_start'),
  sourceEnd: integer('source_end'),
});

export const enumCheck = (
  name: string,
  column: AnyPgColumn,
  values: readonly string[],
): ReturnType<typeof check> =>
  check(
    name,
    sql`${column} in (${sql.join(
      values.map((v) => sql.raw(`'${v.replaceAll("'", "''")}'`)),
      sql`, `,
    )})`,
  );

/** PostgreSQL full-text vector, used as a generated column with a GIN index. */
export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
