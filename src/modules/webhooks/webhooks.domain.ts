import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Pure rules of outgoing webhooks: the kinds of event, how a delivery is signed and checked, and
 * when a failed one is tried again. No I/O here; see webhooks.dispatcher.ts for the loop.
 */

/** The kinds of event a subscription can ask for: the same three the Atom feeds carry. */
export const WEBHOOK_EVENTS = [
  'inspection.published',
  'engage.entered',
  'engage.exited',
  'finding.status-changed',
] as const;
export type WebhookEventKind = (typeof WEBHOOK_EVENTS)[number];
/** `ping` is sent only by "send a test event", to one subscription. */
export type AnyEventKind = WebhookEventKind | 'ping';

export const WEBHOOK_EVENT_LABELS: Record<AnyEventKind, string> = {
  'inspection.published': 'An inspection is published',
  'engage.entered': 'A force moves into Engage',
  'engage.exited': 'A force moves out of Engage',
  'finding.status-changed': 'A finding’s status changes',
  ping: 'Test event',
};

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const SIGNATURE_HEADER = 'X-Oversight-Signature';
export const TIMESTAMP_HEADER = 'X-Oversight-Timestamp';
export const EVENT_HEADER = 'X-Oversight-Event';
export const DELIVERY_HEADER = 'X-Oversight-Delivery';

/** A new signing secret: 32 random bytes, base64url, with a prefix that says what it is. */
export function generateSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * The signature of one request: HMAC-SHA256, keyed with the subscription's secret, of
 * "<timestamp>.<body>" (the timestamp in whole seconds since 1970, as sent in X-Oversight-Timestamp),
 * as lower-case hex after "sha256=". Signing the timestamp with the body stops a captured request
 * being replayed later with a fresh timestamp.
 */
export function signPayload(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'malformed' | 'stale' | 'mismatch' };

/**
 * What a receiver does (and what the tests do): recompute the signature, compare in constant time,
 * and refuse timestamps more than `toleranceSeconds` from now (5 minutes, like Stripe's default).
 */
export function verifySignature(opts: {
  secret: string;
  body: string;
  timestamp: string | number | undefined;
  signature: string | undefined;
  toleranceSeconds?: number;
  nowSeconds?: number;
}): VerifyResult {
  const timestamp = Number(opts.timestamp);
  if (!Number.isInteger(timestamp) || !opts.signature || !/^sha256=[0-9a-f]{64}$/.test(opts.signature))
    return { ok: false, reason: 'malformed' };
  const now = opts.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (opts.toleranceSeconds ?? 300)) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signPayload(opts.secret, timestamp, opts.body), 'utf8');
  const given = Buffer.from(opts.signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given)
    ? { ok: true }
    : { ok: false, reason: 'mismatch' };
}

/** Attempts before a delivery is given up as failed (the first try and seven retries). */
export const MAX_ATTEMPTS = 8;
/** The first retry waits 30 seconds; each later one four times as long, up to 6 hours. */
export const FIRST_RETRY_MS = 30_000;
export const RETRY_FACTOR = 4;
export const MAX_RETRY_MS = 6 * 3_600_000;
/** Up to a quarter more, at random, so that many failed deliveries do not all come back at once. */
export const JITTER = 0.25;

/**
 * How long to wait after the `attempt`-th attempt (1 for the first) failed before the next:
 * 30 s, 2 min, 8 min, 32 min, 2 h 8 min, then 6 h, each plus up to 25 % jitter.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * RETRY_FACTOR ** Math.max(0, attempt - 1));
  return Math.round(base * (1 + JITTER * Math.min(1, Math.max(0, random()))));
}

export type AttemptOutcome =
  { ok: true; status: number } | { ok: false; status: number | null; error: string };

/** What happens to a delivery after an attempt: delivered, tried again after a delay, or failed for good. */
export function nextStep(
  outcome: AttemptOutcome,
  attempt: number,
  opts: { maxAttempts?: number; retry?: boolean; random?: () => number } = {},
): { status: 'delivered' } | { status: 'failed' } | { status: 'pending'; delayMs: number } {
  if (outcome.ok) return { status: 'delivered' };
  if (opts.retry === false || attempt >= (opts.maxAttempts ?? MAX_ATTEMPTS)) return { status: 'failed' };
  return { status: 'pending', delayMs: retryDelayMs(attempt, opts.random) };
}

/** Only plain web addresses: http or https, a host, no user name or password in them. */
export function webhookUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter a web address, like https://example.org/oversight-events';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return 'Enter an address that starts with https:// or http://';
  if (!url.hostname) return 'Enter a web address, like https://example.org/oversight-events';
  if (url.username || url.password) return 'Enter the address without a user name or password in it';
  return null;
}
