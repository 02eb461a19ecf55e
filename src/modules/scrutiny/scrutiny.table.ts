import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  id,
  partialDate,
  partialDateCheck,
  sourceRange,
  timestamps,
  tsvector,
  version,
} from '../../db/columns.js';
import { findings } from '../findings/findings.table.js';
import { sourceDocumentId } from '../sources/sources.table.js';
import { forces } from '../forces/forces.table.js';
import { responses } from '../responses/responses.table.js';

/** A meeting at which the local policing body (or the police and crime panel) scrutinises the force. */
export const scrutinyMeetings = pgTable(
  'scrutiny_meeting',
  {
    id: id(),
    forceId: uuid('force_id')
      .notNull()
      .references(() => forces.id),
    responseId: uuid('response_id').references(() => responses.id),
    heldOn: partialDate('held_on'),
    body: text('body').notNull().default('Local policing body scrutiny meeting'),
    focus: text('focus'),
    published: boolean('published').notNull().default(false),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** Actions arising from the meeting, one per line. */
    actionsArising: text('actions_arising'),
    /**
     * The meeting pack: the state of its focus findings as at the meeting date, frozen when the
     * pack is made so that later changes do not rewrite what the meeting saw.
     */
    pack: jsonb('pack'),
    packFrozenAt: timestamp('pack_frozen_at', { withTimezone: true }),
    sourceDocumentId: sourceDocumentId(),
    ...sourceRange(),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('scrutiny_meeting_force_held_key').on(t.forceId, t.heldOn, t.body),
    partialDateCheck('scrutiny_meeting_held_on_check', t.heldOn),
  ],
);

export const scrutinyQuestions = pgTable(
  'scrutiny_question',
  {
    id: id(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => scrutinyMeetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    number: text('number'),
    question: text('question').notNull(),
    answer: text('answer'),
    sourceDocumentId: sourceDocumentId(),
    ...sourceRange(),
    version: version(),
    ...timestamps(),
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector('english'::regconfig, question || ' ' || coalesce(answer, ''))`,
    ),
  },
  (t) => [
    index('scrutiny_question_search_idx').using('gin', t.search),
    index('scrutiny_question_meeting_idx').on(t.meetingId, t.position),
  ],
);

/** The findings a meeting focuses on. */
export const scrutinyMeetingFindings = pgTable(
  'scrutiny_meeting_finding',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => scrutinyMeetings.id, { onDelete: 'cascade' }),
    findingId: uuid('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.findingId] })],
);
