import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
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
import { sourceDocumentId } from '../sources/sources.table.js';
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
    /** s55(4): the day the chief constable was invited to comment, and the date set for comments. */
    chiefInvitedOn: partialDate('chief_invited_on'),
    chiefCommentsDueOn: partialDate('chief_comments_due_on'),
    /** The chief constable's comments (written by force accounts). */
    chiefComments: text('chief_comments'),
    /** s55(6): the days copies were sent to HMICFRS and the Home Secretary. */
    sentToHmicfrsOn: partialDate('sent_to_hmicfrs_on'),
    sentToHomeSecretaryOn: partialDate('sent_to_home_secretary_on'),
    /** A national report may be answered through the response to the force's own report. */
    answeredThroughId: uuid('answered_through_id').references((): AnyPgColumn => responses.id),
    answeredThroughReason: text('answered_through_reason'),
    /** When the response was marked published (the day is publishedOn). */
    publishedAt: timestamp('published_at', { withTimezone: true }),
    sourceDocumentId: sourceDocumentId(),
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
    partialDateCheck('response_chief_invited_on_check', t.chiefInvitedOn),
    partialDateCheck('response_chief_comments_due_on_check', t.chiefCommentsDueOn),
    partialDateCheck('response_sent_to_hmicfrs_on_check', t.sentToHmicfrsOn),
    partialDateCheck('response_sent_to_home_secretary_on_check', t.sentToHomeSecretaryOn),
    index('response_force_idx').on(t.forceId, t.deadline),
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
    sourceDocumentId: sourceDocumentId(),
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
