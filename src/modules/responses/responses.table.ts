import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
import { documents } from '../documents/documents.table.js';
import { findings } from '../findings/findings.table.js';
import { forces } from '../forces/forces.table.js';
import { inspections } from '../inspections/inspections.table.js';

export const RESPONSE_STATUSES = ['draft', 'ready', 'published'] as const;

/**
 * The local policing body's response to an inspection under Police Act 1996 s55: one per
 * inspection and force. deadline is the last day to publish (publication + 55 days).
 */
export const responses = pgTable(
  'response',
  {
    id: id(),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id),
    forceId: uuid('force_id')
      .notNull()
      .references(() => forces.id),
    deadline: partialDate('deadline'),
    status: text('status').notNull().default('draft'),
    publishedOn: partialDate('published_on'),
    publicUrl: text('public_url'),
    /** Tick boxes of the form's "type of inspection": [{ label, ticked: true | false | "unknown" }]. */
    inspectionType: jsonb('inspection_type'),
    /** Whether the force is quoted in the report: "yes", "no" or "unknown". */
    forceQuoted: text('force_quoted').notNull().default('unknown'),
    summary: jsonb('summary'),
    forceResponse: text('force_response'),
    lpbComment: text('lpb_comment'),
    sourceDocumentId: uuid('source_document_id').references(() => documents.id),
    ...sourceRange(),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('response_inspection_force_key').on(t.inspectionId, t.forceId),
    enumCheck('response_status_check', t.status, RESPONSE_STATUSES),
    enumCheck('response_force_quoted_check', t.forceQuoted, ['yes', 'no', 'unknown']),
    partialDateCheck('response_deadline_check', t.deadline),
    partialDateCheck('response_published_on_check', t.publishedOn),
  ],
);

/** What the response says for each recommendation (the action taken or proposed, or why none). */
export const responseRecommendations = pgTable(
  'response_recommendation',
  {
    id: id(),
    responseId: uuid('response_id')
      .notNull()
      .references(() => responses.id, { onDelete: 'cascade' }),
    findingId: uuid('finding_id').references(() => findings.id),
    position: integer('position').notNull(),
    number: text('number'),
    text: text('text').notNull(),
    action: text('action'),
    sourceDocumentId: uuid('source_document_id').references(() => documents.id),
    ...sourceRange(),
    version: version(),
    ...timestamps(),
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector('english'::regconfig, text || ' ' || coalesce(action, ''))`,
    ),
  },
  (t) => [
    index('response_recommendation_search_idx').using('gin', t.search),
    index('response_recommendation_response_idx').on(t.responseId, t.position),
  ],
);
