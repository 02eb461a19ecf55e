import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { nullable, partialDateSchema } from '../../web/api-schemas.js';
import { registerRecordingApi } from '../inspections/index.js';
import type { EngagePeriodRecord } from './monitoring.write.js';

const reasons = (what: string) =>
  ({
    type: 'array',
    items: { type: 'string' },
    description: `${what}, one sentence each; when given on a change, they replace those recorded by hand`,
  }) as const;

const inputProperties = {
  force: { type: 'string', description: 'Force slug' },
  startedOn: {
    ...partialDateSchema,
    description: 'When the force entered Engage: "2019", "2023-09" or "2023-09-17"',
  },
  endedOn: {
    ...partialDateSchema,
    type: ['string', 'null'],
    description: 'When it left; null while it is in Engage',
  },
  reasons: reasons('Why the force entered Engage'),
  exitReasons: reasons('Why it left'),
} as const;

const recordSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    force: { type: 'string' },
    startedOn: partialDateSchema,
    endedOn: nullable(partialDateSchema),
    reasons: { type: 'array', items: { type: 'string' } },
    exitReasons: { type: 'array', items: { type: 'string' } },
    version: { type: 'integer' },
  },
} as const;

/** Recording Engage periods through the API: an inspectorate account's token. */
export function registerMonitoringWriteApi(api: FastifyInstance, c: Container): void {
  registerRecordingApi(api, {
    path: '/engage',
    key: 'id',
    tag: 'engage',
    summaries: {
      create: 'Record an Engage period with its reasons (inspectorate)',
      update:
        'Change an Engage period (inspectorate): only the fields sent change; send the version you read',
    },
    properties: inputProperties,
    required: ['force', 'startedOn'],
    record: recordSchema,
    present: (p: EngagePeriodRecord) => p,
    service: c.engageWrite,
  });
}
