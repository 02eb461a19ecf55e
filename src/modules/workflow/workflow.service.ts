import { createHash } from 'node:crypto';
import { parseInput } from '../../web/forms.js';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { ZodError } from 'zod';
import type { Db, Tx } from '../../db/index.js';
import { updateVersioned } from '../../db/versioned.js';
import { AppError, InputError, notFound } from '../../shared/errors.js';
import type { Viewer } from '../accounts/index.js';
import { assertCan, can, type Action } from '../accounts/index.js';
import { recordAudit } from '../../db/audit.js';
import { FINDING_LIFECYCLE } from '../findings/index.js';
import { findingEvents, findingLinks, findings } from '../findings/index.js';
import { assertNeeds, assertTransition } from '../../shared/lifecycle.js';
import { checkEvidence } from './evidence.js';
import {
  actionsDueBy,
  closureRequestsIn,
  evidenceFile,
  findingFor,
  historyOf,
  lineageOf,
  type FindingRecord,
} from './workflow.repository.js';
import {
  assuranceSchema,
  closureDecisionSchema,
  closureRequestSchema,
  decisionSchema,
  editActionSchema,
  forceStatusSchema,
  newActionSchema,
  updateSchema,
} from './workflow.schemas.js';
import {
  closureRequestEvidence,
  closureRequests,
  evidenceFiles,
  findingActionChanges,
  findingActions,
  findingAssessments,
  findingUpdates,
} from './workflow.table.js';
import { today } from '../../shared/london-time.js';
import { ACTION_LIFECYCLE, CLOSURE_DECISIONS, CLOSURE_REQUEST_LIFECYCLE } from './workflow.domain.js';

export type UploadedFile = { name: string; bytes: Uint8Array };

/**
 * The findings workflow: the three status views, action plans with their history, progress
 * updates with evidence, and closure requests. Every method checks the permission table for the
 * viewer and the finding's force and status, runs in one transaction, and records an audit event.
 */
