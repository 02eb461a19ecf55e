import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import {
  enumCheck,
  id,
  partialDate,
  partialDateCheck,
  sourceRange,
  timestamps,
  tsvector,
  version,
} from '../../db/columns.js';
import { documents, sourceDocumentId } from '../sources/sources.table.js';
import { findings } from '../findings/findings.table.js';
import { forces } from '../forces/forces.table.js';
import { inspections } from '../inspections/inspections.table.js';

/** A period of enhanced monitoring (Engage) for one force. exitedOn null: still in Engage. */
export const engagePeriods = pgTable(
  'engage_period',
  {
    id: id(),
    forceId: uuid('force_id')
      .notNull()
      .references(() => forces.id),
    enteredOn: partialDate('entered_on').notNull(),
    exitedOn: partialDate('exited_on'),
    /** Causes of concern still open when the force left, where a source gives the count. */
    openCausesOfConcernAtExit: integer('open_causes_of_concern_at_exit'),
    /** The source's line introducing its list of exit reasons ("… improved in several areas, including:"). */
    exitIntro: text('exit_intro'),
    /** The source's closing line after the exit reasons. */
    exitNote: text('exit_note'),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('engage_period_force_entered_key').on(t.forceId, t.enteredOn),
    index('engage_period_exited_idx').on(t.exitedOn),
    partialDateCheck('engage_period_entered_on_check', t.enteredOn),
    partialDateCheck('engage_period_exited_on_check', t.exitedOn),
    check(
      'engage_period_order_check',
      sql`${t.exitedOn} is null or ${t.exitedOn} >= substr(${t.enteredOn}, 1, 4)`,
    ),
  ],
);

export const ENGAGE_REASON_DIRECTIONS = ['entry', 'exit'] as const;
/**
 * reason: a reason for the move. note: a line the source lists among them that is not a reason
 * ("These causes of concern were closed during 2024."), kept so the list reads and numbers as
 * the source does; notes carry no themes and are not searched or counted.
 */
export const ENGAGE_REASON_KINDS = ['reason', 'note'] as const;
export type EngageReasonDirection = (typeof ENGAGE_REASON_DIRECTIONS)[number];

/**
 * A reason for entering or leaving Engage. theme is our own short label; text is the source's
 * wording, present only when imported from a document at run time. A reason that is a cause of
 * concern links to the finding; nested items point at their parent reason.
 */
export const engageReasons = pgTable(
  'engage_reason',
  {
    id: id(),
    periodId: uuid('period_id')
      .notNull()
      .references(() => engagePeriods.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => engageReasons.id, { onDelete: 'cascade' }),
    direction: text('direction').notNull(),
    position: integer('position').notNull(),
    kind: text('kind').notNull().default('reason'),
    /** Whether the source numbered this item (1., 2.) rather than bulleting it. */
    numbered: boolean('numbered').notNull().default(false),
    theme: text('theme'),
    text: text('text'),
    findingId: uuid('finding_id').references(() => findings.id),
    sourceDocumentId: sourceDocumentId(),
    ...sourceRange(),
    version: version(),
    ...timestamps(),
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector('english'::regconfig, coalesce(text, '') || ' ' || coalesce(theme, ''))`,
    ),
  },
  (t) => [
    index('engage_reason_search_idx').using('gin', t.search),
    index('engage_reason_text_trgm_idx').using('gin', t.text.op('gin_trgm_ops')),
    index('engage_reason_period_idx').on(t.periodId, t.direction, t.position),
    enumCheck('engage_reason_direction_check', t.direction, ENGAGE_REASON_DIRECTIONS),
    enumCheck('engage_reason_kind_check', t.kind, ENGAGE_REASON_KINDS),
    check('engage_reason_content_check', sql`${t.theme} is not null or ${t.text} is not null`),
  ],
);

/** Reports related to an Engage period (the ones that led to it, or to the exit). */
export const engagePeriodInspections = pgTable(
  'engage_period_inspection',
  {
    periodId: uuid('period_id')
      .notNull()
      .references(() => engagePeriods.id, { onDelete: 'cascade' }),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.periodId, t.inspectionId] })],
);

/** Which documents support an Engage period's dates ("entered", "exited"). */
export const engagePeriodSources = pgTable(
  'engage_period_source',
  {
    periodId: uuid('period_id')
      .notNull()
      .references(() => engagePeriods.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    field: text('field').notNull(),
    ...sourceRange(),
  },
  (t) => [
    primaryKey({ columns: [t.periodId, t.documentId, t.field] }),
    enumCheck('engage_period_source_field_check', t.field, ['entered', 'exited']),
  ],
);
