import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Container } from '../../container.js';
import { ConflictError } from '../../db/versioned.js';
import { AppError, InputError, notFound } from '../../shared/errors.js';
import { checkCsrf, csrf } from '../../web/auth.js';
import { themeFormInput } from '../themes/index.js';
import { THEMES } from '../themes/index.js';
import { presentFindingForms, presentFindingPage, presentMyWork } from './workflow.presenter.js';
import {
  ASSURANCE_LABELS,
  ASSURANCE_LEVELS,
  EVIDENCE_MAX_BYTES,
  FORCE_STATUSES,
  FORCE_STATUS_LABELS,
} from './workflow.domain.js';
import { EVIDENCE_EXTENSIONS } from './evidence.js';
import { asAtSchema } from '../../web/forms.js';
import { exportFormat, sendTable, type Column } from '../../web/exports.js';
import type { ClosureItem, WorkItem } from './workflow.repository.js';
import type { UploadedFile } from './workflow.service.js';
import { UUID } from '../../shared/ids.js';

type Params = { id: string; actionId?: string; requestId?: string };
const str = (v: unknown, fallback: string | null): string => (typeof v === 'string' ? v : (fallback ?? ''));
type FormState = {
  form: string;
  errors: Array<{ text: string; href: string }>;
  fields: Record<string, string>;
  values: Record<string, unknown>;
  conflict?: boolean;
};

const options = (values: readonly string[], labels: Record<string, string>, selected?: string) =>
  values.map((v) => ({ value: v, text: labels[v] ?? v, selected: v === selected }));

/** One line of "My work" as a download: what it is, the item, and its dates and people. */
type WorkRow = {
  list: string;
  item: string;
  force: string;
  owner: string;
  dueOn: string;
  when: string;
  note: string;
  link: string;
};
const actionRow = (list: string, a: WorkItem): WorkRow => ({
  list,
  item: a.title,
  force: a.forceName,
  owner: a.owner,
  dueOn: a.dueOn,
  when: '',
  note: '',
  link: `/findings/${a.findingId}#action-${a.actionId}`,
});
const closureRow = (list: string, r: ClosureItem, at: Date | null, note: string | null): WorkRow => ({
  list,
  item: r.findingText,
  force: r.forceName,
  owner: '',
  dueOn: '',
  when: at ? new Date(at).toISOString() : '',
  note: note ?? '',
  link: `/findings/${r.findingId}#closure`,
});
const WORK_COLUMNS: Column<WorkRow>[] = [
  { header: 'List', value: (r) => r.list, width: 28 },
  { header: 'Action or finding', value: (r) => r.item, width: 70 },
  { header: 'Force', value: (r) => r.force, width: 28 },
  { header: 'Owner', value: (r) => r.owner, width: 24 },
  { header: 'Agreed date', value: (r) => r.dueOn },
  { header: 'Requested or returned', value: (r) => r.when, width: 24 },
  { header: 'By, or reasons', value: (r) => r.note, width: 40 },
  { header: 'Link', value: (r) => r.link, width: 50 },
];

