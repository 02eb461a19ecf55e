/**
 * The public surface of home: the overview page.
 * Other modules, the composition root and the CLI import this module only from here.
 */
export { registerHomeWeb } from './home.web.js';
