import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/index.js';
import { forces } from '../forces/index.js';
import type { ScrutinyItem } from '../responses/index.js';
import { scrutinyMeetingFindings, scrutinyMeetings, scrutinyQuestions } from './scrutiny.table.js';

export type MeetingRow = typeof scrutinyMeetings.$inferSelect;
export type QuestionRow = typeof scrutinyQuestions.$inferSelect;
export type MeetingRecord = MeetingRow & {
  force: { id: string; slug: string; name: string; lpbName: string };
  questions: QuestionRow[];
  findingIds: string[];
};

/**
 * Which meetings a reader may see: published ones, and drafts of the forces given (null: every
 * force's drafts, for the inspectorate).
 */
export type DraftScope = { forceIds: string[] } | 'all';

const visible = (drafts: DraftScope): SQL | undefined =>
  drafts === 'all'
    ? undefined
    : drafts.forceIds.length
      ? or(eq(scrutinyMeetings.published, true), inArray(scrutinyMeetings.forceId, drafts.forceIds))
      : eq(scrutinyMeetings.published, true);

/** Adds each meeting's questions (in order) and focus findings (in order). */
async function withParts(
  db: DbOrTx,
  rows: Array<{ meeting: MeetingRow; force: MeetingRecord['force'] }>,
): Promise<MeetingRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.meeting.id);
  const [questions, links] = await Promise.all([
    db
      .select()
      .from(scrutinyQuestions)
      .where(inArray(scrutinyQuestions.meetingId, ids))
      .orderBy(asc(scrutinyQuestions.position), asc(scrutinyQuestions.createdAt)),
    db
      .select()
      .from(scrutinyMeetingFindings)
      .where(inArray(scrutinyMeetingFindings.meetingId, ids))
      .orderBy(asc(scrutinyMeetingFindings.position)),
  ]);
  return rows.map(({ meeting, force }) => ({
    ...meeting,
    force,
    questions: questions.filter((q) => q.meetingId === meeting.id),
    findingIds: links.filter((l) => l.meetingId === meeting.id).map((l) => l.findingId),
  }));
}

const forceColumns = { id: forces.id, slug: forces.slug, name: forces.name, lpbName: forces.lpbName };

/** One meeting with its force, questions and focus findings; undefined if there is none. */
export async function meetingById(db: DbOrTx, id: string): Promise<MeetingRecord | undefined> {
  const rows = await db
    .select({ meeting: scrutinyMeetings, force: forceColumns })
    .from(scrutinyMeetings)
    .innerJoin(forces, eq(forces.id, scrutinyMeetings.forceId))
    .where(eq(scrutinyMeetings.id, id));
  return (await withParts(db, rows))[0];
}

/** Meetings the scope allows, newest first; optionally of one force. */
export async function listMeetings(
  db: DbOrTx,
  opts: { forceId?: string; drafts: DraftScope; limit: number; offset: number },
): Promise<MeetingRecord[]> {
  const rows = await db
    .select({ meeting: scrutinyMeetings, force: forceColumns })
    .from(scrutinyMeetings)
    .innerJoin(forces, eq(forces.id, scrutinyMeetings.forceId))
    .where(and(opts.forceId ? eq(scrutinyMeetings.forceId, opts.forceId) : undefined, visible(opts.drafts)))
    .orderBy(
      sql`${scrutinyMeetings.heldOn} desc nulls last`,
      asc(forces.name),
      asc(scrutinyMeetings.createdAt),
      asc(scrutinyMeetings.id),
    )
    .limit(opts.limit)
    .offset(opts.offset);
  return withParts(db, rows);
}

/** Another meeting of the force held by the same body on the same day (they must differ). */
export async function sameDayMeeting(
  db: DbOrTx,
  forceId: string,
  heldOn: string,
  body: string,
  exceptId: string | null,
): Promise<string | undefined> {
  const [row] = await db
    .select({ id: scrutinyMeetings.id })
    .from(scrutinyMeetings)
    .where(
      and(
        eq(scrutinyMeetings.forceId, forceId),
        eq(scrutinyMeetings.heldOn, heldOn),
        eq(scrutinyMeetings.body, body),
        exceptId ? sql`${scrutinyMeetings.id} <> ${exceptId}` : undefined,
      ),
    );
  return row?.id;
}

/** Locks a meeting's row until the transaction ends, so that its questions are changed by one writer at a time. */
export async function lockMeeting(tx: DbOrTx, id: string): Promise<void> {
  await tx.execute(sql`select 1 from scrutiny_meeting where id = ${id} for update`);
}

/** The scrutiny meetings recorded with the response, and their questions. */
export async function scrutinyOf(db: DbOrTx, responseId: string): Promise<ScrutinyItem[]> {
  const meetings = await db
    .select({
      id: scrutinyMeetings.id,
      heldOn: scrutinyMeetings.heldOn,
      body: scrutinyMeetings.body,
      focus: scrutinyMeetings.focus,
    })
    .from(scrutinyMeetings)
    .where(eq(scrutinyMeetings.responseId, responseId))
    .orderBy(sql`${scrutinyMeetings.heldOn} nulls last`);
  if (meetings.length === 0) return [];
  const questions = await db
    .select({
      meetingId: scrutinyQuestions.meetingId,
      number: scrutinyQuestions.number,
      question: scrutinyQuestions.question,
      answer: scrutinyQuestions.answer,
    })
    .from(scrutinyQuestions)
    .where(
      inArray(
        scrutinyQuestions.meetingId,
        meetings.map((m) => m.id),
      ),
    )
    .orderBy(asc(scrutinyQuestions.position));
  return meetings.map((m) => ({
    ...m,
    questions: questions
      .filter((q) => q.meetingId === m.id)
      .map(({ number, question, answer }) => ({ number, question, answer })),
  }));
}
