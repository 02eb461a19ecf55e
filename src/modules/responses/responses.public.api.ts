import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { errorSchema, listOf, nullable, partialDateSchema } from '../../web/api-schemas.js';
import {
  PUBLIC_RESPONSE_STATUSES,
  type PublicResponseStatus,
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
  publishedOn: r.answeredOn,
  onTime: r.onTime,
});

type Query = { force?: string; status?: PublicResponseStatus; limit?: number; offset?: number };

export function registerResponsesPublicApi(api: FastifyInstance, c: Container): void {
  api.get<{ Querystring: Query }>(
    '/responses',
    {
      schema: {
        tags: ['responses'],
        summary:
          'The s55 response each local policing body owes for each published inspection of its force, with its deadline and whether it was on time',
        description:
          'One item per inspection and force covered, whether or not a response record exists yet, newest inspection first.',
        querystring: {
          type: 'object',
          properties: {
            force: { type: 'string', pattern: '^[a-z0-9-]{1,120}$', description: 'slug of a force' },
            status: { type: 'string', enum: [...PUBLIC_RESPONSE_STATUSES] },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
        response: { 200: listOf(responseTimelinessSchema), 404: errorSchema },
      },
    },
    async (request) => {
      const { force: slug, status, limit = 100, offset = 0 } = request.query;
      const force = slug ? await c.forces.get(slug) : undefined;
      const rows = await c.responseTimeliness.list(force ? { forceId: force.id } : {}, request.viewer);
      return {
        data: rows
          .filter((r) => !status || r.status === status)
          .slice(offset, offset + limit)
          .map(presentResponseTimeliness),
      };
    },
  );
}
