import { z } from 'zod';
import { tryParseIso } from '../../shared/partial-date.js';
import { InputError } from '../../shared/errors.js';
import { GRADES, PROGRAMME_KINDS } from './inspections.domain.js';

/**
 * What the inspectorate records by hand: one schema per input, shared by the forms, the API and
 * the CLI. Forms send strings (an empty one clears an optional field); the API sends JSON, where
 * null clears a field and an absent key leaves it as it is. The field helpers here serve the
 * findings and Engage schemas too.
 */

/** Parses input against a schema; a failure is a 422 carrying the issues, field by field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new InputError(result.error);
  return result.data;
}

/** A problem found after parsing (a slug that names nothing, a grade off the scale), as a 422 on that field. */
export function inputProblem(path: Array<string | number>, message: string): InputError {
  return new InputError(new z.ZodError([{ code: 'custom', path, message, input: undefined }]));
}

const capitalised = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;
const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

export const textField = (what: string, max = 5000) =>
  z
    .string({ message: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `${capitalised(what)} must be ${max.toLocaleString('en-GB')} characters or fewer`);

/** A slug naming a record (force, programme, inspection): lower-case letters, digits and hyphens. */
export const slugField = (what: string) =>
  z
    .string({ message: `Select ${what}` })
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9-]{1,120}$/, `Select ${what}`);

/** A partial date as its ISO prefix: "2019", "2023-09" or "2023-09-17". */
export const partialDateField = (what: string) =>
  z
    .string({ message: `Enter ${what}` })
    .trim()
    .refine(
      (v) => tryParseIso(v) !== null,
      `Enter ${what} as a year, a month or a day, like 2023, 2023-09 or 2023-09-17`,
    );

/** An optional field: empty or null clears it (null); absent leaves it as it is (undefined). */
export const clearable = <T extends z.ZodType>(schema: T) =>
  z.preprocess(blankToNull, schema.nullable().optional());

export const versionField = z.coerce
  .number({ message: 'The record’s version is missing' })
  .int('The record’s version is missing')
  .min(1, 'The record’s version is missing');

/** A list from a JSON array, or from a form's repeated field (one value arrives as a string). */
export const listOf = <T extends z.ZodType>(item: T, message: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? [v] : v),
    z.array(item, { message }).transform((list) => [...new Set(list)]),
  );

const LONDON = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as Europe/London wall-clock time, "YYYY-MM-DDTHH:MM" (what a datetime-local field holds). */
export function londonLocal(at: Date): string {
  const p = Object.fromEntries(LONDON.formatToParts(at).map((part) => [part.type, part.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** Europe/London wall-clock time to an instant (BST first when the clocks go back); null if it never happens. */
export function fromLondonLocal(local: string): Date | null {
  const asUtc = new Date(`${local}:00Z`);
  if (Number.isNaN(asUtc.getTime())) return null;
  for (const hours of [1, 0]) {
    const at = new Date(asUtc.getTime() - hours * 3_600_000);
    if (londonLocal(at) === local) return at;
  }
  return null;
}

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
