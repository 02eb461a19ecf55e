import { z } from 'zod';
import { WEBHOOK_EVENTS, webhookUrlProblem } from './webhooks.domain.js';

/**
 * One schema per input of webhook subscriptions, shared by the admin pages and the API. The form
 * turns its checkboxes and select into this shape first (see webhooks.web), so both give the same
 * messages.
 */

const url = z
  .string({ message: 'Enter the address to send events to' })
  .trim()
  .min(1, 'Enter the address to send events to')
  .max(2000, 'The address must be 2,000 characters or fewer')
  .superRefine((value, ctx) => {
    const problem = webhookUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const description = z
  .string()
  .trim()
  .max(200, 'The description must be 200 characters or fewer')
  .nullish()
  // Absent keeps what is there (an API PATCH); empty clears it.
  .transform((v) => (v === undefined ? undefined : v ? v : null));

const events = z
  .array(z.enum(WEBHOOK_EVENTS, { message: 'Choose the kinds of event from the list' }), {
    message: 'Choose at least one kind of event',
  })
  .min(1, 'Choose at least one kind of event')
  .transform((v) => WEBHOOK_EVENTS.filter((e) => v.includes(e)));

const forces = z
  .array(z.string().regex(/^[a-z0-9-]{1,120}$/, 'Choose a force from the list'), {
    message: 'Forces must be a list of force slugs',
  })
  .max(50, 'Choose up to 50 forces')
  .transform((v) => [...new Set(v)].sort());

const secret = z
  .string({ message: 'The secret must be text' })
  .min(16, 'The secret must be at least 16 characters')
  .max(200, 'The secret must be 200 characters or fewer')
  .regex(/^[\x21-\x7e]+$/, 'The secret must be letters, digits and punctuation, without spaces');

/** true/false from JSON, or "true"/"false" from a form. */
const active = z.preprocess(
  (v) => (v === 'true' ? true : v === 'false' ? false : v),
  z.boolean({ message: 'Choose whether to send events to this address' }),
);

const version = z.coerce.number({ message: 'The record’s version is missing' }).int().min(1);

export const newSubscriptionSchema = z.object({
  url,
  description: description.optional(),
  events,
  forces: forces.optional().transform((v) => v ?? []),
  /** Leave out to have the server make one (it is shown once). */
  secret: secret.optional(),
  active: active.optional().transform((v) => v ?? true),
});
export type NewSubscription = z.infer<typeof newSubscriptionSchema>;

/** Changing a subscription: whatever is given replaces what was there. */
export const editSubscriptionSchema = z.object({
  url: url.optional(),
  description,
  events: events.optional(),
  forces: forces.optional(),
  secret: secret.optional(),
  active: active.optional(),
  version,
});
export type SubscriptionEdit = z.infer<typeof editSubscriptionSchema>;

export const deliveriesQuerySchema = z.object({
  status: z.enum(['pending', 'delivered', 'failed']).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(200).catch(50).default(50),
  offset: z.coerce.number().int().min(0).catch(0).default(0),
});
export type DeliveriesQuery = z.infer<typeof deliveriesQuerySchema>;
