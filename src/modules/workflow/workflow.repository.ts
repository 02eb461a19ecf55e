import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/index.js';
import type { Viewer } from '../accounts/index.js';
import { forces } from '../forces/index.js';
import { findingEvents, findings } from '../findings/index.js';
import { visibleInspection, visibleInspectionSql } from '../inspections/index.js';
import { inspections } from '../inspections/index.js';
import {
  closureRequestEvidence,
  closureRequests,
  evidenceFiles,
  findingActionChanges,
  findingActions,
  findingAssessments,
  findingUpdates,
} from './workflow.table.js';

export type FindingRecord = {
  id: string;
  forceId: string;
  forceSlug: string;
  forceName: string;
  lpbName: string;
  inspectionId: string | null;
  inspectionSlug: string | null;
  inspectionTitle: string | null;
  publishedAt: Date | null;
  parentId: string | null;
  kind: string;
  number: string | null;
  areaLabel: string | null;
  text: string;
  raisedOn: string | null;
  status: string;
  statusOn: string | null;
  forceStatus: string;
  assurance: string;
  assuranceNote: string | null;
  version: number;
  sourceDocumentId: string | null;
  sourceStart: number | null;
  sourceEnd: number | null;
};

/** A finding the viewer may see (embargo applies), or undefined. */
export async function findingFor(db: DbOrTx, id: string, viewer: Viewer): Promise<FindingRecord | undefined> {
  const [row] = await db
    .select({
      id: findings.id,
      forceId: findings.forceId,
      forceSlug: forces.slug,
      forceName: forces.name,
      lpbName: forces.lpbName,
      inspectionId: findings.inspectionId,
      inspectionSlug: inspections.slug,
      inspectionTitle: inspections.title,
      publishedAt: inspections.publishedAt,
      parentId: findings.parentId,
      kind: findings.kind,
      number: findings.number,
      areaLabel: findings.areaLabel,
      text: findings.text,
      raisedOn: findings.raisedOn,
      status: findings.status,
      statusOn: findings.statusOn,
      forceStatus: findings.forceStatus,
      assurance: findings.assurance,
      assuranceNote: findings.assuranceNote,
      version: findings.version,
      sourceDocumentId: findings.sourceDocumentId,
      sourceStart: findings.sourceStart,
      sourceEnd: findings.sourceEnd,
    })
    .from(findings)
    .innerJoin(forces, eq(forces.id, findings.forceId))
    .leftJoin(inspections, eq(inspections.id, findings.inspectionId))
    .where(and(eq(findings.id, id), or(sql`${findings.inspectionId} is null`, visibleInspection(viewer))));
  return row;
}

export type Lineage = Array<{
  id: string;
  relation: string;
  text: string;
  forceSlug: string;
  inspectionTitle: string | null;
  status: string;
}>;

/** Earlier and later findings: parent and children, and links across inspections both ways. */
export async function lineageOf(db: DbOrTx, id: string, viewer: Viewer): Promise<Lineage> {
  return queryRows(
    db,
    sql`with rel as (
          select parent_id as other, 'part of' as relation from finding where id = ${id} and parent_id is not null
          union all select id, 'includes' from finding where parent_id = ${id}
          union all select to_finding_id, replace(kind, '-', ' ') from finding_link where from_finding_id = ${id}
          union all select from_finding_id, case kind when 'superseded-by' then 'supersedes' when 'replaced-by' then 'replaces' else 'carried over from' end
            from finding_link where to_finding_id = ${id}
        )
        select f.id, rel.relation, f.text, fo.slug as "forceSlug", i.title as "inspectionTitle", f.status
        from rel join finding f on f.id = rel.other join force fo on fo.id = f.force_id
          left join inspection i on i.id = f.inspection_id
        where (i.id is null or ${visibleInspectionSql(viewer, 'i')})
        order by f.raised_on nulls first, f.position`,
  );
}

