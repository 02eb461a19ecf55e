import { and, asc, count, desc, eq, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/index.js';
import { lastDayOf, londonDayOf } from '../../db/partial-date-sql.js';
import type { Page, PageRequest } from '../../shared/paging.js';
import { PUBLIC_VIEWER, type Viewer } from '../accounts/index.js';
import { forces } from '../forces/index.js';
import {
  inspectionForces,
  inspections,
  judgements,
  programmeAreas,
  programmes,
} from './inspections.table.js';
import { containsPattern } from '../../db/like.js';

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

/**
 * The day an inspection counts as published: its moment's London day, or the last day its recorded
 * date covers ("2023-09" counts from 30 September). The SQL twin of `publishedDay` in
 * workflow.history.ts, for "as at" lists that page in the database.
 */
export function inspectionPublishedDay(): SQL<string | null> {
  return sql<
    string | null
  >`coalesce(${londonDayOf(inspections.publishedAt)}, ${lastDayOf(inspections.publishedOn)})`;
}

/** The same day in raw SQL, for queries written by hand: `alias` is the inspection's alias. */
export function publishedDaySql(alias: string): SQL<string | null> {
  const i = sql.raw(alias);
  return sql<
    string | null
  >`coalesce(${londonDayOf(sql`${i}.published_at`)}, ${lastDayOf(sql`${i}.published_on`)})`;
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

/** Filters of the inspections list (the API's); every one optional. */
export type InspectionFilters = {
  /** Slug of a force the inspection covers. */
  force?: string | undefined;
  /** Slug of the programme. */
  programme?: string | undefined;
  type?: string | undefined;
  /** Year of publication. */
  year?: number | undefined;
  /** YYYY-MM-DD: published on or after that day. */
  publishedFrom?: string | undefined;
  /** YYYY-MM-DD: published on or before that day. */
  publishedTo?: string | undefined;
  /** YYYY-MM-DD: only what was published by the end of that day. */
  asAt?: string | undefined;
};

/** Filters of the judgements list; every one optional. */
export type JudgementFilters = {
  force?: string | undefined;
  inspection?: string | undefined;
  programme?: string | undefined;
  /** The area's slug, or words in its label as the source gives it. */
  area?: string | undefined;
  /** A grade, or "ungraded". */
  grade?: string | undefined;
  year?: number | undefined;
  asAt?: string | undefined;
};

/** A judgement with its force and inspection, for the judgements list. */
export type JudgementListRow = {
  id: string;
  forceSlug: string;
  forceName: string;
  inspectionSlug: string;
  inspectionTitle: string;
  programmeSlug: string | null;
  areaLabel: string;
  areaSlug: string | null;
  grade: string | null;
  publishedOn: string | null;
  publishedAt: Date | null;
  embargoed: boolean;
};

/** Conditions on an inspection (the `inspection` table, unaliased) shared by its lists. */
function inspectionConditions(filters: InspectionFilters & { inspection?: string | undefined }): SQL[] {
  const where: SQL[] = [];
  const day = inspectionPublishedDay();
  if (filters.force)
    where.push(sql`exists (select 1 from inspection_force x join force xf on xf.id = x.force_id
      where x.inspection_id = ${inspections.id} and xf.slug = ${filters.force})`);
  if (filters.inspection) where.push(eq(inspections.slug, filters.inspection));
  if (filters.programme)
    where.push(
      sql`${inspections.programmeId} in (select p.id from programme p where p.slug = ${filters.programme})`,
    );
  if (filters.type) where.push(eq(inspections.type, filters.type));
  if (filters.year) where.push(sql`substr(${day}, 1, 4) = ${String(filters.year)}`);
  if (filters.publishedFrom) where.push(sql`${day} >= ${filters.publishedFrom}`);
  if (filters.publishedTo) where.push(sql`${day} <= ${filters.publishedTo}`);
  if (filters.asAt) where.push(sql`${day} <= ${filters.asAt}`);
  return where;
}

export type ProgrammeRow = typeof programmes.$inferSelect;
export type AreaRow = typeof programmeAreas.$inferSelect;

export function createInspectionsRepository(db: DbOrTx) {
  async function summaries(
    where: SQL | undefined,
    viewer: Viewer,
    limit?: number,
    offset = 0,
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
      // The id last: a unique key, so paging gives every inspection exactly once.
      .orderBy(sql`${inspections.publishedOn} desc nulls last`, asc(inspections.title), asc(inspections.id));
    const rows = limit ? await query.limit(limit).offset(offset) : await query;
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
    /** One page of the inspections the viewer may see, filtered, and how many there are in all. */
    async page(
      filters: InspectionFilters,
      page: PageRequest,
      viewer: Viewer = PUBLIC_VIEWER,
    ): Promise<Page<InspectionSummary>> {
      const where = and(...inspectionConditions(filters));
      const [items, [counted]] = await Promise.all([
        summaries(where, viewer, page.limit, page.offset),
        db
          .select({ total: count() })
          .from(inspections)
          .where(and(visibleInspection(viewer), where)),
      ]);
      return { items, total: Number(counted?.total ?? 0) };
    },
    /**
     * One page of judgements (one area of one force in one inspection) from inspections the viewer
     * may see, newest inspection first, and how many there are in all.
     */
    async judgementPage(
      filters: JudgementFilters,
      page: PageRequest,
      viewer: Viewer = PUBLIC_VIEWER,
    ): Promise<Page<JudgementListRow>> {
      // The force is the judgement's own (a thematic inspection covers many).
      const where: SQL[] = [
        visibleInspection(viewer),
        ...inspectionConditions({ ...filters, force: undefined }),
      ];
      if (filters.force) where.push(eq(forces.slug, filters.force));
      if (filters.area)
        where.push(
          or(
            eq(programmeAreas.slug, filters.area),
            sql`${judgements.areaLabel} ilike ${containsPattern(filters.area)}`,
          )!,
        );
      if (filters.grade === 'ungraded') where.push(isNull(judgements.grade));
      else if (filters.grade) where.push(eq(judgements.grade, filters.grade));
      const [items, [counted]] = await Promise.all([
        db
          .select({
            id: judgements.id,
            forceSlug: forces.slug,
            forceName: forces.name,
            inspectionSlug: inspections.slug,
            inspectionTitle: inspections.title,
            programmeSlug: programmes.slug,
            areaLabel: judgements.areaLabel,
            areaSlug: programmeAreas.slug,
            grade: judgements.grade,
            publishedOn: inspections.publishedOn,
            publishedAt: inspections.publishedAt,
            embargoed: embargoedNow(),
          })
          .from(judgements)
          .innerJoin(inspections, eq(inspections.id, judgements.inspectionId))
          .innerJoin(forces, eq(forces.id, judgements.forceId))
          .leftJoin(programmeAreas, eq(programmeAreas.id, judgements.areaId))
          .leftJoin(programmes, eq(programmes.id, inspections.programmeId))
          .where(and(...where))
          .orderBy(
            sql`${inspectionPublishedDay()} desc nulls last`,
            asc(inspections.title),
            asc(forces.name),
            sql`${programmeAreas.position} nulls last`,
            asc(judgements.areaLabel),
            asc(judgements.id),
          )
          .limit(page.limit)
          .offset(page.offset),
        db
          .select({ total: count() })
          .from(judgements)
          .innerJoin(inspections, eq(inspections.id, judgements.inspectionId))
          .innerJoin(forces, eq(forces.id, judgements.forceId))
          .leftJoin(programmeAreas, eq(programmeAreas.id, judgements.areaId))
          .where(and(...where)),
      ]);
      return { items, total: Number(counted?.total ?? 0) };
    },
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
