import { dirname, relative, resolve, sep } from 'node:path';

/**
 * Module boundaries (ADR 0012): code outside a module imports it only through its public surface,
 * src/modules/<module>/index.ts. The exceptions: tables reference tables directly, `src/db/schema.ts`
 * gathers every table for drizzle-kit, and two web helpers every module's pages use (below).
 */
const modulesDir = resolve(import.meta.dirname, '..', 'src', 'modules');
const allowed = new Set([
  resolve(import.meta.dirname, '..', 'src', 'db', 'schema.ts'),
  // The web helpers every module's pages use import only the pure files they need (roles,
  // permissions, labels), never a module's index: through an index, loading one module's pages
  // would load every module's pages, round a loop.
  resolve(import.meta.dirname, '..', 'src', 'web', 'auth.ts'),
  resolve(import.meta.dirname, '..', 'src', 'web', 'filters.ts'),
]);

/**
 * The module a path is in (null outside src/modules), and the path inside it.
 * @param {string} path
 * @returns {{ module: string; rest: string } | null}
 */
function place(path) {
  const inside = relative(modulesDir, path);
  if (inside.startsWith('..') || inside === '' || !inside.includes(sep)) return null;
  const [module = '', ...rest] = inside.split(sep);
  return { module, rest: rest.join('/') };
}

/** @type {import('eslint').Rule.RuleModule} */
const noDeepImport = {
  meta: {
    type: 'problem',
    docs: { description: 'Import another module only from its index.ts, never its internals.' },
    schema: [],
    messages: {
      deep: "'{{source}}' reaches inside the {{module}} module: import it from its index.ts ({{module}}/index.js).",
    },
  },
  create(context) {
    const file = context.filename;
    if (allowed.has(file)) return {};
    const from = place(file);
    /** @param {import('estree').Node | null | undefined} source */
    const check = (source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.'))
        return;
      const target = place(resolve(dirname(file), source.value));
      if (!target || target.module === from?.module) return;
      if (target.rest === 'index.js' || target.rest === 'index.ts') return;
      // Tables are one layer, loaded together by src/db/schema.ts: a table references another
      // module's table (a foreign key) directly, so that loading the schema loads no services.
      if (from && /\.table\.ts$/.test(file) && /^[a-z-]+\.table\.js$/.test(target.rest)) return;
      context.report({
        node: source,
        messageId: 'deep',
        data: { source: source.value, module: target.module },
      });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export const boundaries = { rules: { 'no-deep-import': noDeepImport } };
