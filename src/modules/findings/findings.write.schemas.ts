import { z } from 'zod';
import { clearable, partialDateField, slugField, textField, versionField } from '../../web/forms.js';
import { FINDING_KINDS } from './findings.domain.js';

/**
 * A finding recorded by hand (one no document gives), shared by the forms, the API and the CLI.
 * Its status is not part of it: the workflow decides that.
 */
const findingFields = {
  force: slugField('the force'),
  inspection: clearable(slugField('the inspection')),
  kind: z.enum(FINDING_KINDS, { message: 'Select the kind of finding' }),
  number: clearable(z.string().trim().max(20, 'The number must be 20 characters or fewer')),
  area: clearable(z.string().trim().max(300, 'The area must be 300 characters or fewer')),
  text: textField('the wording of the finding', 10_000),
  raisedOn: clearable(partialDateField('the date it was raised')),
  parent: clearable(z.uuid({ message: 'Enter the id of the finding this one belongs to' })),
};

export const createFindingSchema = z.object(findingFields);
export type CreateFindingInput = z.output<typeof createFindingSchema>;

/** A change: only the fields given change. */
export const updateFindingSchema = z.object(findingFields).partial().extend({ version: versionField });
export type UpdateFindingInput = z.output<typeof updateFindingSchema>;
