import { z } from 'zod';

/**
 * One schema per input of scrutiny meetings, shared by the web forms and the API. The form turns
 * its rows and date boxes into this shape first (see scrutiny.web), so both give the same messages.
 */

/** Who holds the meeting: the local policing body holds the chief constable to account; the panel scrutinises the PCC. */
export const MEETING_BODIES = ['Local policing body scrutiny meeting', 'Police and crime panel'] as const;

const version = z.coerce.number({ message: 'The record’s version is missing' }).int().min(1);
const limit = (what: string, max: number) =>
  `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`;
const optionalText = (what: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, limit(what, max))
    .nullish()
    // Absent keeps what is there (an API PATCH); empty clears it.
    .transform((v) => (v === undefined ? undefined : v ? v : null));

/** A calendar day that exists, YYYY-MM-DD. */
export const meetingDay = z
  .string({ message: 'Enter the date of the meeting' })
  .trim()
  .min(1, 'Enter the date of the meeting')
  .refine((v) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && v >= '2000-01-01';
  }, 'The date of the meeting must be a real date');

/** A row of questions: entirely empty rows (a form's spare rows) are dropped, not refused. */
const questionRow = z.object({
  id: z
    .uuid({ message: 'That question is not part of this meeting' })
    .nullish()
    .or(z.literal('').transform(() => null)),
  number: optionalText('the question’s number', 20),
  question: optionalText('the question', 5000),
  answer: optionalText('the answer', 20000),
});

export type QuestionInput = {
  id: string | null;
  number: string | null;
  question: string;
  answer: string | null;
};

const questions = z
  .array(questionRow, { message: 'Questions must be a list' })
  .max(100, 'A meeting can have up to 100 questions')
  .superRefine((rows, ctx) => {
    rows.forEach((row, i) => {
      const blank = !row.number && !row.question && !row.answer;
      if (!blank && !row.question)
        ctx.addIssue({
          code: 'custom',
          path: [i, 'question'],
          message: `Enter question ${i + 1}, or empty its other boxes to remove it`,
        });
    });
  })
  .transform((rows) =>
    rows.flatMap((row): QuestionInput[] =>
      row.question
        ? [
            {
              id: row.id ?? null,
              number: row.number ?? null,
              question: row.question,
              answer: row.answer ?? null,
            },
          ]
        : [],
    ),
  );

const findingIds = z
  .union([
    z.uuid({ message: 'Choose findings from the list' }),
    z.array(z.uuid({ message: 'Choose findings from the list' })),
  ])
  .transform((v) => [...new Set(Array.isArray(v) ? v : [v])])
  .refine((v) => v.length <= 50, 'A meeting can focus on up to 50 findings');

const fields = {
  heldOn: meetingDay,
  body: z
    .string({ message: 'Enter who held the meeting' })
    .trim()
    .min(1, 'Enter who held the meeting')
    .max(200, limit('who held the meeting', 200)),
  focus: optionalText('the focus of the meeting', 5000),
  findings: findingIds,
  questions,
  actionsArising: optionalText('the actions arising', 20000),
};

export const newMeetingSchema = z.object({
  force: z.string({ message: 'Choose the force' }).regex(/^[a-z0-9-]{1,120}$/, 'Choose the force'),
  ...fields,
  findings: fields.findings.optional().transform((v) => v ?? []),
  questions: fields.questions.optional().transform((v) => v ?? []),
});
export type NewMeeting = z.infer<typeof newMeetingSchema>;

/** Changing a meeting: whatever is given replaces what was there; questions keep their ids. */
export const editMeetingSchema = z.object({
  heldOn: fields.heldOn.optional(),
  body: fields.body.optional(),
  focus: fields.focus,
  findings: fields.findings.optional(),
  questions: fields.questions.optional(),
  actionsArising: fields.actionsArising,
  version,
});
export type MeetingEdit = z.infer<typeof editMeetingSchema>;

export const publishSchema = z.object({ version });

export const listQuerySchema = z.object({
  force: z
    .string()
    .regex(/^[a-z0-9-]{1,120}$/)
    .optional()
    .catch(undefined),
  limit: z.coerce.number().int().min(1).max(200).catch(50).default(50),
  offset: z.coerce.number().int().min(0).catch(0).default(0),
});
