import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/index.js';
import { createImportService } from '../src/modules/documents/import.service.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from './databases.js';
import { mutate, prng } from './fuzz.js';
import { readSeed, seedsAvailable } from './seeds.js';

const SEEDS = [
  'engage-current.txt',
  'engage-previous.txt',
  'peel-2016-cleveland-effectiveness.txt',
  'pcc-response-cleveland-peel-2021-22.txt',
  'news-cleveland-2023-03.txt',
];
const ROUNDS = 40;

/** Rows in every table of ours: a rejected document must leave every count as it was. */
async function census(database: TestDatabase): Promise<string> {
  const tables = await queryRows<{ name: string }>(
    database.db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`,
  );
  const counts: string[] = [];
  for (const { name } of tables) {
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql.raw(`select count(*)::int as n from "${name}"`),
    );
    counts.push(`${name}=${row!.n}`);
  }
  return counts.join(' ');
}

describe.skipIf(!seedsAvailable).each(testDatabaseKinds)('importing mutated seed documents on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.dispose());

  it(`${ROUNDS * SEEDS.length} mutated imports: each is imported, unchanged or rejected, and a rejection writes nothing`, async () => {
    const service = createImportService(database.db);
    const random = prng(20261122);
    const outcomes = { imported: 0, unchanged: 0, rejected: 0, 'would-import': 0 };
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of SEEDS) {
        const before = await census(database);
        const report = await service.importDocument(
          new TextEncoder().encode(mutate(readSeed(name), random)),
          name,
        );
        outcomes[report.status] += 1;
        if (report.status === 'rejected') {
          expect(report.error, `${name} round ${round}`).toBeTruthy();
          expect(await census(database), `${name} round ${round} was rejected but changed the database`).toBe(
            before,
          );
        }
      }
    }
    expect(outcomes.imported + outcomes.unchanged + outcomes.rejected).toBe(ROUNDS * SEEDS.length);
    expect(outcomes.imported).toBeGreaterThan(0);
    expect(outcomes.rejected).toBeGreaterThan(0);
  }, 300_000);
});
