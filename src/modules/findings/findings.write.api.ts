import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { nullable, partialDateSchema } from '../../web/api-schemas.js';
import { registerRecordingApi } from '../inspections/index.js';
import { FINDING_KINDS } from './findings.domain.js';
import type { FindingRecord } from './findings.write.js';

const nullableDate = nullable(partialDateSchema);

const inputProperties = {
  force: { type: 'string', description: 'Force slug' },
  inspection: { type: ['string', 'null'], description: 'Slug of the inspection that raised it, if any' },
  kind: { type: 'string', enum: [...FINDING_KINDS] },
  number: { type: ['string', 'null'], description: 'The number as published ("1", "2.3")' },
  area: {
    type: ['string', 'null'],
    description: "The programme area's slug, or the area's name as published",
  },
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

/** Recording findings through the API: an inspectorate account's token. */
export function registerFindingsWriteApi(api: FastifyInstance, c: Container): void {
  registerRecordingApi(api, {
    path: '/findings',
    key: 'id',
    tag: 'findings',
    summaries: {
      create: 'Record a finding that no imported document gives (inspectorate); it starts open',
      update:
        'Change a finding’s details (inspectorate): only the fields sent change; its status is decided through the workflow',
    },
    properties: inputProperties,
    required: ['force', 'kind', 'text'],
    record: recordSchema,
    present: (f: FindingRecord) => f,
    service: c.findingsWrite,
  });
}
