import type { FastifyInstance, FastifyReply } from 'fastify';
import { formErrors } from '../../web/forms.js';
import type { Container } from '../../container.js';
import { ConflictError } from '../../db/versioned.js';
import { csrf } from '../../web/auth.js';
import type { Viewer } from '../accounts/index.js';
import { assertCan, can, type Action } from '../accounts/index.js';
import { InputError } from '../../shared/errors.js';
import { GRADE_LABELS, PROGRAMME_KINDS, PROGRAMME_KIND_LABELS, SCALES } from './inspections.domain.js';
import { londonLocal } from '../../shared/london-time.js';
import type { InspectionRecord, RecordingService } from './inspections.write.js';

/** What a recording form shows: its values, and the problems by field and as the error summary. */
export type FormState = {
  values: Record<string, unknown>;
  errors: Array<{ text: string; href: string }>;
  fieldErrors: Record<string, string>;
};
export type Body = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A recording form: its routes, the service it writes through, and how values pass to and fro. */
export type RecordingForms<R> = {
  /** The new form's path, and the edit form's, whose one parameter names the record. */
  newPath: string;
  editPath: string;
  /** Who may open the new form (the service checks every write again). */
  action: Action;
  /** The form's first field, which the conflict message links to. */
  firstField: string;
  /** The recording service: it checks permission and input, and writes. */
  service: RecordingService<R>;
  keyOf: (record: R) => string;
  /** A record as the form's values; the new form's first values, from the query. */
  formValues: (record: R) => Body;
  newValues: (query: Record<string, string>) => Body | Promise<Body>;
  /** The posted fields as the schema's input, and the field a problem's path points at when not its first part. */
  input: (body: Body) => { value: Body; fieldId?: (path: PropertyKey[]) => string };
  /** The values to show again after bad input (the posted fields by default). */
  postedValues?: (body: Body) => Body;
  redirect: (saved: R) => string;
  render: (reply: FastifyReply, record: R | null, state: FormState, status: number) => Promise<unknown>;
};

const NO_PROBLEMS = { errors: [], fieldErrors: {} };

/**
 * The new and edit forms of one kind of record. A save is a 303 to the record; bad input shows the
 * form again with the problems (422); a save over someone else's shows the form with the CURRENT
 * values and an explanation (409).
 */
export function registerRecordingForms<R>(app: FastifyInstance, f: RecordingForms<R>): void {
  async function save(
    reply: FastifyReply,
    body: Body,
    write: (input: Body) => Promise<R>,
    record: R | null,
    current?: () => Promise<R>,
  ) {
    const { value, fieldId } = f.input(body);
    try {
      return reply.redirect(f.redirect(await write(value)), 303);
    } catch (error) {
      if (error instanceof InputError) {
        const { errors, fieldErrors } = formErrors(error, fieldId);
        const values = f.postedValues?.(body) ?? body;
        return f.render(reply, record, { values, errors, fieldErrors }, 422);
      }
      if (error instanceof ConflictError && current) {
        const now = await current();
        const errors = [{ text: error.message, href: `#${f.firstField}` }];
        return f.render(reply, now, { values: f.formValues(now), errors, fieldErrors: {} }, 409);
      }
      throw error;
    }
  }
  const keyIn = (params: Record<string, string>) => Object.values(params)[0] ?? '';

  app.get<{ Querystring: Record<string, string> }>(
    f.newPath,
    { schema: { hide: true } },
    async (request, reply) => {
      assertCan(request.viewer, f.action);
      return f.render(reply, null, { values: await f.newValues(request.query), ...NO_PROBLEMS }, 200);
    },
  );
  app.post<{ Body: Body }>(f.newPath, { schema: { hide: true }, preHandler: csrf(app) }, (request, reply) => {
    assertCan(request.viewer, f.action);
    return save(reply, request.body, (input) => f.service.create(request.viewer, input), null);
  });
  app.get<{ Params: Record<string, string> }>(
    f.editPath,
    { schema: { hide: true } },
    async (request, reply) => {
      const record = await f.service.get(request.viewer, keyIn(request.params));
      return f.render(reply, record, { values: f.formValues(record), ...NO_PROBLEMS }, 200);
    },
  );
  app.post<{ Params: Record<string, string>; Body: Body }>(
    f.editPath,
    { schema: { hide: true }, preHandler: csrf(app) },
    async (request, reply) => {
      const record = await f.service.get(request.viewer, keyIn(request.params));
      const key = f.keyOf(record);
      return save(
        reply,
        request.body,
        (input) => f.service.update(request.viewer, key, input),
        record,
        () => f.service.get(request.viewer, key),
      );
    },
  );
}

