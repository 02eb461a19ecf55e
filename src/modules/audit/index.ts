/**
 * The public surface of the audit log: reading and showing `audit_event` (every service writes it through src/db/audit.ts).
 * Other modules, the composition root and the CLI import this module only from here.
 */
export { registerAuditApi } from './audit.api.js';
export { createAuditRepository } from './audit.repository.js';
export { registerAuditWeb } from './audit.web.js';
