/**
 * The public surface of themes: the theme taxonomy, overrides and similar concerns.
 * Other modules, the composition root and the CLI import this module only from here.
 */
export { registerThemesApi } from './themes.api.js';
export { createThemesService } from './themes.service.js';
export { THEMES } from './themes.taxonomy.js';
export { registerThemesWeb, themeFormInput } from './themes.web.js';
