import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { listOf } from '../../web/api-schemas.js';
import { FINDING_KINDS, FINDING_STATUSES } from './findings.domain.js';
import { presentFinding } from './findings.presenter.js';
import { findingFiltersSchema } from './findings.schemas.js';
import { ASSURANCE_LEVELS, FORCE_STATUSES } from '../workflow/workflow.domain.js';

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

export function registerFindingsApi(api: FastifyInstance, c: Container): void {
  api.get<{ Querystring: Record<string, string | number | undefined> }>(
    '/findings',
    {
      schema: {
        tags: ['findings'],
        summary:
          'Findings (causes of concern, recommendations, areas for improvement, innovative practice) of published inspections',
        querystring: {
          type: 'object',
          properties: {
            force: { type: 'string' },
            kind: { type: 'string', enum: [...FINDING_KINDS] },
            status: { type: 'string', enum: [...FINDING_STATUSES] },
            year: { type: 'integer' },
            area: { type: 'string', description: 'Words in the area label' },
            forceStatus: { type: 'string', enum: [...FORCE_STATUSES] },
            assurance: { type: 'string', enum: [...ASSURANCE_LEVELS] },
            overdue: { type: 'boolean', description: 'Only findings with an action past its agreed date' },
            q: { type: 'string', description: 'Words in the finding (web search syntax)' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
        response: { 200: listOf(findingSchema) },
      },
    },
    async (request) => {
      const filters = findingFiltersSchema.parse(request.query);
      const rows = await c.findings.list(
        filters,
        Number(request.query.limit ?? 100),
        Number(request.query.offset ?? 0),
        request.viewer,
      );
      return {
        data: rows.map(presentFinding),
      };
    },
  );
}
