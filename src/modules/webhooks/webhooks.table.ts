import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { enumCheck, id, timestamps, version } from '../../db/columns.js';
import { DELIVERY_STATUSES } from './webhooks.domain.js';

/**
 * An address that wants to be told, by a signed POST, when something public happens. The secret
 * is kept as it is (an HMAC key cannot be hashed); it is shown once, when made, and never again.
 * None of these tables bumps the data version: they are not public data (see migration 0009).
 */
export const webhookSubscriptions = pgTable(
  'webhook_subscription',
  {
    id: id(),
    url: text('url').notNull(),
    /** A label for people: whose it is, what it is for. */
    description: text('description'),
    secret: text('secret').notNull(),
    /** Kinds of event wanted (WEBHOOK_EVENTS). */
    events: text('events').array().notNull(),
    /** Force slugs: only events about one of these forces; empty for every force. */
    forces: text('forces')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
    createdBy: text('created_by').notNull(),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    check('webhook_subscription_events_check', sql`cardinality(${t.events}) > 0`),
    index('webhook_subscription_active_idx').on(t.active),
  ],
);

/**
 * Something public that happened, recorded once (the key is unique: `inspection.published:<id>`,
 * `engage.entered:<period id>`, `engage.exited:<period id>`, `finding.status-changed:<event id>`,
 * `ping:<random>`). The table is also the register of what has been seen: a scan records only
 * keys it does not hold yet, so history is never sent twice.
 */
export const webhookEvents = pgTable(
  'webhook_event',
  {
    id: id(),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    /** The body's `data`: public facts only, as the public API shows them. */
    payload: jsonb('payload').notNull(),
    /** The forces the event is about (slugs), for subscriptions limited to some forces. */
    forces: text('forces')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** When it happened, as precisely as known (a publication moment; else when it was recorded). */
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    /** When the dispatcher recorded it (and queued its deliveries). */
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('webhook_event_key_key').on(t.key),
    index('webhook_event_recorded_idx').on(t.recordedAt),
  ],
);

/** One event for one subscription: tried until a 2xx answer, or given up after the last attempt. */
export const webhookDeliveries = pgTable(
  'webhook_delivery',
  {
    id: id(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id')
      .notNull()
      .references(() => webhookEvents.id, { onDelete: 'cascade' }),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /**
     * When it is next due. A dispatcher that claims it moves this forward by a lease first, so no
     * other instance takes it while the request is in flight, and a crashed one's claim runs out.
     */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('webhook_delivery_subscription_event_key').on(t.subscriptionId, t.eventId),
    // The dispatcher's query: pending deliveries in the order they fall due.
    index('webhook_delivery_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    // A subscription's page: its latest deliveries.
    index('webhook_delivery_subscription_idx').on(t.subscriptionId, t.createdAt),
    index('webhook_delivery_event_idx').on(t.eventId),
    enumCheck('webhook_delivery_status_check', t.status, DELIVERY_STATUSES),
  ],
);
