import { eq, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/index.js';
import { PUBLIC_VIEWER, type Viewer } from '../accounts/index.js';
import type { StatusChange } from '../findings/index.js';
import { visibleInspectionSql } from '../inspections/index.js';
import { themeOverrides } from './themes.table.js';

export type ThemeOverride = {
  id: string;
  themes: string[];
  reason: string;
  actor: string;
  updatedAt: Date;
  version: number;
};
export type ThemeSubject = { kind: 'finding' | 'engage-reason'; id: string };

const columnOf = (kind: ThemeSubject['kind']) =>
  kind === 'finding' ? themeOverrides.findingId : themeOverrides.engageReasonId;

const present = (row: typeof themeOverrides.$inferSelect): ThemeOverride => ({
  id: row.id,
  themes: row.themes,
  reason: row.reason,
  actor: row.actor,
  updatedAt: row.updatedAt,
  version: row.version,
});

export function createThemesRepository(db: DbOrTx) {
  return {
    /** Every override, keyed "finding:<id>" or "engage-reason:<id>". */
    async all(): Promise<Map<string, ThemeOverride>> {
      const rows = await db.select().from(themeOverrides);
      return new Map(
        rows.map((r) => [
          r.findingId ? `finding:${r.findingId}` : `engage-reason:${r.engageReasonId}`,
          present(r),
        ]),
      );
    },
    /** Status changes of these findings, newest first; public inspections only (for feeds). */
    async statusChangesOf(findingIds: string[], limit = 100): Promise<StatusChange[]> {
      if (findingIds.length === 0) return [];
      return queryRows<StatusChange>(
        db,
        sql`select e.id, e.finding_id as "findingId", e.status, e.occurred_on as "occurredOn", e.recorded_at as "recordedAt",
              f.text, fo.slug as "forceSlug", fo.name as "forceName", i.slug as "inspectionSlug"
            from finding_event e join finding f on f.id = e.finding_id join force fo on fo.id = f.force_id
              left join inspection i on i.id = f.inspection_id
            where e.status <> 'open' and (i.id is null or ${visibleInspectionSql(PUBLIC_VIEWER, 'i')})
              and e.finding_id in (${sql.join(
                findingIds.map((id) => sql`${id}::uuid`),
                sql`, `,
              )})
            order by e.recorded_at desc limit ${limit}`,
      );
    },
    /** The wording (and area) of a finding or Engage reason the viewer may see; undefined if none. */
    async subjectText(
      subject: ThemeSubject,
      viewer: Viewer,
    ): Promise<{ text: string; area: string } | undefined> {
      const [row] =
        subject.kind === 'finding'
          ? await queryRows<{ text: string; area: string | null }>(
              db,
              sql`select f.text, f.area_label as area from finding f
                    left join inspection i on i.id = f.inspection_id
                  where f.id = ${subject.id} and (i.id is null or ${visibleInspectionSql(viewer, 'i')})`,
            )
          : await queryRows<{ text: string; area: string | null }>(
              db,
              sql`select coalesce(r.text, '') || ' ' || coalesce(r.theme, '') as text, null as area
                  from engage_reason r where r.id = ${subject.id} and r.kind = 'reason' and r.finding_id is null`,
            );
      return row ? { text: row.text, area: row.area ?? '' } : undefined;
    },
    /** Writes the inspectorate's choice, over the one read (locked) before, bumping its version. */
    async save(
      subject: ThemeSubject,
      before: ThemeOverride | null,
      values: { themes: string[]; reason: string; actor: string },
    ): Promise<ThemeOverride> {
      const [row] = before
        ? await db
            .update(themeOverrides)
            .set({ ...values, version: before.version + 1, updatedAt: sql`now()` })
            .where(eq(themeOverrides.id, before.id))
            .returning()
        : await db
            .insert(themeOverrides)
            .values({
              ...(subject.kind === 'finding' ? { findingId: subject.id } : { engageReasonId: subject.id }),
              ...values,
            })
            .returning();
      return present(row!);
    },
    /** Back to the rules. */
    async remove(before: ThemeOverride): Promise<null> {
      await db.delete(themeOverrides).where(eq(themeOverrides.id, before.id));
      return null;
    },
    async forSubject(subject: ThemeSubject, lock = false): Promise<ThemeOverride | null> {
      const query = db
        .select()
        .from(themeOverrides)
        .where(eq(columnOf(subject.kind), subject.id));
      const [row] = lock ? await query.for('update') : await query;
      return row ? present(row) : null;
    },
  };
}