export function createWorkflowService(db: Db) {
  /** Loads the finding inside the transaction, locking its row, and checks the permission. */
  async function forWrite(tx: Tx, viewer: Viewer, findingId: string, action: Action): Promise<FindingRecord> {
    const finding = await findingFor(tx, findingId, viewer);
    if (!finding) throw notFound('The finding');
    await tx.execute(sql`select 1 from finding where id = ${findingId} for update`);
    assertCan(viewer, action, { forceIds: [finding.forceId], status: finding.status });
    return finding;
  }

  async function setStatus(
    tx: Tx,
    viewer: Viewer,
    finding: FindingRecord,
    status: string,
    note: string | null,
    occurredOn: string,
    expectedVersion?: number,
  ): Promise<void> {
    const values = { status, statusOn: occurredOn };
    if (expectedVersion !== undefined)
      await updateVersioned(tx, findings, finding.id, expectedVersion, values, 'finding');
    else
      await tx
        .update(findings)
        .set({ ...values, version: sql`${findings.version} + 1`, updatedAt: sql`now()` })
        .where(eq(findings.id, finding.id));
    await tx
      .insert(findingEvents)
      .values({ findingId: finding.id, status, occurredOn, actor: viewer.actor, note });
    await recordAudit(tx, {
      actor: viewer.actor,
      action: 'finding.status',
      entity: 'finding',
      entityId: finding.id,
      before: { status: finding.status, statusOn: finding.statusOn },
      after: { status, statusOn: occurredOn, note },
    });
  }

  return {
    /** A finding with everything the viewer may see about it. */
    async detail(findingId: string, viewer: Viewer) {
      const finding = await findingFor(db, findingId, viewer);
      if (!finding) throw notFound('The finding');
      const context = { forceIds: [finding.forceId], status: finding.status };
      const seesWork = can(viewer, 'finding.view-work', context);
      const [lineage, history] = await Promise.all([
        lineageOf(db, findingId, viewer),
        historyOf(db, findingId),
      ]);
      return {
        finding,
        lineage,
        history: seesWork ? history : { ...history, actions: [], updates: [], closureRequests: [] },
        seesWork,
        context,
      };
    },

    setForceStatus: (viewer: Viewer, findingId: string, input: unknown) =>
      db.transaction(async (tx) => {
        const finding = await forWrite(tx, viewer, findingId, 'finding.set-force-status');
        const value = parseInput(forceStatusSchema, input);
        await updateVersioned(
          tx,
          findings,
          findingId,
          value.version,
          { forceStatus: value.forceStatus },
          'finding',
        );
        await tx.insert(findingAssessments).values({
          findingId,
          view: 'force',
          value: value.forceStatus,
          note: value.note ?? null,
          actor: viewer.actor,
        });
        await recordAudit(tx, {
          actor: viewer.actor,
          action: 'finding.force-status',
          entity: 'finding',
          entityId: findingId,
          before: { forceStatus: finding.forceStatus },
          after: { forceStatus: value.forceStatus, note: value.note ?? null },
        });
      }),

    setAssurance: (viewer: Viewer, findingId: string, input: unknown) =>
      db.transaction(async (tx) => {
        const finding = await forWrite(tx, viewer, findingId, 'finding.set-assurance');
        const value = parseInput(assuranceSchema, input);
        await updateVersioned(
          tx,
          findings,
          findingId,
          value.version,
          { assurance: value.assurance, assuranceNote: value.note ?? null },
          'finding',
        );
        await tx.insert(findingAssessments).values({
          findingId,
          view: 'lpb',
          value: value.assurance,
          note: value.note ?? null,
          actor: viewer.actor,
        });
        await recordAudit(tx, {
          actor: viewer.actor,
          action: 'finding.assurance',
          entity: 'finding',
          entityId: findingId,
          before: { assurance: finding.assurance, assuranceNote: finding.assuranceNote },
          after: { assurance: value.assurance, assuranceNote: value.note ?? null },
        });
      }),

    /** The inspectorate decides a finding's status (closing, superseding, reopening…). */
    decide: (viewer: Viewer, findingId: string, input: unknown) =>
      db.transaction(async (tx) => {
        const finding = await forWrite(tx, viewer, findingId, 'finding.decide');
        const value = parseInput(decisionSchema, input);
        const move = assertTransition(FINDING_LIFECYCLE, finding.status, value.status, viewer.role);
        assertNeeds(
          move,
          { reason: value.note, date: value.occurredOn, replacement: value.supersededBy },
          { reason: 'note', date: 'occurredOn', replacement: 'supersededBy' },
        );
        // A finding waiting for closure has one pending request, which the decision settles.
        const settled = value.status === 'closed' ? 'accepted' : 'returned';
        if (finding.status === 'closure-requested')
          assertNeeds(
            assertTransition(CLOSURE_REQUEST_LIFECYCLE, 'pending', settled, viewer.role),
            { reason: value.note },
            { reason: 'note' },
          );
        if (value.supersededBy) {
          if (value.supersededBy === findingId)
            throw new AppError('validation', 'A finding cannot supersede itself');
          const replacement = await findingFor(tx, value.supersededBy, viewer);
          if (!replacement)
            throw new AppError('validation', 'There is no finding with that id to supersede this one');
          await tx
            .insert(findingLinks)
            .values({ fromFindingId: findingId, toFindingId: value.supersededBy, kind: 'superseded-by' })
            .onConflictDoNothing();
        }
        await setStatus(
          tx,
          viewer,
          finding,
          value.status,
          value.note ?? null,
          value.occurredOn ?? today(),
          value.version,
        );
        // A decision settles any request still waiting.
        await tx
          .update(closureRequests)
          .set({
            status: settled,
            decidedBy: viewer.actor,
            decidedAt: new Date(),
            decisionNote: value.note ?? null,
            version: sql`${closureRequests.version} + 1`,
          })
          .where(and(eq(closureRequests.findingId, findingId), eq(closureRequests.status, 'pending')));
      }),

    addAction: (viewer: Viewer, findingId: string, input: unknown) =>
      db.transaction(async (tx) => {
        await forWrite(tx, viewer, findingId, 'action.create');
        const value = parseInput(newActionSchema, input);
        const [row] = await tx
          .insert(findingActions)
          .values({
            findingId,
            title: value.title,
            owner: value.owner,
            dueOn: value.dueOn,
            createdBy: viewer.actor,
          })
          .returning();
        await recordAudit(tx, {
          actor: viewer.actor,
          action: 'action.create',
          entity: 'finding_action',
          entityId: row!.id,
          after: { findingId, title: value.title, owner: value.owner, dueOn: value.dueOn },
        });
        return row!;
      }),

    /** Changes an action; every change of owner, date, status or title is kept with its reason. */
    editAction: (viewer: Viewer, findingId: string, actionId: string, input: unknown) =>
      db.transaction(async (tx) => {
        await forWrite(tx, viewer, findingId, 'action.edit');
        const value = parseInput(editActionSchema, input);
        const [current] = await tx
          .select()
          .from(findingActions)
          .where(and(eq(findingActions.id, actionId), eq(findingActions.findingId, findingId)));
        if (!current) throw notFound('The action');
        if (value.status !== undefined && value.status !== current.status)
          assertTransition(ACTION_LIFECYCLE, current.status, value.status, viewer.role);
        const changes: Array<{
          field: 'owner' | 'due-on' | 'status' | 'title';
          before: string;
          after: string;
        }> = [];
        if (value.owner !== undefined && value.owner !== current.owner)
          changes.push({ field: 'owner', before: current.owner, after: value.owner });
        if (value.dueOn !== undefined && value.dueOn !== current.dueOn)
          changes.push({ field: 'due-on', before: current.dueOn, after: value.dueOn });
        if (value.status !== undefined && value.status !== current.status)
          changes.push({ field: 'status', before: current.status, after: value.status });
        if (value.title !== undefined && value.title !== current.title)
          changes.push({ field: 'title', before: current.title, after: value.title });
        if (changes.some((c) => c.field === 'owner' || c.field === 'due-on') && !value.reason)
          throw new InputError(
            new ZodError([
              {
                code: 'custom',
                path: ['reason'],
                message: 'Give the reason for changing the owner or the agreed date',
                input: undefined,
              },
            ]),
          );
        const updated = await updateVersioned(
          tx,
          findingActions,
          actionId,
          value.version,
          {
            ...(value.owner !== undefined ? { owner: value.owner } : {}),
            ...(value.dueOn !== undefined ? { dueOn: value.dueOn } : {}),
            ...(value.status !== undefined ? { status: value.status } : {}),
            ...(value.title !== undefined ? { title: value.title } : {}),
          },
          'action',
        );
        if (changes.length)
          await tx
            .insert(findingActionChanges)
            .values(
              changes.map((c) => ({ actionId, ...c, reason: value.reason ?? null, actor: viewer.actor })),
            );
        await recordAudit(tx, {
          actor: viewer.actor,
          action: 'action.update',
          entity: 'finding_action',
          entityId: actionId,
          before: Object.fromEntries(changes.map((c) => [c.field, c.before])),
          after: {
            ...Object.fromEntries(changes.map((c) => [c.field, c.after])),
            reason: value.reason ?? null,
          },
        });
        return updated;
      }),

    /** Appends a progress update, with any evidence files (checked, then stored in the database). */
    postUpdate: (viewer: Viewer, findingId: string, input: unknown, files: UploadedFile[] = []) =>
      db.transaction(async (tx) => {
        await forWrite(tx, viewer, findingId, 'update.post');
        const value = parseInput(updateSchema, input);
        const checked = files.map((f) => ({ file: f, check: checkEvidence(f.name, f.bytes) }));
        const problems = checked.flatMap((c) => (c.check.ok ? [] : [c.check.problem]));
        if (problems.length)
          throw new AppError('validation', problems.join('; '), { fields: { evidence: problems[0] } });
        if (value.actionId) {
          const [action] = await tx
            .select({ id: findingActions.id })
            .from(findingActions)
            .where(and(eq(findingActions.id, value.actionId), eq(findingActions.findingId, findingId)));
          if (!action) throw new AppError('validation', 'That action is not part of this finding');
        }
        const [update] = await tx
          .insert(findingUpdates)
          .values({ findingId, actionId: value.actionId ?? null, text: value.text, actor: viewer.actor })
          .returning();
        const stored = [];
        for (const { file, check } of checked) {
          if (!check.ok) continue;
          const [row] = await tx
            .insert(evidenceFiles)
            .values({
              updateId: update!.id,
              filename: check.filename,
              contentType: check.contentType,
              sizeBytes: file.bytes.length,
              sha256: createHash('sha256').update(file.bytes).digest('hex'),
              content: file.bytes,
              actor: viewer.actor,
            })
            .returning({ id: evidenceFiles.id, filename: evidenceFiles.filename });
          stored.push(row!);
        }
        await recordAudit(tx, {
          actor: viewer.actor,
          action: 'update.post',
          entity: 'finding_update',
          entityId: update!.id,
          after: {
            findingId,
            actionId: value.actionId ?? null,
            text: value.text,
            evidence: stored.map((s) => s.filename),
          },
        });
        return { ...update!, evidence: stored };
      }),

    /** The force asks the inspectorate to close the finding, bundling evidence already uploaded. */
    requestClosure: (viewer: Viewer, findingId: string, input: unknown) =>
      db.transaction(async (tx) => {
        const finding = await forWrite(tx, viewer, findingId, 'closure.request');
        const value = parseInput(closureRequestSchema, input);
        assertNeeds(
          assertTransition(FINDING_LIFECYCLE, finding.status, 'closure-requested', viewer.role),
          { reason: value.summary, evidence: value.evidenceIds },
          { reason: 'summary', evidence: 'evidenceIds' },
        );
        if (value.evidenceIds.length) {
          const found = await tx
            .select({ id: evidenceFiles.id })
            .from(evidenceFiles)
            .innerJoin(findingUpdates, eq(findingUpdates.id, evidenceFiles.updateId))
            .where(
              and(inArray(evidenceFiles.id, value.evidenceIds), eq(findingUpdates.findingId, findingId)),
            );
          if (found.length !== new Set(value.evidenceIds).size)
            throw new AppError('validation', 'Evidence must be files uploaded to this finding');
        }
        const [request] = await tx
          .insert(closureRequests)
          .values({ findingId, summary: value.summary, requestedBy: viewer.actor })
          .returning();
        if (value.evidenceIds.length)
          await tx.insert(closureRequestEvidence).values(
            [...new Set(value.evidenceIds)].map((evidenceId) => ({
              closureRequestId: request!.id,
              evidenceId,
            })),
          );
        await setStatus(tx, viewer, finding, 'closure-requested', value.summary, today());
        await recordAudit(tx, {
          actor: viewer.actor,
          action: 'closure.request',
          entity: 'closure_request',
          entityId: request!.id,
          after: { findingId, summary: value.summary, evidence: value.evidenceIds },
        });
        return request!;
      }),

    /** The inspectorate closes the finding, or returns the request with reasons. */
    decideClosure: (viewer: Viewer, findingId: string, requestId: string, input: unknown) =>
      db.transaction(async (tx) => {
        const finding = await forWrite(tx, viewer, findingId, 'closure.decide');
        const value = parseInput(closureDecisionSchema, input);
        const [request] = await tx
          .select()
          .from(closureRequests)
          .where(and(eq(closureRequests.id, requestId), eq(closureRequests.findingId, findingId)));
        if (!request) throw notFound('The closure request');
        if (request.status !== 'pending')
          throw new AppError('conflict', 'This closure request has already been decided');
        const status = CLOSURE_DECISIONS[value.decision];
        const closes = status === 'accepted';
        for (const move of [
          assertTransition(CLOSURE_REQUEST_LIFECYCLE, request.status, status, viewer.role),
          assertTransition(FINDING_LIFECYCLE, finding.status, closes ? 'closed' : 'open', viewer.role),
        ])
          assertNeeds(move, { reason: value.note }, { reason: 'note' });
        await updateVersioned(
          tx,
          closureRequests,
          requestId,
          value.version,
          { status, decidedBy: viewer.actor, decidedAt: new Date(), decisionNote: value.note ?? null },
          'closure request',
        );
        await setStatus(
          tx,
          viewer,
          finding,
          closes ? 'closed' : 'open',
          value.note ?? (closes ? 'Closure request accepted' : null),
          today(),
        );
        await recordAudit(tx, {
          actor: viewer.actor,
          action: `closure.${value.decision}`,
          entity: 'closure_request',
          entityId: requestId,
          before: { status: 'pending' },
          after: { status, note: value.note ?? null },
        });
      }),

    /** An evidence file, for viewers who may see the finding's work. */
    async evidence(viewer: Viewer, id: string) {
      const row = await evidenceFile(db, id);
      if (!row) throw notFound('The file');
      const finding = await findingFor(db, row.findingId, viewer);
      if (!finding) throw notFound('The file');
      assertCan(viewer, 'finding.view-work', { forceIds: [finding.forceId], status: finding.status });
      return row.file;
    },

    /** "My work": overdue and due-soon actions, and closure requests waiting or returned. */
    async myWork(viewer: Viewer, soonDays = 28) {
      assertCan(viewer, 'work.view');
      const day = today();
      const horizon = new Date(`${day}T12:00:00Z`);
      horizon.setUTCDate(horizon.getUTCDate() + soonDays);
      const [due, waiting, returned] = await Promise.all([
        viewer.role === 'force' || viewer.role === 'lpb'
          ? actionsDueBy(db, viewer, horizon.toISOString().slice(0, 10))
          : Promise.resolve([]),
        closureRequestsIn(db, viewer, ['pending']),
        viewer.role === 'force' || viewer.role === 'lpb'
          ? closureRequestsIn(db, viewer, ['returned'])
          : Promise.resolve([]),
      ]);
      return {
        day,
        soonDays,
        overdue: due.filter((a) => a.dueOn < day),
        dueSoon: due.filter((a) => a.dueOn >= day),
        waiting,
        returned: returned.slice(-20),
      };
    },
  };
}
export type WorkflowService = ReturnType<typeof createWorkflowService>;
