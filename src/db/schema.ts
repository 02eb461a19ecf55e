import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export * from '../modules/accounts/accounts.table.js';
export * from './audit.table.js';
export * from '../modules/documents/documents.table.js';
export * from '../modules/findings/findings.table.js';
export * from '../modules/forces/forces.table.js';
export * from '../modules/inspections/inspections.table.js';
export * from '../modules/monitoring/monitoring.table.js';
export * from '../modules/responses/responses.table.js';
export * from '../modules/scrutiny/scrutiny.table.js';
export * from '../modules/sources/sources.table.js';
export * from '../modules/themes/themes.table.js';
export * from '../modules/webhooks/webhooks.table.js';
export * from '../modules/workflow/workflow.table.js';

/** Small key/value facts about the database itself, e.g. the hash of the loaded reference data. */
export const appMeta = pgTable('app_meta', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
