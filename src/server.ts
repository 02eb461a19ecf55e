import { AppError } from './shared/errors.js';
import { buildApp } from './app.js';
import { prepareDatabase } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { createContainer } from './container.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { createLogger } from './logger.js';

/** Starts the web server: config → database (migrated, reference data loaded) → app → listen. */
export async function startServer(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadConfig(env);
  const logger = createLogger(config);
  const database = await prepareDatabase(config, logger, 'oversight serve');
  const container = createContainer(database, {
    webhooks: {
      baseUrl: config.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      retentionDays: config.WEBHOOK_RETENTION_DAYS,
      logger: logger.child({ module: 'webhooks' }),
    },
  });
  const app = await buildApp({ config, container, logger });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    await container.webhooks.dispatcher.stop();
    await app.close();
    await container.imports.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ host: config.HOST, port: config.PORT });
  // Every instance runs the dispatcher; they share the work through the database (docs/adr/0009-webhooks.md).
  if (config.WEBHOOKS) container.webhooks.dispatcher.start(config.WEBHOOK_INTERVAL_MS);
}

/** Prints a start-up failure as one clear line (no stack for the errors we expect) and exits 1. */
export function exitOnStartupError(error: unknown): never {
  if (error instanceof DataDirLockedError || error instanceof ConfigError || error instanceof AppError) {
    process.stderr.write(`oversight: ${error.message}\n`);
  } else {
    process.stderr.write(
      `oversight: could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  startServer().catch(exitOnStartupError);
}
