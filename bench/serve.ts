import { readFileSync } from 'node:fs';
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { createContainer } from '../src/container.js';
import { openDatabase } from '../src/db/index.js';
import { createImportService } from '../src/modules/documents/import.service.js';
import { loadReferenceData } from '../src/modules/reference/reference.service.js';
import { seedsAvailable, seedsDir } from '../test/seeds.js';

/** The app for the web benchmark, in its own process: PGlite in memory or BENCH_DATABASE_URL, seeds imported. */
const url = process.env.BENCH_DATABASE_URL;
const database = await openDatabase({ dataDir: 'memory://', databaseUrl: url, poolMax: 20 });
if (url) {
  const { sql } = await import('drizzle-orm');
  await database.db.execute(sql`drop schema if exists public cascade`);
  await database.db.execute(sql`drop schema if exists drizzle cascade`);
  await database.db.execute(sql`create schema public`);
}
await database.migrate();
await loadReferenceData(database.db);
if (seedsAvailable) {
  const imports = createImportService(database.db);
  for (const name of [
    'engage-current.txt',
    'engage-previous.txt',
    'peel-2016-cleveland-effectiveness.txt',
    'pcc-response-cleveland-peel-2021-22.txt',
    'news-cleveland-2023-03.txt',
  ]) {
    await imports.importDocument(new Uint8Array(readFileSync(seedsDir + name)), name);
  }
}
const app = await buildApp({
  config: testConfig({ PAGE_CACHE: process.env.PAGE_CACHE !== 'false' }),
  container: createContainer(database),
});
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
const address = app.server.address();
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : ''}\n`);
