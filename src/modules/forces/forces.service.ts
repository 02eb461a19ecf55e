import type { Db } from '../../db/index.js';
import { notFound } from '../../shared/errors.js';
import { nameKey } from './forces.domain.js';
import { createForcesRepository, type ForceRow } from './forces.repository.js';

export type Force = ForceRow & { aliases: string[] };

export function createForcesService(db: Db) {
  const repository = createForcesRepository(db);
  return {
    list: () => repository.list(),
    async get(slug: string): Promise<Force> {
      const force = await repository.findBySlug(slug);
      if (!force) throw notFound(`The police force "${slug}"`);
      return { ...force, aliases: await repository.aliasesOf(force.id) };
    },
    /** The force a document's name refers to, under its official name or any known variant; null if none. */
    async resolveName(name: string): Promise<ForceRow | null> {
      const key = nameKey(name);
      const all = await repository.list();
      const direct = all.find((f) => nameKey(f.name) === key);
      if (direct) return direct;
      const alias = (await repository.nameKeys()).find((a) => a.key === key);
      return all.find((f) => f.id === alias?.forceId) ?? null;
    },
  };
}
export type ForcesService = ReturnType<typeof createForcesService>;
