import type { Database } from './db/index.js';
import { createDocumentsRepository } from './modules/documents/documents.repository.js';
import { createImportService } from './modules/documents/import.service.js';
import { createFindingsService } from './modules/findings/findings.service.js';
import { createForcesService } from './modules/forces/forces.service.js';
import { createInspectionsService } from './modules/inspections/inspections.service.js';
import { createMonitoringService } from './modules/monitoring/monitoring.service.js';
import { createSearchService } from './modules/search/search.service.js';
import { createThemesService } from './modules/themes/themes.service.js';

/** The services, built once from the database; the web app and the CLI share them. */
export function createContainer(database: Database) {
  const { db } = database;
  const findings = createFindingsService(db);
  const monitoring = createMonitoringService(db);
  return {
    database,
    forces: createForcesService(db),
    inspections: createInspectionsService(db),
    monitoring,
    imports: createImportService(db),
    search: createSearchService(db),
    findings,
    themes: createThemesService({ findings, monitoring }),
    documents: createDocumentsRepository(db),
  };
}
export type Container = ReturnType<typeof createContainer>;
