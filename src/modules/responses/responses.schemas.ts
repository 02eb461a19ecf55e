import { z } from 'zod';
import { isoDay } from '../../web/forms.js';

/**
 * The inputs of the s55 response, shared by the web forms, the API and any script. Every field
 * of an edit is optional (a PATCH changes what it names); an empty string clears a field.
 */
const version = z.coerce.number({ message: 'The response’s version is missing' }).int().min(1);

/** Text that may be cleared: '' and whitespace become null. */
const clearableText = (what: string, max: number) =>
  z
    .string({ message: `Enter ${what}` })
    .trim()
    .max(
      max,
      `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`,
    )
    .nullable()
    .transform((v) => (v ? v : null));

/** A day that may be cleared. */
const clearableDay = (what: string) => z.union([z.literal('').transform(() => null), z.null(), isoDay(what)]);

const webAddress = z
  .string()
  .trim()
  .max(2000, 'The web address must be 2,000 characters or fewer')
  .refine((v) => v === '' || /^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(v), {
    message: 'Enter the web address of the published response, starting with https://',
  })
  .nullable()
  .transform((v) => (v ? v : null));

/** The executive summary: a list of paragraphs, or one text with a paragraph per line. */
const paragraphs = z
  .union([
    z.string().max(20_000, 'The summary must be 20,000 characters or fewer'),
    z.array(z.string().max(5000)),
  ])
  .nullable()
  .transform((v) =>
    (v === null ? [] : Array.isArray(v) ? v : v.split(/\r?\n/)).map((p) => p.trim()).filter(Boolean),
  );

export const FORCE_QUOTED = ['yes', 'no', 'unknown'] as const;
export const EDITABLE_STATUSES = ['draft', 'ready'] as const;

/** The fields only the local policing body writes. */
export const LPB_FIELDS = [
  'status',
  'chiefInvitedOn',
  'chiefCommentsDueOn',
  'summary',
  'lpbComment',
  'forceQuoted',
  'inspectionType',
  'sentToHmicfrsOn',
  'sentToHomeSecretaryOn',
  'publicUrl',
  'answeredThroughId',
  'answeredThroughReason',
  'recommendations',
] as const;
/** The field only the force writes: its chief constable's comments (s55(4)). */
export const CHIEF_FIELDS = ['chiefComments'] as const;
/** What may still change once the response is published: where it is, and when copies went out. */
export const AFTER_PUBLICATION_FIELDS = ['publicUrl', 'sentToHmicfrsOn', 'sentToHomeSecretaryOn'] as const;

export const responseEditSchema = z.object({
  version,
  status: z.enum(EDITABLE_STATUSES, { message: 'Select draft or ready to publish' }).optional(),
  chiefInvitedOn: clearableDay('the day the chief constable was invited to comment').optional(),
  chiefCommentsDueOn: clearableDay('the date set for the chief constable’s comments').optional(),
  chiefComments: clearableText('the chief constable’s comments', 50_000).optional(),
  summary: paragraphs.optional(),
  lpbComment: clearableText('the comment', 50_000).optional(),
  forceQuoted: z
    .enum(FORCE_QUOTED, { message: 'Select whether the force is quoted in the report' })
    .optional(),
  /** The labels of the ticked boxes under "type of inspection". */
  inspectionType: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).filter(Boolean))
    .optional(),
  sentToHmicfrsOn: clearableDay('the day a copy was sent to HMICFRS').optional(),
  sentToHomeSecretaryOn: clearableDay('the day a copy was sent to the Home Secretary').optional(),
  publicUrl: webAddress.optional(),
  answeredThroughId: z
    .union([
      z.literal('').transform(() => null),
      z.null(),
      z.uuid({ message: 'Select the response that answers this report' }),
    ])
    .optional(),
  answeredThroughReason: clearableText('why the other response answers this report', 5000).optional(),
  recommendations: z
    .array(
      z.object({
        id: z.uuid({ message: 'A recommendation’s id is not valid' }),
        action: clearableText('the action taken or proposed, or why none', 20_000),
      }),
    )
    .max(500)
    .optional(),
});
export type ResponseEdit = z.infer<typeof responseEditSchema>;

export const publishSchema = z.object({
  version,
  publishedOn: z
    .union([z.literal('').transform(() => undefined), isoDay('the day the response was published')])
    .optional(),
});

export const ensureSchema = z.object({
  force: z
    .string({ message: 'Enter the force’s slug, like cleveland-police' })
    .trim()
    .regex(/^[a-z0-9-]{2,80}$/, 'Enter the force’s slug, like cleveland-police')
    .optional(),
});
