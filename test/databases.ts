import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/index.js';
import { loadReferenceData } from '../src/modules/reference/reference.service.js';

/**
 * The databases every integration test runs against: PGlite in memory always, and PostgreSQL when
 * TEST_DATABASE_URL is set (each test file gets its own throw-away database on that server).
 */
export type TestDatabaseKind = 'pglite' | 'postgres';

export const testDatabaseKinds: TestDatabaseKind[] = process.env.TEST_DATABASE_URL
  ? ['pglite', 'postgres']
  : ['pglite'];

if (!process.env.TEST_DATABASE_URL && process.env.CI) {
  throw new Error(
    'TEST_DATABASE_URL must be set in CI so that the tests run on PostgreSQL as well as PGlite',
  );
}

export type TestDatabase = Database & { dispose(): Promise<void> };

export async function createTestDatabase(
  kind: TestDatabaseKind,
  opts: { reference?: boolean } = {},
): Promise<TestDatabase> {
  let database: Database;
  let drop = async () => {};
  if (kind === 'pglite') {
    database = await openDatabase({ dataDir: 'memory://' });
  } else {
    const serverUrl = process.env.TEST_DATABASE_URL!;
    const name = `oversight_test_${randomBytes(6).toString('hex')}`;
    await withAdmin(serverUrl, (c) => c.query(`create database ${name}`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    database = await openDatabase({ dataDir: 'unused', databaseUrl: url.toString(), poolMax: 4 });
    drop = () =>
      withAdmin(serverUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).then(
        () => undefined,
      );
  }
  await database.migrate();
  if (opts.reference !== false) await loadReferenceData(database.db);
  return {
    ...database,
    async dispose() {
      await database.close();
      await drop();
    },
  };
}

async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
