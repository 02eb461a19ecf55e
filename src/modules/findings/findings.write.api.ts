import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { partialDateSchema } from '../../web/api-schemas.js';
import { requireToken } from '../../web/auth.js';
import { versionProperty, writeBody, writeResponses } from '../inspections/inspections.write.api.js';
import { FINDING_KINDS } from './findings.domain.js';
import type { FindingRecord } from './findings.write.js';

const nullableDate = { ...partialDateSchema, type: ['string', 'null'] } as const;

const inputProperties = {
  force: { type: 'string', description: 'Force slug' },
  inspection: { type: ['string', 'null'], description: 'Slug of the inspection that raised it, if any' },
  kind: { type: 'string', enum: [...FINDING_KINDS] },
  number: { type: ['string', 'null'], description: 'The number as published ("1", "2.3")' },
  area: { type: ['string', 'null'], description: "The programme area's slug, or the area's name as published" },
  text: { type: 'string' },
  raisedOn: nullableDate,
  parent: {
    type: ['string', 'null'],
    format: 'uuid',
    description: 'The finding it belongs to (a recommendation under its cause of concern)',
  },
} as const;

const recordSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    force: { type: 'string' },
    inspection: { type: ['string', 'null'] },
    kind: { type: 'string' },
    number: { type: ['string', 'null'] },
    area: { type: ['string', 'null'] },
    text: { type: 'string' },
    raisedOn: nullableDate,
    parent: { type: ['string', 'null'] },
    status: { type: 'string', description: 'Decided through the workflow, not here' },
    version: { type: 'integer' },
  },
} as const;

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;

const present = (f: FindingRecord) => ({ data: f });

/** Recording findings through the API: an inspectorate account's token. */
export function registerFindingsWriteApi(api: FastifyInstance, c: Container): void {
  api.post<{ Body: unknown }>(
    '/findings',
    {
      attachValidation: true,
      schema: {
        tags: ['findings'],
        summary: 'Record a finding that no imported document gives (inspectorate); it starts open',
        body: writeBody(inputProperties, ['force', 'kind', 'text']),
        response: writeResponses(recordSchema, 201),
      },
    },
    async (request, reply) => {
      const viewer = requireToken(request);
      return reply.status(201).send(present(await c.findingsWrite.create(viewer, request.body)));
    },
  );

  api.patch<{ Params: { id: string }; Body: unknown }>(
    '/findings/:id',
    {
      attachValidation: true,
      schema: {
        tags: ['findings'],
        summary:
          'Change a finding’s details (inspectorate): only the fields sent change; its status is decided through the workflow',
        params: idParams,
        body: writeBody({ ...inputProperties, version: versionProperty }, ['version']),
        response: writeResponses(recordSchema, 200),
      },
    },
    async (request) => {
      const viewer = requireToken(request);
      return present(await c.findingsWrite.update(viewer, request.params.id, request.body));
    },
  );
}
