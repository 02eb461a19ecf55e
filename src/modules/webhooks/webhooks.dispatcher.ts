import type { Db, Tx } from '../../db/index.js';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  MAX_ATTEMPTS,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  nextStep,
  signPayload,
  type AttemptOutcome,
} from './webhooks.domain.js';
import {
  claimDue,
  lockSubscriptions,
  pruneDeliveries,
  recordAttempt,
  recordEvents,
  scanKey,
  type ClaimedDelivery,
} from './webhooks.repository.js';
import { unseenPublicEvents } from './webhooks.sources.js';

type Log = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};
const silent: Log = { info: () => undefined, warn: () => undefined, error: () => undefined };

export type DispatcherOptions = {
  /** Where the payloads' links point: PUBLIC_URL, or this server. */
  baseUrl: string;
  /** How long a receiver has to answer. */
  timeoutMs?: number;
  /** Deliveries claimed at once by one instance. */
  batchSize?: number;
  maxAttempts?: number;
  /** Finished deliveries are forgotten this many days after they finished (default 90). */
  retentionDays?: number;
  /** For the jitter of the retry schedule (tests pass () => 0). */
  random?: () => number;
  /** The clock that stamps X-Oversight-Timestamp. Due times are the database's clock. */
  now?: () => Date;
  fetch?: typeof fetch;
  logger?: Log;
};

export type RunResult = {
  recorded: number;
  claimed: number;
  delivered: number;
  retrying: number;
  failed: number;
  /** Finished deliveries forgotten this round (pruning runs at most hourly). */
  pruned: number;
};

const PRUNE_EVERY_MS = 3_600_000;

const USER_AGENT = 'Oversight-Webhooks/1.0 (+https://github.com/oversight)';
/** Rows of each kind a scan reads at once; it loops until a read comes back short. */
const SCAN_BATCH = 500;

/** A short, safe account of why a request failed, for the subscription's page. */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    const seconds = Math.round(timeoutMs / 100) / 10;
    return `No answer within ${seconds} second${seconds === 1 ? '' : 's'}`;
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `Could not connect: ${detail}`.slice(0, 300);
}

/**
 * Records new public events and delivers them: the loop every app instance runs (src/server.ts),
 * and runOnce() for tests. Several instances on one PostgreSQL database share the work: events
 * are recorded once by key, and each delivery is claimed by one instance at a time.
 */
