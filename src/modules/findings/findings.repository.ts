import { and, asc, count, eq, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/index.js';
import { lastDayOf, londonDayOf } from '../../db/partial-date-sql.js';
import type { Page, PageRequest } from '../../shared/paging.js';
import { forces } from '../forces/index.js';
import { PUBLIC_VIEWER, type Viewer } from '../accounts/index.js';
import { inspectionPublishedDay, visibleInspection, visibleInspectionSql } from '../inspections/index.js';
import { inspections } from '../inspections/index.js';
import { findingAsks, findings } from './findings.table.js';
import { containsPattern } from '../../db/like.js';

export type FindingNode = {
  id: string;
  kind: string;
  number: string | null;
  areaLabel: string | null;
  text: string;
  status: string;
  statusOn: string | null;
  asks: Array<{ dueOn: string; text: string }>;
  source: { documentId: string; start: number | null; end: number | null } | null;
  children: FindingNode[];
};

export function createFindingsRepository(db: DbOrTx) {
  return {
    /** An inspection's findings as trees (recommendations under their cause of concern), in document order. */
    async forInspection(inspectionId: string): Promise<FindingNode[]> {
      const rows = await db
        .select()
        .from(findings)
        .where(eq(findings.inspectionId, inspectionId))
        .orderBy(asc(findings.createdAt), asc(findings.position));
      if (rows.length === 0) return [];
      const asks = await db
        .select()
        .from(findingAsks)
        .where(
          inArray(
            findingAsks.findingId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(findingAsks.dueOn));
      const tree = (parentId: string | null): FindingNode[] =>
        rows
          .filter((r) => r.parentId === parentId)
          .map((r) => ({
            id: r.id,
            kind: r.kind,
            number: r.number,
            areaLabel: r.areaLabel,
            text: r.text,
            status: r.status,
            statusOn: r.statusOn,
            asks: asks.filter((a) => a.findingId === r.id).map((a) => ({ dueOn: a.dueOn, text: a.text })),
            source: r.sourceDocumentId
              ? { documentId: r.sourceDocumentId, start: r.sourceStart, end: r.sourceEnd }
              : null,
            children: tree(r.id),
          }));
      return tree(null);
    },
  };
}

export type FindingFilters = {
  force?: string | undefined;
  kind?: string | undefined;
  status?: string | undefined;
  year?: number | undefined;
  area?: string | undefined;
  forceStatus?: string | undefined;
  assurance?: string | undefined;
  overdue?: boolean | undefined;
  q?: string | undefined;
  /** The slug of the inspection that raised the findings. */
  inspection?: string | undefined;
  /**
   * YYYY-MM-DD: the findings as they stood at the end of that day: raised by then, of inspections
   * published by then, with the three statuses rebuilt from their history (the filters apply to
   * those). The same rules as `statusAsAt` and `assessmentAsAt` in workflow.history.ts, in SQL so
   * that the list pages in the database.
   */
  asAt?: string | undefined;
};

export type FindingListRow = {
  id: string;
  forceSlug: string;
  forceName: string;
  kind: string;
  number: string | null;
  areaLabel: string | null;
  text: string;
  status: string;
  statusOn: string | null;
  forceStatus: string;
  assurance: string;
  raisedOn: string | null;
  inspectionSlug: string | null;
  inspectionTitle: string | null;
  parentId: string | null;
};

export const FINDINGS_LIMIT = 1000;

/** A finding's three statuses at the end of a day, rebuilt from finding_event and finding_assessment. */
/**
 * The SQL twin of `statusAsAt`: a finding's status (or the date it took it) from its latest event
 * effective by the end of a day; null when none was (not yet raised, or no event recorded).
 */
export function findingStatusAtEndOf(
  findingId: SQL,
  day: string,
  column: 'status' | 'occurred_on' = 'status',
): SQL<string | null> {
  const effective = sql`coalesce(${lastDayOf(sql`e.occurred_on`)}, ${londonDayOf(sql`e.recorded_at`)})`;
  return sql<string | null>`(select e.${sql.raw(column)} from finding_event e
      where e.finding_id = ${findingId} and ${effective} <= ${day}
      order by ${effective} desc, e.recorded_at desc limit 1)`;
}

function statusesAtEndOf(day: string) {
  const latestEvent = (column: 'status' | 'occurred_on') =>
    findingStatusAtEndOf(sql`${findings.id}`, day, column);
  const assessment = (view: 'force' | 'lpb', fallback: string) =>
    sql<string>`coalesce((select a.value from finding_assessment a
      where a.finding_id = ${findings.id} and a.view = ${view} and ${londonDayOf(sql`a.at`)} <= ${day}
      order by a.at desc limit 1), ${fallback})`;
  return {
    status: latestEvent('status'),
    statusOn: latestEvent('occurred_on'),
    forceStatus: assessment('force', 'not-started'),
    assurance: assessment('lpb', 'not-assessed'),
  };
}

/** The columns and conditions of a findings list (what the viewer may see: embargo applies). */
function findingsQuery(filters: FindingFilters, viewer: Viewer) {
  const statuses = filters.asAt
    ? statusesAtEndOf(filters.asAt)
    : {
        status: sql<string>`${findings.status}`,
        statusOn: sql<string | null>`${findings.statusOn}`,
        forceStatus: sql<string>`${findings.forceStatus}`,
        assurance: sql<string>`${findings.assurance}`,
      };
  const conditions = [or(isNull(findings.inspectionId), visibleInspection(viewer))];
  if (filters.asAt)
    conditions.push(
      sql`${statuses.status} is not null`,
      or(isNull(findings.inspectionId), sql`${inspectionPublishedDay()} <= ${filters.asAt}`),
    );
  if (filters.force) conditions.push(eq(forces.slug, filters.force));
  if (filters.inspection) conditions.push(eq(inspections.slug, filters.inspection));
  if (filters.kind) conditions.push(eq(findings.kind, filters.kind));
  if (filters.status) conditions.push(sql`${statuses.status} = ${filters.status}`);
  if (filters.year) conditions.push(like(findings.raisedOn, `${filters.year}%`));
  if (filters.area) conditions.push(sql`${findings.areaLabel} ilike ${containsPattern(filters.area)}`);
  if (filters.forceStatus) conditions.push(sql`${statuses.forceStatus} = ${filters.forceStatus}`);
  if (filters.assurance) conditions.push(sql`${statuses.assurance} = ${filters.assurance}`);
  if (filters.overdue)
    conditions.push(
      sql`exists (select 1 from finding_action a where a.finding_id = ${findings.id} and a.status in ('not-started', 'in-progress')
            and a.due_on < to_char(now() at time zone 'Europe/London', 'YYYY-MM-DD'))`,
    );
  if (filters.q) conditions.push(sql`${findings.search} @@ websearch_to_tsquery('english', ${filters.q})`);
  return { statuses, where: and(...conditions) };
}

/** Findings for lists and exports (what the viewer may see: embargo applies), newest first. */
export async function listFindings(
  db: DbOrTx,
  filters: FindingFilters,
  limit = FINDINGS_LIMIT,
  offset = 0,
  viewer: Viewer = PUBLIC_VIEWER,
): Promise<FindingListRow[]> {
  const { statuses, where } = findingsQuery(filters, viewer);
  return db
    .select({
      id: findings.id,
      forceSlug: forces.slug,
      forceName: forces.name,
      kind: findings.kind,
      number: findings.number,
      areaLabel: findings.areaLabel,
      text: findings.text,
      status: sql<string>`${statuses.status}`,
      statusOn: statuses.statusOn,
      forceStatus: statuses.forceStatus,
      assurance: statuses.assurance,
      raisedOn: findings.raisedOn,
      inspectionSlug: inspections.slug,
      inspectionTitle: inspections.title,
      parentId: findings.parentId,
    })
    .from(findings)
    .innerJoin(forces, eq(forces.id, findings.forceId))
    .leftJoin(inspections, eq(inspections.id, findings.inspectionId))
    .where(where)
    .orderBy(
      sql`${findings.raisedOn} desc nulls last`,
      asc(forces.name),
      asc(findings.createdAt),
      asc(findings.position),
      // A unique last key: paging through the list gives every finding exactly once.
      asc(findings.id),
    )
    .limit(limit)
    .offset(offset);
}

/** One page of the findings list and how many findings the whole list has. */
export async function pageFindings(
  db: DbOrTx,
  filters: FindingFilters,
  page: PageRequest,
  viewer: Viewer = PUBLIC_VIEWER,
): Promise<Page<FindingListRow>> {
  const { where } = findingsQuery(filters, viewer);
  const [items, [counted]] = await Promise.all([
    listFindings(db, filters, page.limit, page.offset, viewer),
    db
      .select({ total: count() })
      .from(findings)
      .innerJoin(forces, eq(forces.id, findings.forceId))
      .leftJoin(inspections, eq(inspections.id, findings.inspectionId))
      .where(where),
  ]);
  return { items, total: Number(counted?.total ?? 0) };
}

export type StatusChange = {
  id: string;
  findingId: string;
  status: string;
  occurredOn: string | null;
  recordedAt: Date;
  text: string;
  forceSlug: string;
  forceName: string;
  inspectionSlug: string | null;
};

/** Findings that changed status (closed, superseded…), newest first; published inspections only. */
export async function recentStatusChanges(
  db: DbOrTx,
  forceSlug?: string,
  limit = 100,
  viewer: Viewer = PUBLIC_VIEWER,
): Promise<StatusChange[]> {
  return queryRows<StatusChange>(
    db,
    sql`select e.id, e.finding_id as "findingId", e.status, e.occurred_on as "occurredOn", e.recorded_at as "recordedAt",
          f.text, fo.slug as "forceSlug", fo.name as "forceName", i.slug as "inspectionSlug"
        from finding_event e join finding f on f.id = e.finding_id join force fo on fo.id = f.force_id
          left join inspection i on i.id = f.inspection_id
        where e.status <> 'open' and (i.id is null or ${visibleInspectionSql(viewer, 'i')})
          ${forceSlug ? sql`and fo.slug = ${forceSlug}` : sql``}
        order by e.recorded_at desc limit ${limit}`,
  );
}
