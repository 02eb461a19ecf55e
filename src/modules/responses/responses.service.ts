import { parseInput } from '../../web/forms.js';
import type { Db, DbOrTx, Tx } from '../../db/index.js';
import { ConflictError, updateVersioned } from '../../db/versioned.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { Viewer } from '../accounts/index.js';
import { assertCan, can, type Action } from '../accounts/index.js';
import { recordAudit } from '../../db/audit.js';
import { today } from '../../shared/london-time.js';
import { publicationDay, responseDeadline, underDeadlineDuty } from './responses.deadline.js';
import {
  findingsByArea,
  itemLabel,
  responseItems,
  type ResponseDocument,
  type ResponseItem,
  type TypeOption,
} from './responses.document.js';
import {
  coveredForces,
  findingsFor,
  forceBySlug,
  inspectionById,
  inspectionBySlug,
  insertRecommendations,
  judgementsFor,
  lockResponse,
  otherResponsesOf,
  recommendationsOf,
  responseFor,
  responseOf,
  setDeadline,
  updateRecommendation,
  type FindingItem,
  type ScrutinyItem,
  type RecommendationRow,
  type ResponseRecord,
  type ResponseRow,
} from './responses.repository.js';
import {
  AFTER_PUBLICATION_FIELDS,
  CHIEF_FIELDS,
  LPB_FIELDS,
  ensureSchema,
  publishSchema,
  responseEditSchema,
  type ResponseEdit,
} from './responses.schemas.js';
import { responses } from './responses.table.js';

export type ResponseStatus = 'draft' | 'ready' | 'published';

/**
 * The lifecycle as data: from each status, the statuses it may move to, the permission needed
 * and the button's words. Publishing has its own checks (every recommendation answered).
 */
export const RESPONSE_TRANSITIONS: Record<
  ResponseStatus,
  Partial<Record<ResponseStatus, { permission: Action; label: string }>>
> = {
  draft: { ready: { permission: 'response.edit', label: 'Mark as ready to publish' } },
  ready: {
    draft: { permission: 'response.edit', label: 'Return to draft' },
    published: { permission: 'response.publish', label: 'Publish the response' },
  },
  published: {},
};

/** A rule broken by valid-looking input: 422 with the message against each field named. */
function refuse(fields: Record<string, string>): never {
  throw new AppError('validation', Object.values(fields).join(' '), { fields });
}

// ---- Pure rules ---------------------------------------------------------------------------------

/** The last day to publish: from the publication moment, or the publication day when it is known to the day. */
export function deadlineOf(inspection: {
  publishedAt: Date | null;
  publishedOn: string | null;
}): string | null {
  const day = inspection.publishedAt
    ? publicationDay(inspection.publishedAt)
    : inspection.publishedOn?.length === 10
      ? inspection.publishedOn
      : null;
  return day && underDeadlineDuty(day) ? responseDeadline(day) : null;
}

/** The form's "type of inspection" boxes, ticked from what Oversight knows of the inspection. */
export function defaultInspectionType(kind: string, forceCount: number): TypeOption[] {
  const single = forceCount <= 1;
  return [
    {
      label: 'Specific to the force',
      ticked: single && ['peel', 'force-specific', 'commissioned'].includes(kind),
    },
    { label: 'National', ticked: !single || kind === 'thematic' },
    { label: 'Follow-up (revisit)', ticked: kind === 'revisit' },
    { label: 'Thematic', ticked: kind === 'thematic' },
    { label: 'With partner inspectorates', ticked: kind === 'joint' },
  ];
}

const norm = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

export type Addition = {
  findingId: string;
  kind: string;
  number: string | null;
  text: string;
  position: number;
};

/**
 * What the response must list, from the inspection's findings: each recommendation (numbered
 * within its cause of concern, "1.2"), each cause of concern that has no recommendations, then
 * the areas for improvement. Rows already there without a finding (an imported form) are linked
 * to the finding with the same wording; what is still missing is to be added after them.
 */
