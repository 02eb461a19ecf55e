import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { prepareDatabase } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { createContainer, type Container } from '../container.js';
import { AppError } from '../shared/errors.js';

/** Reads a password from standard input (piped, or typed at a terminal without echo). */
export async function readPassword(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (stdin.isTTY) {
    process.stderr.write('Password: ');
    stdin.setRawMode(true);
  }
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stdin) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      if (stdin.isTTY) {
        if (buffer.includes(3)) throw new AppError('bad-request', 'Cancelled');
        const end = buffer.findIndex((b) => b === 13 || b === 10);
        if (end >= 0) {
          chunks.push(buffer.subarray(0, end));
          break;
        }
      }
      chunks.push(buffer);
    }
  } finally {
    if (stdin.isTTY) {
      stdin.setRawMode(false);
      process.stderr.write('\n');
    }
  }
  // One trailing newline is the end of the line, not part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const cliActor = () => `cli:${userInfo().username}`;

async function withAccounts<T>(
  env: NodeJS.ProcessEnv,
  command: string,
  fn: (accounts: Container['accounts']) => Promise<T>,
): Promise<T> {
  const config = loadConfig(env);
  const logger = createLogger({ LOG_LEVEL: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
  const database = await prepareDatabase(config, logger, command);
  try {
    return await fn(createContainer(database).accounts);
  } finally {
    await database.close();
  }
}

/** `oversight users …` and `oversight tokens …`. There are no default accounts: this is how they start. */
export function registerUserCommands(program: Command, env: NodeJS.ProcessEnv): void {
  const users = program.command('users').description('Manage the accounts of people who sign in.');
  users
    .command('add')
    .description('Add an account. Roles: force and lpb (with --force), inspectorate, admin.')
    .requiredOption('--email <email>', 'the email address people sign in with')
    .requiredOption('--role <role>', 'force, lpb, inspectorate or admin')
    .option('--force <slug>', 'the force a force or lpb account belongs to, e.g. cleveland-police')
    .option('--name <name>', 'the person’s name, shown when they are signed in')
    .option(
      '--password-stdin',
      'read the password from standard input (otherwise the account can only sign in through OpenID Connect)',
    )
    .action(
      async (opts: {
        email: string;
        role: string;
        force?: string;
        name?: string;
        passwordStdin?: boolean;
      }) => {
        const password = opts.passwordStdin ? await readPassword() : undefined;
        const viewer = await withAccounts(env, 'oversight users add', (accounts) =>
          accounts.addUser(
            {
              email: opts.email,
              role: opts.role as 'force',
              ...(opts.force ? { force: opts.force } : {}),
              ...(opts.name ? { name: opts.name } : {}),
              ...(password !== undefined ? { password } : {}),
            },
            cliActor(),
          ),
        );
        process.stdout.write(
          `Added ${viewer.actor} (${viewer.role}${viewer.forceSlug ? `, ${viewer.forceSlug}` : ''}).\n`,
        );
      },
    );
  users
    .command('set-password')
    .description('Set an account’s password (read from standard input); signs the account out everywhere.')
    .requiredOption('--email <email>', 'the account’s email address')
    .option('--password-stdin', 'read the password from standard input (the default)')
    .action(async (opts: { email: string }) => {
      const password = await readPassword();
      await withAccounts(env, 'oversight users set-password', (accounts) =>
        accounts.setPassword(opts.email, password, cliActor()),
      );
      process.stdout.write(`Password set for ${opts.email.toLowerCase()}.\n`);
    });
  users
    .command('list')
    .description('List the accounts.')
    .action(async () => {
      const rows = await withAccounts(env, 'oversight users list', (accounts) => accounts.list());
      for (const u of rows)
        process.stdout.write(
          `${u.email}\t${u.role}${u.forceSlug ? `\t${u.forceSlug}` : ''}${u.disabledAt ? '\tdisabled' : ''}\n`,
        );
    });

  const tokens = program.command('tokens').description('Manage API tokens for integrations.');
  tokens
    .command('create')
    .description(
      'Create an API token acting as the account; prints it once (use it as Authorization: Bearer <token>).',
    )
    .requiredOption('--email <email>', 'the account the token acts as')
    .option('--label <label>', 'what the token is for')
    .action(async (opts: { email: string; label?: string }) => {
      const token = await withAccounts(env, 'oversight tokens create', (accounts) =>
        accounts.createToken(opts.email, opts.label ?? null, cliActor()),
      );
      process.stdout.write(`${token}\n`);
    });
}
