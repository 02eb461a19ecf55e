import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { errorSchema, nullable, partialDateSchema, slugParams } from '../../web/api-schemas.js';
import { requireToken } from '../../web/auth.js';
import { GRADES, PROGRAMME_KINDS } from './inspections.domain.js';
import type { InspectionRecord, RecordingService } from './inspections.write.js';

const writeErrors = {
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  422: errorSchema,
};

export const uuidParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;

const versionProperty = {
  type: 'integer',
  minimum: 1,
  description:
    'The version you read; if the record has changed since, the answer is 409 with the current record',
} as const;

/**
 * POST {path} to record, and PATCH {path}/{key} to change, one kind of record, for an API token of
 * someone allowed. The body is documented here but checked by the shared zod schema (attachValidation),
 * so bad input is a 422 with the problem of each field, as the forms show it.
 */
export function registerRecordingApi<R>(
  api: FastifyInstance,
  o: {
    path: string;
    key: 'slug' | 'id';
    tag: string;
    summaries: { create: string; update: string };
    properties: Record<string, unknown>;
    required: string[];
    record: Record<string, unknown>;
    present: (record: R) => unknown;
    service: RecordingService<R>;
  },
): void {
  const answer = (status: 200 | 201) => ({
    [status]: { type: 'object', required: ['data'], properties: { data: o.record } },
    ...writeErrors,
  });
  api.post<{ Body: unknown }>(
    o.path,
    {
      attachValidation: true,
      schema: {
        tags: [o.tag],
        summary: o.summaries.create,
        body: { type: 'object', properties: o.properties, required: o.required },
        response: answer(201),
      },
    },
    async (request, reply) => {
      const viewer = requireToken(request);
      return reply.status(201).send({ data: o.present(await o.service.create(viewer, request.body)) });
    },
  );
  api.patch<{ Params: Record<string, string>; Body: unknown }>(
    `${o.path}/:${o.key}`,
    {
      attachValidation: true,
      schema: {
        tags: [o.tag],
        summary: o.summaries.update,
        params: o.key === 'slug' ? slugParams : uuidParams,
        body: {
          type: 'object',
          properties: { ...o.properties, version: versionProperty },
          required: ['version'],
        },
        response: answer(200),
      },
    },
    async (request) => {
      const viewer = requireToken(request);
      return { data: o.present(await o.service.update(viewer, request.params[o.key]!, request.body)) };
    },
  );
}

const nullableDate = nullable(partialDateSchema);
const judgement = {
  type: 'object',
  required: ['area'],
  properties: {
    force: {
      type: 'string',
      description: 'Force slug; needed only when the inspection covers several forces',
    },
    area: { type: 'string', description: "The programme area's slug, or the area's name as published" },
    grade: {
      type: ['string', 'null'],
      enum: [...GRADES, null],
      description: "A grade on the programme's scale; null when the area is not graded",
    },
  },
} as const;

const inputProperties = {
  title: { type: 'string' },
  type: { type: 'string', enum: [...PROGRAMME_KINDS] },
  programme: { type: ['string', 'null'], description: 'Programme slug (see /api/v1/programmes)' },
  forces: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Force slugs' },
  publishedOn: nullableDate,
  publishedAt: {
    type: ['string', 'null'],
    format: 'date-time',
    description: 'The publication moment; while it is in the future the inspection is under embargo',
  },
  sourceUrl: { type: ['string', 'null'], format: 'uri' },
  judgements: {
    type: 'array',
    items: judgement,
    description: 'Grades; when given on a change, they replace the recorded ones',
  },
} as const;

const recordSchema = {
  type: 'object',
  properties: {
    slug: { type: 'string' },
    title: { type: 'string' },
    type: { type: 'string' },
    programme: { type: ['string', 'null'] },
    forces: { type: 'array', items: { type: 'string' } },
    publishedOn: nullableDate,
    publishedAt: { type: ['string', 'null'], format: 'date-time' },
    embargoed: { type: 'boolean' },
    sourceUrl: { type: ['string', 'null'] },
    judgements: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          force: { type: 'string' },
          area: { type: 'string' },
          areaLabel: { type: 'string' },
          grade: { type: ['string', 'null'] },
        },
      },
    },
    version: { type: 'integer' },
  },
} as const;

const present = (i: InspectionRecord) => ({
  slug: i.slug,
  title: i.title,
  type: i.type,
  programme: i.programme,
  forces: i.forces,
  publishedOn: i.publishedOn,
  publishedAt: i.publishedAt?.toISOString() ?? null,
  embargoed: i.embargoed,
  sourceUrl: i.sourceUrl,
  judgements: i.judgements,
  version: i.version,
});

/** Recording inspections through the API: an inspectorate account's token. */
export function registerInspectionsWriteApi(api: FastifyInstance, c: Container): void {
  registerRecordingApi(api, {
    path: '/inspections',
    key: 'slug',
    tag: 'inspections',
    summaries: {
      create: 'Record an inspection with its forces and judgements (inspectorate)',
      update: 'Change an inspection (inspectorate): only the fields sent change; send the version you read',
    },
    properties: inputProperties,
    required: ['title', 'type', 'forces'],
    record: recordSchema,
    present,
    service: c.inspectionsWrite,
  });
}
