import { and, eq, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { AppError } from '../shared/errors.js';
import type { DbOrTx } from './index.js';

type Versioned = PgTable & { id: PgColumn; version: PgColumn; updatedAt: PgColumn };

/**
 * Optimistic locking: updates the row only if it is still at the version the editor saw, bumping
 * the version. Otherwise throws a 409 conflict carrying the row as it is now, so the caller can
 * show the current values; a missing row is a 404. Returns the row after the update.
 */
export async function updateVersioned<T extends Versioned>(
  tx: DbOrTx,
  table: T,
  id: string,
  expectedVersion: number,
  values: Partial<T['$inferInsert']>,
  what = 'record',
): Promise<T['$inferSelect']> {
  const updated = (await tx
    .update(table)
    .set({ ...values, version: sql`${table.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(table.id, id), eq(table.version, expectedVersion)))
    .returning()) as Array<T['$inferSelect']>;
  if (updated[0]) return updated[0];
  const current = (await tx
    .select()
    // The cast is needed by tsc (the generic table is not a table-like to drizzle's types).
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    .from(table as PgTable)
    .where(eq(table.id, id))) as Array<T['$inferSelect']>;
  if (!current[0]) throw new AppError('not-found', `The ${what} was not found`);
  throw new ConflictError(what, current[0]);
}

/**
 * A stale edit: someone else saved the record after the editor loaded it. `current` is the record
 * as it is now, for the form to show; the API answers only with its version, unless the service
 * says `current` is already the public presentation of the record (`presented`), never a raw row.
 */
export class ConflictError extends AppError {
  readonly current: unknown;
  readonly presented: boolean;
  constructor(what: string, current: unknown, options: { presented?: boolean } = {}) {
    super(
      'conflict',
      `Someone else changed this ${what} after you opened it. Check the current values and make your change again.`,
    );
    this.current = current;
    this.presented = options.presented ?? false;
  }

  /** The version the record is at now, when it has one. */
  get currentVersion(): number | null {
    const version = (this.current as { version?: unknown } | null)?.version;
    return typeof version === 'number' ? version : null;
  }
}
