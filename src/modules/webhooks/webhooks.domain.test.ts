import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  FIRST_RETRY_MS,
  MAX_ATTEMPTS,
  MAX_RETRY_MS,
  generateSecret,
  nextStep,
  retryDelayMs,
  signPayload,
  verifySignature,
  webhookUrlProblem,
} from './webhooks.domain.js';

const secret = 'whsec_test-secret-0123456789';
const body = JSON.stringify({ event: 'inspection.published', data: { slug: 'peel-2025' } });
const now = 1_780_000_000;

describe('signing a delivery', () => {
  it('is the HMAC-SHA256 of "<timestamp>.<body>" in hex, after sha256=', () => {
    const expected = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    expect(signPayload(secret, now, body)).toBe(`sha256=${expected}`);
    expect(signPayload(secret, now, body)).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('changes with the secret, the timestamp and every byte of the body', () => {
    const base = signPayload(secret, now, body);
    expect(signPayload(`${secret}x`, now, body)).not.toBe(base);
    expect(signPayload(secret, now + 1, body)).not.toBe(base);
    expect(signPayload(secret, now, body.replace('2025', '2026'))).not.toBe(base);
  });

  it('signs the body as UTF-8 (curly quotes, accents)', () => {
    const text = JSON.stringify({ title: 'Avon and Somerset’s café' });
    const expected = createHmac('sha256', secret)
      .update(Buffer.from(`${now}.${text}`, 'utf8'))
      .digest('hex');
    expect(signPayload(secret, now, text)).toBe(`sha256=${expected}`);
  });
});

describe('verifying a delivery', () => {
  const signature = signPayload(secret, now, body);
  const check = (over: Partial<Parameters<typeof verifySignature>[0]>) =>
    verifySignature({ secret, body, timestamp: String(now), signature, nowSeconds: now, ...over });

  it('accepts what was signed with the same secret', () => {
    expect(check({})).toEqual({ ok: true });
    expect(check({ timestamp: now })).toEqual({ ok: true });
  });

  it('refuses another secret, another body or another timestamp', () => {
    expect(check({ secret: 'whsec_another' })).toEqual({ ok: false, reason: 'mismatch' });
    expect(check({ body: `${body} ` })).toEqual({ ok: false, reason: 'mismatch' });
    expect(check({ timestamp: String(now - 1) })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a timestamp more than five minutes away, either side', () => {
    expect(check({ nowSeconds: now + 300 })).toEqual({ ok: true });
    expect(check({ nowSeconds: now + 301 })).toEqual({ ok: false, reason: 'stale' });
    expect(check({ nowSeconds: now - 301 })).toEqual({ ok: false, reason: 'stale' });
    expect(check({ nowSeconds: now + 3600, toleranceSeconds: 7200 })).toEqual({ ok: true });
  });

  it('refuses missing or malformed headers without throwing', () => {
    expect(check({ signature: undefined })).toEqual({ ok: false, reason: 'malformed' });
    expect(check({ signature: signature.slice(7) })).toEqual({ ok: false, reason: 'malformed' });
    expect(check({ signature: `${signature}00` })).toEqual({ ok: false, reason: 'malformed' });
    expect(check({ signature: signature.toUpperCase() })).toEqual({ ok: false, reason: 'malformed' });
    expect(check({ timestamp: undefined })).toEqual({ ok: false, reason: 'malformed' });
    expect(check({ timestamp: '12.5' })).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('secrets', () => {
  it('are 32 random bytes, base64url, prefixed, never the same twice', () => {
    const a = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(new Set(Array.from({ length: 50 }, generateSecret)).size).toBe(50);
  });
});

describe('the retry schedule', () => {
  const noJitter = () => 0;
  it('waits 30 s, 2 min, 8 min, 32 min, 2 h 8 min, then 6 h at most', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, noJitter))).toEqual([
      30_000,
      120_000,
      480_000,
      1_920_000,
      7_680_000,
      MAX_RETRY_MS,
      MAX_RETRY_MS,
    ]);
  });

  it('adds up to a quarter more at random, never less', () => {
    expect(retryDelayMs(1, () => 0)).toBe(FIRST_RETRY_MS);
    expect(retryDelayMs(1, () => 1)).toBe(37_500);
    for (let i = 0; i < 200; i++) {
      const d = retryDelayMs(3);
      expect(d).toBeGreaterThanOrEqual(480_000);
      expect(d).toBeLessThanOrEqual(600_000);
    }
  });

  it('grows with every attempt until the cap', () => {
    const delays = Array.from({ length: MAX_ATTEMPTS }, (_, i) => retryDelayMs(i + 1, noJitter));
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
  });

  it('marks a 2xx delivered, retries other answers, and gives up after the last attempt', () => {
    expect(nextStep({ ok: true, status: 204 }, 1)).toEqual({ status: 'delivered' });
    const failure = { ok: false, status: 500, error: 'HTTP 500' } as const;
    expect(nextStep(failure, 1, { random: noJitter })).toEqual({ status: 'pending', delayMs: 30_000 });
    expect(nextStep(failure, MAX_ATTEMPTS - 1, { random: noJitter })).toEqual({
      status: 'pending',
      delayMs: MAX_RETRY_MS,
    });
    expect(nextStep(failure, MAX_ATTEMPTS)).toEqual({ status: 'failed' });
    expect(nextStep(failure, 3, { maxAttempts: 3 })).toEqual({ status: 'failed' });
    // A test event is tried once.
    expect(nextStep(failure, 1, { retry: false })).toEqual({ status: 'failed' });
  });
});

describe('subscription addresses', () => {
  it('takes http and https addresses with a host', () => {
    expect(webhookUrlProblem('https://example.org/hooks/oversight')).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8080/x?y=1')).toBeNull();
  });
  it('refuses other schemes, relative paths and credentials', () => {
    expect(webhookUrlProblem('ftp://example.org/')).toMatch(/https:\/\/ or http:\/\//);
    expect(webhookUrlProblem('javascript:alert(1)')).toMatch(/https:\/\/ or http:\/\//);
    expect(webhookUrlProblem('file:///etc/passwd')).toMatch(/https:\/\/ or http:\/\//);
    expect(webhookUrlProblem('/hooks')).toMatch(/Enter a web address/);
    expect(webhookUrlProblem('example.org')).toMatch(/Enter a web address/);
    expect(webhookUrlProblem('https://user:pw@example.org/')).toMatch(/user name or password/);
  });
});
