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
import { registerForcesApi } from './modules/profiles/index.js';
import { registerForcesWeb } from './modules/profiles/index.js';
import { registerHomeWeb } from './modules/home/index.js';
import { registerInspectionsApi } from './modules/inspections/index.js';
import { registerInspectionsWeb } from './modules/inspections/index.js';
import { registerInspectionsWriteApi } from './modules/inspections/index.js';
import { registerInspectionsWriteWeb } from './modules/inspections/index.js';
import { registerMonitoringApi } from './modules/monitoring/index.js';
import { registerMonitoringWeb } from './modules/monitoring/index.js';
import { registerMonitoringWriteApi } from './modules/monitoring/index.js';
import { registerMonitoringWriteWeb } from './modules/monitoring/index.js';
import { registerDocumentsApi } from './modules/documents/index.js';
import { registerDocumentsWeb } from './modules/documents/index.js';
import { registerScrutinyApi } from './modules/scrutiny/index.js';
import { registerScrutinyWeb } from './modules/scrutiny/index.js';
import { registerSearchApi } from './modules/search/index.js';
import { registerSearchWeb } from './modules/search/index.js';
import { registerFindingsApi } from './modules/findings/index.js';
import { registerFindingsWeb } from './modules/findings/index.js';
import { registerFindingsWriteApi } from './modules/findings/index.js';
import { registerFindingsWriteWeb } from './modules/findings/index.js';
import { registerWorkflowApi } from './modules/workflow/index.js';
import { registerWorkflowWeb } from './modules/workflow/index.js';
import { registerResponsesApi } from './modules/responses/index.js';
import { registerResponsesWeb } from './modules/responses/index.js';
import { registerResponsesPublicApi } from './modules/responses/index.js';
import { registerResponsesPublicWeb } from './modules/responses/index.js';
import { registerThemesApi } from './modules/themes/index.js';
import { registerThemesWeb } from './modules/themes/index.js';
import { registerAccountsWeb } from './modules/accounts/index.js';
import { registerAuditApi } from './modules/audit/index.js';
import { registerAuditWeb } from './modules/audit/index.js';
import { registerOidcWeb } from './modules/accounts/index.js';
import { registerWebhooksApi } from './modules/webhooks/index.js';
import { registerWebhooksWeb } from './modules/webhooks/index.js';
import { registerApiDocs } from './web/api-docs.js';
import { registerAuth } from './web/auth.js';
import { registerBulkDownload } from './web/bulk-download.js';
import { registerFeeds } from './web/feeds.js';
import { registerPageCache } from './web/page-cache.js';
import { registerErrorHandlers } from './web/errors.js';
import { registerFilters } from './web/filters.js';
import { registerHealth } from './web/health.js';

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
          'and asAt=YYYY-MM-DD for the record as it stood at the end of that day; errors return { "error": { "code", "message" } }. ' +
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
  registerInspectionsWriteWeb(app, container);
  registerHealth(app, container);
  registerHomeWeb(app, container);
  registerAccountsWeb(app, container, config);
  registerAuditWeb(app, container);
  registerOidcWeb(app, container, config);
  registerForcesWeb(app, container);
  registerMonitoringWeb(app, container);
  registerMonitoringWriteWeb(app, container);
  registerInspectionsWeb(app, container);
  registerDocumentsWeb(app, container, config);
  registerSearchWeb(app, container);
  registerFindingsWeb(app, container);
  registerFindingsWriteWeb(app, container);
  registerWorkflowWeb(app, container);
  registerResponsesWeb(app, container, config);
  registerScrutinyWeb(app, container);
  registerFeeds(app, container, config);
  registerResponsesPublicWeb(app, container, config);
  registerThemesWeb(app, container);
  registerWebhooksWeb(app, container);
  registerBulkDownload(app, container);
  await app.register(
    (api, _options, done) => {
      registerForcesApi(api, container);
      registerMonitoringApi(api, container);
      registerMonitoringWriteApi(api, container);
      registerInspectionsApi(api, container);
      registerInspectionsWriteApi(api, container);
      registerDocumentsApi(api, container, config);
      registerSearchApi(api, container);
      registerResponsesPublicApi(api, container);
      registerFindingsApi(api, container);
      registerFindingsWriteApi(api, container);
      registerAuditApi(api, container);
      registerWorkflowApi(api, container);
      registerResponsesApi(api, container);
      registerScrutinyApi(api, container);
      registerThemesApi(api, container);
      registerWebhooksApi(api, container);
      done();
    },
    { prefix: '/api/v1' },
  );
  registerApiDocs(app);
  return app;
}
