/**
 * The public surface of sources: the register of documents every record's provenance points at.
 * Other modules, the composition root and the CLI import this module only from here;
 * its tables are exported for reads, joins and foreign keys, never for writes (those go through
 * its services).
 */
export { DOCUMENT_ORIGINS, documents, sourceDocumentId } from './sources.table.js';
