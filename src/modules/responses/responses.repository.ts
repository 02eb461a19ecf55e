import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/index.js';
import type { Viewer } from '../accounts/index.js';
import { findings } from '../findings/index.js';
import { forces } from '../forces/index.js';
import { embargoedNow, visibleInspection } from '../inspections/index.js';
import { inspectionForces, inspections, judgements, programmeAreas } from '../inspections/index.js';
import { responseRecommendations, responses } from './responses.table.js';

/** The queries of the s55 response; the service holds the rules. */

const responseColumns = {
  response: responses,
  inspectionSlug: inspections.slug,
  inspectionTitle: inspections.title,
  inspectionKind: inspections.type,
  inspectionPublishedOn: inspections.publishedOn,
  inspectionPublishedAt: inspections.publishedAt,
  embargoed: embargoedNow(),
  forceSlug: forces.slug,
  forceName: forces.name,
  lpbName: forces.lpbName,
};

export type ResponseRow = typeof responses.$inferSelect;
export type ResponseRecord = {
  response: ResponseRow;
  inspectionSlug: string;
  inspectionTitle: string;
  inspectionKind: string;
  inspectionPublishedOn: string | null;
  inspectionPublishedAt: Date | null;
  embargoed: boolean;
  forceSlug: string;
  forceName: string;
  lpbName: string;
};

/** A response with its inspection and force; with a viewer, only if the viewer may see the inspection. */
export async function responseFor(
  db: DbOrTx,
  id: string,
  viewer?: Viewer,
): Promise<ResponseRecord | undefined> {
  const [row] = await db
    .select(responseColumns)
    .from(responses)
    .innerJoin(inspections, eq(inspections.id, responses.inspectionId))
    .innerJoin(forces, eq(forces.id, responses.forceId))
    .where(and(eq(responses.id, id), viewer ? visibleInspection(viewer) : undefined));
  return row;
}

/** Locks the response's row for the rest of the transaction. */
export async function lockResponse(tx: Tx, id: string): Promise<void> {
  await tx.execute(sql`select 1 from response where id = ${id} for update`);
}

export async function responseOf(
  db: DbOrTx,
  inspectionId: string,
  forceId: string,
): Promise<ResponseRow | undefined> {
  const [row] = await db
    .select()
    .from(responses)
    .where(and(eq(responses.inspectionId, inspectionId), eq(responses.forceId, forceId)));
  return row;
}

export async function inspectionBySlug(db: DbOrTx, slug: string, viewer: Viewer) {
  const [row] = await db
    .select({ id: inspections.id, title: inspections.title })
    .from(inspections)
    .where(and(eq(inspections.slug, slug), visibleInspection(viewer)));
  return row;
}

export async function inspectionById(db: DbOrTx, id: string) {
  const [row] = await db.select().from(inspections).where(eq(inspections.id, id));
  return row;
}

/** The forces an inspection covers, with whether each is quoted. */
export async function coveredForces(db: DbOrTx, inspectionId: string) {
  return db
    .select({ forceId: inspectionForces.forceId, quoted: inspectionForces.quoted, slug: forces.slug })
    .from(inspectionForces)
    .innerJoin(forces, eq(forces.id, inspectionForces.forceId))
    .where(eq(inspectionForces.inspectionId, inspectionId))
    .orderBy(asc(forces.slug));
}

export async function forceBySlug(db: DbOrTx, slug: string) {
  const [row] = await db
    .select({ id: forces.id, name: forces.name })
    .from(forces)
    .where(eq(forces.slug, slug));
  return row;
}

export type FindingItem = {
  id: string;
  parentId: string | null;
  kind: string;
  number: string | null;
  position: number;
  areaId: string | null;
  areaLabel: string | null;
  text: string;
};

