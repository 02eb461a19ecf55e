import type { Logger } from 'pino';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/index.js';
import { loadReferenceData } from './modules/reference/index.js';

/** Opens the configured database, applies migrations and loads the reference data. */
export async function prepareDatabase(config: Config, logger: Logger, command?: string): Promise<Database> {
  const database = await openDatabase({
    dataDir: config.DATA_DIR,
    databaseUrl: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    ...(command ? { command } : {}),
  });
  try {
    const started = performance.now();
    await database.migrate();
    logger.info(
      { database: database.kind, location: database.location, ms: Math.round(performance.now() - started) },
      'database ready',
    );
    if (config.LOAD_REFERENCE_DATA) {
      const result = await loadReferenceData(database.db);
      logger.info(
        result.skipped ? { skipped: true } : { counts: result.counts },
        result.skipped ? 'reference data already loaded' : 'reference data loaded',
      );
    }
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}
