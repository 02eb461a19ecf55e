/**
 * The public surface of reference: validating and loading the bundled reference data.
 * Other modules, the composition root and the CLI import this module only from here.
 */
export { loadReferenceData } from './reference.service.js';