export function createWebhookDispatcher(db: Db, options: DispatcherOptions) {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const batchSize = options.batchSize ?? 20;
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  // The claim outlasts the request's timeout, so a slow answer is never sent twice.
  const leaseMs = timeoutMs + 60_000;
  const clock = options.now ?? (() => new Date());
  const doFetch = options.fetch ?? globalThis.fetch;
  const log = options.logger ?? silent;
  /** The data's version at this instance's last complete scan: a scan with nothing new is skipped. */
  let scannedAt: string | null = null;
  const retentionDays = options.retentionDays ?? 90;
  let prunedAt = Number.NEGATIVE_INFINITY;

  /** Forgets old finished deliveries, once an hour per instance (the delete is idempotent). */
  async function prune(): Promise<number> {
    const now = clock().getTime();
    if (now - prunedAt < PRUNE_EVERY_MS) return 0;
    prunedAt = now;
    const pruned = await pruneDeliveries(db, retentionDays);
    if (pruned > 0) log.info({ pruned, retentionDays }, 'old webhook deliveries forgotten');
    return pruned;
  }

  /**
   * Records every public event not recorded yet, queuing deliveries to the active subscriptions
   * that want it, under the subscriptions lock. Used by every scan, and by a change to the
   * subscriptions (before it), so that history is recorded, never sent, when someone subscribes.
   */
  async function recordNew(tx: Tx): Promise<number> {
    await lockSubscriptions(tx);
    let recorded = 0;
    for (;;) {
      const events = await unseenPublicEvents(tx, options.baseUrl, SCAN_BATCH);
      if (events.length === 0) break;
      recorded += await recordEvents(tx, events);
      const byKind = new Map<string, number>();
      for (const e of events) byKind.set(e.kind, (byKind.get(e.kind) ?? 0) + 1);
      if (![...byKind.values()].some((n) => n >= SCAN_BATCH)) break;
    }
    return recorded;
  }

  /** Records new events, unless no one is subscribed or nothing has changed since the last scan. */
  async function scan(): Promise<number> {
    const { key, wanted } = await scanKey(db);
    if (!wanted) {
      // Nothing is recorded while no one listens; the next subscription records the backlog as seen.
      scannedAt = null;
      return 0;
    }
    if (key === scannedAt) return 0;
    const recorded = await db.transaction((tx) => recordNew(tx));
    scannedAt = key;
    if (recorded > 0) log.info({ recorded }, 'webhook events recorded');
    return recorded;
  }

  /** One request: the signed POST, and what came of it. Never throws. */
  async function attempt(d: ClaimedDelivery): Promise<AttemptOutcome> {
    const body = JSON.stringify({
      id: d.eventId,
      event: d.kind,
      occurredAt: d.occurredAt.toISOString(),
      data: d.payload,
    });
    const timestamp = Math.floor(clock().getTime() / 1000);
    try {
      const response = await doFetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': USER_AGENT,
          [EVENT_HEADER]: d.kind,
          [DELIVERY_HEADER]: d.id,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signPayload(d.secret, timestamp, body),
        },
        body,
        // A redirect is an answer like any other non-2xx: the signature was made for this address.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      // The body is not needed; dropping it frees the connection.
      await response.body?.cancel().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
      return {
        ok: false,
        status: response.status,
        error:
          response.status >= 300 && response.status < 400
            ? `The receiver answered ${response.status} (redirects are not followed)`
            : `The receiver answered ${response.status}`,
      };
    } catch (error) {
      return { ok: false, status: null, error: describeFailure(error, timeoutMs) };
    }
  }

  async function settle(d: ClaimedDelivery, outcome: AttemptOutcome) {
    const step = nextStep(outcome, d.attempts, {
      maxAttempts,
      retry: d.kind !== 'ping',
      ...(options.random ? { random: options.random } : {}),
    });
    await recordAttempt(db, d, {
      status: step.status,
      ...(step.status === 'pending' ? { delayMs: step.delayMs } : {}),
      statusCode: outcome.status,
      error: outcome.ok ? null : outcome.error,
    });
    if (step.status === 'failed')
      log.warn({ delivery: d.id, event: d.kind, attempts: d.attempts }, 'webhook delivery failed for good');
    return step.status;
  }

  /** Claims the deliveries that are due (one batch), makes their requests side by side, records each. */
  async function deliverDue(): Promise<Omit<RunResult, 'recorded' | 'pruned'>> {
    const claimed = await claimDue(db, { limit: batchSize, leaseMs });
    const outcomes = await Promise.all(claimed.map(async (d) => settle(d, await attempt(d))));
    return {
      claimed: claimed.length,
      delivered: outcomes.filter((s) => s === 'delivered').length,
      retrying: outcomes.filter((s) => s === 'pending').length,
      failed: outcomes.filter((s) => s === 'failed').length,
    };
  }

  /** One round: record new events, deliver one batch of what is due, and now and then prune. */
  async function runOnce(): Promise<RunResult> {
    const recorded = await scan();
    const delivered = await deliverDue();
    return { recorded, ...delivered, pruned: await prune() };
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = true;

  return {
    recordNew,
    runOnce,
    /** Sends one delivery now (a test event), once; returns whether it was delivered. */
    async deliverNow(deliveryId: string): Promise<'delivered' | 'failed' | 'pending' | 'busy'> {
      const [claimed] = await claimDue(db, { limit: 1, leaseMs, onlyId: deliveryId });
      if (!claimed) return 'busy';
      return settle(claimed, await attempt(claimed));
    },
    /** Runs a round every `intervalMs`, and again at once while a round finds a full batch. */
    start(intervalMs: number) {
      if (!stopped) return;
      stopped = false;
      const tick = async () => {
        timer = null;
        let again = false;
        try {
          const result = await runOnce();
          again = result.claimed >= batchSize;
        } catch (error) {
          log.error({ err: error }, 'webhook dispatcher round failed');
        }
        if (!stopped) {
          timer = setTimeout(() => void (running = tick()), again ? 0 : intervalMs);
          timer.unref();
        }
      };
      timer = setTimeout(() => void (running = tick()), Math.min(intervalMs, 1000));
      timer.unref();
    },
    /** Stops the loop and waits for a round in progress to finish. */
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;
