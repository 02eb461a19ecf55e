/**
 * The public surface of workflow: the force's and LPB's views of a finding, action plans, updates, evidence and closure requests.
 * Other modules, the composition root and the CLI import this module only from here;
 * its tables are exported for reads, joins and foreign keys, never for writes (those go through
 * its services).
 */
export { registerWorkflowApi } from './workflow.api.js';
export { presentFindingPage, STATUS_TAGS } from './workflow.presenter.js';
export { findingFor, type FindingHistory, type FindingRecord, historyOf } from './workflow.repository.js';
export { createWorkflowService } from './workflow.service.js';
export { closureRequests, findingActions, findingUpdates } from './workflow.table.js';
export { registerWorkflowWeb } from './workflow.web.js';
