import type { Database } from './db/index.js';
import { createAccountsService } from './modules/accounts/index.js';
import { createAuditRepository } from './modules/audit/index.js';
import { hashPassword } from './modules/accounts/index.js';
import { createDocumentsRepository } from './modules/documents/index.js';
import { createImportService } from './modules/documents/index.js';
import { createFindingsService } from './modules/findings/index.js';
import { createFindingsWriteService } from './modules/findings/index.js';
import { createForcesService } from './modules/forces/index.js';
import { createInspectionsService } from './modules/inspections/index.js';
import { createInspectionsWriteService } from './modules/inspections/index.js';
import { createMonitoringService } from './modules/monitoring/index.js';
import { createMonitoringWriteService } from './modules/monitoring/index.js';
import { scrutinyOf } from './modules/scrutiny/index.js';
import { createScrutinyService } from './modules/scrutiny/index.js';
import { createSearchService } from './modules/search/index.js';
import { createResponseTimelinessService } from './modules/responses/index.js';
import { createWorkflowService } from './modules/workflow/index.js';
import { createResponsesService } from './modules/responses/index.js';
import { createThemesService } from './modules/themes/index.js';
import type { DispatcherOptions } from './modules/webhooks/index.js';
import { createWebhooksService } from './modules/webhooks/index.js';

/** The services, built once from the database; the web app and the CLI share them. */
export function createContainer(
  database: Database,
  options: { passwordCost?: 'default' | 'test'; webhooks?: Partial<DispatcherOptions> } = {},
) {
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
    forces: createForcesService(db),
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
    scrutiny: createScrutinyService(db, { forces: createForcesService(db), findings }),
    // Outgoing webhooks; the server starts their dispatcher's loop (webhooks.dispatcher.start).
    webhooks: createWebhooksService(db, {
      forces,
      dispatcher: { baseUrl: 'http://localhost:3000', ...options.webhooks },
    }),
  };
}
export type Container = ReturnType<typeof createContainer>;
