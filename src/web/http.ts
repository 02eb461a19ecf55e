import fastifyCompress from '@fastify/compress';
import fastifyCors from '@fastify/cors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The HTTP conventions every response follows: who may read it from another origin (CORS), how it
 * is compressed, and how long anyone may keep it (Cache-Control). README, "HTTP".
 */

/** How long a shared cache or browser may keep public pages and data before asking again. */
export const PUBLIC_MAX_AGE = 60;
export const PUBLIC_CACHE_CONTROL = `public, max-age=${PUBLIC_MAX_AGE}, must-revalidate`;
export const PRIVATE_CACHE_CONTROL = 'private, no-store';

/** API reads that need a token: not open to other origins. */
const TOKEN_ONLY = /^\/api\/v1\/(?:my-work|audit|webhooks|imports)(?:\/|$)/;

/**
 * The public reads open to pages on any origin: the API's GETs, the OpenAPI document, the Atom
 * feeds and the ICS calendars. Writes, and anything needing a session or a token, are not.
 */
export function isPublicRead(path: string): boolean {
  if (TOKEN_ONLY.test(path)) return false;
  return (
    path.startsWith('/api/v1/') ||
    path === '/api/docs/openapi.json' ||
    path.startsWith('/feeds/') ||
    /\.(?:atom|ics)$/.test(path)
  );
}

const pathOf = (request: FastifyRequest) => request.url.split('?')[0]!;
const isRead = (method: string) => method === 'GET' || method === 'HEAD';

/**
 * CORS (@fastify/cors): a public read (and its preflight) from any origin gets
 * `Access-Control-Allow-Origin: *`, never with credentials, and the `Authorization` header is not
 * allowed, so a page elsewhere can neither send a token nor a cookie. Anything else gets no CORS
 * headers: the browser refuses it, and a preflight for it is a 405 naming what the path takes.
 */
export async function registerCors(app: FastifyInstance): Promise<void> {
  const open = {
    origin: '*',
    methods: ['GET', 'HEAD'],
    allowedHeaders: ['If-None-Match', 'If-Modified-Since', 'Accept'],
    exposedHeaders: ['ETag', 'Last-Modified', 'Content-Disposition', 'Allow'],
    credentials: false,
    maxAge: 86400,
    strictPreflight: true,
  };
  await app.register(fastifyCors, {
    delegator: (request: FastifyRequest, callback: (error: Error | null, options: object) => void) => {
      const method =
        request.method === 'OPTIONS'
          ? String(request.headers['access-control-request-method'] ?? '').toUpperCase()
          : request.method;
      const allowed = isRead(method) && isPublicRead(pathOf(request)) && !request.headers.authorization;
      callback(null, allowed ? open : { origin: false });
    },
  });
}

/**
 * Compression (@fastify/compress): brotli or gzip for text (HTML, JSON, CSV, Atom, ICS) of 1 KB and
 * more, as the client's Accept-Encoding allows. Request bodies are not decompressed (imports check
 * their own sizes).
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    global: true,
    globalDecompression: false,
    encodings: ['br', 'gzip'],
    customTypes: /^text\/|[/+]json(?:;|$)|[/+]xml(?:;|$)|^image\/svg\+xml/,
  });
}

function addVary(reply: FastifyReply, ...names: string[]) {
  const current = String(reply.getHeader('vary') ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (current.includes('*')) return;
  const known = new Set(current.map((v) => v.toLowerCase()));
  for (const name of names) if (!known.has(name.toLowerCase())) current.push(name);
  void reply.header('vary', current.join(', '));
}

/** Paths never answered from a shared cache (health checks, sign-in, personal pages). */
const NEVER_STORED = /^\/(?:health|ping|sign-in|sign-out|import|my-work|admin|evidence)(?:\/|$)/;

/**
 * What may keep this answer, and for how long:
 * - anything a signed-in person or a token sees (or that sets a cookie): `private, no-store`;
 * - writes, redirects, errors and health checks: `no-store`;
 * - static assets keep what @fastify/static says;
 * - other public pages and data: `public, max-age=60, must-revalidate` (their ETag and
 *   Last-Modified make the revalidation cheap), varying with the cookie and Authorization header.
 */
export function cacheControlFor(request: FastifyRequest, reply: FastifyReply): string {
  const signedIn = request.authVia !== 'none' || Boolean(request.headers.authorization);
  if (signedIn || reply.hasHeader('set-cookie')) return PRIVATE_CACHE_CONTROL;
  const status = reply.statusCode;
  if (!isRead(request.method) || (status !== 304 && (status < 200 || status >= 300))) return 'no-store';
  if (NEVER_STORED.test(pathOf(request))) return 'no-store';
  const given = reply.getHeader('cache-control');
  if (typeof given === 'string' && given) return given;
  return PUBLIC_CACHE_CONTROL;
}

/** Cache-Control on every response, and the public reads' Cross-Origin-Resource-Policy. */
export function registerCacheControl(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const value = cacheControlFor(request, reply);
    void reply.header('cache-control', value);
    if (value.startsWith('public')) addVary(reply, 'Cookie', 'Authorization');
    if (isPublicRead(pathOf(request)) && value !== PRIVATE_CACHE_CONTROL)
      void reply.header('cross-origin-resource-policy', 'cross-origin');
    return payload;
  });
}