export function planRecommendations(
  items: FindingItem[],
  rows: Array<Pick<RecommendationRow, 'id' | 'findingId' | 'text' | 'position'>>,
): { links: Array<{ rowId: string; findingId: string }>; additions: Addition[] } {
  const causes = items.filter((f) => f.kind === 'cause-of-concern' && f.parentId === null);
  const causeIds = new Set(causes.map((c) => c.id));
  const wanted: Array<Omit<Addition, 'position'>> = [];
  for (const c of causes) {
    const recs = items.filter((f) => f.parentId === c.id && f.kind === 'recommendation');
    if (recs.length === 0) wanted.push({ findingId: c.id, kind: c.kind, number: c.number, text: c.text });
    for (const r of recs)
      wanted.push({
        findingId: r.id,
        kind: r.kind,
        number: c.number && r.number ? `${c.number}.${r.number}` : r.number,
        text: r.text,
      });
  }
  for (const kind of ['recommendation', 'area-for-improvement'])
    for (const f of items)
      if (f.kind === kind && !(f.parentId && causeIds.has(f.parentId)))
        wanted.push({ findingId: f.id, kind: f.kind, number: f.number, text: f.text });

  const linked = new Set(rows.flatMap((r) => (r.findingId ? [r.findingId] : [])));
  const links: Array<{ rowId: string; findingId: string }> = [];
  for (const row of rows.filter((r) => r.findingId === null)) {
    const match = wanted.find((w) => !linked.has(w.findingId) && norm(w.text) === norm(row.text));
    if (match) {
      linked.add(match.findingId);
      links.push({ rowId: row.id, findingId: match.findingId });
    }
  }
  let position = rows.reduce((max, r) => Math.max(max, r.position), -1);
  const additions = wanted
    .filter((w) => !linked.has(w.findingId))
    .map((w) => ({ ...w, position: (position += 1) }));
  return { links, additions };
}

/**
 * s55(5B): every recommendation must be answered with the action taken or proposed, or why
 * none. One message per recommendation or cause of concern that is not, keyed by the form field
 * that answers it ("action-<row id>", or "findings" for those not yet in the response).
 */
export function unanswered(items: ResponseItem[], missing: Addition[]): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const item of items)
    if (item.required && !item.action?.trim())
      messages[`action-${item.id}`] = `${item.label} has no response: say what was done or why nothing was`;
  for (const m of missing.filter((a) => a.kind !== 'area-for-improvement'))
    messages[`findings-${m.findingId}`] =
      `${itemLabel(m.kind, m.number)} is not in this response yet: bring in the inspection’s findings and answer it`;
  return messages;
}

// ---- Writes shared with other modules -----------------------------------------------------------

/**
 * Makes sure the force's local policing body has a response to the inspection: creates the draft
 * (deadline from the publication date, tick boxes from the inspection) if there is none, and lists
 * every finding it must or may answer. Idempotent; audited in the caller's transaction.
 */
export async function ensureResponse(
  tx: Tx,
  inspectionId: string,
  forceId: string,
  actor = 'system:responses',
): Promise<{ response: ResponseRow; created: boolean; added: number }> {
  const inspection = await inspectionById(tx, inspectionId);
  if (!inspection) throw notFound('The inspection');
  const [covered, items] = await Promise.all([
    coveredForces(tx, inspectionId),
    findingsFor(tx, inspectionId, forceId),
  ]);
  const coverage = covered.find((c) => c.forceId === forceId);
  if (!coverage && items.length === 0)
    refuse({
      force: 'The inspection does not cover that force, so its local policing body need not respond',
    });

  const deadline = deadlineOf(inspection);
  const [inserted] = await tx
    .insert(responses)
    .values({
      inspectionId,
      forceId,
      deadline,
      inspectionType: defaultInspectionType(inspection.type, covered.length),
      forceQuoted: coverage?.quoted === true ? 'yes' : coverage?.quoted === false ? 'no' : 'unknown',
      summary: [],
    })
    .onConflictDoNothing()
    .returning();
  const response = inserted ?? (await responseOf(tx, inspectionId, forceId))!;
  await lockResponse(tx, response.id);
  if (inserted)
    await recordAudit(tx, {
      actor,
      action: 'response.create',
      entity: 'response',
      entityId: response.id,
      after: { inspectionId, forceId, deadline, status: response.status },
    });
  else if (response.deadline === null && deadline) {
    await setDeadline(tx, response.id, deadline);
    await recordAudit(tx, {
      actor,
      action: 'response.deadline',
      entity: 'response',
      entityId: response.id,
      before: { deadline: null },
      after: { deadline },
    });
  }

  const { links, additions } = planRecommendations(items, await recommendationsOf(tx, response.id));
  for (const link of links) await updateRecommendation(tx, link.rowId, { findingId: link.findingId });
  const rows = await insertRecommendations(
    tx,
    additions.map((a) => ({
      responseId: response.id,
      findingId: a.findingId,
      position: a.position,
      number: a.number,
      text: a.text,
    })),
  );
  if (links.length + rows.length > 0)
    await recordAudit(tx, {
      actor,
      action: 'response.findings',
      entity: 'response',
      entityId: response.id,
      after: {
        linked: links,
        added: rows.map((r) => r.findingId),
      },
    });
  return {
    response: { ...response, deadline: response.deadline ?? deadline },
    created: Boolean(inserted),
    added: rows.length,
  };
}