/** What every recording template is given about its form: the values and the problems. */
export const formLocals = (state: FormState) => ({
  v: state.values,
  errors: state.errors.length ? state.errors : undefined,
  errorPage: state.errors.length > 0,
  fieldErrors: state.fieldErrors,
});

/** A force select's items, the chosen one selected. */
export const forceSelectItems = (forces: Array<{ slug: string; name: string }>, chosen: unknown) => [
  { value: '', text: 'Choose a force', selected: !chosen },
  ...forces.map((f) => ({ value: f.slug, text: f.name, selected: f.slug === chosen })),
];

/** Whether the viewer may record and edit, for the links the existing pages show. */
export function recordingLinks(viewer: Viewer) {
  return {
    inspections: can(viewer, 'inspection.create'),
    inspectionEdit: can(viewer, 'inspection.edit'),
    findings: can(viewer, 'finding.create'),
    findingEdit: can(viewer, 'finding.edit'),
    engage: can(viewer, 'engage.edit'),
  };
}

/** An inspection as the form's values. */
function formValues(i: InspectionRecord): Body {
  return {
    title: i.title,
    type: i.type,
    programme: i.programme ?? '',
    forces: i.forces,
    publishedOn: i.publishedOn ?? '',
    publishedAt: i.publishedAt ? londonLocal(i.publishedAt) : '',
    sourceUrl: i.sourceUrl ?? '',
    judgements: i.judgements,
    version: String(i.version),
  };
}

type JudgementValue = { force: string; area: string; grade: string | null };
const asList = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(str) : typeof v === 'string' && v ? [v] : [];

/** The grade rows a form posted: the rows with a grade chosen, and each one's row number. */
function postedJudgements(body: Body): { list: JudgementValue[]; rows: number[] } {
  const rows = Object.keys(body)
    .map((k) => /^judgement-(\d+)-grade$/.exec(k)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b)
    .filter((n) => str(body[`judgement-${n}-grade`]) !== '');
  return {
    rows,
    list: rows.map((n) => ({
      force: str(body[`judgement-${n}-force`]),
      area: str(body[`judgement-${n}-area`]),
      grade: str(body[`judgement-${n}-grade`]),
    })),
  };
}

