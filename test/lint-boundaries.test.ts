import { ESLint } from 'eslint';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const modulesDir = join(root, 'src', 'modules');

/** Lints a snippet as if it were the file at `path`, with the project's own configuration. */
async function lint(path: string, code: string) {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return result!.messages.filter((m) => m.ruleId === 'boundaries/no-deep-import');
}

describe('module boundaries (ADR 0012)', () => {
  it('lint fails on an import of another module’s internals', async () => {
    const messages = await lint(
      'src/modules/findings/findings.service.ts',
      "import { forces } from '../forces/forces.table.js';\nexport const table = forces;\n",
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message).toContain('reaches inside the forces module');
  }, 60_000);

  it('lint fails on a deep import from outside the modules and from a nested folder too', async () => {
    const fromWeb = await lint(
      'src/web/feeds.ts',
      "import { createFindingsRepository } from '../modules/findings/findings.repository.js';\nexport const f = createFindingsRepository;\n",
    );
    const fromNested = await lint(
      'src/modules/documents/parsers/engage.parser.ts',
      "import { nameKey } from '../../forces/forces.domain.js';\nexport const k = nameKey;\n",
    );
    expect(fromWeb).toHaveLength(1);
    expect(fromNested).toHaveLength(1);
  }, 60_000);

  it('lint passes on an import from the module’s index and within a module', async () => {
    const messages = await lint(
      'src/modules/findings/findings.service.ts',
      "import { forces } from '../forces/index.js';\nimport { findings } from './findings.table.js';\nexport const tables = [forces, findings];\n",
    );
    expect(messages).toEqual([]);
  }, 60_000);
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** For each module, the other modules its files import (from the code, as the lint rule reads it). */
function moduleGraph(): Map<string, Set<string>> {
  const moduleOf = (path: string) => {
    const inside = relative(modulesDir, path);
    return inside.startsWith('..') || !inside.includes(sep) ? null : inside.split(sep)[0]!;
  };
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(modulesDir)) {
    const from = moduleOf(file)!;
    const uses = graph.get(from) ?? new Set<string>();
    graph.set(from, uses);
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)) {
      const to = moduleOf(resolve(dirname(file), spec!));
      if (to && to !== from) uses.add(to);
    }
  }
  return graph;
}

describe('the direction of module dependencies', () => {
  it('no two modules import each other, directly or round a longer loop', () => {
    const graph = moduleGraph();
    const loops: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (module: string, path: string[]) => {
      if (state.get(module) === 'done') return;
      if (state.get(module) === 'visiting') {
        loops.push([...path.slice(path.indexOf(module)), module].join(' → '));
        return;
      }
      state.set(module, 'visiting');
      for (const next of graph.get(module) ?? []) visit(next, [...path, module]);
      state.set(module, 'done');
    };
    for (const module of graph.keys()) visit(module, []);
    expect(loops).toEqual([]);
    expect(graph.size).toBeGreaterThan(10);
  });
});
