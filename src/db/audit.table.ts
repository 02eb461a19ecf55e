import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { id } from './columns.js';

/**
 * Every write: who, when, what, before and after. Append-only (a trigger refuses UPDATE and DELETE).
 * Written by services in the same transaction as the change.
 */
export const auditEvents = pgTable(
  'audit_event',
  {
    id: id(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: uuid('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('audit_event_entity_idx').on(t.entity, t.entityId), index('audit_event_at_idx').on(t.at)],
);
