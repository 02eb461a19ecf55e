/**
 * The public surface of scrutiny: scrutiny meetings and their questions.
 * Other modules, the composition root and the CLI import this module only from here;
 * its tables are exported for reads, joins and foreign keys, never for writes (those go through
 * its services).
 */
export { registerScrutinyApi } from './scrutiny.api.js';
export { scrutinyOf } from './scrutiny.repository.js';
export { createScrutinyService } from './scrutiny.service.js';
export { scrutinyMeetings, scrutinyQuestions } from './scrutiny.table.js';
export { registerScrutinyWeb } from './scrutiny.web.js';
