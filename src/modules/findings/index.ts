/**
 * The public surface of findings: causes of concern, recommendations, AFIs and innovative practice, their asks, events and links.
 * Other modules, the composition root and the CLI import this module only from here;
 * its tables are exported for reads, joins and foreign keys, never for writes (those go through
 * its services).
 */
export { registerFindingsApi } from './findings.api.js';
export {
  ASSURANCE_LABELS,
  ASSURANCE_LEVELS,
  FINDING_KIND_LABELS,
  FINDING_KINDS,
  FINDING_LIFECYCLE,
  FINDING_STATUS_LABELS,
  FINDING_STATUSES,
  FORCE_STATUS_LABELS,
  FORCE_STATUSES,
  type AssuranceLevel,
  type FindingKind,
  type FindingStatus,
  type ForceStatus,
} from './findings.domain.js';
export { presentFinding } from './findings.presenter.js';
export { findingStatusAtEndOf, type StatusChange } from './findings.repository.js';
export { createFindingsService, type FindingsService } from './findings.service.js';
export { findingAsks, findingEvents, findingLinks, findings } from './findings.table.js';
export { registerFindingsWeb } from './findings.web.js';
export { registerFindingsWriteApi } from './findings.write.api.js';
export { createFindingsWriteService } from './findings.write.js';
export { registerFindingsWriteWeb } from './findings.write.web.js';
