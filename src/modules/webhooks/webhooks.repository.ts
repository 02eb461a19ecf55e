import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx, type Tx } from '../../db/index.js';
import type { AnyEventKind } from './webhooks.domain.js';
import type { SourceEvent } from './webhooks.sources.js';
import { webhookDeliveries, webhookEvents, webhookSubscriptions } from './webhooks.table.js';

export type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type DeliveryStatusCounts = { pending: number; delivered: number; failed: number };
export type SubscriptionWithCounts = SubscriptionRow & {
  counts: DeliveryStatusCounts;
  lastDeliveredAt: Date | null;
};
export type DeliveryRecord = {
  id: string;
  subscriptionId: string;
  eventId: string;
  kind: AnyEventKind;
  key: string;
  occurredAt: Date;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
};

/**
 * A claimed delivery: what the dispatcher needs to make the request. `attempts` is the number
 * this attempt has (the claim counted it), and the record of its outcome must match it.
 */
export type ClaimedDelivery = {
  id: string;
  attempts: number;
  url: string;
  secret: string;
  eventId: string;
  kind: AnyEventKind;
  payload: unknown;
  occurredAt: Date;
};

const asDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));
const asDateOrNull = (v: Date | string | null): Date | null => (v === null ? null : asDate(v));

const countsSql = sql<DeliveryStatusCounts>`(select json_build_object(
    'pending', count(*) filter (where d.status = 'pending'),
    'delivered', count(*) filter (where d.status = 'delivered'),
    'failed', count(*) filter (where d.status = 'failed'))
  from webhook_delivery d where d.subscription_id = webhook_subscription.id)`;
const lastDeliveredSql = sql<
  Date | string | null
>`(select max(d.delivered_at) from webhook_delivery d where d.subscription_id = webhook_subscription.id)`;

export async function listSubscriptions(db: DbOrTx): Promise<SubscriptionWithCounts[]> {
  const rows = await db
    .select({ subscription: webhookSubscriptions, counts: countsSql, lastDeliveredAt: lastDeliveredSql })
    .from(webhookSubscriptions)
    .orderBy(desc(webhookSubscriptions.createdAt), webhookSubscriptions.id);
  return rows.map((r) => ({
    ...r.subscription,
    counts: r.counts,
    lastDeliveredAt: asDateOrNull(r.lastDeliveredAt),
  }));
}

export async function subscriptionById(db: DbOrTx, id: string): Promise<SubscriptionWithCounts | undefined> {
  const [row] = await db
    .select({ subscription: webhookSubscriptions, counts: countsSql, lastDeliveredAt: lastDeliveredSql })
    .from(webhookSubscriptions)
    .where(eq(webhookSubscriptions.id, id));
  return row
    ? { ...row.subscription, counts: row.counts, lastDeliveredAt: asDateOrNull(row.lastDeliveredAt) }
    : undefined;
}

