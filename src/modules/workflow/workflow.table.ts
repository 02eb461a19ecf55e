import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { enumCheck, id, timestamps, version } from '../../db/columns.js';
import { findings } from '../findings/findings.table.js';
import {
  ACTION_STATUSES,
  ACTION_TRACKED_FIELDS,
  ASSESSMENT_VIEWS,
  CLOSURE_REQUEST_STATUSES,
} from './workflow.domain.js';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
const isoDay = (column: AnyPgColumn) => sql`${column} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`;

/**
 * History of the force's RAG rating and the LPB's assurance of a finding (the current values are
 * on the finding). Append-only.
 */
export const findingAssessments = pgTable(
  'finding_assessment',
  {
    id: id(),
    findingId: uuid('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    view: text('view').notNull(),
    value: text('value').notNull(),
    note: text('note'),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('finding_assessment_finding_idx').on(t.findingId, t.at),
    enumCheck('finding_assessment_view_check', t.view, ASSESSMENT_VIEWS),
  ],
);

/** What the force will do about a finding: an owner (person or post), an agreed date and a status. */
export const findingActions = pgTable(
  'finding_action',
  {
    id: id(),
    findingId: uuid('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    owner: text('owner').notNull(),
    /** The currently agreed date, YYYY-MM-DD; earlier ones are in finding_action_change. */
    dueOn: text('due_on').notNull(),
    status: text('status').notNull().default('not-started'),
    createdBy: text('created_by').notNull(),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    index('finding_action_finding_idx').on(t.findingId),
    index('finding_action_due_idx').on(t.status, t.dueOn),
    enumCheck('finding_action_status_check', t.status, ACTION_STATUSES),
    check('finding_action_due_on_check', isoDay(t.dueOn)),
    check('finding_action_title_check', sql`length(trim(${t.title})) > 0`),
    check('finding_action_owner_check', sql`length(trim(${t.owner})) > 0`),
  ],
);

/** Every change of an action's owner, agreed date, status or title, with its reason. Append-only. */
export const findingActionChanges = pgTable(
  'finding_action_change',
  {
    id: id(),
    actionId: uuid('action_id')
      .notNull()
      .references(() => findingActions.id, { onDelete: 'cascade' }),
    field: text('field').notNull(),
    before: text('before'),
    after: text('after').notNull(),
    reason: text('reason'),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('finding_action_change_action_idx').on(t.actionId, t.at),
    enumCheck('finding_action_change_field_check', t.field, ACTION_TRACKED_FIELDS),
  ],
);

/** A progress update on a finding (optionally about one action). Appended, never edited. */
export const findingUpdates = pgTable(
  'finding_update',
  {
    id: id(),
    findingId: uuid('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    actionId: uuid('action_id').references(() => findingActions.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('finding_update_finding_idx').on(t.findingId, t.at),
    check('finding_update_text_check', sql`length(trim(${t.text})) > 0`),
  ],
);

/** A file attached to a progress update, stored in the database so every instance can serve it. */
export const evidenceFiles = pgTable(
  'evidence_file',
  {
    id: id(),
    updateId: uuid('update_id')
      .notNull()
      .references(() => findingUpdates.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('evidence_file_update_idx').on(t.updateId)],
);

/** The force asks the inspectorate to close a finding, with evidence; the inspectorate decides. */
export const closureRequests = pgTable(
  'closure_request',
  {
    id: id(),
    findingId: uuid('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    summary: text('summary').notNull(),
    status: text('status').notNull().default('pending'),
    requestedBy: text('requested_by').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    index('closure_request_finding_idx').on(t.findingId),
    index('closure_request_status_idx').on(t.status),
    enumCheck('closure_request_status_check', t.status, CLOSURE_REQUEST_STATUSES),
    check('closure_request_summary_check', sql`length(trim(${t.summary})) > 0`),
  ],
);

export const closureRequestEvidence = pgTable(
  'closure_request_evidence',
  {
    closureRequestId: uuid('closure_request_id')
      .notNull()
      .references(() => closureRequests.id, { onDelete: 'cascade' }),
    evidenceId: uuid('evidence_id')
      .notNull()
      .references(() => evidenceFiles.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.closureRequestId, t.evidenceId] })],
);
