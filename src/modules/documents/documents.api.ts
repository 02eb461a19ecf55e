import type { FastifyInstance, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Container } from '../../container.js';
import { AppError } from '../../shared/errors.js';
import { errorSchema } from '../../web/api-schemas.js';

const importReportSchema = {
  type: 'object',
  additionalProperties: true,
  description:
    'What was found in the document and what it changed (the documents[] item of `oversight import --json`): 201 imported, 200 a dry run or unchanged, 422 rejected',
  required: ['status'],
  properties: {
    path: { type: 'string' },
    sha256: { type: ['string', 'null'] },
    format: { type: ['string', 'null'] },
    kind: { type: ['string', 'null'] },
    confidence: { type: ['number', 'null'] },
    reasons: { type: 'array', items: { type: 'string' } },
    status: { type: 'string', enum: ['would-import', 'imported', 'unchanged', 'rejected'] },
    error: { type: ['string', 'null'] },
    problems: { type: 'array', items: { type: 'string' } },
    documentId: { type: ['string', 'null'], format: 'uuid' },
  },
} as const;
import { assertCan } from '../accounts/index.js';

/**
 * Importing needs an API token of an account allowed to import (inspectorate, admin), or the
 * server's IMPORT_TOKEN, for scripts that predate accounts. Returns the actor to record.
 */
export function importActor(config: Config, request: FastifyRequest): string {
  const given = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (given && config.IMPORT_TOKEN) {
    const a = Buffer.from(given);
    const b = Buffer.from(config.IMPORT_TOKEN);
    if (a.length === b.length && timingSafeEqual(a, b)) return 'api:import-token';
  }
  if (request.authVia !== 'token')
    throw new AppError('unauthorised', 'Importing needs an API token: Authorization: Bearer <token>');
  assertCan(request.viewer, 'document.import');
  return request.viewer.actor;
}

export function registerDocumentsApi(api: FastifyInstance, c: Container, config: Config): void {
  api.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: config.IMPORT_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );
  api.post<{ Querystring: { dryRun?: boolean }; Body: Buffer }>(
    '/imports',
    {
      bodyLimit: config.IMPORT_MAX_BYTES,
      schema: {
        tags: ['imports'],
        summary:
          'Import one document (the raw file as application/octet-stream; file name in X-File-Name). Needs Authorization: Bearer <token> of an inspectorate or admin account (or the server’s IMPORT_TOKEN).',
        querystring: { type: 'object', properties: { dryRun: { type: 'boolean', default: false } } },
        response: {
          200: importReportSchema,
          201: importReportSchema,
          401: errorSchema,
          403: errorSchema,
          413: errorSchema,
          422: importReportSchema,
        },
      },
    },
    async (request, reply) => {
      const actor = importActor(config, request);
      if (!Buffer.isBuffer(request.body))
        throw new AppError(
          'bad-request',
          'Send the file as the request body with Content-Type: application/octet-stream.',
        );
      const name = decodeURIComponent(String(request.headers['x-file-name'] ?? 'upload'));
      const report = await c.imports.importDocument(new Uint8Array(request.body), name, {
        dryRun: request.query.dryRun === true,
        maxBytes: config.IMPORT_MAX_BYTES,
        actor,
      });
      return reply
        .status(report.status === 'rejected' ? 422 : report.status === 'imported' ? 201 : 200)
        .send(report);
    },
  );
}
