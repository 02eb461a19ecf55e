import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { testConfig, type Config } from '../src/config.js';
import { createContainer, type Container } from '../src/container.js';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from './databases.js';

export type TestApp = {
  app: FastifyInstance;
  database: TestDatabase;
  accounts: Container['accounts'];
  container: Container;
  close(): Promise<void>;
};

/** The whole app on a fresh test database with the reference data loaded; no port is opened. */
export async function createTestApp(kind: TestDatabaseKind, config: Partial<Config> = {}): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  const container = createContainer(database, { passwordCost: 'test' });
  const app = await buildApp({ config: testConfig(config), container });
  await app.ready();
  return {
    app,
    database,
    accounts: container.accounts,
    container,
    async close() {
      await container.imports.close();
      await app.close();
      await database.dispose();
    },
  };
}
