import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { acquireDataDirLock, releaseOnExit } from './data-dir-lock.js';
import { readTemplate, saveTemplate } from './pglite-template.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The drizzle database, whichever engine is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbOrTx = Db | Tx;

export type Database = {
  kind: 'pglite' | 'postgres';
  /** Where the data lives, without credentials: a folder, memory://, or host/database. */
  location: string;
  db: Db;
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
};

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export type DatabaseOptions = {
  dataDir: string;
  databaseUrl?: string | undefined;
  poolMax?: number;
  /** What the lock file says holds the folder; defaults to the process's command line. */
  command?: string;
};

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.databaseUrl
    ? openPostgres(opts.databaseUrl, opts.poolMax ?? 10)
    : openPglite(opts.dataDir, opts.command);
}

function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection the server drops (restart, failover) is replaced by the pool; without a
  // listener that 'error' event would crash the process.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const parsed = new URL(url);
  return Promise.resolve({
    kind: 'postgres',
    location: `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`,
    db,
    async migrate() {
      // Serialise migrations between app instances starting together on one server.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock(7710021)');
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock(7710021)').catch(() => undefined);
        client.release();
      }
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  });
}

async function openPglite(dataDir: string, command?: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  const dir = inMemory ? dataDir : resolve(dataDir);
  // Two processes on one PGlite folder corrupt it silently: hold our own exclusive lock first.
  const lock = inMemory ? null : await acquireDataDirLock(dir, command ? { command } : undefined);
  const unregister = lock ? releaseOnExit(lock) : () => undefined;
  let client: PGlite;
  try {
    const path = inMemory ? dataDir : `${dir}/pgdata`;
    const isNew = inMemory || !existsSync(join(path, 'PG_VERSION'));
    const template = isNew ? await readTemplate() : undefined;
    client = await PGlite.create(path, {
      extensions: { pg_trgm },
      ...(template ? { loadDataDir: template } : {}),
    });
    if (isNew && !template) await saveTemplate(client);
    if (!inMemory) {
      // Keep the folder small: PGlite otherwise lets WAL grow to 1 GB.
      await client.query(`alter system set max_wal_size = '128MB'`);
    }
  } catch (error) {
    unregister();
    await lock?.release();
    throw error;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    location: dir,
    db,
    async migrate() {
      await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
    },
    async ping() {
      await client.query('select 1');
    },
    async close() {
      try {
        await client.close();
      } finally {
        unregister();
        await lock?.release();
      }
    },
  };
}

/** Rows of a raw SQL query, on either engine (both drivers return { rows }). */
export async function queryRows<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}
