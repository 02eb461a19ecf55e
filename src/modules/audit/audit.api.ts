import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { AppError } from '../../shared/errors.js';
import { errorSchema, pagedListOf } from '../../web/api-schemas.js';
import { paged, pageRequest } from '../../web/api-paging.js';
import { assertCan } from '../accounts/index.js';
import { actorOrganisation, parseAuditFilters } from './audit.domain.js';
import type { AuditEventRow } from './audit.repository.js';

const auditEventSchema = {
  type: 'object',
  required: ['id', 'at', 'actor', 'organisation', 'action', 'entity', 'entityId', 'before', 'after'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    at: { type: 'string', format: 'date-time' },
    actor: {
      type: 'string',
      description: 'The account’s email, or a system actor ("system:reference-data")',
    },
    organisation: { type: 'string', description: 'The actor’s organisation: "Inspectorate", a force…' },
    action: { type: 'string', description: '"create", "update", "import", "finding.status"…' },
    entity: {
      type: 'string',
      description: 'The table of the record changed: "force", "inspection", "finding"…',
    },
    entityId: { type: ['string', 'null'], format: 'uuid' },
    before: { description: 'The changed fields before the change (null for a new record)' },
    after: { description: 'The changed fields after the change' },
  },
} as const;

const day = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' } as const;

export const presentAuditEvent = (e: AuditEventRow) => ({
  id: e.id,
  at: e.at.toISOString(),
  actor: e.actor,
  organisation: actorOrganisation(e.actor, {
    role: e.actorRole,
    forceName: e.actorForceName,
    lpbName: e.actorLpbName,
  }),
  action: e.action,
  entity: e.entity,
  entityId: e.entityId,
  before: e.before ?? null,
  after: e.after ?? null,
});

export function registerAuditApi(api: FastifyInstance, c: Container): void {
  api.get<{ Querystring: Record<string, string | number | undefined> }>(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary:
          'The audit log, newest first: every write with who, when, what, before and after. Needs Authorization: Bearer <token> of an inspectorate or admin account.',
        querystring: {
          type: 'object',
          properties: {
            entity: {
              type: 'string',
              description: 'Kind of record (its table): force, inspection, finding…',
            },
            action: { type: 'string' },
            actor: { type: 'string', description: 'Part of the actor, in any case' },
            entityId: { type: 'string', format: 'uuid' },
            from: { ...day, description: 'First day (Europe/London), inclusive' },
            to: { ...day, description: 'Last day (Europe/London), inclusive' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
        response: {
          200: pagedListOf(auditEventSchema),
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
        },
      },
      // Who is asking is checked before the query string, so a stranger learns nothing from a 400.
      preValidation: (request, _reply, done) => {
        try {
          if (request.authVia !== 'token')
            throw new AppError(
              'unauthorised',
              'The audit log needs an API token: Authorization: Bearer <token>',
            );
          assertCan(request.viewer, 'audit.view');
          done();
        } catch (error) {
          done(error as Error);
        }
      },
    },
    async (request) => {
      const { filters, errors } = parseAuditFilters(request.query);
      if (errors.length > 0) throw new AppError('bad-request', errors.map((e) => e.text).join('. '));
      const page = pageRequest({
        limit: Number(request.query.limit ?? 100),
        offset: Number(request.query.offset ?? 0),
      });
      const [items, total] = await Promise.all([c.audit.list(filters, page), c.audit.count(filters)]);
      return paged(request, page, { items, total }, presentAuditEvent);
    },
  );
}