export function registerInspectionsWriteWeb(app: FastifyInstance, c: Container): void {
  // Pages show "Record" and "Edit" links only to those who may.
  app.addHook('preHandler', async (request, reply) => {
    if (request.viewer.role === 'public') return;
    reply.locals = { ...reply.locals, mayRecord: recordingLinks(request.viewer) };
  });

  async function render(
    reply: FastifyReply,
    record: { slug: string; version: number } | null,
    state: FormState,
    status: number,
  ) {
    const options = await c.inspectionsWrite.options();
    const v = state.values;
    const programme = options.programmes.find((p) => p.slug === str(v.programme));
    const chosen = asList(v.forces);
    const judgements = (Array.isArray(v.judgements) ? v.judgements : []) as JudgementValue[];
    const grades = programme ? (SCALES[programme.scale] as readonly string[]) : Object.keys(GRADE_LABELS);
    const gradeItems = (graded: boolean, selected: string) => [
      { value: '', text: 'Not recorded', selected: selected === '' },
      { value: 'ungraded', text: 'Not graded', selected: selected === 'ungraded' },
      ...(graded
        ? grades.map((g) => ({
            value: g,
            text: GRADE_LABELS[g as keyof typeof GRADE_LABELS],
            selected: g === selected,
          }))
        : []),
    ];
    // One row per force and programme area, then any recorded grade on an area the programme lacks.
    const rows: Array<{ force: string; forceName: string; area: string; label: string; items: unknown[] }> =
      [];
    for (const force of chosen) {
      const forceName = options.forces.find((f) => f.slug === force)?.name ?? force;
      const mine = judgements.filter((j) => j.force === force);
      const gradeOf = (j: JudgementValue | undefined) => (j ? (j.grade ?? 'ungraded') : '');
      for (const area of programme?.areas ?? []) {
        const j = mine.find((x) => x.area === area.slug || x.area.toLowerCase() === area.name.toLowerCase());
        rows.push({
          force,
          forceName,
          area: area.slug,
          label: area.label,
          items: gradeItems(area.graded, gradeOf(j)),
        });
      }
      for (const j of mine.filter(
        (x) =>
          !programme?.areas.some((a) => x.area === a.slug || x.area.toLowerCase() === a.name.toLowerCase()),
      ))
        rows.push({ force, forceName, area: j.area, label: j.area, items: gradeItems(true, gradeOf(j)) });
    }
    return reply.status(status).view('inspections/views/record.njk', {
      title: record ? 'Edit the inspection' : 'Record an inspection',
      currentSection: 'inspections',
      backLink: record
        ? { href: `/inspections/${record.slug}`, text: 'Back to the inspection' }
        : { href: '/inspections', text: 'All inspections' },
      action: record ? `/inspections/${record.slug}/edit` : '/inspections/new',
      record,
      ...formLocals(state),
      typeItems: PROGRAMME_KINDS.map((k) => ({
        value: k,
        text: PROGRAMME_KIND_LABELS[k],
        selected: k === v.type,
      })),
      programmeItems: [
        { value: '', text: 'None', selected: !programme },
        ...options.programmes.map((p) => ({
          value: p.slug,
          text: p.name,
          selected: p.slug === programme?.slug,
        })),
      ],
      forceItems: options.forces.map((f) => ({
        value: f.slug,
        text: f.name,
        checked: chosen.includes(f.slug),
      })),
      gradesFor: programme?.slug ?? '',
      judgementRows: rows,
      multipleForces: chosen.length > 1,
    });
  }

  /** The form's fields as the shared schema's input. */
  function input(body: Body) {
    const posted = postedJudgements(body);
    const forces = asList(body.forces);
    // Grade rows drawn for another programme, or for a force no longer ticked, do not apply.
    const applies = str(body.gradesFor) === str(body.programme);
    const kept = applies
      ? posted.rows.map((n, i) => ({ n, j: posted.list[i]! })).filter((r) => forces.includes(r.j.force))
      : [];
    const rows = kept.map((r) => r.n);
    return {
      value: {
        title: body.title,
        type: body.type,
        programme: body.programme,
        forces,
        publishedOn: body.publishedOn,
        publishedAt: body.publishedAt,
        sourceUrl: body.sourceUrl,
        ...(applies ? { judgements: kept.map((r) => r.j) } : {}),
        ...(body.version !== undefined ? { version: body.version } : {}),
      },
      // A grade's problem is shown at its row's select (its force and area are hidden fields).
      fieldId: (path: PropertyKey[]) =>
        path[0] === 'judgements' && typeof path[1] === 'number'
          ? `judgement-${rows[path[1]] ?? 0}-grade`
          : String(path[0] ?? 'form'),
    };
  }

  registerRecordingForms<InspectionRecord>(app, {
    newPath: '/inspections/new',
    editPath: '/inspections/:slug/edit',
    action: 'inspection.create',
    firstField: 'title',
    service: c.inspectionsWrite,
    keyOf: (i) => i.slug,
    formValues,
    newValues: (q) => ({
      type: q.type ?? 'force-specific',
      programme: q.programme ?? '',
      forces: asList(q.force),
    }),
    input,
    // What was posted, with the grades as posted.
    postedValues: (body) => ({
      ...body,
      forces: asList(body.forces),
      judgements: postedJudgements(body).list.map((j) => ({
        ...j,
        grade: j.grade === 'ungraded' ? null : j.grade,
      })),
    }),
    redirect: (saved) => `/inspections/${saved.slug}`,
    render,
  });
}
