import { z } from 'zod';
import { InputError } from '../shared/errors.js';
import { tryParseIso } from '../shared/partial-date.js';

/**
 * Input parsing and form errors, shared by every module's schemas, services and form routes: one
 * schema per input serves the forms, the API and the CLI; a failure is an InputError (422) that a
 * form shows as a GOV.UK error summary with a message against each field.
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

/** A calendar day, YYYY-MM-DD, that exists. */
export const isoDay = (what: string) =>
  z
    .string({ message: `Enter ${what}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter ${what} as a real date, like 2025-03-31`)
    .refine((v) => {
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
    }, `Enter ${what} as a real date, like 2025-03-31`);

export const asAtSchema = isoDay('the date').optional().catch(undefined);

/** zod issues as GOV.UK error-summary entries and per-field messages. */
export function fieldErrors(error: z.ZodError): {
  list: Array<{ text: string; href: string }>;
  byField: Record<string, string>;
} {
  const byField: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    byField[field] ??= issue.message;
  }
  return { list: Object.entries(byField).map(([field, text]) => ({ text, href: `#${field}` })), byField };
}

/**
 * A failed parse as a form's error summary and per-field messages; `fieldId` maps an issue's path
 * to the id of the field on the page (the first path element by default).
 */
export function formErrors(
  error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> },
  fieldId: (path: PropertyKey[]) => string = (path) => String(path[0] ?? 'form'),
): { errors: Array<{ text: string; href: string }>; fieldErrors: Record<string, string> } {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[fieldId(issue.path)] ??= issue.message;
  return { errors: Object.entries(fieldErrors).map(([id, text]) => ({ text, href: `#${id}` })), fieldErrors };
}
