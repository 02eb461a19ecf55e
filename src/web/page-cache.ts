import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { dataVersion } from '../db/data-version.js';
import type { Db } from '../db/index.js';
import { SESSION_COOKIE } from './auth.js';

/**
 * Public reads are served from a cache keyed by the data's version: a number every write bumps in
 * its own transaction (migration 0005), read from the database on each request, so several app
 * instances agree on what is current. The number of inspections past their publication moment is
 * part of the key, so an embargo lifting changes it too. Responses carry an ETag and a
 * Last-Modified (the later of the last write, the last embargo lifted and the start of the day); an
 * If-None-Match that matches (weak comparison, RFC 9110 13.1.2), or without one an If-Modified-Since
 * not before Last-Modified, gets 304 Not Modified. The per-request CSP nonce is swapped in on the
 * way out.
 */
const NONCE = '__oversight_csp_nonce__';
const UNCACHED = /^\/(?:import|health|ping|sign-in|sign-out|my-work|admin|assets\/|public\/)/;

type Entry = { etag: string; lastModified: string; body: string; headers: Record<string, string> };

declare module 'fastify' {
  interface FastifyRequest {
    cacheKey?: string;
    /** The Last-Modified of the data version the cache key was made from (an HTTP date). */
    lastModified?: string;
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

  async function version(): Promise<{ key: string; lastModified: string }> {
    const state = await dataVersion(db);
    return { key: state.key, lastModified: state.lastModified.toUTCString() };
  }

  const nonceOf = (reply: FastifyReply) =>
    (reply as FastifyReply & { cspNonce?: { script: string } }).cspNonce?.script ?? '';

  app.addHook('onRequest', async (request, reply) => {
    if (!cacheable(request)) return;
    const accept = request.headers.accept?.includes('html') ? 'html' : 'other';
    const current = await version();
    request.cacheKey = `${current.key}|${accept}|${request.url}`;
    request.lastModified = current.lastModified;
    const entry = cache.get(request.cacheKey);
    if (!entry) return;
    cache.delete(request.cacheKey);
    cache.set(request.cacheKey, entry);
    void reply.headers({
      ...entry.headers,
      etag: entry.etag,
      'last-modified': entry.lastModified,
      'x-cache': 'hit',
    });
    if (notModified(request, entry.etag, entry.lastModified)) return reply.code(304).send();
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
    const lastModified = request.lastModified ?? new Date().toUTCString();
    cache.set(request.cacheKey, { etag, lastModified, body, headers });
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    void reply.header('etag', etag).header('last-modified', lastModified).header('x-cache', 'miss');
    if (notModified(request, etag, lastModified)) {
      void reply.code(304);
      return '';
    }
    return payload;
  });
}

/** The opaque part of an entity tag, without the weak prefix: `W/"abc"` and `"abc"` give `"abc"`. */
const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

/**
 * Whether an If-None-Match header matches an ETag by the weak comparison RFC 9110 (13.1.2) asks
 * for: `*`, or any tag in the list with the same opaque value, weak or not.
 */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const wanted = opaque(etag);
  return (ifNoneMatch.match(/(?:W\/)?"[^"]*"/g) ?? []).some((tag) => opaque(tag) === wanted);
}

/**
 * 304 or not (RFC 9110 13.2.2): If-None-Match decides when it is there; otherwise If-Modified-Since
 * at or after Last-Modified (both to the second).
 */
export function notModified(request: FastifyRequest, etag: string, lastModified: string): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) return etagMatches(ifNoneMatch, etag);
  const since = Date.parse(request.headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && since >= Date.parse(lastModified);
}
