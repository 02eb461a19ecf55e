import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { AppError } from '../../shared/errors.js';
import { errorSchema, listQuery, pagedListOf } from '../../web/api-schemas.js';
import { paged, pageRequest, type ListQuery } from '../../web/api-paging.js';
import { FINDING_KINDS, FINDING_STATUSES } from './findings.domain.js';
import { presentFinding } from './findings.presenter.js';
import { findingFiltersSchema } from './findings.schemas.js';
import { ASSURANCE_LEVELS, FORCE_STATUSES } from './findings.domain.js';

const findingSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    force: { type: 'string' },
    kind: { type: 'string', enum: [...FINDING_KINDS] },
    number: { type: ['string', 'null'] },
    area: { type: ['string', 'null'] },
    text: { type: 'string' },
    status: { type: 'string', enum: [...FINDING_STATUSES] },
    statusOn: { type: ['string', 'null'] },
    forceStatus: { type: 'string', enum: [...FORCE_STATUSES], description: "The force's own RAG rating" },
    assurance: {
      type: 'string',
      enum: [...ASSURANCE_LEVELS],
      description: "The local policing body's assurance",
    },
    raised: { type: ['string', 'null'] },
    inspection: { type: ['string', 'null'], description: 'slug of the inspection' },
    parent: { type: ['string', 'null'], format: 'uuid' },
  },
} as const;

type Query = ListQuery & Record<string, string | number | boolean | undefined>;

export function registerFindingsApi(api: FastifyInstance, c: Container): void {
  api.get<{ Querystring: Query }>(
    '/findings',
    {
      schema: {
        tags: ['findings'],
        summary:
          'Findings (causes of concern, recommendations, areas for improvement, innovative practice) of published inspections',
        description:
          'Newest first. With asAt, the findings raised by that day (of inspections published by then) with their three statuses as they stood: the filters apply to those statuses.',
        querystring: listQuery({
          force: { type: 'string', pattern: '^[a-z0-9-]{1,120}$', description: 'slug of a force' },
          inspection: {
            type: 'string',
            pattern: '^[a-z0-9-]{1,120}$',
            description: 'slug of the inspection that raised them',
          },
          kind: { type: 'string', enum: [...FINDING_KINDS] },
          status: { type: 'string', enum: [...FINDING_STATUSES] },
          year: { type: 'integer', minimum: 2000, maximum: 2100, description: 'Year raised' },
          area: { type: 'string', maxLength: 200, description: 'Words in the area label' },
          forceStatus: { type: 'string', enum: [...FORCE_STATUSES] },
          assurance: { type: 'string', enum: [...ASSURANCE_LEVELS] },
          overdue: {
            type: 'boolean',
            description: 'Only findings with an action past its agreed date today (not with asAt)',
          },
          q: { type: 'string', maxLength: 200, description: 'Words in the finding (web search syntax)' },
        }),
        response: { 200: pagedListOf(findingSchema), 400: errorSchema },
      },
    },
    async (request) => {
      const { inspection, asAt } = request.query;
      if (request.query.overdue === true && asAt)
        throw new AppError(
          'bad-request',
          'overdue is about today and cannot be combined with asAt: leave one of them out',
        );
      const filters = {
        ...findingFiltersSchema.parse(request.query),
        inspection: inspection as string | undefined,
        asAt,
      };
      const page = pageRequest(request.query);
      return paged(request, page, await c.findings.page(filters, page, request.viewer), presentFinding);
    },
  );
}