/** The inspection's findings about one force, in the order the report gives them. */
export async function findingsFor(db: DbOrTx, inspectionId: string, forceId: string): Promise<FindingItem[]> {
  return db
    .select({
      id: findings.id,
      parentId: findings.parentId,
      kind: findings.kind,
      number: findings.number,
      position: findings.position,
      areaId: findings.areaId,
      areaLabel: findings.areaLabel,
      text: findings.text,
    })
    .from(findings)
    .where(and(eq(findings.inspectionId, inspectionId), eq(findings.forceId, forceId)))
    .orderBy(asc(findings.position), asc(findings.createdAt));
}

export type JudgementItem = { areaId: string | null; areaLabel: string; grade: string | null };

/** The inspection's grades for one force, in the programme's order of areas. */
export async function judgementsFor(
  db: DbOrTx,
  inspectionId: string,
  forceId: string,
): Promise<JudgementItem[]> {
  return db
    .select({ areaId: judgements.areaId, areaLabel: judgements.areaLabel, grade: judgements.grade })
    .from(judgements)
    .leftJoin(programmeAreas, eq(programmeAreas.id, judgements.areaId))
    .where(and(eq(judgements.inspectionId, inspectionId), eq(judgements.forceId, forceId)))
    .orderBy(
      sql`${programmeAreas.position} nulls last`,
      asc(judgements.createdAt),
      asc(judgements.areaLabel),
    );
}

export type RecommendationRow = typeof responseRecommendations.$inferSelect & { findingKind: string | null };

export async function recommendationsOf(db: DbOrTx, responseId: string): Promise<RecommendationRow[]> {
  const rows = await db
    .select({ row: responseRecommendations, findingKind: findings.kind })
    .from(responseRecommendations)
    .leftJoin(findings, eq(findings.id, responseRecommendations.findingId))
    .where(eq(responseRecommendations.responseId, responseId))
    .orderBy(asc(responseRecommendations.position));
  return rows.map((r) => ({ ...r.row, findingKind: r.findingKind }));
}

/** A scrutiny meeting held on a response, as the response page shows it (read by the scrutiny module). */
export type ScrutinyItem = {
  id: string;
  heldOn: string | null;
  body: string;
  focus: string | null;
  questions: Array<{ number: string | null; question: string; answer: string | null }>;
};

/** The force's other responses: what a national report can be answered through. */
export async function otherResponsesOf(db: DbOrTx, forceId: string, exceptId: string) {
  return db
    .select({ id: responses.id, inspectionTitle: inspections.title, status: responses.status })
    .from(responses)
    .innerJoin(inspections, eq(inspections.id, responses.inspectionId))
    .where(and(eq(responses.forceId, forceId), ne(responses.id, exceptId)))
    .orderBy(sql`${inspections.publishedOn} desc nulls last`, asc(inspections.title));
}

export async function insertResponse(
  tx: DbOrTx,
  values: typeof responses.$inferInsert,
): Promise<ResponseRow> {
  const [row] = await tx.insert(responses).values(values).returning();
  return row!;
}

export async function insertRecommendations(
  tx: DbOrTx,
  rows: Array<typeof responseRecommendations.$inferInsert>,
): Promise<Array<{ id: string; findingId: string | null }>> {
  if (rows.length === 0) return [];
  return tx
    .insert(responseRecommendations)
    .values(rows)
    .returning({ id: responseRecommendations.id, findingId: responseRecommendations.findingId });
}

/** Changes one row of the response's recommendations (its finding or its action). */
export async function updateRecommendation(
  tx: DbOrTx,
  id: string,
  values: { findingId?: string; action?: string | null },
): Promise<void> {
  await tx
    .update(responseRecommendations)
    .set({ ...values, version: sql`${responseRecommendations.version} + 1`, updatedAt: sql`now()` })
    .where(eq(responseRecommendations.id, id));
}

/** Fills a deadline still unknown (an inspection whose date became known after the response was made). */
export async function setDeadline(tx: DbOrTx, id: string, deadline: string): Promise<void> {
  await tx
    .update(responses)
    .set({ deadline })
    .where(and(eq(responses.id, id), sql`${responses.deadline} is null`));
}
