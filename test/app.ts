import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { createContainer } from '../src/container.js';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from './databases.js';

export type TestApp = { app: FastifyInstance; database: TestDatabase; close(): Promise<void> };

/** The whole app on a fresh test database with the reference data loaded; no port is opened. */
export async function createTestApp(kind: TestDatabaseKind): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  const app = await buildApp({ config: testConfig(), container: createContainer(database) });
  await app.ready();
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.dispose();
    },
  };
}
