import type { Database } from './db/index.js';
import { createAccountsService } from './modules/accounts/accounts.service.js';
import { createAuditRepository } from './modules/audit/audit.repository.js';
import { hashPassword } from './modules/accounts/passwords.js';
import { createDocumentsRepository } from './modules/documents/documents.repository.js';
import { createImportService } from './modules/documents/import.service.js';
import { createFindingsService } from './modules/findings/findings.service.js';
import { createFindingsWriteService } from './modules/findings/findings.write.js';
import { createForcesService } from './modules/forces/forces.service.js';
import { createInspectionsService } from './modules/inspections/inspections.service.js';
import { createInspectionsWriteService } from './modules/inspections/inspections.write.js';
import { createMonitoringService } from './modules/monitoring/monitoring.service.js';
import { createMonitoringWriteService } from './modules/monitoring/monitoring.write.js';
import { scrutinyOf } from './modules/scrutiny/scrutiny.repository.js';
import { createScrutinyService } from './modules/scrutiny/scrutiny.service.js';
import { createSearchService } from './modules/search/search.service.js';
import { createResponseTimelinessService } from './modules/responses/responses.timeliness.js';
import { createWorkflowService } from './modules/workflow/workflow.service.js';
import { createResponsesService } from './modules/responses/responses.service.js';
import { createThemesService } from './modules/themes/themes.service.js';
import type { DispatcherOptions } from './modules/webhooks/webhooks.dispatcher.js';
import { createWebhooksService } from './modules/webhooks/webhooks.service.js';

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