export async function historyOf(db: DbOrTx, id: string) {
  const [events, assessments, actions, updates, requests] = await Promise.all([
    db
      .select()
      .from(findingEvents)
      .where(eq(findingEvents.findingId, id))
      .orderBy(asc(findingEvents.recordedAt)),
    db
      .select()
      .from(findingAssessments)
      .where(eq(findingAssessments.findingId, id))
      .orderBy(asc(findingAssessments.at)),
    db
      .select()
      .from(findingActions)
      .where(eq(findingActions.findingId, id))
      .orderBy(asc(findingActions.createdAt)),
    db.select().from(findingUpdates).where(eq(findingUpdates.findingId, id)).orderBy(desc(findingUpdates.at)),
    db
      .select()
      .from(closureRequests)
      .where(eq(closureRequests.findingId, id))
      .orderBy(desc(closureRequests.requestedAt)),
  ]);
  const [changes, files, bundled] = await Promise.all([
    actions.length
      ? db
          .select()
          .from(findingActionChanges)
          .where(
            inArray(
              findingActionChanges.actionId,
              actions.map((a) => a.id),
            ),
          )
          .orderBy(asc(findingActionChanges.at))
      : Promise.resolve([]),
    updates.length
      ? db
          .select({
            id: evidenceFiles.id,
            updateId: evidenceFiles.updateId,
            filename: evidenceFiles.filename,
            contentType: evidenceFiles.contentType,
            sizeBytes: evidenceFiles.sizeBytes,
            at: evidenceFiles.at,
          })
          .from(evidenceFiles)
          .where(
            inArray(
              evidenceFiles.updateId,
              updates.map((u) => u.id),
            ),
          )
      : Promise.resolve([]),
    requests.length
      ? db
          .select()
          .from(closureRequestEvidence)
          .where(
            inArray(
              closureRequestEvidence.closureRequestId,
              requests.map((r) => r.id),
            ),
          )
      : Promise.resolve([]),
  ]);
  return {
    events,
    assessments,
    actions: actions.map((a) => ({ ...a, changes: changes.filter((c) => c.actionId === a.id) })),
    updates: updates.map((u) => ({ ...u, evidence: files.filter((f) => f.updateId === u.id) })),
    closureRequests: requests.map((r) => ({
      ...r,
      evidence: files.filter((f) =>
        bundled.some((b) => b.closureRequestId === r.id && b.evidenceId === f.id),
      ),
    })),
  };
}
export type FindingHistory = Awaited<ReturnType<typeof historyOf>>;

export type WorkItem = {
  actionId: string;
  findingId: string;
  title: string;
  owner: string;
  dueOn: string;
  status: string;
  forceSlug: string;
  forceName: string;
  findingText: string;
};

/** Open actions due by a day (overdue and due soon), for the forces the viewer works on. */
export async function actionsDueBy(db: DbOrTx, viewer: Viewer, day: string): Promise<WorkItem[]> {
  return queryRows(
    db,
    sql`select a.id as "actionId", a.finding_id as "findingId", a.title, a.owner, a.due_on as "dueOn", a.status,
               fo.slug as "forceSlug", fo.name as "forceName", f.text as "findingText"
        from finding_action a join finding f on f.id = a.finding_id join force fo on fo.id = f.force_id
        where a.status in ('not-started', 'in-progress') and a.due_on <= ${day}
          and f.status in ('open', 'closure-requested')
          ${viewer.forceId ? sql`and f.force_id = ${viewer.forceId}` : sql``}
        order by a.due_on, fo.name limit 500`,
  );
}

export type ClosureItem = {
  id: string;
  findingId: string;
  summary: string;
  status: string;
  requestedBy: string;
  requestedAt: Date;
  decidedAt: Date | null;
  decisionNote: string | null;
  forceSlug: string;
  forceName: string;
  findingText: string;
};

/** Closure requests in a state, for the viewer's force (or every force for the inspectorate). */
export async function closureRequestsIn(
  db: DbOrTx,
  viewer: Viewer,
  statuses: string[],
): Promise<ClosureItem[]> {
  return queryRows(
    db,
    sql`select r.id, r.finding_id as "findingId", r.summary, r.status, r.requested_by as "requestedBy",
               r.requested_at as "requestedAt", r.decided_at as "decidedAt", r.decision_note as "decisionNote",
               fo.slug as "forceSlug", fo.name as "forceName", f.text as "findingText"
        from closure_request r join finding f on f.id = r.finding_id join force fo on fo.id = f.force_id
        where r.status in (${sql.join(
          statuses.map((s) => sql`${s}`),
          sql`, `,
        )})
          ${viewer.forceId ? sql`and f.force_id = ${viewer.forceId}` : sql``}
        order by r.requested_at limit 500`,
  );
}

export async function evidenceFile(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ file: evidenceFiles, findingId: findingUpdates.findingId })
    .from(evidenceFiles)
    .innerJoin(findingUpdates, eq(findingUpdates.id, evidenceFiles.updateId))
    .where(eq(evidenceFiles.id, id));
  return row;
}
