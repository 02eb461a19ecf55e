import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { notFound } from '../../shared/errors.js';
import {
  dataOf,
  errorSchema,
  idParams,
  noContent,
  writeErrors,
  writtenSchema,
} from '../../web/api-schemas.js';
import { requireToken } from '../../web/auth.js';
import { presentFindingPage } from './workflow.presenter.js';
import { asAtSchema } from '../../web/forms.js';
import { UUID } from '../../shared/ids.js';

const actionParams = {
  type: 'object',
  required: ['id', 'actionId'],
  properties: { id: { type: 'string', format: 'uuid' }, actionId: { type: 'string', format: 'uuid' } },
} as const;
const requestParams = {
  type: 'object',
  required: ['id', 'requestId'],
  properties: { id: { type: 'string', format: 'uuid' }, requestId: { type: 'string', format: 'uuid' } },
} as const;
const body = (properties: Record<string, unknown>, required: string[] = []) =>
  ({ type: 'object', properties, required }) as const;
const version = { type: 'integer', minimum: 1, description: 'The version you read; a stale one gets 409' };
const day = { type: 'string', format: 'date' };

type P = { id: string; actionId?: string; requestId?: string };

const open = (description: string) => ({ type: 'object', additionalProperties: true, description });
const findingDetailSchema = {
  type: 'object',
  additionalProperties: true,
  required: ['id', 'force', 'kind', 'text', 'status', 'forceStatus', 'assurance', 'history'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    force: { type: 'string', description: 'slug of the force' },
    inspection: { type: ['string', 'null'], description: 'slug of the inspection' },
    kind: { type: 'string' },
    number: { type: ['string', 'null'] },
    area: { type: ['string', 'null'] },
    text: { type: 'string' },
    raised: { type: ['string', 'null'] },
    asAt: { type: ['string', 'null'], description: 'The day asked for, or null for today' },
    embargoed: { type: 'boolean' },
    version: { type: 'integer', description: 'Send it back with a change; a stale one gets 409' },
    status: {
      type: ['string', 'null'],
      description: "The inspectorate's status (null: not yet raised on the asAt day)",
    },
    statusOn: { type: ['string', 'null'] },
    forceStatus: { type: 'string', description: "The force's own RAG rating" },
    assurance: { type: 'string', description: "The local policing body's assurance" },
    assuranceNote: { type: ['string', 'null'] },
    lineage: { type: 'array', items: open('A finding this one came from or led to, and how') },
    history: { type: 'array', items: open('One change: at, on, who, what, note') },
    actions: { type: 'array', items: open('For those who may see the work: an action') },
    updates: { type: 'array', items: open('For those who may see the work: a progress update') },
    closureRequests: {
      type: 'array',
      items: open('For those who may see the work: a request to close the finding'),
    },
  },
} as const;
const myWorkSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    day: { type: 'string', format: 'date' },
    soonDays: { type: 'integer' },
    overdue: { type: 'array', items: open('An action past its agreed date') },
    dueSoon: { type: 'array', items: open('An action due within soonDays') },
    waiting: { type: 'array', items: open('A closure request waiting for a decision') },
    returned: { type: 'array', items: open('A closure request returned with reasons') },
  },
} as const;

/**
 * The findings workflow for integrations (a force's own tracker, a PCC office's system). Reads
 * follow the same permission table as the pages; writes need an API token.
 */
