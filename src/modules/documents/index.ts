/**
 * The public surface of documents: importing files (formats, classify, families, parsers, import service), their pages and API.
 * Other modules, the composition root and the CLI import this module only from here;
 * its tables are exported for reads, joins and foreign keys, never for writes (those go through
 * its services).
 */
export { registerDocumentsApi } from './documents.api.js';
export { createDocumentsRepository } from './documents.repository.js';
export { provenance } from './documents.table.js';
export { registerDocumentsWeb } from './documents.web.js';
export { type DocumentReport } from './import.report.js';
export { createImportService } from './import.service.js';
