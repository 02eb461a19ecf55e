import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Container } from '../container.js';
import { registerAccountsWeb, registerOidcWeb } from './accounts/index.js';
import { registerAuditApi, registerAuditWeb } from './audit/index.js';
import { registerDocumentsApi, registerDocumentsWeb } from './documents/index.js';
import {
  registerFindingsApi,
  registerFindingsWeb,
  registerFindingsWriteApi,
  registerFindingsWriteWeb,
} from './findings/index.js';
import { registerHomeWeb } from './home/index.js';
import {
  registerInspectionsApi,
  registerInspectionsWeb,
  registerInspectionsWriteApi,
  registerInspectionsWriteWeb,
} from './inspections/index.js';
import {
  registerMonitoringApi,
  registerMonitoringWeb,
  registerMonitoringWriteApi,
  registerMonitoringWriteWeb,
} from './monitoring/index.js';
import { registerForcesApi, registerForcesWeb } from './profiles/index.js';
import {
  registerResponsesApi,
  registerResponsesPublicApi,
  registerResponsesPublicWeb,
  registerResponsesWeb,
} from './responses/index.js';
import { registerScrutinyApi, registerScrutinyWeb } from './scrutiny/index.js';
import { registerSearchApi, registerSearchWeb } from './search/index.js';
import { registerThemesApi, registerThemesWeb } from './themes/index.js';
import { registerWebhooksApi, registerWebhooksWeb } from './webhooks/index.js';
import { registerWorkflowApi, registerWorkflowWeb } from './workflow/index.js';

/** Registers a module's routes: pages on the app, or JSON routes under /api/v1. */
export type Routes = (app: FastifyInstance, container: Container, config: Config) => void;

/** A module as the composition root sees it: its pages and its API routes. */
export type ModuleRoutes = { name: string; web: readonly Routes[]; api: readonly Routes[] };

/**
 * Every module with routes, lower ones first (see docs/architecture.md for the direction of their
 * dependencies). `buildApp` registers their pages and API routes in this order; the services are
 * built in `src/container.ts`. The modules without routes (sources, reference) are used through
 * other modules and the bootstrap.
 */
export const MODULES: readonly ModuleRoutes[] = [
  // Inspections first: its pages hook adds the "Record" links that every page's layout shows.
  {
    name: 'inspections',
    web: [registerInspectionsWriteWeb, registerInspectionsWeb],
    api: [registerInspectionsApi, registerInspectionsWriteApi],
  },
  { name: 'home', web: [registerHomeWeb], api: [] },
  { name: 'accounts', web: [registerAccountsWeb, registerOidcWeb], api: [] },
  { name: 'audit', web: [registerAuditWeb], api: [registerAuditApi] },
  { name: 'profiles', web: [registerForcesWeb], api: [registerForcesApi] },
  {
    name: 'monitoring',
    web: [registerMonitoringWeb, registerMonitoringWriteWeb],
    api: [registerMonitoringApi, registerMonitoringWriteApi],
  },
  { name: 'documents', web: [registerDocumentsWeb], api: [registerDocumentsApi] },
  { name: 'search', web: [registerSearchWeb], api: [registerSearchApi] },
  {
    name: 'findings',
    web: [registerFindingsWeb, registerFindingsWriteWeb],
    api: [registerFindingsApi, registerFindingsWriteApi],
  },
  { name: 'workflow', web: [registerWorkflowWeb], api: [registerWorkflowApi] },
  {
    name: 'responses',
    web: [registerResponsesWeb, registerResponsesPublicWeb],
    api: [registerResponsesPublicApi, registerResponsesApi],
  },
  { name: 'scrutiny', web: [registerScrutinyWeb], api: [registerScrutinyApi] },
  { name: 'themes', web: [registerThemesWeb], api: [registerThemesApi] },
  { name: 'webhooks', web: [registerWebhooksWeb], api: [registerWebhooksApi] },
];