/** A subscription's deliveries, newest first. */
export async function listDeliveries(
  db: DbOrTx,
  subscriptionId: string,
  opts: { status?: 'pending' | 'delivered' | 'failed' | undefined; limit: number; offset: number },
): Promise<DeliveryRecord[]> {
  return db
    .select({
      id: webhookDeliveries.id,
      subscriptionId: webhookDeliveries.subscriptionId,
      eventId: webhookDeliveries.eventId,
      kind: sql<AnyEventKind>`${webhookEvents.kind}`,
      key: webhookEvents.key,
      occurredAt: webhookEvents.occurredAt,
      status: sql<DeliveryRecord['status']>`${webhookDeliveries.status}`,
      attempts: webhookDeliveries.attempts,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      lastAttemptAt: webhookDeliveries.lastAttemptAt,
      lastStatusCode: webhookDeliveries.lastStatusCode,
      lastError: webhookDeliveries.lastError,
      deliveredAt: webhookDeliveries.deliveredAt,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(
      and(
        eq(webhookDeliveries.subscriptionId, subscriptionId),
        opts.status ? eq(webhookDeliveries.status, opts.status) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookEvents.recordedAt), webhookDeliveries.id)
    .limit(opts.limit)
    .offset(opts.offset);
}

export async function deliveryById(db: DbOrTx, id: string): Promise<DeliveryRecord | undefined> {
  const [row] = await db
    .select({
      id: webhookDeliveries.id,
      subscriptionId: webhookDeliveries.subscriptionId,
      eventId: webhookDeliveries.eventId,
      kind: sql<AnyEventKind>`${webhookEvents.kind}`,
      key: webhookEvents.key,
      occurredAt: webhookEvents.occurredAt,
      status: sql<DeliveryRecord['status']>`${webhookDeliveries.status}`,
      attempts: webhookDeliveries.attempts,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      lastAttemptAt: webhookDeliveries.lastAttemptAt,
      lastStatusCode: webhookDeliveries.lastStatusCode,
      lastError: webhookDeliveries.lastError,
      deliveredAt: webhookDeliveries.deliveredAt,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.id, id));
  return row;
}

/**
 * Serialises recording events with changes to subscriptions, across every app instance: a scan
 * holds this lock while it records events and queues deliveries, and a change to a subscription
 * waits for it (and a scan for the change). So a new subscription never misses an event recorded
 * after it and never gets one recorded before it. SHARE ROW EXCLUSIVE conflicts with itself and
 * with the ROW EXCLUSIVE an insert, update or delete takes; plain reads are not blocked.
 */
export async function lockSubscriptions(tx: Tx): Promise<void> {
  await tx.execute(sql`lock table webhook_subscription in share row exclusive mode`);
}

export async function anyActiveSubscription(db: DbOrTx): Promise<boolean> {
  const [row] = await queryRows<{ any: boolean }>(
    db,
    sql`select exists (select 1 from webhook_subscription where active) as any`,
  );
  return row?.any === true;
}

/**
 * What a scan can skip on: the data's version (every write to a public table bumps it) and how
 * many inspections are past their publication moment (an embargo lifting changes it), as the page
 * cache keys on; and whether anyone is subscribed at all.
 */
export async function scanKey(db: DbOrTx): Promise<{ key: string; wanted: boolean }> {
  const [row] = await queryRows<{ v: string | null; released: string | number; wanted: boolean }>(
    db,
    sql`select (select value #>> '{}' from app_meta where key = 'data-version') as v,
               (select count(*) from inspection where published_at is not null and published_at <= now()) as released,
               exists (select 1 from webhook_subscription where active) as wanted`,
  );
  return { key: `${row?.v ?? ''}:${String(row?.released ?? '')}`, wanted: row?.wanted === true };
}

/**
 * Records events (each key once: a key already there is left alone) and queues a delivery of each
 * newly recorded one to every active subscription that wants its kind and, if it names forces, one
 * of its forces. Returns how many events were new. Call inside the transaction holding lockSubscriptions.
 */
export async function recordEvents(tx: Tx, events: SourceEvent[]): Promise<number> {
  let recorded = 0;
  // In key order, so that two scans racing (without the lock) could not deadlock on the unique index.
  const sorted = [...events].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (let i = 0; i < sorted.length; i += 200) {
    const inserted = await tx
      .insert(webhookEvents)
      .values(
        sorted.slice(i, i + 200).map((e) => ({
          kind: e.kind,
          key: e.key,
          payload: e.payload,
          forces: e.forces,
          occurredAt: e.occurredAt,
        })),
      )
      .onConflictDoNothing({ target: webhookEvents.key })
      .returning({ id: webhookEvents.id });
    if (inserted.length === 0) continue;
    recorded += inserted.length;
    await fanOut(
      tx,
      inserted.map((r) => r.id),
    );
  }
  return recorded;
}

async function fanOut(tx: Tx, eventIds: string[]): Promise<void> {
  await tx.execute(
    sql`insert into webhook_delivery (subscription_id, event_id)
        select s.id, e.id from webhook_event e
          join webhook_subscription s on s.active and e.kind = any(s.events)
            and (cardinality(s.forces) = 0 or s.forces && e.forces)
        where e.id in (${sql.join(
          eventIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
        on conflict do nothing`,
  );
}

/** A test event for one subscription, whatever it asks for; returns the delivery's id. */
export async function insertPing(
  tx: DbOrTx,
  subscriptionId: string,
  payload: Record<string, unknown>,
  leaseMs: number,
): Promise<string> {
  const [event] = await tx
    .insert(webhookEvents)
    .values({
      kind: 'ping',
      key: `ping:${randomUUID()}`,
      payload,
      occurredAt: sql`now()`,
    })
    .returning({ id: webhookEvents.id });
  // Not due until its lease has run out: the request that made it sends it straight away.
  const [delivery] = await tx
    .insert(webhookDeliveries)
    .values({
      subscriptionId,
      eventId: event!.id,
      nextAttemptAt: sql`now() + make_interval(secs => ${leaseMs / 1000})`,
    })
    .returning({ id: webhookDeliveries.id });
  return delivery!.id;
}

type ClaimRow = {
  id: string;
  attempts: number;
  url: string;
  secret: string;
  eventId: string;
  kind: AnyEventKind;
  payload: unknown;
  occurredAt: Date | string;
};

/**
 * Claims deliveries that are due, in one statement (its own short transaction): locks them with
 * FOR UPDATE SKIP LOCKED, so that another instance claiming at the same moment takes others, and
 * moves next_attempt_at a lease ahead and counts the attempt, so that no one takes them again
 * while the request is in flight. No transaction stays open across the HTTP request; if the
 * process dies, the lease runs out and the delivery is due again. With `onlyId`, claims that one
 * delivery even before it is due and whether or not its subscription is paused (a test event).
 */
export async function claimDue(
  db: DbOrTx,
  opts: { limit: number; leaseMs: number; onlyId?: string },
): Promise<ClaimedDelivery[]> {
  const due = opts.onlyId
    ? sql`select d.id from webhook_delivery d where d.id = ${opts.onlyId} and d.status = 'pending'
          for update of d skip locked`
    : sql`select d.id from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id
          where d.status = 'pending' and d.next_attempt_at <= now() and s.active
          order by d.next_attempt_at, d.id
          limit ${opts.limit}
          for update of d skip locked`;
  const rows = await queryRows<ClaimRow>(
    db,
    sql`with due as (${due}),
        claimed as (
          update webhook_delivery d
            set attempts = d.attempts + 1,
                next_attempt_at = now() + make_interval(secs => ${opts.leaseMs / 1000}),
                last_attempt_at = now(),
                updated_at = now()
          from due where d.id = due.id
          returning d.id, d.attempts, d.subscription_id, d.event_id)
        select c.id, c.attempts, s.url, s.secret, e.id as "eventId", e.kind, e.payload, e.occurred_at as "occurredAt"
        from claimed c join webhook_subscription s on s.id = c.subscription_id join webhook_event e on e.id = c.event_id`,
  );
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts), occurredAt: asDate(r.occurredAt) }));
}