// ---- The service --------------------------------------------------------------------------------

type Changes = Record<string, { before: unknown; after: unknown }>;
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The s55 response: reading it as a document, drafting it, the chief constable's part, publishing. */
export type ResponsesDependencies = {
  /** The scrutiny meetings held on a response (the scrutiny module's, given by the container). */
  scrutinyOf: (db: DbOrTx, responseId: string) => Promise<ScrutinyItem[]>;
};

export function createResponsesService(db: Db, { scrutinyOf }: ResponsesDependencies) {
  /** The response if the viewer may see it: published ones by anyone who may see the inspection, drafts by those allowed. */
  async function visible(dbx: DbOrTx, viewer: Viewer, id: string): Promise<ResponseRecord> {
    const record = await responseFor(dbx, id, viewer);
    if (!record) throw notFound('The response');
    const context = { forceIds: [record.response.forceId] };
    if (record.response.status !== 'published' && !can(viewer, 'response.view-draft', context))
      throw notFound('The response');
    return record;
  }

  async function documentOf(
    dbx: DbOrTx,
    record: ResponseRecord,
    rows: RecommendationRow[],
  ): Promise<ResponseDocument> {
    const r = record.response;
    const [items, judged, scrutiny, through] = await Promise.all([
      findingsFor(dbx, r.inspectionId, r.forceId),
      judgementsFor(dbx, r.inspectionId, r.forceId),
      scrutinyOf(dbx, r.id),
      r.answeredThroughId ? responseFor(dbx, r.answeredThroughId) : Promise.resolve(undefined),
    ]);
    return {
      lpbName: record.lpbName,
      forceName: record.forceName,
      forceSlug: record.forceSlug,
      inspectionTitle: record.inspectionTitle,
      inspectionPublishedOn: record.inspectionPublishedOn,
      status: r.status,
      deadline: r.deadline,
      publishedOn: r.publishedOn,
      publicUrl: r.publicUrl,
      inspectionType: Array.isArray(r.inspectionType) ? (r.inspectionType as TypeOption[]) : [],
      forceQuoted: r.forceQuoted,
      summary: Array.isArray(r.summary) ? (r.summary as string[]) : [],
      areas: findingsByArea(judged, items),
      forceResponse: r.forceResponse,
      chiefInvitedOn: r.chiefInvitedOn,
      chiefCommentsDueOn: r.chiefCommentsDueOn,
      chiefComments: r.chiefComments,
      recommendations: responseItems(rows),
      lpbComment: r.lpbComment,
      scrutiny,
      sentToHmicfrsOn: r.sentToHmicfrsOn,
      sentToHomeSecretaryOn: r.sentToHomeSecretaryOn,
      answeredThrough: through
        ? { id: through.response.id, title: through.inspectionTitle, reason: r.answeredThroughReason }
        : null,
    };
  }

  /** What publishing would refuse, and the findings not yet listed. */
  async function check(dbx: DbOrTx, record: ResponseRecord, rows: RecommendationRow[]) {
    const items = await findingsFor(dbx, record.response.inspectionId, record.response.forceId);
    const { additions } = planRecommendations(items, rows);
    const problems = record.response.answeredThroughId ? {} : unanswered(responseItems(rows), additions);
    return { missing: additions, problems };
  }

  /** Loads the response for a write, checks the permission, and locks the row. */
  async function forWrite(tx: Tx, viewer: Viewer, id: string, actions: Action[]): Promise<ResponseRecord> {
    const record = await responseFor(tx, id, viewer);
    if (!record) throw notFound('The response');
    const context = { forceIds: [record.response.forceId] };
    for (const action of actions) assertCan(viewer, action, context);
    await lockResponse(tx, id);
    return (await responseFor(tx, id))!;
  }

  return {
    /** The response as a document, with what the viewer may do to it. */
    async detail(viewer: Viewer, id: string) {
      const record = await visible(db, viewer, id);
      const rows = await recommendationsOf(db, id);
      const [document, checked, others] = await Promise.all([
        documentOf(db, record, rows),
        check(db, record, rows),
        otherResponsesOf(db, record.response.forceId, id),
      ]);
      const context = { forceIds: [record.response.forceId] };
      const status = record.response.status as ResponseStatus;
      return {
        record,
        document,
        missing: checked.missing,
        problems: checked.problems,
        otherResponses: others,
        transitions: Object.entries(RESPONSE_TRANSITIONS[status])
          .filter(([, t]) => can(viewer, t.permission, context))
          .map(([to, t]) => ({ to: to as ResponseStatus, label: t.label })),
        can: {
          edit: can(viewer, 'response.edit', context),
          editChief: can(viewer, 'response.edit-chief', context),
          publish: can(viewer, 'response.publish', context),
        },
      };
    },

    /** The response as a Word document. */
    async document(viewer: Viewer, id: string): Promise<ResponseDocument> {
      const record = await visible(db, viewer, id);
      return documentOf(db, record, await recommendationsOf(db, id));
    },

    /** Makes sure the force (the viewer's own by default) has a response to the inspection. */
    ensure: (viewer: Viewer, inspectionSlug: string, input: unknown) =>
      db.transaction(async (tx) => {
        const inspection = await inspectionBySlug(tx, inspectionSlug, viewer);
        if (!inspection) throw notFound('The inspection');
        const value = parseInput(ensureSchema, input ?? {});
        const slug = value.force ?? viewer.forceSlug;
        if (!slug) refuse({ force: 'Enter the force whose local policing body responds' });
        const force = await forceBySlug(tx, slug);
        if (!force) refuse({ force: `There is no force "${slug}"` });
        assertCan(viewer, 'response.edit', { forceIds: [force.id] });
        return ensureResponse(tx, inspection.id, force.id, viewer.actor);
      }),

    /** Lists in an existing response the findings it does not list yet. */
    bringInFindings: (viewer: Viewer, id: string) =>
      db.transaction(async (tx) => {
        const record = await forWrite(tx, viewer, id, ['response.edit']);
        return ensureResponse(tx, record.response.inspectionId, record.response.forceId, viewer.actor);
      }),

    /**
     * Changes what the input names. The local policing body writes its fields and each
     * recommendation's action; the force writes its chief constable's comments. Once published,
     * only the web address and the days copies were sent may change.
     */
    edit: (viewer: Viewer, id: string, input: unknown) =>
      db.transaction(async (tx) => {
        const keys = Object.keys(input ?? {});
        const needs: Action[] = [];
        if (keys.some((k) => (CHIEF_FIELDS as readonly string[]).includes(k)))
          needs.push('response.edit-chief');
        if (keys.some((k) => (LPB_FIELDS as readonly string[]).includes(k)) || needs.length === 0)
          needs.push('response.edit');
        const record = await forWrite(tx, viewer, id, needs);
        const value = parseInput(responseEditSchema, input);
        const current = record.response;
        const rows = await recommendationsOf(tx, id);
        const { set, changes, actions } = await changesOf(tx, current, record, rows, value);
        if (current.status === 'published') {
          const locked = Object.keys(changes).filter(
            (k) => !(AFTER_PUBLICATION_FIELDS as readonly string[]).includes(k),
          );
          if (locked.length > 0)
            refuse(
              Object.fromEntries(
                locked.map((k) => [
                  k === 'recommendations' ? `action-${actions[0]?.id ?? ''}` : k,
                  'The response has been published: only its web address and the days copies were sent can change',
                ]),
              ),
            );
        }
        if (Object.keys(changes).length === 0) {
          // Nothing to change: still refuse a stale form, but write nothing.
          if (current.version !== value.version) throw new ConflictError('response', current);
          return current;
        }
        const updated = await updateVersioned(tx, responses, id, value.version, set, 'response');
        for (const a of actions) await updateRecommendation(tx, a.id, { action: a.after });
        await recordAudit(tx, {
          actor: viewer.actor,
          action:
            needs.includes('response.edit-chief') && needs.length === 1
              ? 'response.chief-comments'
              : 'response.edit',
          entity: 'response',
          entityId: id,
          before: Object.fromEntries(Object.entries(changes).map(([k, c]) => [k, c.before])),
          after: Object.fromEntries(Object.entries(changes).map(([k, c]) => [k, c.after])),
        });
        return updated;
      }),

    /**
     * Publishes a response that is ready, refusing while a recommendation or cause of concern
     * lacks an action (unless the report is answered through another response). Records the day
     * (today in London unless given) and the moment.
     */
    publish: (viewer: Viewer, id: string, input: unknown) =>
      db.transaction(async (tx) => {
        const record = await forWrite(tx, viewer, id, ['response.publish']);
        const value = parseInput(publishSchema, input);
        const current = record.response;
        if (current.status === 'published') refuse({ status: 'The response has already been published' });
        if (current.status !== 'ready')
          refuse({ status: 'Mark the response as ready to publish before publishing it' });
        const publishedOn = value.publishedOn ?? today();
        if (publishedOn > today())
          refuse({ publishedOn: 'The day of publication must be today or in the past' });
        const { problems } = await check(tx, record, await recommendationsOf(tx, id));
        if (Object.keys(problems).length > 0) refuse(problems);
        const updated = await updateVersioned(
          tx,
          responses,
          id,
          value.version,
          { status: 'published', publishedOn, publishedAt: new Date() },
          'response',
        );
        await recordAudit(tx, {
          actor: viewer.actor,
          action: 'response.publish',
          entity: 'response',
          entityId: id,
          before: { status: current.status, publishedOn: current.publishedOn },
          after: {
            status: 'published',
            publishedOn,
            publishedAt: updated.publishedAt,
            deadline: current.deadline,
          },
        });
        return updated;
      }),
  };
}
export type ResponsesService = ReturnType<typeof createResponsesService>;

