import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import {
  errorSchema,
  inspectionSchema,
  listOf,
  listQuery,
  nullable,
  pagedListOf,
  partialDateSchema,
  slugParams,
} from '../../web/api-schemas.js';
import { paged, pageRequest, type ListQuery } from '../../web/api-paging.js';
import { GRADES, PROGRAMME_KINDS } from './inspections.domain.js';
import {
  presentInspection,
  presentInspectionSummary,
  presentJudgement,
  presentProgramme,
} from './inspections.presenter.js';

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

const slugFilter = { type: 'string', pattern: '^[a-z0-9-]{1,120}$' } as const;
const day = { type: 'string', format: 'date' } as const;
const inspectionFilters = {
  force: { ...slugFilter, description: 'slug of a force the inspection covers' },
  programme: { ...slugFilter, description: 'slug of the programme (see /api/v1/programmes)' },
  type: { type: 'string', enum: [...PROGRAMME_KINDS] },
  year: { type: 'integer', minimum: 2000, maximum: 2100, description: 'Year of publication' },
  publishedFrom: { ...day, description: 'Published on or after this day (YYYY-MM-DD)' },
  publishedTo: { ...day, description: 'Published on or before this day (YYYY-MM-DD)' },
} as const;
type InspectionsQuery = ListQuery & {
  force?: string;
  programme?: string;
  type?: string;
  year?: number;
  publishedFrom?: string;
  publishedTo?: string;
};
type JudgementsQuery = ListQuery & {
  force?: string;
  inspection?: string;
  programme?: string;
  area?: string;
  grade?: string;
  year?: number;
};

const judgementSchema = {
  type: 'object',
  required: ['id', 'force', 'inspection', 'area', 'grade', 'publishedOn', 'url'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    force: { type: 'string', description: 'slug of the force judged' },
    forceName: { type: 'string' },
    inspection: { type: 'string', description: 'slug of the inspection' },
    inspectionTitle: { type: 'string' },
    programme: { type: ['string', 'null'], description: 'slug of the programme' },
    area: { type: 'string', description: 'The area as the source names it' },
    areaSlug: { type: ['string', 'null'], description: "The programme area's slug, when matched" },
    grade: {
      type: ['string', 'null'],
      enum: [...GRADES, null],
      description: 'null when the area is ungraded',
    },
    publishedOn: { ...nullable(partialDateSchema), description: "The inspection's publication date" },
    embargoed: { type: 'boolean', description: 'true before the inspection is published' },
    url: { type: 'string', description: 'The inspection, in the API' },
  },
} as const;

export function registerInspectionsApi(api: FastifyInstance, c: Container): void {
  api.get<{ Querystring: InspectionsQuery }>(
    '/inspections',
    {
      schema: {
        tags: ['inspections'],
        summary:
          'Inspections, newest first: the published ones, and for the inspectorate and the forces covered those under embargo',
        description:
          'An inspection counts as published on the London day of its publication moment, or the last day its recorded date covers (a report dated "2023-09" counts from 30 September 2023): year, publishedFrom, publishedTo and asAt use that day.',
        querystring: listQuery(inspectionFilters),
        response: { 200: pagedListOf(inspectionSchema), 400: errorSchema },
      },
    },
    async (request) => {
      const page = pageRequest(request.query);
      return paged(
        request,
        page,
        await c.inspections.page(request.query, page, request.viewer),
        presentInspectionSummary,
      );
    },
  );
  api.get<{ Querystring: JudgementsQuery }>(
    '/judgements',
    {
      schema: {
        tags: ['inspections'],
        summary:
          'Judgements: the grade each force was given for each area of an inspection, newest inspection first',
        description:
          'From published inspections (and, for the inspectorate and the forces covered, those under embargo). With asAt, only those of inspections published by that day.',
        querystring: listQuery({
          force: { ...slugFilter, description: 'slug of the force judged' },
          inspection: { ...slugFilter, description: 'slug of the inspection' },
          programme: inspectionFilters.programme,
          area: {
            type: 'string',
            minLength: 1,
            maxLength: 200,
            description: "The area's slug (see /api/v1/programmes), or words in its label",
          },
          grade: {
            type: 'string',
            enum: [...GRADES, 'ungraded'],
            description: '"ungraded" for areas inspected without a grade',
          },
          year: inspectionFilters.year,
        }),
        response: { 200: pagedListOf(judgementSchema), 400: errorSchema },
      },
    },
    async (request) => {
      const page = pageRequest(request.query);
      return paged(
        request,
        page,
        await c.inspections.judgements(request.query, page, request.viewer),
        presentJudgement,
      );
    },
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
