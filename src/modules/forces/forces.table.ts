import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { enumCheck, id, partialDate, partialDateCheck, timestamps, version } from '../../db/columns.js';
import { sourceDocumentId } from '../sources/sources.table.js';
import { COUNTRIES, LPB_KINDS } from './forces.domain.js';

export const forces = pgTable(
  'force',
  {
    id: id(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    country: text('country').notNull(),
    lpbName: text('lpb_name').notNull(),
    lpbKind: text('lpb_kind').notNull(),
    lpbTitle: text('lpb_title').notNull(),
    lpbSince: partialDate('lpb_since'),
    sourceDocumentId: sourceDocumentId(),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('force_slug_key').on(t.slug),
    uniqueIndex('force_name_key').on(t.name),
    enumCheck('force_country_check', t.country, COUNTRIES),
    enumCheck('force_lpb_kind_check', t.lpbKind, LPB_KINDS),
    partialDateCheck('force_lpb_since_check', t.lpbSince),
  ],
);

/** Other names a force appears under in documents ("MPS", "Hampshire Constabulary"). */
export const forceAliases = pgTable(
  'force_alias',
  {
    id: id(),
    forceId: uuid('force_id')
      .notNull()
      .references(() => forces.id, { onDelete: 'cascade' }),
    alias: text('alias').notNull(),
    /** nameKey(alias): what matching compares. */
    aliasKey: text('alias_key').notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('force_alias_key_key').on(t.aliasKey), index('force_alias_force_idx').on(t.forceId)],
);
