/**
 * The public surface of forces: the 43 forces, their local policing bodies, name variants and matching.
 * Other modules, the composition root and the CLI import this module only from here;
 * its tables are exported for reads, joins and foreign keys, never for writes (those go through
 * its services).
 */
export {
  COUNTRIES,
  type Country,
  COUNTRY_LABELS,
  LPB_KIND_LABELS,
  LPB_KINDS,
  type LpbKind,
  nameKey,
  slugify,
} from './forces.domain.js';
export { HEX_LAYOUT } from './forces.hexmap.js';
export { forcePaths } from './forces.paths.js';
export { createForcesRepository, type ForceRow } from './forces.repository.js';
export { createForcesService, type Force, type ForcesService } from './forces.service.js';
export { forceAliases, forces } from './forces.table.js';
