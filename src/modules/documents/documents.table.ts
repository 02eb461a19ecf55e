import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { enumCheck, id, partialDate, partialDateCheck } from '../../db/columns.js';
import { documents } from '../sources/sources.table.js';

export { DOCUMENT_ORIGINS, documents } from '../sources/sources.table.js';

/**
 * Field-level provenance: which document (and where in it) a value of a record came from.
 * entity is the table name, field null means the whole record.
 */
export const provenance = pgTable(
  'provenance',
  {
    id: id(),
    entity: text('entity').notNull(),
    entityId: uuid('entity_id').notNull(),
    field: text('field'),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    sourceStart: integer('source_start'),
    sourceEnd: integer('source_end'),
    /** Our own short note on how the fact was derived, e.g. "grade stated in the PCC's statement". */
    basis: text('basis'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('provenance_entity_idx').on(t.entity, t.entityId),
    index('provenance_document_idx').on(t.documentId),
    check(
      'provenance_range_check',
      sql`(${t.sourceStart} is null and ${t.sourceEnd} is null) or (${t.sourceStart} >= 0 and ${t.sourceEnd} >= ${t.sourceStart})`,
    ),
  ],
);

/** What a news article or press release says happened to a force (report, Engage move), as read. */
export const documentMentions = pgTable(
  'document_mention',
  {
    id: id(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    forceId: uuid('force_id').notNull(),
    event: text('event').notNull(),
    occurredOn: partialDate('occurred_on'),
    gradeCounts: jsonb('grade_counts'),
    areasAssessed: integer('areas_assessed'),
    quotedRecommendations: jsonb('quoted_recommendations'),
    sourceStart: integer('source_start'),
    sourceEnd: integer('source_end'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('document_mention_force_idx').on(t.forceId),
    enumCheck('document_mention_event_check', t.event, [
      'entered-engage',
      'left-engage',
      'report-published',
      'remains-in-engage',
    ]),
    partialDateCheck('document_mention_occurred_on_check', t.occurredOn),
  ],
);

/**
 * A disagreement between a document and what is recorded (a news article's grade counts against
 * the judgements, say). Recorded and shown, never silently resolved.
 */
export const sourceConflicts = pgTable(
  'source_conflict',
  {
    id: id(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    forceId: uuid('force_id'),
    entity: text('entity').notNull(),
    entityId: uuid('entity_id'),
    description: text('description').notNull(),
    details: jsonb('details'),
    status: text('status').notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('source_conflict_force_idx').on(t.forceId),
    enumCheck('source_conflict_status_check', t.status, ['open', 'resolved']),
  ],
);
