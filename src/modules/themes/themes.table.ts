import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps, version } from '../../db/columns.js';
import { findings } from '../findings/findings.table.js';
import { engageReasons } from '../monitoring/monitoring.table.js';

/**
 * The inspectorate's own choice of themes for one finding or one Engage reason, replacing what
 * the rules in themes.taxonomy.ts would assign. Kept with who set it and why; versioned so that a
 * stale edit is refused, and audited like every other write.
 */
export const themeOverrides = pgTable(
  'theme_override',
  {
    id: id(),
    findingId: uuid('finding_id').references(() => findings.id, { onDelete: 'cascade' }),
    engageReasonId: uuid('engage_reason_id').references(() => engageReasons.id, { onDelete: 'cascade' }),
    /** Theme slugs; empty means "no theme applies". */
    themes: text('themes').array().notNull(),
    reason: text('reason').notNull(),
    actor: text('actor').notNull(),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('theme_override_finding_idx').on(t.findingId),
    uniqueIndex('theme_override_engage_reason_idx').on(t.engageReasonId),
    index('theme_override_themes_idx').using('gin', t.themes),
    check('theme_override_subject_check', sql`(${t.findingId} is null) <> (${t.engageReasonId} is null)`),
  ],
);
