import type { FastifyInstance, FastifyReply } from 'fastify';
import { formErrors } from '../../web/forms.js';
import type { Container } from '../../container.js';
import { ConflictError } from '../../db/versioned.js';
import { AppError, InputError, notFound } from '../../shared/errors.js';
import { csrf } from '../../web/auth.js';
import { exportFormat, sendTable, type Column } from '../../web/exports.js';
import type { Force } from '../forces/index.js';
import { findingTitle, packDocx, timesMovedLabel } from './scrutiny.pack.js';
import type { MeetingRecord } from './scrutiny.repository.js';
import { MEETING_BODIES } from './scrutiny.schemas.js';
import { UUID } from '../../shared/ids.js';

/** The meetings list as a download: the columns the page shows, with the meeting's address. */
const MEETING_COLUMNS: Column<MeetingRecord>[] = [
  { header: 'Date', value: (m) => m.heldOn ?? '' },
  { header: 'Meeting', value: (m) => m.body, width: 40 },
  { header: 'Focus', value: (m) => m.focus ?? '', width: 60 },
  { header: 'Questions', value: (m) => m.questions.length },
  { header: 'Findings in focus', value: (m) => m.findingIds.length },
  { header: 'State', value: (m) => (m.published ? 'Published' : 'Draft') },
  { header: 'Link', value: (m) => `/meetings/${m.id}`, width: 50 },
];

/** Rows the form offers for new questions; "Add another question" adds one more. */
const SPARE_ROWS = 1;
const NEW_MEETING_ROWS = 3;
const MAX_ROWS = 100;

type Body = Record<string, unknown>;
type FormState = {
  values: Body;
  errors: Array<{ text: string; href: string }>;
  fieldErrors: Record<string, string>;
  conflict?: boolean;
};
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(str) : typeof v === 'string' && v ? [v] : [];
const rowCount = (body: Body) =>
  Math.min(MAX_ROWS, Math.max(0, Number.parseInt(str(body.questionRows), 10) || 0));

