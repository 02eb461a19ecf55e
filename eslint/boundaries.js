import { dirname, relative, resolve, sep } from 'node:path';

/**
 * Module boundaries (ADR 0011): code outside a module imports it only through its public surface,
 * src/modules/<module>/index.ts. `src/db/schema.ts` is the one exception: it gathers every table
 * for drizzle-kit and the migrations.
 */
const modulesDir = resolve(import.meta.dirname, '..', 'src', 'modules');
const allowed = new Set([resolve(import.meta.dirname, '..', 'src', 'db', 'schema.ts')]);

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