/**
 * Records an attempt's outcome, unless the delivery has moved on since it was claimed (its lease
 * ran out and another attempt was counted): the later attempt's outcome is the one kept.
 */
export async function recordAttempt(
  db: DbOrTx,
  claimed: { id: string; attempts: number },
  result: {
    status: 'pending' | 'delivered' | 'failed';
    delayMs?: number;
    statusCode: number | null;
    error: string | null;
  },
): Promise<boolean> {
  const updated = await db
    .update(webhookDeliveries)
    .set({
      status: result.status,
      lastStatusCode: result.statusCode,
      lastError: result.error,
      ...(result.status === 'delivered' ? { deliveredAt: sql`now()` } : {}),
      ...(result.status === 'pending'
        ? { nextAttemptAt: sql`now() + make_interval(secs => ${(result.delayMs ?? 0) / 1000})` }
        : {}),
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(webhookDeliveries.id, claimed.id),
        eq(webhookDeliveries.attempts, claimed.attempts),
        eq(webhookDeliveries.status, 'pending'),
      ),
    )
    .returning({ id: webhookDeliveries.id });
  return updated.length > 0;
}

/**
 * Forgets deliveries that finished (delivered, or failed for good) more than `days` ago, so the
 * table does not grow for ever. Events stay: they are how a scan knows what it has recorded.
 */
export async function pruneDeliveries(db: DbOrTx, days: number): Promise<number> {
  const gone = await db
    .delete(webhookDeliveries)
    .where(
      and(
        inArray(webhookDeliveries.status, ['delivered', 'failed']),
        sql`${webhookDeliveries.updatedAt} < now() - make_interval(days => ${days})`,
      ),
    )
    .returning({ id: webhookDeliveries.id });
  return gone.length;
}

/**
 * Makes a delivery that failed for good due again (status pending), for one more try now; null
 * when the subscription has no such delivery, 'not-failed' when it has not failed.
 */
export async function reopenFailed(
  tx: Tx,
  subscriptionId: string,
  deliveryId: string,
  leaseMs: number,
): Promise<'reopened' | 'not-failed' | null> {
  const [row] = await tx
    .select({ status: webhookDeliveries.status })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.subscriptionId, subscriptionId)))
    .for('update');
  if (!row) return null;
  if (row.status !== 'failed') return 'not-failed';
  await tx
    .update(webhookDeliveries)
    .set({
      status: 'pending',
      // Out of the background loop's way until the request made now has ended.
      nextAttemptAt: sql`now() + make_interval(secs => ${leaseMs / 1000})`,
      updatedAt: sql`now()`,
    })
    .where(eq(webhookDeliveries.id, deliveryId));
  return 'reopened';
}
