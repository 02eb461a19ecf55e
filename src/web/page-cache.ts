import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/index.js';
import { SESSION_COOKIE } from './auth.js';

/**
 * Public reads are served from a cache keyed by the data's version: a number every write bumps in
 * its own transaction (migration 0005), read from the database on each request, so several app
 * instances agree on what is current. The number of inspections past their publication moment is
 * part of the key, so an embargo lifting changes it too. Responses carry an ETag; a matching
 * If-None-Match gets 304 Not Modified. The per-request CSP nonce is swapped in on the way out.
 */
const NONCE = '__oversight_csp_nonce__';
const UNCACHED = /^\/(?:import|health|ping|sign-in|sign-out|my-work|admin|assets\/|public\/)/;

type Entry = { etag: string; body: string; headers: Record<string, string> };

declare module 'fastify' {
  interface FastifyRequest {
    cacheKey?: string;
  }
}

export function registerPageCache(app: FastifyInstance, db: Db, maxEntries = 500): void {
  const cache = new Map<string, Entry>();
  const cacheable = (request: FastifyRequest) =>
    (request.method === 'GET' || request.method === 'HEAD') &&
    !UNCACHED.test(request.url) &&
    !request.headers.authorization &&
    // Signed-in people see embargoed material and their own controls: never from the shared cache.
    !request.headers.cookie?.includes(`${SESSION_COOKIE}=`);

  async function version(): Promise<string> {
    const [row] = await queryRows<{ v: string; released: string; day: string }>(
      db,
      sql`select (select value #>> '{}' from app_meta where key = 'data-version') as v,
                 (select count(*) from inspection where published_at is not null and published_at <= now()) as released,
                 to_char(now() at time zone 'Europe/London', 'YYYY-MM-DD') as day`,
    );
    // The day is part of the key: "in Engage for 1 year 11 months" changes at midnight.
    return `${row?.v ?? '0'}.${row?.released ?? '0'}.${row?.day ?? ''}`;
  }

  const nonceOf = (reply: FastifyReply) =>
    (reply as FastifyReply & { cspNonce?: { script: string } }).cspNonce?.script ?? '';

  app.addHook('onRequest', async (request, reply) => {
    if (!cacheable(request)) return;
    const accept = request.headers.accept?.includes('html') ? 'html' : 'other';
    request.cacheKey = `${await version()}|${accept}|${request.url}`;
    const entry = cache.get(request.cacheKey);
    if (!entry) return;
    cache.delete(request.cacheKey);
    cache.set(request.cacheKey, entry);
    void reply.headers({ ...entry.headers, etag: entry.etag, 'x-cache': 'hit' });
    if (request.headers['if-none-match'] === entry.etag) return reply.code(304).send();
    return reply.code(200).send(entry.body.replaceAll(NONCE, nonceOf(reply)));
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (
      !request.cacheKey ||
      reply.statusCode !== 200 ||
      typeof payload !== 'string' ||
      reply.getHeader('x-cache') === 'hit'
    )
      return payload;
    const nonce = nonceOf(reply);
    const body = nonce ? payload.replaceAll(nonce, NONCE) : payload;
    const etag = `"${createHash('sha1').update(request.cacheKey.split('|')[0]!).update(body).digest('base64url')}"`;
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'content-disposition']) {
      const value = reply.getHeader(name);
      if (typeof value === 'string') headers[name] = value;
    }
    cache.set(request.cacheKey, { etag, body, headers });
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    void reply.header('etag', etag).header('x-cache', 'miss');
    if (request.headers['if-none-match'] === etag) {
      void reply.code(304);
      return '';
    }
    return payload;
  });
}
