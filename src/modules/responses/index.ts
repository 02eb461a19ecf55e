/**
 * The public surface of responses: s55 responses of local policing bodies, their deadlines and timeliness.
 * Other modules, the composition root and the CLI import this module only from here;
 * its tables are exported for reads, joins and foreign keys, never for writes (those go through
 * its services).
 */
export { registerResponsesApi } from './responses.api.js';
export { registerResponsesPublicApi } from './responses.public.api.js';
export { registerResponsesPublicWeb } from './responses.public.web.js';
export { type ScrutinyItem } from './responses.repository.js';
export { createResponsesService } from './responses.service.js';
export { responseRecommendations, responses } from './responses.table.js';
export { createResponseTimelinessService } from './responses.timeliness.js';
export { registerResponsesWeb } from './responses.web.js';