export function registerWorkflowApi(api: FastifyInstance, c: Container): void {
  api.get<{ Params: P; Querystring: { asAt?: string } }>(
    '/findings/:id',
    {
      schema: {
        tags: ['findings'],
        summary:
          'One finding: its three statuses, lineage, history, and (for those allowed) its actions, updates and closure requests. ?asAt=YYYY-MM-DD rebuilds it as it stood that day.',
        params: idParams,
        querystring: { type: 'object', properties: { asAt: day } },
        response: { 200: dataOf(findingDetailSchema), 404: errorSchema },
      },
    },
    async (request) => {
      if (!UUID.test(request.params.id)) throw notFound('The finding');
      const asAt = asAtSchema.parse(request.query.asAt);
      const page = presentFindingPage(
        await c.workflow.detail(request.params.id, request.viewer),
        request.viewer,
        asAt,
      );
      const f = page.finding;
      return {
        data: {
          id: f.id,
          force: f.forceSlug,
          inspection: f.inspectionSlug,
          kind: f.kind,
          number: f.number,
          area: f.areaLabel,
          text: f.text,
          raised: f.raisedOn,
          asAt: asAt ?? null,
          embargoed: page.embargoed,
          version: f.version,
          status: page.status.value,
          statusOn: page.status.on,
          forceStatus: page.forceStatus.value,
          assurance: page.assurance.value,
          assuranceNote: page.assurance.note,
          lineage: page.lineage.map((l) => ({ id: l.id, relation: l.relation, status: l.status })),
          history: page.timeline.map((h) => ({
            at: h.at.toISOString(),
            on: h.on,
            who: h.who,
            what: h.text,
            note: h.note,
          })),
          ...(page.seesWork
            ? {
                actions: page.actions.map((a) => ({
                  id: a.id,
                  title: a.title,
                  owner: a.owner,
                  dueOn: a.dueOn,
                  status: a.status,
                  overdue: a.overdue,
                  version: a.version,
                  agreedDates: a.agreedDates.map((d) => ({ dueOn: d.dueOn, reason: d.reason })),
                })),
                updates: page.updates.map((u) => ({
                  id: u.id,
                  at: u.at.toISOString(),
                  by: u.actor,
                  text: u.text,
                  actionId: u.actionId,
                  evidence: u.evidence.map((e) => ({
                    id: e.id,
                    filename: e.filename,
                    url: `/evidence/${e.id}`,
                  })),
                })),
                closureRequests: page.closureRequests.map((r) => ({
                  id: r.id,
                  status: r.status,
                  summary: r.summary,
                  requestedAt: r.requestedAt.toISOString(),
                  decisionNote: r.decisionNote,
                  version: r.version,
                  evidence: r.evidence.map((e) => e.id),
                })),
              }
            : {}),
        },
      };
    },
  );

  api.post<{ Params: P; Body: Record<string, unknown> }>(
    '/findings/:id/actions',
    {
      schema: {
        tags: ['findings'],
        summary: 'Add an action to a finding (force accounts, own force)',
        params: idParams,
        body: body({ title: { type: 'string' }, owner: { type: 'string' }, dueOn: day }, [
          'title',
          'owner',
          'dueOn',
        ]),
        response: { 201: dataOf(writtenSchema), ...writeErrors },
      },
    },
    async (request, reply) => {
      const viewer = requireToken(request);
      const row = await c.workflow.addAction(viewer, request.params.id, request.body);
      return reply.status(201).send({ data: { id: row.id, version: row.version } });
    },
  );

  api.patch<{ Params: P; Body: Record<string, unknown> }>(
    '/findings/:id/actions/:actionId',
    {
      schema: {
        tags: ['findings'],
        summary:
          'Change an action: owner, agreed date (each change needs a reason, and is kept), status or title',
        params: actionParams,
        body: body(
          {
            title: { type: 'string' },
            owner: { type: 'string' },
            dueOn: day,
            status: { type: 'string', enum: ['not-started', 'in-progress', 'complete', 'cancelled'] },
            reason: { type: 'string' },
            version,
          },
          ['version'],
        ),
        response: { 200: dataOf(writtenSchema), ...writeErrors },
      },
    },
    async (request) => {
      const viewer = requireToken(request);
      const row = await c.workflow.editAction(
        viewer,
        request.params.id,
        request.params.actionId!,
        request.body,
      );
      return { data: { id: row.id, version: row.version } };
    },
  );

  const simple = (
    path: string,
    summary: string,
    props: Record<string, unknown>,
    required: string[],
    run: (
      viewer: Parameters<typeof c.workflow.setForceStatus>[0],
      id: string,
      input: unknown,
    ) => Promise<unknown>,
  ) =>
    api.post<{ Params: P; Body: Record<string, unknown> }>(
      path,
      {
        schema: {
          tags: ['findings'],
          summary,
          params: idParams,
          body: body(props, required),
          response: { 204: noContent, ...writeErrors },
        },
      },
      async (request, reply) => {
        const viewer = requireToken(request);
        await run(viewer, request.params.id, request.body);
        return reply.status(204).send();
      },
    );
  simple(
    '/findings/:id/force-status',
    "Set the force's RAG rating (force accounts, own force)",
    { forceStatus: { type: 'string' }, note: { type: 'string' }, version },
    ['forceStatus', 'version'],
    (v, id, b) => c.workflow.setForceStatus(v, id, b),
  );
  simple(
    '/findings/:id/assurance',
    "Set the local policing body's assurance (lpb accounts, own force)",
    { assurance: { type: 'string' }, note: { type: 'string' }, version },
    ['assurance', 'version'],
    (v, id, b) => c.workflow.setAssurance(v, id, b),
  );
  simple(
    '/findings/:id/decision',
    "Decide the finding's status (inspectorate)",
    {
      status: { type: 'string' },
      occurredOn: day,
      note: { type: 'string' },
      supersededBy: { type: 'string', format: 'uuid' },
      version,
    },
    ['status', 'version'],
    (v, id, b) => c.workflow.decide(v, id, b),
  );

  api.post<{ Params: P; Body: Record<string, unknown> }>(
    '/findings/:id/updates',
    {
      schema: {
        tags: ['findings'],
        summary: 'Post a progress update (text; evidence files are uploaded through the page)',
        params: idParams,
        body: body({ text: { type: 'string' }, actionId: { type: 'string', format: 'uuid' } }, ['text']),
        response: { 201: dataOf(writtenSchema), ...writeErrors },
      },
    },
    async (request, reply) => {
      const viewer = requireToken(request);
      const row = await c.workflow.postUpdate(viewer, request.params.id, request.body);
      return reply.status(201).send({ data: { id: row.id } });
    },
  );

  api.post<{ Params: P; Body: Record<string, unknown> }>(
    '/findings/:id/closure-requests',
    {
      schema: {
        tags: ['findings'],
        summary: 'Ask the inspectorate to close the finding, with evidence already uploaded (force accounts)',
        params: idParams,
        body: body(
          {
            summary: { type: 'string' },
            evidenceIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
          },
          ['summary'],
        ),
        response: { 201: dataOf(writtenSchema), ...writeErrors },
      },
    },
    async (request, reply) => {
      const viewer = requireToken(request);
      const row = await c.workflow.requestClosure(viewer, request.params.id, request.body);
      return reply.status(201).send({ data: { id: row.id, version: row.version } });
    },
  );

  api.post<{ Params: P; Body: Record<string, unknown> }>(
    '/findings/:id/closure-requests/:requestId/decision',
    {
      schema: {
        tags: ['findings'],
        summary: 'Close the finding, or return the request with reasons (inspectorate)',
        params: requestParams,
        body: body(
          { decision: { type: 'string', enum: ['accept', 'return'] }, note: { type: 'string' }, version },
          ['decision', 'version'],
        ),
        response: { 204: noContent, ...writeErrors },
      },
    },
    async (request, reply) => {
      const viewer = requireToken(request);
      await c.workflow.decideClosure(viewer, request.params.id, request.params.requestId!, request.body);
      return reply.status(204).send();
    },
  );

  api.get(
    '/my-work',
    {
      schema: {
        tags: ['findings'],
        summary:
          'Overdue and due-soon actions, and closure requests waiting or returned, for the token’s account',
        response: { 200: dataOf(myWorkSchema), 401: errorSchema, 403: errorSchema },
      },
    },
    async (request) => {
      const work = await c.workflow.myWork(request.viewer);
      return { data: work };
    },
  );
}
