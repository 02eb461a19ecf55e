import { z } from 'zod';
import { isoDay } from '../../web/forms.js';
import { FINDING_STATUSES } from '../findings/index.js';
import { ACTION_STATUSES, ASSURANCE_LEVELS, FORCE_STATUSES } from './workflow.domain.js';

/**
 * One schema per input of the findings workflow, shared by the web forms and the API. Forms send
 * strings; the API sends JSON; both pass through these.
 */
const version = z.coerce.number({ message: 'The record’s version is missing' }).int().min(1);
const text = (what: string, max = 5000) =>
  z
    .string({ message: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(
      max,
      `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`,
    );
const optionalText = (max = 5000) =>
  z
    .string()
    .trim()
    .max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined));

export const forceStatusSchema = z.object({
  forceStatus: z.enum(FORCE_STATUSES, { message: 'Select how the force rates its progress' }),
  note: optionalText(),
  version,
});

export const assuranceSchema = z.object({
  assurance: z.enum(ASSURANCE_LEVELS, { message: 'Select the level of assurance' }),
  note: optionalText(),
  version,
});

/** A decision's shape; which statuses it may reach and what each needs are FINDING_LIFECYCLE's. */
export const decisionSchema = z.object({
  status: z.enum(FINDING_STATUSES, { message: 'Select the finding’s status' }),
  occurredOn: isoDay('the date of the decision')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  note: optionalText(),
  supersededBy: z
    .uuid({ message: 'Enter the id of the finding that replaces this one' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  version,
});

export const newActionSchema = z.object({
  title: text('what will be done', 1000),
  owner: text('the owner (a person or a post)', 200),
  dueOn: isoDay('the agreed date'),
});

/** Changing an action: a reason is required whenever its owner or agreed date changes. */
export const editActionSchema = z.object({
  title: text('what will be done', 1000).optional(),
  owner: text('the owner (a person or a post)', 200).optional(),
  dueOn: isoDay('the agreed date').optional(),
  status: z.enum(ACTION_STATUSES, { message: 'Select the action’s status' }).optional(),
  reason: optionalText(2000),
  version,
});

export const updateSchema = z.object({
  text: text('the progress update'),
  actionId: z
    .uuid()
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

export const closureRequestSchema = z.object({
  summary: text('why the finding can be closed'),
  evidenceIds: z
    .union([z.uuid(), z.array(z.uuid())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});

/** A decision on a closure request; what each answer needs is CLOSURE_REQUEST_LIFECYCLE's. */
export const closureDecisionSchema = z.object({
  decision: z.enum(['accept', 'return'], {
    message: 'Select whether to close the finding or return the request',
  }),
  note: optionalText(),
  version,
});
