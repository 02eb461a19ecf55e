import type { Database } from './db/index.js';
import { createAccountsService, hashPassword } from './modules/accounts/index.js';
import { createAuditRepository } from './modules/audit/index.js';
import { createDocumentsRepository, createImportService } from './modules/documents/index.js';
import { createFindingsService, createFindingsWriteService } from './modules/findings/index.js';
import { createForcesService } from './modules/forces/index.js';
import { createInspectionsService, createInspectionsWriteService } from './modules/inspections/index.js';
import { createMonitoringService, createMonitoringWriteService } from './modules/monitoring/index.js';
import { createResponsesService, createResponseTimelinessService } from './modules/responses/index.js';
import { createScrutinyService, scrutinyOf } from './modules/scrutiny/index.js';
import { createSearchService } from './modules/search/index.js';
import { createThemesService } from './modules/themes/index.js';
import { createWebhooksService, type DispatcherOptions } from './modules/webhooks/index.js';
import { createWorkflowService } from './modules/workflow/index.js';

export type ContainerOptions = { passwordCost?: 'default' | 'test'; webhooks?: Partial<DispatcherOptions> };

/**
 * The services, built once from the database, each from its module's public surface (the routes
 * are listed in src/modules/index.ts); the web app and the CLI share them. A service that needs
 * another module's is given it here.
 */
export function createContainer(database: Database, options: ContainerOptions = {}) {
  const { db } = database;
  const forces = createForcesService(db);
  const findings = createFindingsService(db);
  const monitoring = createMonitoringService(db);
  return {
    database,
    // Tests hash with a lower scrypt cost so that many accounts can be made quickly.
    accounts: createAccountsService(
      db,
      options.passwordCost === 'test' ? { hash: (p) => hashPassword(p, { N: 1024, r: 8, p: 1 }) } : undefined,
    ),
    forces,
    audit: createAuditRepository(db),
    inspections: createInspectionsService(db),
    inspectionsWrite: createInspectionsWriteService(db),
    monitoring,
    engageWrite: createMonitoringWriteService(db),
    imports: createImportService(db),
    search: createSearchService(db),
    responseTimeliness: createResponseTimelinessService(db),
    findings,
    findingsWrite: createFindingsWriteService(db),
    themes: createThemesService({ db, findings, monitoring }),
    documents: createDocumentsRepository(db),
    workflow: createWorkflowService(db),
    responses: createResponsesService(db, { scrutinyOf }),
    scrutiny: createScrutinyService(db, { forces, findings }),
    // Outgoing webhooks; the server starts their dispatcher's loop (webhooks.dispatcher.start).
    webhooks: createWebhooksService(db, {
      forces,
      dispatcher: { baseUrl: 'http://localhost:3000', ...options.webhooks },
    }),
  };
}
export type Container = ReturnType<typeof createContainer>;
