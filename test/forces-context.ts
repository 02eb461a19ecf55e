import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ParseContext } from '../src/modules/documents/extraction.types.js';

/** The parse context of the bundled reference forces: slug and every name (official first). */
export function referenceForcesContext(): ParseContext {
  const file = fileURLToPath(new URL('../reference/forces.json', import.meta.url));
  const { forces } = JSON.parse(readFileSync(file, 'utf8')) as {
    forces: Array<{ slug: string; name: string; aliases: string[] }>;
  };
  return { forces: forces.map((f) => ({ slug: f.slug, names: [f.name, ...f.aliases] })) };
}
