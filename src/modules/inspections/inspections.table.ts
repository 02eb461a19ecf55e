import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
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
  version,
} from '../../db/columns.js';
import { sourceDocumentId } from '../sources/sources.table.js';
import { forces } from '../forces/forces.table.js';
import { GRADES, PROGRAMME_KINDS, SCALE_NAMES } from './inspections.domain.js';

/** An inspection programme or framework: a PEEL cycle, a thematic series, a revisit programme… */
export const programmes = pgTable(
  'programme',
  {
    id: id(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    /** Cycle label as published: "2016", "2021/22", "2023–25". */
    cycle: text('cycle'),
    startYear: integer('start_year'),
    endYear: integer('end_year'),
    scale: text('scale').notNull(),
    /** False where the list of areas is known to be incomplete. */
    areasComplete: boolean('areas_complete').notNull().default(true),
    comparability: text('comparability'),
    sourceDocumentId: sourceDocumentId(),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('programme_slug_key').on(t.slug),
    enumCheck('programme_kind_check', t.kind, PROGRAMME_KINDS),
    enumCheck('programme_scale_check', t.scale, SCALE_NAMES),
  ],
);

/** The areas (pillars, questions) a programme grades; a tree. */
export const programmeAreas = pgTable(
  'programme_area',
  {
    id: id(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => programmeAreas.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    graded: boolean('graded').notNull(),
    position: integer('position').notNull(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('programme_area_slug_key').on(t.programmeId, t.slug),
    index('programme_area_parent_idx').on(t.parentId),
  ],
);

export const inspections = pgTable(
  'inspection',
  {
    id: id(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    programmeId: uuid('programme_id').references(() => programmes.id),
    type: text('type').notNull(),
    /** Publication date as a source gives it (may be only a month or year). */
    publishedOn: partialDate('published_on'),
    /** The publication moment; until then the inspection is under embargo. */
    publishedAt: timestamp('published_at', { withTimezone: true }),
    sourceUrl: text('source_url'),
    sourceDocumentId: sourceDocumentId(),
    ...sourceRange(),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('inspection_slug_key').on(t.slug),
    index('inspection_published_idx').on(t.publishedOn),
    enumCheck('inspection_type_check', t.type, PROGRAMME_KINDS),
    partialDateCheck('inspection_published_on_check', t.publishedOn),
  ],
);

/** The forces an inspection covers (one for force reports, many for thematic ones). */
export const inspectionForces = pgTable(
  'inspection_force',
  {
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    forceId: uuid('force_id')
      .notNull()
      .references(() => forces.id),
    /** Whether the force is named or quoted in the report: true, false, or null for unknown. */
    quoted: boolean('quoted'),
  },
  (t) => [
    primaryKey({ columns: [t.inspectionId, t.forceId] }),
    index('inspection_force_force_idx').on(t.forceId),
  ],
);

/** A judgement on one area for one force: a grade, or ungraded (grade null). */
export const judgements = pgTable(
  'judgement',
  {
    id: id(),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    forceId: uuid('force_id')
      .notNull()
      .references(() => forces.id),
    areaId: uuid('area_id').references(() => programmeAreas.id),
    /** The area's name as the source gives it, kept even when matched to a programme area. */
    areaLabel: text('area_label').notNull(),
    grade: text('grade'),
    sourceDocumentId: sourceDocumentId(),
    ...sourceRange(),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('judgement_area_key').on(t.inspectionId, t.forceId, t.areaLabel),
    index('judgement_force_idx').on(t.forceId),
    check(
      'judgement_grade_check',
      sql`${t.grade} is null or ${t.grade} in (${sql.raw(GRADES.map((g) => `'${g}'`).join(', '))})`,
    ),
  ],
);
