/**
 * The public surface of force profiles: the forces list, a force's page and its API record (what every module holds about a force).
 * Other modules, the composition root and the CLI import this module only from here.
 */
export { registerForcesApi } from './profiles.api.js';
export { presentForce } from './profiles.presenter.js';
export { registerForcesWeb } from './profiles.web.js';
