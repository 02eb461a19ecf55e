import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
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
import { forces } from '../forces/forces.table.js';
import { inspections, programmeAreas } from '../inspections/inspections.table.js';
import { ASSURANCE_LEVELS, FORCE_STATUSES } from './findings.domain.js';
import { FINDING_KINDS, FINDING_LINK_KINDS, FINDING_STATUSES } from './findings.domain.js';

/**
 * A cause of concern, recommendation, area for improvement or innovative practice. Recommendations
 * (and nested sub-items) point at their parent. status is the latest status event, kept for queries;
 * finding_event is the history.
 */
export const findings = pgTable(
  'finding',
  {
    id: id(),
    forceId: uuid('force_id')
      .notNull()
      .references(() => forces.id),
    inspectionId: uuid('inspection_id').references(() => inspections.id),
    parentId: uuid('parent_id').references((): AnyPgColumn => findings.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    /** Number as published ("1", "2.3"), if any. */
    number: text('number'),
    position: integer('position').notNull().default(0),
    areaId: uuid('area_id').references(() => programmeAreas.id),
    areaLabel: text('area_label'),
    text: text('text').notNull(),
    accelerated: boolean('accelerated').notNull().default(false),
    raisedOn: partialDate('raised_on'),
    status: text('status').notNull().default('open'),
    statusOn: partialDate('status_on'),
    /** The force's own RAG rating (history in finding_assessment). */
    forceStatus: text('force_status').notNull().default('not-started'),
    /** The local policing body's assurance, with its note (history in finding_assessment). */
    assurance: text('assurance').notNull().default('not-assessed'),
    assuranceNote: text('assurance_note'),
    sourceDocumentId: sourceDocumentId(),
    ...sourceRange(),
    version: version(),
    ...timestamps(),
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector('english'::regconfig, coalesce(area_label, '') || ' ' || text)`,
    ),
  },
  (t) => [
    index('finding_search_idx').using('gin', t.search),
    index('finding_text_trgm_idx').using('gin', t.text.op('gin_trgm_ops')),
    index('finding_force_status_idx').on(t.forceId, t.status),
    index('finding_inspection_idx').on(t.inspectionId),
    index('finding_parent_idx').on(t.parentId),
    enumCheck('finding_kind_check', t.kind, FINDING_KINDS),
    enumCheck('finding_status_check', t.status, FINDING_STATUSES),
    enumCheck('finding_force_status_check', t.forceStatus, FORCE_STATUSES),
    enumCheck('finding_assurance_check', t.assurance, ASSURANCE_LEVELS),
    partialDateCheck('finding_raised_on_check', t.raisedOn),
    partialDateCheck('finding_status_on_check', t.statusOn),
  ],
);

/** A dated ask inside a finding: "by 1 May 2017 produce an action plan". */
export const findingAsks = pgTable(
  'finding_ask',
  {
    id: id(),
    findingId: uuid('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    dueOn: partialDate('due_on').notNull(),
    text: text('text').notNull(),
    sourceDocumentId: sourceDocumentId(),
    ...sourceRange(),
    ...timestamps(),
  },
  (t) => [
    index('finding_ask_finding_idx').on(t.findingId),
    partialDateCheck('finding_ask_due_on_check', t.dueOn),
  ],
);

/**
 * Append-only status history. A trigger (migration 0001) refuses UPDATE and DELETE.
 * occurredOn is the date the source gives for the change (may be partial: "closed during 2024").
 */
export const findingEvents = pgTable(
  'finding_event',
  {
    id: id(),
    findingId: uuid('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    occurredOn: partialDate('occurred_on'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    note: text('note'),
    /** Progress as published, e.g. 3 of 5 recommendations addressed. */
    progressDone: integer('progress_done'),
    progressTotal: integer('progress_total'),
    sourceDocumentId: sourceDocumentId(),
    ...sourceRange(),
  },
  (t) => [
    index('finding_event_finding_idx').on(t.findingId, t.recordedAt),
    enumCheck('finding_event_status_check', t.status, FINDING_STATUSES),
    partialDateCheck('finding_event_occurred_on_check', t.occurredOn),
    check(
      'finding_event_progress_check',
      sql`${t.progressDone} is null or (${t.progressTotal} is not null and ${t.progressDone} between 0 and ${t.progressTotal})`,
    ),
  ],
);

/** Links between findings of different inspections: carried over, superseded by, replaced by. */
export const findingLinks = pgTable(
  'finding_link',
  {
    id: id(),
    fromFindingId: uuid('from_finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    toFindingId: uuid('to_finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    sourceDocumentId: sourceDocumentId(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('finding_link_key').on(t.fromFindingId, t.toFindingId, t.kind),
    enumCheck('finding_link_kind_check', t.kind, FINDING_LINK_KINDS),
    check('finding_link_not_self_check', sql`${t.fromFindingId} <> ${t.toFindingId}`),
  ],
);
