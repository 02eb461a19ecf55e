/**
 * The public surface of search: full-text search across the record.
 * Other modules, the composition root and the CLI import this module only from here.
 */
export { registerSearchApi } from './search.api.js';
export { createSearchService } from './search.service.js';
export { registerSearchWeb } from './search.web.js';
