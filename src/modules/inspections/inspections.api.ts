import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { errorSchema, inspectionSchema, listOf, slugParams } from '../../web/api-schemas.js';
import { presentInspection, presentInspectionSummary, presentProgramme } from './inspections.presenter.js';

const programmeSchema = {
  type: 'object',
  properties: {
    slug: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string' },
    cycle: { type: ['string', 'null'] },
    scale: { type: 'string', enum: ['four-tier', 'five-tier', 'ungraded'] },
    grades: { type: 'array', items: { type: 'string' } },
    areasComplete: { type: 'boolean' },
    comparability: { type: ['string', 'null'] },
    areas: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;

export function registerInspectionsApi(api: FastifyInstance, c: Container): void {
  api.get(
    '/inspections',
    {
      schema: {
        tags: ['inspections'],
        summary:
          'Inspections, newest first: the published ones, and for the inspectorate and the forces covered those under embargo',
        response: { 200: listOf(inspectionSchema) },
      },
    },
    async (request) => ({ data: (await c.inspections.list(request.viewer)).map(presentInspectionSummary) }),
  );
  api.get<{ Params: { slug: string } }>(
    '/inspections/:slug',
    {
      schema: {
        tags: ['inspections'],
        summary: 'One inspection with its judgements',
        params: slugParams,
        response: { 200: inspectionSchema, 404: errorSchema },
      },
    },
    async (request) => presentInspection(await c.inspections.get(request.params.slug, request.viewer)),
  );
  api.get(
    '/programmes',
    {
      schema: {
        tags: ['inspections'],
        summary: 'Inspection programmes and frameworks (PEEL cycles) with their areas and grading scales',
        response: { 200: listOf(programmeSchema) },
      },
    },
    async () => ({
      data: (
        await Promise.all((await c.inspections.programmes()).map((p) => c.inspections.programme(p.slug)))
      ).map(presentProgramme),
    }),
  );
}
