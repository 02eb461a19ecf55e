import { and, eq, inArray, sql } from 'drizzle-orm';
import { parseInput } from '../../web/forms.js';
import { ZodError, type z } from 'zod';
import type { Db, Tx } from '../../db/index.js';
import { ConflictError, updateVersioned } from '../../db/versioned.js';
import { AppError, InputError, notFound } from '../../shared/errors.js';
import { latest, parseIso } from '../../shared/partial-date.js';
import { PUBLIC_VIEWER, type Viewer } from '../accounts/index.js';
import { assertCan, can } from '../accounts/index.js';
import { recordAudit } from '../../db/audit.js';
import {
  FINDING_KIND_LABELS,
  FINDING_STATUS_LABELS,
  type FindingKind,
  type FindingStatus,
} from '../findings/index.js';
import type { FindingsService } from '../findings/index.js';
import type { ForcesService } from '../forces/index.js';
import { today } from '../../shared/london-time.js';
import { findingFor, historyOf, type FindingRecord } from '../workflow/index.js';
import { buildPack, dayLabel, packDay, type MeetingPack, type PackMeeting } from './scrutiny.pack.js';
import {
  listMeetings,
  lockMeeting,
  meetingById,
  sameDayMeeting,
  type DraftScope,
  type MeetingRecord,
} from './scrutiny.repository.js';
import {
  editMeetingSchema,
  newMeetingSchema,
  publishSchema,
  type QuestionInput,
} from './scrutiny.schemas.js';
import { scrutinyMeetingFindings, scrutinyMeetings, scrutinyQuestions } from './scrutiny.table.js';

/** Statuses in which a finding can be brought into a meeting's focus: it is still being worked on. */
const LIVE_STATUSES = ['open', 'closure-requested'];
/** Findings that call for action (innovative practice is shared, not answered for). */
const ACTIONABLE = (kind: string) => kind !== 'innovative-practice';

/** A 422 about one field, in the same shape as a schema's. */
const invalid = (field: string, message: string) =>
  new InputError(new ZodError([{ code: 'custom', path: [field], message, input: undefined }]));

