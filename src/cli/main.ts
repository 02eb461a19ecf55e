import { Command, CommanderError } from 'commander';
import { sql } from 'drizzle-orm';
import { prepareDatabase } from '../bootstrap.js';
import { loadConfig, type Config } from '../config.js';
import { openDatabase } from '../db/index.js';
import { createLogger } from '../logger.js';
import { loadReferenceData } from '../modules/reference/index.js';
import { exitOnStartupError, startServer } from '../server.js';
import { runImport } from './import.js';
import { registerUserCommands } from './users.js';

/** The `oversight` command line. Every command reads the same configuration as the server. */
export function buildCli(env: NodeJS.ProcessEnv = process.env): Command {
  const program = new Command('oversight')
    .description('Oversight: the open record of police inspection and accountability in England and Wales.')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(text) });

  program
    .command('serve')
    .description('Start the web server (migrates the database and loads the reference data first).')
    .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)')
    .option('--host <host>', 'address to listen on (default: HOST or 127.0.0.1)')
    .action(async (opts: { port?: string; host?: string }) => {
      await startServer({
        ...env,
        ...(opts.port ? { PORT: opts.port } : {}),
        ...(opts.host ? { HOST: opts.host } : {}),
      });
    });

  const db = program.command('db').description('Manage the database.');
  db.command('migrate')
    .description('Apply any pending migrations and load the reference data, then exit.')
    .option('--no-reference', 'do not load the reference data')
    .action(async (opts: { reference: boolean }) => {
      const config = loadConfig(env);
      const logger = createLogger({ LOG_LEVEL: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
      const database = await prepareDatabase(
        { ...config, LOAD_REFERENCE_DATA: opts.reference },
        logger,
        'oversight db migrate',
      );
      await database.close();
      process.stdout.write(`Database is up to date (${database.kind}: ${database.location}).\n`);
    });
  db.command('reset')
    .description('Delete ALL data, re-create the schema and reload the reference data.')
    .option('-y, --yes', 'confirm that every record should be deleted')
    .action(async (opts: { yes?: boolean }) => {
      if (!opts.yes) {
        process.stderr.write(
          'oversight: db reset deletes every record. Run it again with --yes to confirm.\n',
        );
        process.exitCode = 2;
        return;
      }
      const config = loadConfig(env);
      await resetDatabase(config);
      process.stdout.write('Database reset: schema re-created and reference data loaded.\n');
    });
  program
    .command('import')
    .description(
      'Import documents (text, HTML, PDF, DOCX; files or folders): Engage pages, PEEL reports, PCC responses, news.',
    )
    .argument('<paths...>', 'files or folders to import')
    .option('--dry-run', 'show what would be created, changed or left unchanged, and write nothing')
    .option('--json', 'print the result as JSON (see the README for the contract)')
    .option(
      '--server <url>',
      'send the documents to a running Oversight server instead of opening the database',
    )
    .option('--token <token>', "the server's IMPORT_TOKEN, with --server")
    .action(
      async (
        paths: string[],
        opts: { dryRun?: boolean; json?: boolean; server?: string; token?: string },
      ) => {
        process.exitCode = await runImport(loadConfig(env), paths, opts);
      },
    );
  registerUserCommands(program, env);
  return program;
}

async function resetDatabase(config: Config): Promise<void> {
  const database = await openDatabase({
    dataDir: config.DATA_DIR,
    databaseUrl: config.DATABASE_URL,
    command: 'oversight db reset',
  });
  try {
    await database.db.execute(sql`drop schema if exists public cascade`);
    await database.db.execute(sql`drop schema if exists drizzle cascade`);
    await database.db.execute(sql`create schema public`);
    await database.migrate();
    await loadReferenceData(database.db);
  } finally {
    await database.close();
  }
}

const isMain = process.argv[1]?.endsWith('oversight.js') || process.argv[1]?.endsWith('main.ts');
if (isMain) {
  buildCli()
    .exitOverride((error: CommanderError) => {
      process.exit(error.exitCode);
    })
    .parseAsync(process.argv)
    .catch(exitOnStartupError);
}
