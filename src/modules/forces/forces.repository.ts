import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/index.js';
import { forceAliases, forces } from './forces.table.js';

export type ForceRow = typeof forces.$inferSelect;

export function createForcesRepository(db: DbOrTx) {
  return {
    list: (): Promise<ForceRow[]> => db.select().from(forces).orderBy(asc(forces.name), asc(forces.id)),
    async findBySlug(slug: string): Promise<ForceRow | undefined> {
      const [row] = await db.select().from(forces).where(eq(forces.slug, slug));
      return row;
    },
    aliasesOf: async (forceId: string): Promise<string[]> =>
      (
        await db
          .select({ alias: forceAliases.alias })
          .from(forceAliases)
          .where(eq(forceAliases.forceId, forceId))
          .orderBy(asc(forceAliases.alias))
      ).map((r) => r.alias),
    nameKeys: (): Promise<Array<{ forceId: string; key: string }>> =>
      db.select({ forceId: forceAliases.forceId, key: forceAliases.aliasKey }).from(forceAliases),
  };
}
