import { asc, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/index.js';
import { findingEvents } from './findings.table.js';
import { statusAsAt } from '../../shared/as-at.js';

/** Each finding's inspectorate status at the end of a day, rebuilt from its events (null: not yet raised). */
export async function statusesAsAt(
  db: DbOrTx,
  findingIds: string[],
  day: string,
): Promise<Map<string, { status: string; on: string | null } | null>> {
  const events = findingIds.length
    ? await db
        .select()
        .from(findingEvents)
        .where(inArray(findingEvents.findingId, findingIds))
        .orderBy(asc(findingEvents.recordedAt))
    : [];
  return new Map(
    findingIds.map((id) => {
      const event = statusAsAt(
        events.filter((e) => e.findingId === id),
        day,
      );
      return [id, event ? { status: event.status, on: event.occurredOn } : null];
    }),
  );
}