export function registerWorkflowWeb(app: FastifyInstance, c: Container): void {
  async function renderFinding(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state?: FormState,
    status = 200,
  ) {
    if (!UUID.test(id)) throw notFound('The finding');
    const asAt = asAtSchema.parse((request.query as Record<string, unknown>).asAt);
    const detail = await c.workflow.detail(id, request.viewer);
    const page = presentFindingPage(detail, request.viewer, asAt);
    const f = page.finding;
    const subject = { kind: 'finding' as const, id };
    const [themes, similar] = await Promise.all([
      c.themes.subjectThemes(subject, request.viewer),
      f.kind === 'cause-of-concern' && page.status.value === 'open' ? c.themes.similar(subject) : [],
    ]);
    return reply.status(status).view('workflow/views/finding.njk', {
      title: `${f.kindLabel}${f.number ? ` ${f.number}` : ''}: ${f.forceName}`,
      currentSection: 'findings',
      backLink: f.inspectionSlug
        ? { href: `/inspections/${f.inspectionSlug}`, text: f.inspectionTitle }
        : { href: '/findings', text: 'Findings' },
      ...page,
      themes,
      themeOptions: THEMES.map((t) => ({
        value: t.slug,
        text: t.name,
        checked: Array.isArray(state?.values.themes)
          ? (state.values.themes as string[]).includes(t.slug)
          : themes.themes.some((x) => x.slug === t.slug),
      })),
      similar,
      state,
      errors: state?.errors,
      errorPage: Boolean(state),
      forceStatusOptions: options(
        FORCE_STATUSES,
        FORCE_STATUS_LABELS,
        str(state?.values.forceStatus, page.forceStatus.value),
      ),
      assuranceOptions: options(
        ASSURANCE_LEVELS,
        ASSURANCE_LABELS,
        str(state?.values.assurance, page.assurance.value),
      ),
      forms: presentFindingForms(page, request.viewer, {
        status:
          state?.form === 'decision' && typeof state.values.status === 'string'
            ? state.values.status
            : undefined,
      }),
      evidenceHint: `${EVIDENCE_EXTENSIONS.map((e) => e.slice(1).toUpperCase()).join(', ')}; up to ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB each`,
    });
  }

  /** Runs a form's write; on bad input or a stale version shows the page again with the messages. */
  async function submit(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    form: string,
    values: Record<string, unknown>,
    write: () => Promise<unknown>,
    anchor: string,
  ) {
    try {
      await write();
    } catch (error) {
      if (error instanceof InputError) {
        const fields: Record<string, string> = {};
        for (const issue of error.issues) fields[String(issue.path[0] ?? 'form')] ??= issue.message;
        const errors = Object.entries(fields).map(([field, text]) => ({ text, href: `#${form}-${field}` }));
        return renderFinding(request, reply, request.params.id, { form, errors, fields, values }, 422);
      }
      if (error instanceof ConflictError) {
        // Show the form again with the current values (the page reloads them) and say why.
        return renderFinding(
          request,
          reply,
          request.params.id,
          {
            form,
            errors: [{ text: error.message, href: `#${form}` }],
            fields: {},
            values: {},
            conflict: true,
          },
          409,
        );
      }
      if (error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')) {
        const details = error.details as { fields?: Record<string, string> } | undefined;
        const fields = details?.fields ?? {};
        return renderFinding(
          request,
          reply,
          request.params.id,
          {
            form,
            errors: [{ text: error.message, href: `#${form}-${Object.keys(fields)[0] ?? 'form'}` }],
            fields,
            values,
          },
          error.code === 'conflict' ? 409 : 422,
        );
      }
      throw error;
    }
    return reply.redirect(`/findings/${request.params.id}#${anchor}`, 303);
  }

  app.get<{ Params: Params }>('/findings/:id', { schema: { hide: true } }, (request, reply) =>
    renderFinding(request, reply, request.params.id),
  );

  const post = (
    path: string,
    handler: (
      request: FastifyRequest<{ Params: Params; Body: Record<string, unknown> }>,
      reply: FastifyReply,
    ) => Promise<unknown>,
  ) =>
    app.post<{ Params: Params; Body: Record<string, unknown> }>(
      path,
      { schema: { hide: true }, preHandler: csrf(app) },
      handler,
    );

  post('/findings/:id/force-status', (request, reply) =>
    submit(
      request,
      reply,
      'force-status',
      request.body,
      () => c.workflow.setForceStatus(request.viewer, request.params.id, request.body),
      'status',
    ),
  );
  post('/findings/:id/themes', (request, reply) =>
    submit(
      request,
      reply,
      'themes',
      request.body,
      () =>
        c.themes.setThemes(
          request.viewer,
          { kind: 'finding', id: request.params.id },
          themeFormInput(request.body),
        ),
      'themes',
    ),
  );
  post('/findings/:id/assurance', (request, reply) =>
    submit(
      request,
      reply,
      'assurance',
      request.body,
      () => c.workflow.setAssurance(request.viewer, request.params.id, request.body),
      'status',
    ),
  );
  post('/findings/:id/decision', (request, reply) =>
    submit(
      request,
      reply,
      'decision',
      request.body,
      () => c.workflow.decide(request.viewer, request.params.id, request.body),
      'status',
    ),
  );
  post('/findings/:id/actions', (request, reply) =>
    submit(
      request,
      reply,
      'new-action',
      request.body,
      () => c.workflow.addAction(request.viewer, request.params.id, request.body),
      'actions',
    ),
  );
  post('/findings/:id/actions/:actionId', (request, reply) =>
    submit(
      request,
      reply,
      `action-${request.params.actionId}`,
      request.body,
      () => c.workflow.editAction(request.viewer, request.params.id, request.params.actionId!, request.body),
      `action-${request.params.actionId}`,
    ),
  );
  post('/findings/:id/closure-requests', (request, reply) =>
    submit(
      request,
      reply,
      'closure',
      request.body,
      () => c.workflow.requestClosure(request.viewer, request.params.id, request.body),
      'closure',
    ),
  );
  post('/findings/:id/closure-requests/:requestId/decision', (request, reply) =>
    submit(
      request,
      reply,
      `closure-${request.params.requestId}`,
      request.body,
      () =>
        c.workflow.decideClosure(request.viewer, request.params.id, request.params.requestId!, request.body),
      'closure',
    ),
  );

  // Progress updates carry files, so they come as multipart; the CSRF token is checked by hand.
  app.post<{ Params: Params }>(
    '/findings/:id/updates',
    { schema: { hide: true } },
    async (request, reply) => {
      const fields: Record<string, string> = {};
      const files: UploadedFile[] = [];
      let tooLarge = false;
      let checked = false;
      if (!request.isMultipart()) {
        Object.assign(fields, request.body as Record<string, string>);
      } else {
        for await (const part of request.parts({ limits: { fileSize: EVIDENCE_MAX_BYTES, files: 10 } })) {
          if (part.type === 'file') {
            if (!checked) {
              request.multipartCsrf = fields._csrf ?? '';
              await checkCsrf(app, request, reply);
              checked = true;
            }
            const bytes = await part.toBuffer().catch(() => null);
            if (bytes === null || part.file.truncated) tooLarge = true;
            else if (part.filename) files.push({ name: part.filename, bytes: new Uint8Array(bytes) });
          } else fields[part.fieldname] = String(part.value);
        }
      }
      if (!checked) {
        request.multipartCsrf = fields._csrf ?? '';
        await checkCsrf(app, request, reply);
      }
      return submit(
        request,
        reply,
        'update',
        fields,
        () => {
          if (tooLarge)
            throw new AppError(
              'validation',
              `Each file must be smaller than ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB`,
              {
                fields: { evidence: 'too large' },
              },
            );
          return c.workflow.postUpdate(request.viewer, request.params.id, fields, files);
        },
        'updates',
      );
    },
  );

  app.get<{ Params: { id: string } }>('/evidence/:id', { schema: { hide: true } }, async (request, reply) => {
    if (!UUID.test(request.params.id)) throw notFound('The file');
    const file = await c.workflow.evidence(request.viewer, request.params.id);
    return reply
      .header('content-type', file.contentType)
      .header(
        'content-disposition',
        `attachment; filename="${file.filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      )
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(Buffer.from(file.content));
  });

  app.get('/my-work', { schema: { hide: true } }, async (request, reply) => {
    const work = await c.workflow.myWork(request.viewer);
    const format = exportFormat(request.query);
    if (format) {
      const rows: WorkRow[] = [
        ...work.overdue.map((a) => actionRow('Overdue action', a)),
        ...work.dueSoon.map((a) => actionRow(`Due in the next ${work.soonDays} days`, a)),
        ...work.waiting.map((r) => closureRow('Closure request waiting', r, r.requestedAt, r.requestedBy)),
        ...work.returned.map((r) => closureRow('Closure request returned', r, r.decidedAt, r.decisionNote)),
      ];
      reply.header('cache-control', 'private, no-store');
      return sendTable(reply, format, `my-work-${work.day}`, WORK_COLUMNS, rows);
    }
    return reply.view('workflow/views/my-work.njk', {
      title: 'My work',
      ...work,
      ...presentMyWork(work),
      viewer: request.viewer,
      csvUrl: '/my-work?format=csv',
      xlsxUrl: '/my-work?format=xlsx',
    });
  });
}