const lines = (text: string | null): string[] =>
  (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** A meeting as the pages and the API show it. */
export function presentMeeting(m: MeetingRecord) {
  return {
    id: m.id,
    force: m.force.slug,
    forceName: m.force.name,
    lpbName: m.force.lpbName,
    heldOn: m.heldOn,
    body: m.body,
    focus: m.focus,
    published: m.published,
    publishedAt: m.publishedAt?.toISOString() ?? null,
    packFrozenAt: m.packFrozenAt?.toISOString() ?? null,
    actionsArising: m.actionsArising,
    version: m.version,
    questions: m.questions.map((q) => ({
      id: q.id,
      number: q.number,
      question: q.question,
      answer: q.answer,
    })),
    findings: m.findingIds,
  };
}
export type PresentedMeeting = ReturnType<typeof presentMeeting>;

/** What the audit log keeps of a meeting, before and after a change. */
const snapshot = (m: {
  heldOn: string | null;
  body: string;
  focus: string | null;
  actionsArising: string | null;
  findingIds: string[];
  questions: Array<{ id?: string | null; number: string | null; question: string; answer: string | null }>;
}) => ({
  heldOn: m.heldOn,
  body: m.body,
  focus: m.focus,
  actionsArising: m.actionsArising,
  findings: m.findingIds,
  questions: m.questions.map((q) => ({ number: q.number, question: q.question, answer: q.answer })),
});

/**
 * Scrutiny meetings: the local policing body records its meetings with the chief constable (and the
 * police and crime panel's with the PCC), their focus findings, questions, answers and actions
 * arising; publishing one freezes its pack. Drafts are seen only by those the permission table
 * lets see them; every write is versioned, checked against the table, and audited in its transaction.
 */
export function createScrutinyService(db: Db, deps: { forces: ForcesService; findings: FindingsService }) {
  const draftScope = (viewer: Viewer, forceIds: string[]): DraftScope =>
    // Roles allowed for any force (the inspectorate) pass without a force in the context.
    can(viewer, 'meeting.view-draft', {})
      ? 'all'
      : { forceIds: forceIds.filter((id) => can(viewer, 'meeting.view-draft', { forceIds: [id] })) };

  /** A meeting the viewer may see: published, or a draft they may see; 404 otherwise. */
  async function visibleMeeting(dbx: Db | Tx, viewer: Viewer, id: string): Promise<MeetingRecord> {
    const meeting = await meetingById(dbx, id);
    if (!meeting) throw notFound('The meeting');
    if (!meeting.published && !can(viewer, 'meeting.view-draft', { forceIds: [meeting.forceId] }))
      throw notFound('The meeting');
    return meeting;
  }

  /**
   * Loads a meeting for a change inside the transaction, locking its row; checks the permission
   * (before the input), then the input, then that the editor saw the current version (409 with it).
   */
  async function forWrite<S extends z.ZodType<{ version: number }>>(
    tx: Tx,
    viewer: Viewer,
    id: string,
    action: 'meeting.edit' | 'meeting.publish',
    schema: S,
    input: unknown,
  ): Promise<{ current: MeetingRecord; value: z.infer<S> }> {
    await lockMeeting(tx, id);
    const current = await meetingById(tx, id);
    if (!current) throw notFound('The meeting');
    assertCan(viewer, action, { forceIds: [current.forceId] });
    const value = parseInput(schema, input);
    if (value.version !== current.version) throw new ConflictError('meeting', presentMeeting(current));
    return { current, value };
  }

  /** Checks the focus findings: the force's, visible to the viewer, and still live unless already in focus. */
  async function checkFindings(
    tx: Tx,
    viewer: Viewer,
    forceId: string,
    ids: string[],
    alreadyInFocus: string[],
  ): Promise<void> {
    for (const id of ids) {
      const finding = await findingFor(tx, id, viewer);
      if (!finding || finding.forceId !== forceId)
        throw invalid('findings', 'Choose findings of this force from the list');
      if (!alreadyInFocus.includes(id) && !LIVE_STATUSES.includes(finding.status))
        throw invalid('findings', 'Choose findings that are still open');
    }
  }

  async function checkSameDay(
    tx: Tx,
    forceId: string,
    heldOn: string,
    body: string,
    exceptId: string | null,
  ) {
    if (await sameDayMeeting(tx, forceId, heldOn, body, exceptId))
      throw invalid('heldOn', `There is already a record of a ${body.toLowerCase()} on ${dayLabel(heldOn)}`);
  }

  async function setFindings(tx: Tx, meetingId: string, ids: string[]) {
    await tx.delete(scrutinyMeetingFindings).where(eq(scrutinyMeetingFindings.meetingId, meetingId));
    if (ids.length)
      await tx
        .insert(scrutinyMeetingFindings)
        .values(ids.map((findingId, position) => ({ meetingId, findingId, position })));
  }

  /** Makes the meeting's questions the list given: rows with an id are changed in place, others added, the rest removed. */
  async function setQuestions(tx: Tx, meeting: MeetingRecord, questions: QuestionInput[]) {
    const known = new Map(meeting.questions.map((q) => [q.id, q]));
    for (const [i, q] of questions.entries())
      if (q.id && !known.has(q.id))
        throw new InputError(
          new ZodError([
            {
              code: 'custom',
              path: ['questions', i, 'question'],
              message: 'That question is not part of this meeting',
              input: undefined,
            },
          ]),
        );
    const kept = new Set(questions.flatMap((q) => (q.id ? [q.id] : [])));
    const removed = meeting.questions.filter((q) => !kept.has(q.id)).map((q) => q.id);
    if (removed.length) await tx.delete(scrutinyQuestions).where(inArray(scrutinyQuestions.id, removed));
    for (const [position, q] of questions.entries()) {
      const before = q.id ? known.get(q.id) : undefined;
      if (!before) {
        await tx.insert(scrutinyQuestions).values({
          meetingId: meeting.id,
          position,
          number: q.number,
          question: q.question,
          answer: q.answer,
        });
      } else if (
        before.position !== position ||
        before.number !== q.number ||
        before.question !== q.question ||
        before.answer !== q.answer
      ) {
        await tx
          .update(scrutinyQuestions)
          .set({
            position,
            number: q.number,
            question: q.question,
            answer: q.answer,
            version: sql`${scrutinyQuestions.version} + 1`,
            updatedAt: sql`now()`,
          })
          .where(and(eq(scrutinyQuestions.id, before.id), eq(scrutinyQuestions.meetingId, meeting.id)));
      }
    }
  }

  /** The focus findings with their history, for the pack. */
  async function focusHistory(dbx: Db | Tx, viewer: Viewer, ids: string[]) {
    const focus: Array<{ finding: FindingRecord; history: Awaited<ReturnType<typeof historyOf>> }> = [];
    for (const id of ids) {
      const finding = await findingFor(dbx, id, viewer);
      if (finding) focus.push({ finding, history: await historyOf(dbx, id) });
    }
    return focus;
  }

  const packMeeting = (m: MeetingRecord): PackMeeting => ({
    forceName: m.force.name,
    lpbName: m.force.lpbName,
    heldOn: m.heldOn,
    body: m.body,
    focus: m.focus,
    published: m.published,
    packFrozenAt: m.packFrozenAt,
    questions: m.questions.map((q) => ({ number: q.number, question: q.question, answer: q.answer })),
    actionsArising: lines(m.actionsArising),
  });

  return {
    /** A force's meetings: published ones, and drafts for those who may see them. */
    async forForce(viewer: Viewer, slug: string) {
      const force = await deps.forces.get(slug);
      const meetings = await listMeetings(db, {
        forceId: force.id,
        drafts: draftScope(viewer, [force.id]),
        limit: 500,
        offset: 0,
      });
      return { force, meetings, canCreate: can(viewer, 'meeting.edit', { forceIds: [force.id] }) };
    },

    /** Meetings for the API: published ones, and drafts of the forces the viewer may see them for. */
    async list(viewer: Viewer, opts: { force?: string | undefined; limit: number; offset: number }) {
      const force = opts.force ? await deps.forces.get(opts.force) : null;
      const scope = draftScope(viewer, force ? [force.id] : viewer.forceId ? [viewer.forceId] : []);
      return listMeetings(db, { ...(force ? { forceId: force.id } : {}), drafts: scope, ...opts });
    },

    /** One meeting, with its focus findings as they are now, and what the viewer may do with it. */
    async get(viewer: Viewer, id: string) {
      const meeting = await visibleMeeting(db, viewer, id);
      const findings = [];
      for (const findingId of meeting.findingIds) {
        const f = await findingFor(db, findingId, viewer);
        if (f)
          findings.push({
            id: f.id,
            title: `${FINDING_KIND_LABELS[f.kind as FindingKind] ?? f.kind}${f.number ? ` ${f.number}` : ''}`,
            text: f.text,
            inspectionTitle: f.inspectionTitle,
            status: f.status,
            statusLabel: FINDING_STATUS_LABELS[f.status as FindingStatus] ?? f.status,
          });
      }
      const context = { forceIds: [meeting.forceId] };
      return {
        meeting,
        findings,
        actionsArising: lines(meeting.actionsArising),
        can: {
          edit: can(viewer, 'meeting.edit', context),
          publish: !meeting.published && can(viewer, 'meeting.publish', context),
        },
      };
    },

    /** A meeting for its edit form: only for those who may edit it. */
    async forEdit(viewer: Viewer, id: string): Promise<MeetingRecord> {
      const meeting = await meetingById(db, id);
      if (!meeting) throw notFound('The meeting');
      assertCan(viewer, 'meeting.edit', { forceIds: [meeting.forceId] });
      return meeting;
    },

    /** Who may create a meeting for a force (before the form is shown). */
    async forceForNew(viewer: Viewer, slug: string) {
      const force = await deps.forces.get(slug);
      assertCan(viewer, 'meeting.edit', { forceIds: [force.id] });
      return force;
    },

    /**
     * The findings a meeting may focus on: the force's findings still being worked on, and any
     * already in its focus (they stay even once closed).
     */
    async focusOptions(viewer: Viewer, slug: string, alreadyInFocus: string[] = []) {
      const rows = await deps.findings.list({ force: slug }, 1000, 0, viewer);
      return rows
        .filter(
          (f) => alreadyInFocus.includes(f.id) || (LIVE_STATUSES.includes(f.status) && ACTIONABLE(f.kind)),
        )
        .map((f) => ({
          id: f.id,
          title: `${FINDING_KIND_LABELS[f.kind as FindingKind] ?? f.kind}${f.number ? ` ${f.number}` : ''}`,
          text: f.text,
          inspectionTitle: f.inspectionTitle,
          statusLabel: FINDING_STATUS_LABELS[f.status as FindingStatus] ?? f.status,
        }));
    },

    /** The pack: frozen when the meeting was published, else rebuilt now as at the meeting date. */
    async pack(
      viewer: Viewer,
      id: string,
    ): Promise<{ meeting: PackMeeting; pack: MeetingPack; record: MeetingRecord }> {
      const record = await visibleMeeting(db, viewer, id);
      const pack =
        record.pack && record.packFrozenAt
          ? (record.pack as MeetingPack)
          : buildPack(
              packDay(record.heldOn, today()),
              await focusHistory(db, viewer, record.findingIds),
              new Date(),
            );
      return { meeting: packMeeting(record), pack, record };
    },

    async create(viewer: Viewer, input: unknown) {
      // The force is found before the transaction: PGlite has one connection, which the transaction holds.
      const slug = (input as { force?: unknown } | null)?.force;
      if (typeof slug !== 'string' || !slug) throw invalid('force', 'Choose the force');
      const force = await deps.forces.get(slug);
      assertCan(viewer, 'meeting.edit', { forceIds: [force.id] });
      const value = parseInput(newMeetingSchema, input);
      return db.transaction(async (tx) => {
        await checkSameDay(tx, force.id, value.heldOn, value.body, null);
        await checkFindings(tx, viewer, force.id, value.findings, []);
        const [row] = await tx
          .insert(scrutinyMeetings)
          .values({
            forceId: force.id,
            heldOn: value.heldOn,
            body: value.body,
            focus: value.focus ?? null,
            actionsArising: value.actionsArising ?? null,
          })
          .returning();
        const meeting: MeetingRecord = {
          ...row!,
          force: { id: force.id, slug: force.slug, name: force.name, lpbName: force.lpbName },
          questions: [],
          findingIds: [],
        };
        await setFindings(tx, row!.id, value.findings);
        await setQuestions(tx, meeting, value.questions);
        await recordAudit(tx, {
          actor: viewer.actor,
          action: 'meeting.create',
          entity: 'scrutiny_meeting',
          entityId: row!.id,
          after: {
            force: force.slug,
            ...snapshot({ ...row!, findingIds: value.findings, questions: value.questions }),
          },
        });
        return (await meetingById(tx, row!.id))!;
      });
    },

    update: (viewer: Viewer, id: string, input: unknown) =>
      db.transaction(async (tx) => {
        const { current, value } = await forWrite(tx, viewer, id, 'meeting.edit', editMeetingSchema, input);
        const next = {
          heldOn: value.heldOn ?? current.heldOn,
          body: value.body ?? current.body,
          focus: value.focus === undefined ? current.focus : value.focus,
          actionsArising: value.actionsArising === undefined ? current.actionsArising : value.actionsArising,
          findingIds: value.findings ?? current.findingIds,
        };
        if (current.published) {
          // The pack was frozen as at the meeting date, for these findings: neither can change now.
          if (next.heldOn !== current.heldOn)
            throw invalid('heldOn', 'The meeting has been published, so its date cannot be changed');
          if ([...next.findingIds].sort().join() !== [...current.findingIds].sort().join())
            throw invalid(
              'findings',
              'The meeting has been published, so its focus findings cannot be changed',
            );
        }
        if (next.heldOn && (next.heldOn !== current.heldOn || next.body !== current.body))
          await checkSameDay(tx, current.forceId, next.heldOn, next.body, id);
        await checkFindings(tx, viewer, current.forceId, next.findingIds, current.findingIds);
        await updateVersioned(
          tx,
          scrutinyMeetings,
          id,
          value.version,
          { heldOn: next.heldOn, body: next.body, focus: next.focus, actionsArising: next.actionsArising },
          'meeting',
        );
        if (value.findings) await setFindings(tx, id, next.findingIds);
        if (value.questions) await setQuestions(tx, current, value.questions);
        const saved = (await meetingById(tx, id))!;
        await recordAudit(tx, {
          actor: viewer.actor,
          action: 'meeting.update',
          entity: 'scrutiny_meeting',
          entityId: id,
          before: snapshot(current),
          after: snapshot(saved),
        });
        return saved;
      }),

    /**
     * Publishes the meeting, and freezes its pack as at the meeting date so that later changes to
     * the findings do not rewrite what the meeting saw. The meeting must have taken place, and its
     * focus findings must all be public (no embargo).
     */
    publish: (viewer: Viewer, id: string, input: unknown) =>
      db.transaction(async (tx) => {
        const { current, value } = await forWrite(tx, viewer, id, 'meeting.publish', publishSchema, input);
        if (current.published) throw new AppError('conflict', 'The meeting has already been published');
        if (!current.heldOn) throw invalid('heldOn', 'Enter the date of the meeting before publishing it');
        if (latest(parseIso(current.heldOn)) > today())
          throw invalid('heldOn', `The meeting can be published from its date, ${dayLabel(current.heldOn)}`);
        const day = packDay(current.heldOn, today());
        for (const findingId of current.findingIds)
          if (!(await findingFor(tx, findingId, PUBLIC_VIEWER)))
            throw invalid(
              'findings',
              'A focus finding is still under embargo; publish the meeting once its report is published',
            );
        const pack = buildPack(day, await focusHistory(tx, viewer, current.findingIds), new Date());
        const now = new Date();
        await updateVersioned(
          tx,
          scrutinyMeetings,
          id,
          value.version,
          { published: true, publishedAt: now, pack, packFrozenAt: now },
          'meeting',
        );
        await recordAudit(tx, {
          actor: viewer.actor,
          action: 'meeting.publish',
          entity: 'scrutiny_meeting',
          entityId: id,
          before: { published: false },
          after: {
            published: true,
            publishedAt: now.toISOString(),
            packAsAt: pack.asAt,
            findings: current.findingIds,
          },
        });
        return (await meetingById(tx, id))!;
      }),
  };
}
export type ScrutinyService = ReturnType<typeof createScrutinyService>;
