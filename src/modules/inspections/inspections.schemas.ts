import { z } from 'zod';
import { fromLondonLocal } from '../../shared/london-time.js';
import { clearable, slugField, textField, versionField, partialDateField, listOf } from '../../web/forms.js';
import { GRADES, PROGRAMME_KINDS } from './inspections.domain.js';

/**
 * What the inspectorate records by hand: one schema per input, shared by the forms, the API and
 * the CLI. Forms send strings (an empty one clears an optional field); the API sends JSON, where
 * null clears a field and an absent key leaves it as it is. The field helpers are in
 * src/web/forms.ts.
 */

const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::00)?$/;
const MOMENT_MESSAGE = 'Enter the publication moment as a date and time, like 2025-03-31T09:30';

/**
 * The publication moment: an ISO date-time with its offset (API), or a UK wall-clock time from a
 * form's datetime-local field. Until it passes, the inspection is under embargo.
 */
export const momentField = z.preprocess(
  (v) => (v instanceof Date ? v.toISOString() : v),
  z
    .string({ message: MOMENT_MESSAGE })
    .trim()
    .transform((v, ctx) => {
      const local = LOCAL.exec(v);
      const at = ZONED.test(v) ? new Date(v) : local ? fromLondonLocal(`${local[1]}T${local[2]}`) : null;
      if (at === null || Number.isNaN(at.getTime())) {
        ctx.addIssue({ code: 'custom', message: MOMENT_MESSAGE });
        return z.NEVER;
      }
      return at;
    }),
);

const URL_MESSAGE = 'Enter the address of the report, starting https://';
export const urlField = z
  .string({ message: URL_MESSAGE })
  .trim()
  .max(2000, 'The address must be 2,000 characters or fewer')
  .refine((v) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v), URL_MESSAGE);

/** A grade on one area: the area's slug on the programme or its label; null (or "ungraded") for no grade. */
export const judgementSchema = z.object({
  force: slugField('the force the grade is for').optional(),
  area: textField('the area that was graded', 300),
  grade: z.preprocess(
    (v) => (v === undefined || v === '' || v === 'ungraded' ? null : v),
    z.enum(GRADES, { message: 'Select a grade' }).nullable(),
  ),
});
export type JudgementInput = z.output<typeof judgementSchema>;

const inspectionFields = {
  title: textField('the inspection’s title', 500),
  type: z.enum(PROGRAMME_KINDS, { message: 'Select the type of inspection' }),
  programme: clearable(slugField('the programme')),
  forces: listOf(slugField('a force'), 'Select at least one force the inspection covers').refine(
    (list) => list.length > 0,
    'Select at least one force the inspection covers',
  ),
  publishedOn: clearable(partialDateField('the publication date')),
  publishedAt: clearable(momentField),
  sourceUrl: clearable(urlField),
  judgements: z.array(judgementSchema, { message: 'Give the judgements as a list' }).max(500),
};

export const createInspectionSchema = z.object({
  ...inspectionFields,
  judgements: inspectionFields.judgements.optional(),
});
export type CreateInspectionInput = z.output<typeof createInspectionSchema>;

/** A change: only the fields given change; judgements and forces, when given, replace the lists. */
export const updateInspectionSchema = z.object(inspectionFields).partial().extend({ version: versionField });
export type UpdateInspectionInput = z.output<typeof updateInspectionSchema>;