/** The three date boxes as one ISO day for the schema (which says what is wrong with it). */
function dayFromBoxes(body: Body): string | undefined {
  const [d, m, y] = ['heldOn-day', 'heldOn-month', 'heldOn-year'].map((k) => str(body[k]).trim());
  if (!d && !m && !y) return undefined;
  if (!/^\d{1,2}$/.test(d!) || !/^\d{1,2}$/.test(m!) || !/^\d{4}$/.test(y!)) return 'not a date';
  return `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
}

/** The form's fields as the shared schema's input. */
function formInput(body: Body) {
  return {
    force: str(body.force),
    heldOn: dayFromBoxes(body),
    body: body.body === 'other' ? str(body.bodyOther) : str(body.body),
    focus: str(body.focus),
    findings: list(body.findings),
    questions: Array.from({ length: rowCount(body) }, (_, i) => ({
      id: str(body[`q${i}-id`]),
      number: str(body[`q${i}-number`]),
      question: str(body[`q${i}-question`]),
      answer: str(body[`q${i}-answer`]),
    })),
    actionsArising: str(body.actionsArising),
    ...(body.version !== undefined ? { version: body.version } : {}),
  };
}

/** A meeting as the form's values. */
function formValues(m: MeetingRecord): Body {
  const [y = '', mo = '', d = ''] = (m.heldOn ?? '').split('-');
  const known = (MEETING_BODIES as readonly string[]).includes(m.body);
  const values: Body = {
    force: m.force.slug,
    'heldOn-day': d.replace(/^0/, ''),
    'heldOn-month': mo.replace(/^0/, ''),
    'heldOn-year': y,
    body: known ? m.body : 'other',
    bodyOther: known ? '' : m.body,
    focus: m.focus ?? '',
    findings: m.findingIds,
    actionsArising: m.actionsArising ?? '',
    version: String(m.version),
    questionRows: String(m.questions.length + SPARE_ROWS),
  };
  m.questions.forEach((q, i) => {
    values[`q${i}-id`] = q.id;
    values[`q${i}-number`] = q.number ?? '';
    values[`q${i}-question`] = q.question;
    values[`q${i}-answer`] = q.answer ?? '';
  });
  return values;
}

/** Where on the form a problem's path points. */
function fieldId(path: PropertyKey[], values: Body): string {
  const [first, index, field] = path.map(String);
  if (first === 'heldOn') return 'heldOn-day';
  if (first === 'body') return values.body === 'other' ? 'bodyOther' : 'body';
  if (first === 'questions' && index !== undefined) return `q${index}-${field ?? 'question'}`;
  return first ?? 'form';
}

/** Scrutiny meetings and their packs, for people: lists, the meeting, its pack, and the LPB's forms. */
export function registerScrutinyWeb(app: FastifyInstance, c: Container): void {
  async function renderForm(
    reply: FastifyReply,
    force: Force,
    record: MeetingRecord | null,
    state: FormState,
    status = 200,
  ) {
    const v = state.values;
    const chosen = record?.published ? record.findingIds : list(v.findings);
    const options = await c.scrutiny.focusOptions(reply.request.viewer, force.slug, record?.findingIds ?? []);
    const rows = Array.from({ length: Math.max(rowCount(v), 1) }, (_, i) => ({
      index: i,
      id: str(v[`q${i}-id`]),
      number: str(v[`q${i}-number`]),
      question: str(v[`q${i}-question`]),
      answer: str(v[`q${i}-answer`]),
    }));
    return reply.status(status).view('scrutiny/views/form.njk', {
      title: record ? 'Change the meeting' : 'Record a scrutiny meeting',
      currentSection: 'forces',
      backLink: record
        ? { href: `/meetings/${record.id}`, text: 'Back to the meeting' }
        : { href: `/forces/${force.slug}/meetings`, text: `${force.name}: scrutiny meetings` },
      action: record ? `/meetings/${record.id}/edit` : '/meetings/new',
      force,
      record,
      locked: record?.published ?? false,
      v,
      rows,
      errors: state.errors.length ? state.errors : undefined,
      errorPage: state.errors.length > 0,
      fieldErrors: state.fieldErrors,
      conflict: state.conflict ?? false,
      bodies: MEETING_BODIES,
      findingItems: options.map((f) => ({
        value: f.id,
        text: `${f.title}: ${f.text}`,
        hint: { text: `${f.inspectionTitle ?? 'Not from an inspection'} · ${f.statusLabel}` },
        checked: chosen.includes(f.id),
      })),
    });
  }

  /**
   * The write of a meeting form, and what follows: a 303 to the meeting; the form again with the
   * problems (422); or, when someone else saved first, the form with the current values (409).
   */
  async function submit(
    reply: FastifyReply,
    body: Body,
    force: Force,
    record: MeetingRecord | null,
    write: () => Promise<MeetingRecord>,
  ) {
    if (body.intent === 'add-question') {
      const values = { ...body, questionRows: String(Math.min(MAX_ROWS, rowCount(body) + 1)) };
      return renderForm(reply, force, record, { values, errors: [], fieldErrors: {} });
    }
    try {
      const saved = await write();
      return reply.redirect(`/meetings/${saved.id}?saved=${record ? 'changed' : 'recorded'}`, 303);
    } catch (error) {
      if (error instanceof InputError) {
        const { errors, fieldErrors } = formErrors(error, (path) => fieldId(path, body));
        return renderForm(reply, force, record, { values: body, errors, fieldErrors }, 422);
      }
      if (
        (error instanceof ConflictError || (error instanceof AppError && error.code === 'conflict')) &&
        record
      ) {
        const current = await c.scrutiny.forEdit(reply.request.viewer, record.id);
        return renderForm(
          reply,
          force,
          current,
          {
            values: formValues(current),
            errors: [{ text: error.message, href: '#heldOn-day' }],
            fieldErrors: {},
            conflict: true,
          },
          409,
        );
      }
      throw error;
    }
  }

  async function renderMeeting(reply: FastifyReply, id: string, extra: Body = {}, status = 200) {
    const { meeting, findings, actionsArising, can } = await c.scrutiny.get(reply.request.viewer, id);
    return reply.status(status).view('scrutiny/views/meeting.njk', {
      title: `${meeting.body}: ${meeting.force.name}`,
      currentSection: 'forces',
      backLink: {
        href: `/forces/${meeting.force.slug}/meetings`,
        text: `${meeting.force.name}: scrutiny meetings`,
      },
      meeting,
      findings,
      actionsArising,
      can,
      ...extra,
    });
  }

  app.get<{ Params: { slug: string } }>(
    '/forces/:slug/meetings',
    { schema: { hide: true } },
    async (request, reply) => {
      const { force, meetings, canCreate } = await c.scrutiny.forForce(request.viewer, request.params.slug);
      const format = exportFormat(request.query);
      if (format) return sendTable(reply, format, `${force.slug}-meetings`, MEETING_COLUMNS, meetings);
      return reply.view('scrutiny/views/list.njk', {
        csvUrl: `/forces/${force.slug}/meetings?format=csv`,
        xlsxUrl: `/forces/${force.slug}/meetings?format=xlsx`,
        title: `${force.name}: scrutiny meetings`,
        currentSection: 'forces',
        backLink: { href: `/forces/${force.slug}`, text: force.name },
        force,
        meetings: meetings.map((m) => ({
          ...m,
          questionCount: m.questions.length,
          findingCount: m.findingIds.length,
        })),
        canCreate,
      });
    },
  );

  app.get<{ Querystring: { force?: string } }>(
    '/meetings/new',
    { schema: { hide: true } },
    async (request, reply) => {
      const slug = request.query.force;
      if (!slug || !/^[a-z0-9-]{1,120}$/.test(slug)) throw notFound('The force');
      const force = await c.scrutiny.forceForNew(request.viewer, slug);
      return renderForm(reply, force, null, {
        values: { force: force.slug, body: MEETING_BODIES[0], questionRows: String(NEW_MEETING_ROWS) },
        errors: [],
        fieldErrors: {},
      });
    },
  );

  app.post<{ Body: Body }>(
    '/meetings/new',
    { schema: { hide: true }, preHandler: csrf(app) },
    async (request, reply) => {
      const force = await c.scrutiny.forceForNew(request.viewer, str(request.body.force));
      return submit(reply, request.body, force, null, () =>
        c.scrutiny.create(request.viewer, formInput(request.body)),
      );
    },
  );

  app.get<{ Params: { id: string }; Querystring: { saved?: string } }>(
    '/meetings/:id',
    { schema: { hide: true } },
    async (request, reply) => {
      if (!UUID.test(request.params.id)) throw notFound('The meeting');
      const saved = request.query.saved;
      return renderMeeting(reply, request.params.id, {
        saved: saved === 'recorded' || saved === 'changed' || saved === 'published' ? saved : null,
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/meetings/:id/edit',
    { schema: { hide: true } },
    async (request, reply) => {
      if (!UUID.test(request.params.id)) throw notFound('The meeting');
      const record = await c.scrutiny.forEdit(request.viewer, request.params.id);
      const force = await c.forces.get(record.force.slug);
      return renderForm(reply, force, record, { values: formValues(record), errors: [], fieldErrors: {} });
    },
  );

  app.post<{ Params: { id: string }; Body: Body }>(
    '/meetings/:id/edit',
    { schema: { hide: true }, preHandler: csrf(app) },
    async (request, reply) => {
      if (!UUID.test(request.params.id)) throw notFound('The meeting');
      const record = await c.scrutiny.forEdit(request.viewer, request.params.id);
      const force = await c.forces.get(record.force.slug);
      const values = { ...request.body, force: force.slug };
      // A published meeting's date and focus findings are fixed: the form shows them without boxes.
      const { heldOn, findings, ...rest } = formInput(values);
      const input = record.published ? rest : { ...rest, heldOn, findings };
      return submit(reply, values, force, record, () => c.scrutiny.update(request.viewer, record.id, input));
    },
  );

  app.post<{ Params: { id: string }; Body: Body }>(
    '/meetings/:id/publish',
    { schema: { hide: true }, preHandler: csrf(app) },
    async (request, reply) => {
      if (!UUID.test(request.params.id)) throw notFound('The meeting');
      try {
        await c.scrutiny.publish(request.viewer, request.params.id, request.body);
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== 'validation' && error.code !== 'conflict'))
          throw error;
        return renderMeeting(
          reply,
          request.params.id,
          { errors: [{ text: error.message, href: '#publish' }], errorPage: true },
          error.status,
        );
      }
      return reply.redirect(`/meetings/${request.params.id}?saved=published`, 303);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/meetings/:id/pack',
    { schema: { hide: true } },
    async (request, reply) => {
      if (!UUID.test(request.params.id)) throw notFound('The meeting');
      const { meeting, pack, record } = await c.scrutiny.pack(request.viewer, request.params.id);
      return reply.view('scrutiny/views/pack.njk', {
        title: `Meeting pack: ${meeting.body}, ${meeting.forceName}`,
        currentSection: 'forces',
        backLink: { href: `/meetings/${record.id}`, text: 'Back to the meeting' },
        id: record.id,
        meeting,
        pack,
        findings: pack.findings.map((f) => ({
          ...f,
          title: findingTitle(f),
          actions: f.actions.map((a) => ({ ...a, movedLabel: timesMovedLabel(a.timesMoved) })),
        })),
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/meetings/:id/pack.docx',
    { schema: { hide: true } },
    async (request, reply) => {
      if (!UUID.test(request.params.id)) throw notFound('The meeting');
      const { meeting, pack, record } = await c.scrutiny.pack(request.viewer, request.params.id);
      const bytes = await packDocx(meeting, pack);
      const name = `meeting-pack-${record.force.slug}-${record.heldOn ?? 'undated'}.docx`;
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', record.packFrozenAt ? 'public, max-age=300' : 'private, no-store')
        .send(bytes);
    },
  );
}
