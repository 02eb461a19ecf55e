import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifyView from '@fastify/view';
import Fastify, { type FastifyInstance } from 'fastify';
import nunjucks from 'nunjucks';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Container } from './container.js';
import { MODULES } from './modules/index.js';
import { registerApiDocs } from './web/api-docs.js';
import { registerAuth } from './web/auth.js';
import { registerBulkDownload } from './web/bulk-download.js';
import { registerFeeds } from './web/feeds.js';
import { registerPageCache } from './web/page-cache.js';
import { registerErrorHandlers } from './web/errors.js';
import { registerFilters } from './web/filters.js';
import { registerHealth } from './web/health.js';
import { registerCacheControl, registerCompression, registerCors } from './web/http.js';

const here = dirname(fileURLToPath(import.meta.url));
export const govukDist = join(
  dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')),
  'dist',
);

declare module 'fastify' {
  interface FastifyReply {
    locals: Record<string, unknown> | null;
  }
  interface FastifyInstance {
    routeList: Array<{ method: string; url: string; hidden: boolean }>;
  }
}

export type AppDeps = { config: Config; container: Container; logger?: Logger };

/** The composition root: builds the whole web app around a container. Does not listen. */
export async function buildApp({ config, container, logger }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger,
    trustProxy: config.TRUST_PROXY,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }) as unknown as FastifyInstance;
  // Every route, for the route × role test and the OpenAPI completeness check.
  const routeList: Array<{ method: string; url: string; hidden: boolean }> = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (route) => {
    // @fastify/cors's catch-all OPTIONS route only answers preflights: not a route of the app.
    if (route.url === '*') return;
    for (const method of [route.method].flat())
      if (method !== 'HEAD') routeList.push({ method, url: route.url, hidden: Boolean(route.schema?.hide) });
  });

  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: config.NODE_ENV === 'production',
  });
  // CORS answers preflights before anything else looks at the request (auth, the page cache).
  await registerCors(app);
  await app.register(fastifyFormbody);
  await registerAuth(app, container.accounts, config);
  await app.register(fastifyMultipart, {
    limits: { fileSize: config.IMPORT_MAX_BYTES, files: 1, fields: 10 },
  });
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: [join(here, 'web', 'views'), join(here, 'modules'), govukDist],
    production: config.NODE_ENV !== 'development',
    options: { autoescape: true, throwOnUndefined: false, onConfigure: registerFilters },
  });
  // Every page's inline script carries the request's CSP nonce (the GOV.UK template reads cspNonce).
  app.addHook('onRequest', async (_request, reply) => {
    reply.locals = { ...reply.locals, cspNonce: reply.cspNonce.script };
  });
  if (config.PAGE_CACHE) registerPageCache(app, container.database.db);
  registerCacheControl(app);
  // After the page cache's hooks (it keeps uncompressed bodies), before any route (compression is per route).
  await registerCompression(app);
  await app.register(fastifyStatic, {
    root: join(govukDist, 'govuk', 'assets'),
    prefix: '/assets/',
    maxAge: '1d',
  });
  app.get('/assets/govuk-frontend.min.css', { schema: { hide: true } }, (_q, reply) =>
    reply.sendFile('govuk-frontend.min.css', join(govukDist, 'govuk')),
  );
  app.get('/assets/govuk-frontend.min.js', { schema: { hide: true } }, (_q, reply) =>
    reply.sendFile('govuk-frontend.min.js', join(govukDist, 'govuk')),
  );
  await app.register(fastifyStatic, {
    root: join(here, 'web', 'public'),
    prefix: '/public/',
    decorateReply: false,
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Oversight API',
        version: '1.0.0',
        description:
          'Open data on how police forces in England and Wales are inspected and held to account. ' +
          'Lists return { "data": [...], "page": { "limit", "offset", "total", "next" } }, take limit (at most 500) and offset, ' +
          'and asAt=YYYY-MM-DD for the record as it stood at the end of that day; errors are RFC 9457 problems (application/problem+json: type, title, status, detail, instance, and code). ' +
          'Public reads are open to any origin (CORS) and carry ETag, Last-Modified and Cache-Control; answers to a token are private, no-store. ' +
          'Partial dates are ISO prefixes: "2019", "2023-09", "2024-07-23".',
      },
      servers: config.PUBLIC_URL ? [{ url: config.PUBLIC_URL }] : [],
      tags: [
        { name: 'forces', description: 'The 43 territorial police forces' },
        { name: 'engage', description: "HMICFRS's enhanced monitoring (Engage)" },
        { name: 'inspections', description: 'Inspections, programmes and judgements' },
        { name: 'findings', description: 'Causes of concern, recommendations and areas for improvement' },
        { name: 'search', description: 'Full-text search across the record' },
        { name: 'scrutiny', description: 'Scrutiny meetings held by local policing bodies, and their packs' },
        {
          name: 'responses',
          description: 'Local policing bodies’ s55 responses to inspections: deadlines and timeliness',
        },
        { name: 'imports', description: 'Importing documents (needs the server’s import token)' },
        { name: 'audit', description: 'Every write: who, when, before and after (inspectorate, admin)' },
        {
          name: 'webhooks',
          description: 'Signed POSTs to your address when something public happens (administrators)',
        },
      ],
    },
  });

  registerErrorHandlers(app);
  registerHealth(app, container);
  for (const module of MODULES) for (const routes of module.web) routes(app, container, config);
  registerFeeds(app, container, config);
  registerBulkDownload(app, container);
  await app.register(
    (api, _options, done) => {
      for (const module of MODULES) for (const routes of module.api) routes(api, container, config);
      done();
    },
    { prefix: '/api/v1' },
  );
  registerApiDocs(app);
  return app;
}
