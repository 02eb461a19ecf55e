import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { pageOf } from '../../shared/paging.js';
import { errorSchema, listQuery, nullable, pagedListOf, partialDateSchema } from '../../web/api-schemas.js';
import { paged, pageRequest, type ListQuery } from '../../web/api-paging.js';
import {
  PUBLIC_RESPONSE_STATUSES,
  RESPONSE_STATES,
  type PublicResponseStatus,
  type ResponseState,
  type ResponseTimeliness,
} from './responses.timeliness.js';

const daySchema = { type: 'string', format: 'date' } as const;

export const responseTimelinessSchema = {
  type: 'object',
  required: ['id', 'inspection', 'force', 'published', 'deadline', 'status', 'publishedOn', 'onTime'],
  properties: {
    id: {
      type: ['string', 'null'],
      format: 'uuid',
      description: 'The response record, or null when the local policing body has not started one',
    },
    inspection: { type: 'string', description: 'slug of the inspection' },
    force: { type: 'string', description: 'slug of the force whose local policing body must respond' },
    published: {
      ...nullable(partialDateSchema),
      description:
        'The day the inspection was published (a month or year when only that is recorded, null if not known)',
    },
    deadline: {
      ...nullable(daySchema),
      description:
        'The last day to publish the response: publication day + 55 (Police Act 1996 s55(5A)); null when the publication day is not known',
    },
    status: {
      type: 'string',
      enum: [...PUBLIC_RESPONSE_STATUSES],
      description:
        'published also when the inspection is answered through another response that is published',
    },
    publishedOn: {
      ...nullable(partialDateSchema),
      description: 'When the response (or the response it is answered through) was published',
    },
    state: {
      type: 'string',
      enum: [...RESPONSE_STATES],
      description:
        'Where it stands: overdue, due-soon, not-due, late (published late), on-time, or unknown (a date is not recorded)',
    },
    onTime: {
      type: ['boolean', 'null'],
      description:
        'true: published by the deadline; false: published after it, or unpublished with the deadline passed; null: not yet known',
    },
  },
} as const;

export const presentResponseTimeliness = (r: ResponseTimeliness) => ({
  id: r.responseId,
  inspection: r.inspectionSlug,
  force: r.forceSlug,
  published: r.publicationDay ?? r.inspectionPublishedOn,
  deadline: r.deadline,
  status: r.status,
  state: r.state,
  publishedOn: r.answeredOn,
  onTime: r.onTime,
});

type Query = ListQuery & {
  force?: string;
  inspection?: string;
  status?: PublicResponseStatus;
  state?: ResponseState;
};

export function registerResponsesPublicApi(api: FastifyInstance, c: Container): void {
  api.get<{ Querystring: Query }>(
    '/responses',
    {
      schema: {
        tags: ['responses'],
        summary:
          'The s55 response each local policing body owes for each published inspection of its force, with its deadline and whether it was on time',
        description:
          'One item per inspection and force covered, whether or not a response record exists yet, newest inspection first. With asAt, as it stood at the end of that day: inspections published by then, a response published later shown unpublished (a draft, or not started if its record was made later still), and whether it was on time judged on that day.',
        querystring: listQuery({
          force: { type: 'string', pattern: '^[a-z0-9-]{1,120}$', description: 'slug of a force' },
          inspection: {
            type: 'string',
            pattern: '^[a-z0-9-]{1,120}$',
            description: 'slug of an inspection',
          },
          status: { type: 'string', enum: [...PUBLIC_RESPONSE_STATUSES] },
          state: {
            type: 'string',
            enum: [...RESPONSE_STATES],
            description: 'Where it stands (see state in the answer)',
          },
        }),
        response: { 200: pagedListOf(responseTimelinessSchema), 400: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const { force: slug, inspection, status, state, asAt } = request.query;
      const force = slug ? await c.forces.get(slug) : undefined;
      const filter = {
        ...(force ? { forceId: force.id } : {}),
        ...(inspection ? { inspectionSlug: inspection } : {}),
      };
      const rows = asAt
        ? await c.responseTimeliness.listAsAt(filter, request.viewer, asAt)
        : await c.responseTimeliness.list(filter, request.viewer);
      const wanted = rows.filter((r) => (!status || r.status === status) && (!state || r.state === state));
      const page = pageRequest(request.query);
      return paged(request, page, pageOf(wanted, page), presentResponseTimeliness);
    },
  );
}
