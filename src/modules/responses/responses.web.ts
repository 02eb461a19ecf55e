import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import type { Container } from '../../container.js';
import { ConflictError } from '../../db/versioned.js';
import { AppError, InputError, notFound } from '../../shared/errors.js';
import { csrf } from '../../web/auth.js';
import { buildResponseDocx, STATUS_LABELS, TICK_LABELS } from './responses.document.js';
import { FORCE_QUOTED } from './responses.schemas.js';
import { UUID } from '../../shared/ids.js';

type Params = { id: string };
type Body = Record<string, string | string[] | undefined>;
type FormState = {
  errors: Array<{ text: string; href: string }>;
  fields: Record<string, string>;
  values?: Body;
};

const SAVED: Record<string, string> = {
  details: 'The response has been saved.',
  chief: 'The chief constable’s comments have been saved.',
  ready: 'The response is marked as ready to publish.',
  draft: 'The response is back in draft.',
  published: 'The response has been published.',
  findings: 'The inspection’s findings are now listed in the response.',
  created: 'The response has been started.',
};

const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];
/** Where an error's message points: the field's element on the page. */
const anchor = (field: string) => `#${field.startsWith('findings-') ? 'findings' : field}`;

/**
 * The local policing body's form as the service's input: each recommendation's action comes as
 * "action-<id>", the tick boxes as "inspectionType" (absent when none is ticked, hence "_types").
 */
function lpbInput(body: Body): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const recommendations: Array<{ id: string; action: string }> = [];
  for (const [key, value] of Object.entries(body)) {
    if (key === '_csrf' || key === '_types' || key === 'inspectionType') continue;
    if (key.startsWith('action-')) recommendations.push({ id: key.slice(7), action: one(value) });
    else input[key] = one(value);
  }
  if (body._types) input.inspectionType = list(body.inspectionType);
  if (recommendations.length > 0) input.recommendations = recommendations;
  return input;
}

