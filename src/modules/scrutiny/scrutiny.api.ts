import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { notFound } from '../../shared/errors.js';
import {
  errorSchema,
  pagedListOf,
  nullable,
  partialDateSchema,
  idParams,
  writeErrors,
} from '../../web/api-schemas.js';
import { requireToken } from '../../web/auth.js';
import { paged } from '../../web/api-paging.js';
import { pageOf } from '../../shared/paging.js';
import { listQuerySchema } from './scrutiny.schemas.js';
import { presentMeeting } from './scrutiny.service.js';
import { UUID } from '../../shared/ids.js';

const text = { type: 'string' } as const;
const optionalText = { type: ['string', 'null'] } as const;

const questionSchema = {
  type: 'object',
  required: ['id', 'number', 'question', 'answer'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    number: optionalText,
    question: text,
    answer: optionalText,
  },
} as const;

const meetingProperties = {
  id: { type: 'string', format: 'uuid' },
  force: { type: 'string', description: 'The force’s slug' },
  forceName: text,
  lpbName: { type: 'string', description: 'The local policing body' },
  heldOn: nullable(partialDateSchema),
  body: { type: 'string', description: 'Who held the meeting, e.g. "Police and crime panel"' },
  focus: optionalText,
  published: { type: 'boolean' },
  publishedAt: { type: ['string', 'null'], format: 'date-time' },
  packFrozenAt: {
    type: ['string', 'null'],
    format: 'date-time',
    description: 'When the pack was fixed (on publication); null while it is worked out afresh',
  },
  actionsArising: { type: ['string', 'null'], description: 'One action on each line' },
  version: { type: 'integer', description: 'Send it back with a change; a stale one gets 409' },
  questions: { type: 'array', items: questionSchema },
  findings: {
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    description: 'The focus findings, in order',
  },
};
const meetingSchema = {
  type: 'object',
  required: ['id', 'force', 'heldOn', 'body', 'focus', 'published', 'questions', 'findings'],
  properties: meetingProperties,
} as const;

const packSchema = {
  type: 'object',
  description:
    'The focus findings with their three statuses and actions (owners, agreed dates, how often moved, overdue) as at the meeting date',
  properties: {
    asAt: { type: 'string', format: 'date' },
    asAtNote: optionalText,
    computedAt: { type: 'string', format: 'date-time' },
    frozen: { type: 'boolean' },
    findings: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;
const meetingWithPackSchema = {
  type: 'object',
  required: meetingSchema.required,
  properties: { ...meetingProperties, pack: packSchema },
} as const;
const one = (schema: object) =>
  ({ type: 'object', required: ['data'], properties: { data: schema } }) as const;

const questionInput = {
  type: 'object',
  properties: {
    id: {
      type: ['string', 'null'],
      description: 'To change a question already recorded; leave out for a new one',
    },
    number: optionalText,
    question: text,
    answer: optionalText,
  },
} as const;
const meetingInput = {
  heldOn: { type: 'string', description: 'The day of the meeting, YYYY-MM-DD' },
  body: text,
  focus: optionalText,
  findings: {
    type: 'array',
    items: text,
    description: 'Ids of the force’s open findings the meeting focuses on',
  },
  questions: {
    type: 'array',
    items: questionInput,
    description: 'The whole list, in order: questions left out are removed',
  },
  actionsArising: optionalText,
};

type P = { id: string };
type Body = Record<string, unknown>;

/** The most meetings the list reads before cutting its page (a force holds a few a year). */
const MAX_MEETINGS = 5000;

/** Scrutiny meetings for integrations: reads follow the same rules as the pages; writes need an API token. */
export function registerScrutinyApi(api: FastifyInstance, c: Container): void {
  api.get<{ Querystring: Record<string, string | number | undefined> }>(
    '/meetings',
    {
      schema: {
        tags: ['scrutiny'],
        summary:
          'Scrutiny meetings, newest first: published ones, and drafts for accounts that may see them (the force, its local policing body, the inspectorate)',
        querystring: {
          type: 'object',
          properties: {
            force: { type: 'string', description: 'A force’s slug' },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
        response: { 200: pagedListOf(meetingSchema), 404: errorSchema },
      },
    },
    async (request) => {
      const query = listQuerySchema.parse(request.query);
      // Meetings are few: the whole visible list is read and the window cut from it.
      const rows = await c.scrutiny.list(request.viewer, {
        force: query.force,
        limit: MAX_MEETINGS,
        offset: 0,
      });
      const page = { limit: query.limit, offset: query.offset };
      return paged(request, page, pageOf(rows, page), presentMeeting);
    },
  );

  api.get<{ Params: P }>(
    '/meetings/:id',
    {
      schema: {
        tags: ['scrutiny'],
        summary:
          'One meeting with its pack: fixed when the meeting was published; worked out afresh, as at the meeting date, before that',
        params: idParams,
        response: { 200: one(meetingWithPackSchema), 404: errorSchema },
      },
    },
    async (request) => {
      if (!UUID.test(request.params.id)) throw notFound('The meeting');
      const { record, pack } = await c.scrutiny.pack(request.viewer, request.params.id);
      return { data: { ...presentMeeting(record), pack: { ...pack, frozen: record.packFrozenAt !== null } } };
    },
  );

  api.post<{ Body: Body }>(
    '/meetings',
    {
      schema: {
        tags: ['scrutiny'],
        summary: 'Record a meeting, as a draft (local policing body accounts, own force)',
        body: {
          type: 'object',
          required: ['force', 'heldOn', 'body'],
          properties: { force: { type: 'string', description: 'The force’s slug' }, ...meetingInput },
        },
        response: { 201: one(meetingSchema), ...writeErrors },
      },
    },
    async (request, reply) => {
      const viewer = requireToken(request);
      const saved = await c.scrutiny.create(viewer, request.body);
      return reply.status(201).send({ data: presentMeeting(saved) });
    },
  );

  api.patch<{ Params: P; Body: Body }>(
    '/meetings/:id',
    {
      schema: {
        tags: ['scrutiny'],
        summary:
          'Change a meeting: what is given replaces what was there (local policing body accounts, own force). Once published, its date and focus findings are fixed.',
        params: idParams,
        body: {
          type: 'object',
          required: ['version'],
          properties: { ...meetingInput, version: { type: 'integer', minimum: 1 } },
        },
        response: { 200: one(meetingSchema), ...writeErrors },
      },
    },
    async (request) => {
      const viewer = requireToken(request);
      const saved = await c.scrutiny.update(viewer, request.params.id, request.body);
      return { data: presentMeeting(saved) };
    },
  );

  api.post<{ Params: P; Body: Body }>(
    '/meetings/:id/publish',
    {
      schema: {
        tags: ['scrutiny'],
        summary:
          'Publish a meeting and fix its pack as at the meeting date (local policing body accounts, own force)',
        params: idParams,
        body: {
          type: 'object',
          required: ['version'],
          properties: { version: { type: 'integer', minimum: 1 } },
        },
        response: { 200: one(meetingSchema), ...writeErrors },
      },
    },
    async (request) => {
      const viewer = requireToken(request);
      const saved = await c.scrutiny.publish(viewer, request.params.id, request.body);
      return { data: presentMeeting(saved) };
    },
  );
}
