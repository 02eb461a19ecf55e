import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/index.js';
import { ConflictError } from '../../db/versioned.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { Viewer } from '../accounts/index.js';
import { assertCan } from '../accounts/index.js';
import { recordAudit } from '../../db/audit.js';
import type { ForcesService } from '../forces/index.js';
import { inputProblem, parseInput } from '../../web/forms.js';
import { generateSecret } from './webhooks.domain.js';
import { createWebhookDispatcher, type DispatcherOptions } from './webhooks.dispatcher.js';
import {
  deliveryById,
  insertPing,
  reopenFailed,
  listDeliveries,
  listSubscriptions,
  lockSubscriptions,
  subscriptionById,
  type DeliveryRecord,
  type SubscriptionRow,
  type SubscriptionWithCounts,
} from './webhooks.repository.js';
import {
  deliveriesQuerySchema,
  editSubscriptionSchema,
  newSubscriptionSchema,
  type DeliveriesQuery,
} from './webhooks.schemas.js';
import { webhookSubscriptions } from './webhooks.table.js';
import { UUID } from '../../shared/ids.js';

/** A subscription as the pages and the API show it: never its secret. */
export function presentSubscription(s: SubscriptionRow | SubscriptionWithCounts) {
  return {
    id: s.id,
    url: s.url,
    description: s.description,
    events: s.events,
    forces: s.forces,
    active: s.active,
    createdBy: s.createdBy,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    version: s.version,
    ...('counts' in s
      ? { deliveries: s.counts, lastDeliveredAt: s.lastDeliveredAt?.toISOString() ?? null }
      : {}),
  };
}
export type PresentedSubscription = ReturnType<typeof presentSubscription>;

export function presentDelivery(d: DeliveryRecord) {
  return {
    id: d.id,
    event: d.kind,
    eventId: d.eventId,
    key: d.key,
    occurredAt: d.occurredAt.toISOString(),
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  };
}

/** What the audit log keeps of a subscription: everything but the secret (only whether it changed). */
const snapshot = (s: Pick<SubscriptionRow, 'url' | 'description' | 'events' | 'forces' | 'active'>) => ({
  url: s.url,
  description: s.description,
  events: s.events,
  forces: s.forces,
  active: s.active,
});

/**
 * Webhook subscriptions, managed by administrators (permission webhook.manage): every read and
 * write checks it, every write is audited in its transaction. A change that may start events
 * flowing to an address first records what is already public as seen (dispatcher.recordNew,
 * under the subscriptions lock), so a subscription is sent what happens after it, not history.
 */
