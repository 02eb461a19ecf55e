import { z } from 'zod';
import { clearable, partialDateField, slugField, versionField } from '../../web/forms.js';

/**
 * An Engage period recorded by hand, shared by the forms, the API and the CLI. Reasons are
 * sentences; a form gives them one a line.
 */
const reasons = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(/\r?\n/) : v === null ? [] : v),
  z
    .array(
      z
        .string({ message: 'Give each reason as text' })
        .trim()
        .max(2000, 'Each reason must be 2,000 characters or fewer'),
      {
        message: 'Give the reasons as a list',
      },
    )
    .max(100, 'Give 100 reasons or fewer')
    .transform((list) => list.filter((r) => r.length > 0)),
);

const periodFields = {
  force: slugField('the force'),
  startedOn: partialDateField('the date the force entered Engage'),
  endedOn: clearable(partialDateField('the date the force left Engage')),
  reasons,
  exitReasons: reasons,
};

export const createEngagePeriodSchema = z.object({
  ...periodFields,
  reasons: reasons.optional(),
  exitReasons: reasons.optional(),
});
export type CreateEngagePeriodInput = z.output<typeof createEngagePeriodSchema>;

/** A change: only the fields given change; reasons, when given, replace those recorded by hand. */
export const updateEngagePeriodSchema = z.object(periodFields).partial().extend({ version: versionField });
export type UpdateEngagePeriodInput = z.output<typeof updateEngagePeriodSchema>;