export function registerResponsesWeb(app: FastifyInstance, c: Container, config: Config): void {
  const detailOf = (request: FastifyRequest<{ Params: Params }>) => {
    if (!UUID.test(request.params.id)) throw notFound('The response');
    return c.responses.detail(request.viewer, request.params.id);
  };
  const savedBanner = (request: FastifyRequest) => SAVED[String((request.query as { saved?: string }).saved)];

  app.get<{ Params: Params }>('/responses/:id', { schema: { hide: true } }, async (request, reply) => {
    const detail = await detailOf(request);
    const d = detail.document;
    return reply.view('responses/views/show.njk', {
      title: `Response to ${d.inspectionTitle}: ${d.forceName}`,
      currentSection: 'inspections',
      backLink: { href: `/inspections/${detail.record.inspectionSlug}`, text: d.inspectionTitle },
      ...detail,
      d,
      id: request.params.id,
      inspectionSlug: detail.record.inspectionSlug,
      statusLabel: STATUS_LABELS[d.status] ?? d.status,
      quotedLabel: TICK_LABELS[d.forceQuoted as keyof typeof TICK_LABELS] ?? d.forceQuoted,
      saved: savedBanner(request),
    });
  });

  app.get<{ Params: Params }>(
    '/responses/:id/document.docx',
    { schema: { hide: true } },
    async (request, reply) => {
      if (!UUID.test(request.params.id)) throw notFound('The response');
      const doc = await c.responses.document(request.viewer, request.params.id);
      const logo = config.RESPONSE_LOGO_DIR
        ? await readFile(join(config.RESPONSE_LOGO_DIR, `${doc.forceSlug}.png`)).catch(() => null)
        : null;
      const bytes = await buildResponseDocx(doc, { logo: logo ? new Uint8Array(logo) : null });
      const name = `s55-response-${doc.forceSlug}-${request.params.id.slice(0, 8)}.docx`;
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', doc.status === 'published' ? 'public, max-age=300' : 'private, no-store')
        .send(bytes);
    },
  );

  async function renderEdit(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    state?: FormState,
    status = 200,
  ) {
    const detail = await detailOf(request);
    const { can } = detail;
    if (!can.edit && !can.editChief)
      throw new AppError(
        request.viewer.role === 'public' ? 'unauthorised' : 'forbidden',
        'You do not have permission to do this',
      );
    const d = detail.document;
    const r = detail.record.response;
    const submitted = state?.values;
    const current = {
      chiefInvitedOn: r.chiefInvitedOn ?? '',
      chiefCommentsDueOn: r.chiefCommentsDueOn ?? '',
      chiefComments: r.chiefComments ?? '',
      summary: d.summary.join('\n'),
      lpbComment: r.lpbComment ?? '',
      forceQuoted: r.forceQuoted,
      sentToHmicfrsOn: r.sentToHmicfrsOn ?? '',
      sentToHomeSecretaryOn: r.sentToHomeSecretaryOn ?? '',
      publicUrl: r.publicUrl ?? '',
      answeredThroughId: r.answeredThroughId ?? '',
      answeredThroughReason: r.answeredThroughReason ?? '',
      publishedOn: '',
    };
    const values: Record<string, string> = { ...current };
    if (submitted)
      for (const key of Object.keys(current))
        if (submitted[key] !== undefined) values[key] = one(submitted[key]);
    const ticked = submitted?._types
      ? list(submitted.inspectionType)
      : d.inspectionType.filter((o) => o.ticked === true).map((o) => o.label);
    const error = (field: string) => (state?.fields[field] ? { text: state.fields[field] } : undefined);
    return reply.status(status).view('responses/views/edit.njk', {
      title: `Edit the response to ${d.inspectionTitle}: ${d.forceName}`,
      currentSection: 'inspections',
      backLink: { href: `/responses/${request.params.id}`, text: 'The response' },
      ...detail,
      d,
      id: request.params.id,
      version: r.version,
      statusLabel: STATUS_LABELS[d.status] ?? d.status,
      published: r.status === 'published',
      values,
      error,
      errors: state?.errors,
      errorPage: Boolean(state),
      saved: state ? undefined : savedBanner(request),
      actions: d.recommendations.map((item) => ({
        ...item,
        value:
          submitted?.[`action-${item.id}`] !== undefined
            ? one(submitted[`action-${item.id}`])
            : (item.action ?? ''),
      })),
      typeItems: d.inspectionType.map((o) => ({
        value: o.label,
        text: o.label,
        checked: ticked.includes(o.label),
        hint: o.ticked === 'unknown' ? { text: 'Not known from the imported form' } : undefined,
      })),
      quotedItems: FORCE_QUOTED.map((v) => ({
        value: v,
        text: TICK_LABELS[v],
        checked: values.forceQuoted === v,
      })),
      throughItems: [
        { value: '', text: 'Not answered through another response' },
        ...detail.otherResponses.map((o) => ({
          value: o.id,
          text: `${o.inspectionTitle} (${STATUS_LABELS[o.status] ?? o.status})`,
          selected: values.answeredThroughId === o.id,
        })),
      ],
    });
  }

  /** Runs a form's write: 303 to the page on success; the form again with messages on 422 or 409. */
  async function submit(
    request: FastifyRequest<{ Params: Params; Body: Body }>,
    reply: FastifyReply,
    write: () => Promise<unknown>,
    done: string,
  ) {
    if (!UUID.test(request.params.id)) throw notFound('The response');
    try {
      await write();
    } catch (error) {
      if (error instanceof InputError) {
        const rows = (request.body as Body & { recommendations?: never }) ?? {};
        const actionIds = Object.keys(rows).filter((k) => k.startsWith('action-'));
        const fields: Record<string, string> = {};
        for (const issue of error.issues) {
          const [first, index] = issue.path;
          const field =
            first === 'recommendations' && typeof index === 'number'
              ? (actionIds[index] ?? 'form')
              : String(first ?? 'form');
          fields[field] ??= issue.message;
        }
        const errors = Object.entries(fields).map(([field, text]) => ({ text, href: anchor(field) }));
        return renderEdit(request, reply, { errors, fields, values: request.body }, 422);
      }
      if (error instanceof ConflictError)
        return renderEdit(
          request,
          reply,
          { errors: [{ text: error.message, href: '#status' }], fields: {} },
          409,
        );
      if (error instanceof AppError && error.code === 'validation') {
        const fields = (error.details as { fields?: Record<string, string> } | undefined)?.fields ?? {
          form: error.message,
        };
        const errors = Object.entries(fields).map(([field, text]) => ({ text, href: anchor(field) }));
        return renderEdit(request, reply, { errors, fields, values: request.body }, 422);
      }
      throw error;
    }
    return reply.redirect(done, 303);
  }

  const post = (
    path: string,
    handler: (
      request: FastifyRequest<{ Params: Params; Body: Body }>,
      reply: FastifyReply,
    ) => Promise<unknown>,
  ) =>
    app.post<{ Params: Params; Body: Body }>(
      path,
      { schema: { hide: true }, preHandler: csrf(app) },
      handler,
    );

  app.get<{ Params: Params }>('/responses/:id/edit', { schema: { hide: true } }, (request, reply) =>
    renderEdit(request, reply),
  );

  const pick = (body: Body, keys: string[]) => Object.fromEntries(keys.map((k) => [k, one(body[k])]));
  /** The edit page's forms: what each writes, and where it returns to (after /responses/:id, with its banner). */
  const forms: Array<{
    path: string;
    write: (viewer: FastifyRequest['viewer'], id: string, body: Body) => Promise<unknown>;
    done: (body: Body) => string;
  }> = [
    {
      path: 'edit',
      write: (viewer, id, body) => c.responses.edit(viewer, id, lpbInput(body)),
      done: () => '/edit?saved=details',
    },
    {
      path: 'chief-comments',
      write: (viewer, id, body) => c.responses.edit(viewer, id, pick(body, ['version', 'chiefComments'])),
      done: () => '/edit?saved=chief',
    },
    {
      path: 'status',
      write: (viewer, id, body) => c.responses.edit(viewer, id, pick(body, ['version', 'status'])),
      done: (body) => `/edit?saved=${one(body.status) === 'draft' ? 'draft' : 'ready'}`,
    },
    {
      path: 'publish',
      write: (viewer, id, body) => c.responses.publish(viewer, id, pick(body, ['version', 'publishedOn'])),
      done: () => '?saved=published',
    },
    {
      path: 'findings',
      write: (viewer, id) => c.responses.bringInFindings(viewer, id),
      done: () => '/edit?saved=findings',
    },
  ];
  for (const form of forms)
    post(`/responses/:id/${form.path}`, (request, reply) =>
      submit(
        request,
        reply,
        () => form.write(request.viewer, request.params.id, request.body),
        `/responses/${request.params.id}${form.done(request.body)}`,
      ),
    );

  /** Starts (or opens) the response of a force's local policing body to an inspection. */
  app.post<{ Params: { slug: string }; Body: Body }>(
    '/inspections/:slug/responses',
    { schema: { hide: true }, preHandler: csrf(app) },
    async (request, reply) => {
      const force = one(request.body.force);
      const result = await c.responses.ensure(request.viewer, request.params.slug, force ? { force } : {});
      return reply.redirect(
        `/responses/${result.response.id}/edit${result.created ? '?saved=created' : ''}`,
        303,
      );
    },
  );
}