/** The columns an edit sets, what changed (for the audit) and the recommendations' new actions. */
async function changesOf(
  tx: Tx,
  current: ResponseRow,
  record: ResponseRecord,
  rows: RecommendationRow[],
  value: ResponseEdit,
): Promise<{
  set: Partial<typeof responses.$inferInsert>;
  changes: Changes;
  actions: Array<{ id: string; after: string | null }>;
}> {
  const set: Record<string, unknown> = {};
  const changes: Changes = {};
  const take = (key: keyof typeof responses.$inferInsert, next: unknown) => {
    if (next === undefined || same(current[key], next)) return;
    set[key] = next;
    changes[key] = { before: current[key] ?? null, after: next };
  };

  if (value.status !== undefined && value.status !== current.status) {
    const move = RESPONSE_TRANSITIONS[current.status as ResponseStatus][value.status];
    if (!move)
      refuse({
        status:
          current.status === 'published'
            ? 'A published response cannot go back to draft'
            : `A response cannot go from ${current.status} to ${value.status}`,
      });
  }
  take('status', value.status);
  for (const key of [
    'chiefInvitedOn',
    'chiefCommentsDueOn',
    'chiefComments',
    'summary',
    'lpbComment',
    'forceQuoted',
    'sentToHmicfrsOn',
    'sentToHomeSecretaryOn',
    'publicUrl',
  ] as const)
    take(key, value[key]);

  const invited = value.chiefInvitedOn === undefined ? current.chiefInvitedOn : value.chiefInvitedOn;
  const due = value.chiefCommentsDueOn === undefined ? current.chiefCommentsDueOn : value.chiefCommentsDueOn;
  if (invited && due && due < invited)
    refuse({
      chiefCommentsDueOn:
        'The date set for the chief constable’s comments must be on or after the invitation',
    });

  if (value.inspectionType !== undefined) {
    const options = Array.isArray(current.inspectionType) ? (current.inspectionType as TypeOption[]) : [];
    const unknown = value.inspectionType.filter((label) => !options.some((o) => o.label === label));
    if (unknown.length > 0)
      refuse({ inspectionType: `“${unknown[0]}” is not one of the types of inspection` });
    take(
      'inspectionType',
      options.map((o) => ({ label: o.label, ticked: value.inspectionType!.includes(o.label) })),
    );
  }

  if (value.answeredThroughId !== undefined || value.answeredThroughReason !== undefined) {
    const throughId =
      value.answeredThroughId === undefined ? current.answeredThroughId : value.answeredThroughId;
    const reason =
      value.answeredThroughReason === undefined ? current.answeredThroughReason : value.answeredThroughReason;
    if (throughId) {
      if (['peel', 'force-specific'].includes(record.inspectionKind))
        refuse({
          answeredThroughId: 'Only a national or thematic report can be answered through another response',
        });
      const other = throughId === current.id ? undefined : await responseFor(tx, throughId);
      if (!other || other.response.forceId !== current.forceId)
        refuse({ answeredThroughId: 'Select another response of the same local policing body' });
      if (!reason) refuse({ answeredThroughReason: 'Say why the other response answers this report' });
    }
    take('answeredThroughId', throughId ?? null);
    take('answeredThroughReason', throughId ? reason : null);
  }

  const actions: Array<{ id: string; after: string | null }> = [];
  if (value.recommendations) {
    const before: Record<string, string | null> = {};
    const after: Record<string, string | null> = {};
    for (const r of value.recommendations) {
      const row = rows.find((x) => x.id === r.id);
      if (!row) refuse({ recommendations: 'A recommendation given is not part of this response' });
      if (same(row.action, r.action)) continue;
      actions.push({ id: r.id, after: r.action });
      before[r.id] = row.action;
      after[r.id] = r.action;
    }
    if (actions.length > 0) changes.recommendations = { before, after };
  }
  return { set: set, changes, actions };
}
