/**
 * The public surface of monitoring: Engage periods, their reasons, related reports and sources.
 * Other modules, the composition root and the CLI import this module only from here;
 * its tables are exported for reads, joins and foreign keys, never for writes (those go through
 * its services).
 */
export { registerMonitoringApi } from './monitoring.api.js';
export { presentEngagePeriod } from './monitoring.presenter.js';
export { type EngagePeriod, type EngageReason } from './monitoring.repository.js';
export {
  createMonitoringService,
  ENGAGE_STATUS_LABELS,
  ENGAGE_STATUSES,
  type EngageStatus,
  engageStatusOf,
  type MonitoringService,
} from './monitoring.service.js';
export { engagePeriods, engagePeriodSources, engageReasons } from './monitoring.table.js';
export { registerMonitoringWeb } from './monitoring.web.js';
export { registerMonitoringWriteApi } from './monitoring.write.api.js';
export { createMonitoringWriteService } from './monitoring.write.js';
export { registerMonitoringWriteWeb } from './monitoring.write.web.js';
