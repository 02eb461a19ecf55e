import { and, asc, desc, eq, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/index.js';
import { PUBLIC_VIEWER, type Viewer } from '../accounts/accounts.domain.js';
import { forces } from '../forces/forces.table.js';
import {
  inspectionForces,
  inspections,
  judgements,
  programmeAreas,
  programmes,
} from './inspections.table.js';

/**
 * Inspections the public may see: published, i.e. with no publication moment set (dated only by a
 * source) or one that has passed. Evaluated by the database at query time, so an embargo lifts
 * without a restart.
 */
export function publicInspection(): SQL {
  return or(isNull(inspections.publishedAt), lte(inspections.publishedAt, sql`now()`))!;
}

/**
 * Inspections this viewer may see: the public ones, and before publication only for the
 * inspectorate and administrators, and for force and lpb accounts of a force the inspection covers.
 */
export function visibleInspection(viewer: Viewer): SQL {
  if (viewer.role === 'inspectorate' || viewer.role === 'admin') return sql`true`;
  if ((viewer.role === 'force' || viewer.role === 'lpb') && viewer.forceId)
    return or(
      publicInspection(),
      sql`exists (select 1 from inspection_force x where x.inspection_id = ${inspections.id} and x.force_id = ${viewer.forceId})`,
    )!;
  return publicInspection();
}

/** Whether the inspection is still before its publication moment, by the database's clock. */
export function embargoedNow(): SQL<boolean> {
  return sql<boolean>`coalesce(${inspections.publishedAt} > now(), false)`;
}

/** The same rule in raw SQL, for queries written by hand: `alias` is the inspection's alias. */
export function visibleInspectionSql(viewer: Viewer, alias: string): SQL {
  const i = sql.raw(alias);
  const published = sql`(${i}.published_at is null or ${i}.published_at <= now())`;
  if (viewer.role === 'inspectorate' || viewer.role === 'admin') return sql`true`;
  if ((viewer.role === 'force' || viewer.role === 'lpb') && viewer.forceId)
    return sql`(${published} or exists (select 1 from inspection_force x where x.inspection_id = ${i}.id and x.force_id = ${viewer.forceId}))`;
  return published;
}

export type InspectionSummary = {
  id: string;
  slug: string;
  title: string;
  type: string;
  publishedOn: string | null;
  publishedAt: Date | null;
  /** Before its publication moment (so only the inspectorate and the forces it covers see it). */
  embargoed: boolean;
  sourceUrl: string | null;
  programme: { slug: string; name: string; cycle: string | null; scale: string } | null;
  forces: Array<{ slug: string; name: string }>;
};

export type JudgementRow = {
  inspectionId: string;
  forceId: string;
  areaLabel: string;
  areaSlug: string | null;
  grade: string | null;
  position: number | null;
};

export type ProgrammeRow = typeof programmes.$inferSelect;
export type AreaRow = typeof programmeAreas.$inferSelect;

export function createInspectionsRepository(db: DbOrTx) {
  async function summaries(
    where: SQL | undefined,
    viewer: Viewer,
    limit?: number,
  ): Promise<InspectionSummary[]> {
    const query = db
      .select({
        id: inspections.id,
        slug: inspections.slug,
        title: inspections.title,
        type: inspections.type,
        publishedOn: inspections.publishedOn,
        publishedAt: inspections.publishedAt,
        embargoed: embargoedNow(),
        sourceUrl: inspections.sourceUrl,
        programmeSlug: programmes.slug,
        programmeName: programmes.name,
        programmeCycle: programmes.cycle,
        programmeScale: programmes.scale,
      })
      .from(inspections)
      .leftJoin(programmes, eq(programmes.id, inspections.programmeId))
      .where(and(visibleInspection(viewer), where))
      .orderBy(sql`${inspections.publishedOn} desc nulls last`, asc(inspections.title));
    const rows = limit ? await query.limit(limit) : await query;
    if (rows.length === 0) return [];
    const covered = await db
      .select({ inspectionId: inspectionForces.inspectionId, slug: forces.slug, name: forces.name })
      .from(inspectionForces)
      .innerJoin(forces, eq(forces.id, inspectionForces.forceId))
      .where(
        inArray(
          inspectionForces.inspectionId,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(asc(forces.name));
    return rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      title: r.title,
      type: r.type,
      publishedOn: r.publishedOn,
      publishedAt: r.publishedAt,
      embargoed: r.embargoed,
      sourceUrl: r.sourceUrl,
      programme: r.programmeSlug
        ? { slug: r.programmeSlug, name: r.programmeName!, cycle: r.programmeCycle, scale: r.programmeScale! }
        : null,
      forces: covered.filter((c) => c.inspectionId === r.id).map(({ slug, name }) => ({ slug, name })),
    }));
  }

  return {
    latest: (limit: number, viewer: Viewer = PUBLIC_VIEWER) => summaries(undefined, viewer, limit),
    all: (viewer: Viewer = PUBLIC_VIEWER) => summaries(undefined, viewer),
    forForce: (forceId: string, viewer: Viewer = PUBLIC_VIEWER) =>
      summaries(
        inArray(
          inspections.id,
          db
            .select({ id: inspectionForces.inspectionId })
            .from(inspectionForces)
            .where(eq(inspectionForces.forceId, forceId)),
        ),
        viewer,
      ),
    async bySlug(slug: string, viewer: Viewer = PUBLIC_VIEWER): Promise<InspectionSummary | undefined> {
      const [row] = await summaries(eq(inspections.slug, slug), viewer);
      return row;
    },
    judgementsFor: (inspectionIds: string[]): Promise<JudgementRow[]> =>
      inspectionIds.length === 0
        ? Promise.resolve([])
        : db
            .select({
              inspectionId: judgements.inspectionId,
              forceId: judgements.forceId,
              areaLabel: judgements.areaLabel,
              areaSlug: programmeAreas.slug,
              grade: judgements.grade,
              position: programmeAreas.position,
            })
            .from(judgements)
            .leftJoin(programmeAreas, eq(programmeAreas.id, judgements.areaId))
            .where(inArray(judgements.inspectionId, inspectionIds))
            .orderBy(sql`${programmeAreas.position} nulls last`, asc(judgements.areaLabel)),
    /** Each force's grade for one area of one programme (the latest the viewer may see, if several). */
    gradesForArea: (
      programmeSlug: string,
      areaSlug: string,
      viewer: Viewer = PUBLIC_VIEWER,
    ): Promise<Array<{ forceSlug: string; grade: string | null }>> =>
      db
        .selectDistinctOn([forces.slug], { forceSlug: forces.slug, grade: judgements.grade })
        .from(judgements)
        .innerJoin(programmeAreas, eq(programmeAreas.id, judgements.areaId))
        .innerJoin(programmes, eq(programmes.id, programmeAreas.programmeId))
        .innerJoin(inspections, eq(inspections.id, judgements.inspectionId))
        .innerJoin(forces, eq(forces.id, judgements.forceId))
        .where(
          and(
            eq(programmes.slug, programmeSlug),
            eq(programmeAreas.slug, areaSlug),
            visibleInspection(viewer),
          ),
        )
        .orderBy(forces.slug, sql`${inspections.publishedOn} desc nulls last`),
    programmes: (): Promise<ProgrammeRow[]> =>
      db.select().from(programmes).orderBy(desc(programmes.startYear), asc(programmes.name)),
    async programmeBySlug(slug: string): Promise<ProgrammeRow | undefined> {
      const [row] = await db.select().from(programmes).where(eq(programmes.slug, slug));
      return row;
    },
    areasOf: (programmeId: string): Promise<AreaRow[]> =>
      db
        .select()
        .from(programmeAreas)
        .where(eq(programmeAreas.programmeId, programmeId))
        .orderBy(asc(programmeAreas.position)),
  };
}
