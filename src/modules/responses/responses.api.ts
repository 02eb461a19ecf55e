import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { dataOf, idParams, writeErrors } from '../../web/api-schemas.js';
import { requireToken } from '../../web/auth.js';
import type { ResponseRow } from './responses.repository.js';

const version = { type: 'integer', minimum: 1, description: 'The version you read; a stale one gets 409' };
const day = { type: ['string', 'null'], description: 'YYYY-MM-DD; an empty string or null clears it' };
const text = { type: ['string', 'null'] };

const responseWrittenSchema = {
  type: 'object',
  required: ['id', 'url', 'status', 'version'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    url: { type: 'string', description: 'The response’s page' },
    status: { type: 'string', enum: ['draft', 'ready', 'published'] },
    deadline: { type: ['string', 'null'] },
    publishedOn: { type: ['string', 'null'] },
    publishedAt: { type: ['string', 'null'], format: 'date-time' },
    version: { type: 'integer', description: 'Send it back with the next change' },
  },
} as const;
const ensuredSchema = {
  ...responseWrittenSchema,
  properties: {
    ...responseWrittenSchema.properties,
    created: { type: 'boolean', description: 'true when this call made the response' },
    findingsAdded: { type: 'integer', description: 'Findings newly listed to answer' },
  },
} as const;

/** What a write answers with: enough to make the next change. */
const present = (r: ResponseRow) => ({
  id: r.id,
  url: `/responses/${r.id}`,
  status: r.status,
  deadline: r.deadline,
  publishedOn: r.publishedOn,
  publishedAt: r.publishedAt ? r.publishedAt.toISOString() : null,
  version: r.version,
});

/**
 * Writing the s55 response through the API (an API token of the local policing body, or of the
 * force for its chief constable's comments). Reading is the public list's and the page's business.
 */
export function registerResponsesApi(api: FastifyInstance, c: Container): void {
  api.post<{ Params: { slug: string }; Body: { force?: string } | undefined }>(
    '/inspections/:slug/responses',
    {
      schema: {
        tags: ['responses'],
        summary:
          'Make sure a force’s local policing body has a response to the inspection (created as a draft, with the deadline and the findings to answer); 201 when created',
        params: { type: 'object', required: ['slug'], properties: { slug: { type: 'string' } } },
        body: {
          type: 'object',
          properties: {
            force: { type: 'string', description: 'The force’s slug; the token’s own force if left out' },
          },
        },
        response: { 201: dataOf(ensuredSchema), 200: dataOf(ensuredSchema), ...writeErrors },
      },
    },
    async (request, reply) => {
      const viewer = requireToken(request);
      const result = await c.responses.ensure(viewer, request.params.slug, request.body ?? {});
      return reply.status(result.created ? 201 : 200).send({
        data: { ...present(result.response), created: result.created, findingsAdded: result.added },
      });
    },
  );

  api.patch<{ Params: { id: string }; Body: Record<string, unknown> }>(
    '/responses/:id',
    {
      schema: {
        tags: ['responses'],
        summary:
          'Change a response: what the body names changes, an empty string or null clears it. The local policing body writes its fields and each recommendation’s action; the force writes chiefComments. Once published only publicUrl and the copies-sent days change.',
        params: idParams,
        body: {
          type: 'object',
          required: ['version'],
          properties: {
            version,
            status: { type: 'string', enum: ['draft', 'ready'] },
            chiefInvitedOn: day,
            chiefCommentsDueOn: day,
            chiefComments: text,
            summary: {
              anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }, { type: 'null' }],
              description: 'The paragraphs of the executive summary (or one text, a paragraph a line)',
            },
            lpbComment: text,
            forceQuoted: { type: 'string', enum: ['yes', 'no', 'unknown'] },
            inspectionType: {
              type: 'array',
              items: { type: 'string' },
              description: 'The labels of the ticked boxes',
            },
            sentToHmicfrsOn: day,
            sentToHomeSecretaryOn: day,
            publicUrl: text,
            answeredThroughId: { type: ['string', 'null'] },
            answeredThroughReason: text,
            recommendations: {
              type: 'array',
              items: {
                type: 'object',
                required: ['id', 'action'],
                properties: { id: { type: 'string', format: 'uuid' }, action: text },
              },
            },
          },
        },
        response: { 200: dataOf(responseWrittenSchema), ...writeErrors },
      },
    },
    async (request) => {
      const viewer = requireToken(request);
      return { data: present(await c.responses.edit(viewer, request.params.id, request.body)) };
    },
  );

  api.post<{ Params: { id: string }; Body: Record<string, unknown> }>(
    '/responses/:id/publish',
    {
      schema: {
        tags: ['responses'],
        summary:
          'Publish a response that is ready (local policing body); refused while a recommendation or cause of concern has no action. publishedOn defaults to today in London.',
        params: idParams,
        body: {
          type: 'object',
          required: ['version'],
          properties: { version, publishedOn: { type: 'string', format: 'date' } },
        },
        response: { 200: dataOf(responseWrittenSchema), ...writeErrors },
      },
    },
    async (request) => {
      const viewer = requireToken(request);
      return { data: present(await c.responses.publish(viewer, request.params.id, request.body)) };
    },
  );
}
