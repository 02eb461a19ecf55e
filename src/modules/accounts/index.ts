/**
 * The public surface of accounts, sessions, API tokens and the permissions table (role × action × status).
 * Other modules, the composition root and the CLI import this module only from here;
 * its tables are exported for reads, joins and foreign keys, never for writes (those go through
 * its services).
 */
export { PUBLIC_VIEWER, type Role, ROLE_LABELS, ROLES, type Viewer } from './accounts.domain.js';
export { type AccountsService, createAccountsService } from './accounts.service.js';
export { users } from './accounts.table.js';
export { registerAccountsWeb } from './accounts.web.js';
export { registerOidcWeb } from './oidc.web.js';
export { hashPassword } from './passwords.js';
export { type Action, ACTIONS, allowed, assertCan, can } from './permissions.js';