export function createWebhooksService(
  db: Db,
  deps: { forces: ForcesService; dispatcher: DispatcherOptions },
) {
  const dispatcher = createWebhookDispatcher(db, deps.dispatcher);

  /** Force slugs that exist; a 422 on forces otherwise. Read before the transaction (PGlite has one connection). */
  async function checkForces(slugs: string[] | undefined): Promise<void> {
    if (!slugs?.length) return;
    const known = new Set((await deps.forces.list()).map((f) => f.slug));
    const unknown = slugs.find((s) => !known.has(s));
    if (unknown) throw inputProblem(['forces'], `There is no force called "${unknown}"`);
  }

  /** How long a delivery sent now is kept from the background loop: its timeout and a minute. */
  const leaseMs = (deps.dispatcher.timeoutMs ?? 10_000) + 60_000;

  /** Records who sent a delivery of a subscription now (a test event, a retry). */
  const auditDelivery = (tx: Tx, viewer: Viewer, action: string, subscriptionId: string, delivery: string) =>
    recordAudit(tx, {
      actor: viewer.actor,
      action,
      entity: 'webhook_subscription',
      entityId: subscriptionId,
      after: { delivery },
    });

  /** Sends one delivery now, once, and gives it as it ended (409 when another instance holds it). */
  async function sendNow(deliveryId: string, busy: string): Promise<DeliveryRecord> {
    const outcome = await dispatcher.deliverNow(deliveryId);
    if (outcome === 'busy') throw new AppError('conflict', busy);
    return (await deliveryById(db, deliveryId))!;
  }

  async function load(dbx: Db | Tx, id: string): Promise<SubscriptionWithCounts> {
    const row = UUID.test(id) ? await subscriptionById(dbx, id) : undefined;
    if (!row) throw notFound('The webhook subscription');
    return row;
  }

  return {
    dispatcher,

    async list(viewer: Viewer) {
      assertCan(viewer, 'webhook.manage');
      return listSubscriptions(db);
    },

    async get(viewer: Viewer, id: string) {
      assertCan(viewer, 'webhook.manage');
      return load(db, id);
    },

    async deliveries(viewer: Viewer, id: string, query: unknown = {}) {
      assertCan(viewer, 'webhook.manage');
      await load(db, id);
      const opts: DeliveriesQuery = deliveriesQuerySchema.parse(query ?? {});
      return listDeliveries(db, id, opts);
    },

    /** Makes a subscription; returns it with its secret, which is never shown again. */
    async create(viewer: Viewer, input: unknown): Promise<{ subscription: SubscriptionRow; secret: string }> {
      assertCan(viewer, 'webhook.manage');
      const value = parseInput(newSubscriptionSchema, input);
      await checkForces(value.forces);
      const secret = value.secret ?? generateSecret();
      const subscription = await db.transaction(async (tx) => {
        // Everything public until now counts as seen before this subscription: it is sent what comes next.
        await dispatcher.recordNew(tx);
        const [row] = await tx
          .insert(webhookSubscriptions)
          .values({
            url: value.url,
            description: value.description ?? null,
            secret,
            events: value.events,
            forces: value.forces,
            active: value.active,
            createdBy: viewer.actor,
          })
          .returning();
        await recordAudit(tx, {
          actor: viewer.actor,
          action: 'webhook.create',
          entity: 'webhook_subscription',
          entityId: row!.id,
          after: { ...snapshot(row!), secret: value.secret ? 'given' : 'generated' },
        });
        return row!;
      });
      return { subscription, secret };
    },

    /** Changes a subscription if it is still at the version given (409 with the current one otherwise). */
    async update(viewer: Viewer, id: string, input: unknown): Promise<SubscriptionRow> {
      assertCan(viewer, 'webhook.manage');
      await load(db, id);
      const value = parseInput(editSubscriptionSchema, input);
      await checkForces(value.forces);
      return db.transaction(async (tx) => {
        // The lock is taken first (by recordNew), so that the version check below sees the latest save.
        await dispatcher.recordNew(tx);
        const [current] = await tx.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
        if (!current) throw notFound('The webhook subscription');
        if (current.version !== value.version)
          throw new ConflictError('webhook subscription', presentSubscription(current), {
            presented: true,
          });
        const next = {
          url: value.url ?? current.url,
          description: value.description === undefined ? current.description : value.description,
          events: value.events ?? current.events,
          forces: value.forces ?? current.forces,
          active: value.active ?? current.active,
        };
        const [saved] = await tx
          .update(webhookSubscriptions)
          .set({
            ...next,
            ...(value.secret ? { secret: value.secret } : {}),
            version: current.version + 1,
            updatedAt: sql`now()`,
          })
          .where(eq(webhookSubscriptions.id, id))
          .returning();
        await recordAudit(tx, {
          actor: viewer.actor,
          action: 'webhook.update',
          entity: 'webhook_subscription',
          entityId: id,
          before: snapshot(current),
          after: { ...snapshot(saved!), ...(value.secret ? { secret: 'changed' } : {}) },
        });
        return saved!;
      });
    },

    /** Deletes a subscription with its deliveries (events stay: they are the register of what was seen). */
    async remove(viewer: Viewer, id: string): Promise<void> {
      assertCan(viewer, 'webhook.manage');
      await load(db, id);
      await db.transaction(async (tx) => {
        await lockSubscriptions(tx);
        const [deleted] = await tx
          .delete(webhookSubscriptions)
          .where(eq(webhookSubscriptions.id, id))
          .returning();
        if (!deleted) throw notFound('The webhook subscription');
        await recordAudit(tx, {
          actor: viewer.actor,
          action: 'webhook.delete',
          entity: 'webhook_subscription',
          entityId: id,
          before: snapshot(deleted),
        });
      });
    },

    /**
     * Sends a `ping` event to the subscription now (paused or not), once, and returns the delivery
     * as it ended: delivered, or failed with the answer or the error.
     */
    async test(viewer: Viewer, id: string): Promise<DeliveryRecord> {
      assertCan(viewer, 'webhook.manage');
      const subscription = await load(db, id);
      const deliveryId = await db.transaction(async (tx) => {
        const created = await insertPing(
          tx,
          subscription.id,
          { message: 'A test event from Oversight', subscription: subscription.id },
          leaseMs,
        );
        await auditDelivery(tx, viewer, 'webhook.test', subscription.id, created);
        return created;
      });
      return sendNow(deliveryId, 'The test event is already being sent');
    },

    /**
     * Tries a delivery that failed for good once more, now, with the same delivery id (receivers
     * that saw it already can ignore it); returns the delivery as it ended. Audited.
     */
    async redeliver(viewer: Viewer, id: string, deliveryId: string): Promise<DeliveryRecord> {
      assertCan(viewer, 'webhook.manage');
      const subscription = await load(db, id);
      await db.transaction(async (tx) => {
        const reopened = await reopenFailed(tx, subscription.id, deliveryId, leaseMs);
        if (reopened === null) throw notFound('The delivery');
        if (reopened === 'not-failed')
          throw new AppError('conflict', 'Only a delivery that has failed can be tried again');
        await auditDelivery(tx, viewer, 'webhook.redeliver', subscription.id, deliveryId);
      });
      return sendNow(deliveryId, 'The delivery is already being sent');
    },
  };
}
export type WebhooksService = ReturnType<typeof createWebhooksService>;
