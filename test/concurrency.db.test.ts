import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type Database } from '../src/db/index.js';
import { createAccountsService } from '../src/modules/accounts/accounts.service.js';
import { loadReferenceData } from '../src/modules/reference/reference.service.js';
import { insertInspectionWithFindings } from './fixtures-db.js';

/**
 * Two app processes on one PostgreSQL make 200 conflicting edits to one action. Every accepted
 * change must be in the audit log and the action's history, every rejected one must have had a
 * 409, and none may be lost: the chain of changes runs unbroken from the first owner to the last.
 */
const serverUrl = process.env.TEST_DATABASE_URL;

function startInstance(databaseUrl: string, port: number) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_POOL_MAX: '8',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited, output: () => output, base: `http://127.0.0.1:${port}` };
}

async function waitUntilUp(base: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/ping`)).ok) return;
    } catch {
      /* not yet listening */
    }
    if (Date.now() > deadline) throw new Error(`instance at ${base} did not start:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!serverUrl)('two app instances on one PostgreSQL', () => {
  const name = `oversight_conc_${randomBytes(5).toString('hex')}`;
  let databaseUrl: string;
  let database: Database;
  let instances: Array<ReturnType<typeof startInstance>> = [];
  let token: string;
  let findingId: string;
  let actionId: string;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    database = await openDatabase({ dataDir: 'unused', databaseUrl, poolMax: 2 });
    await database.migrate();
    await loadReferenceData(database.db);
    const fixture = await insertInspectionWithFindings(database.db);
    findingId = fixture.findingIds[0]!;
    const accounts = createAccountsService(database.db);
    await accounts.addUser({ email: 'editor@example.org', role: 'force', force: 'cleveland-police' }, 'test');
    token = await accounts.createToken('editor@example.org', 'concurrency test', 'test');
    const port = 31000 + Math.floor(Math.random() * 15000);
    instances = [startInstance(databaseUrl, port), startInstance(databaseUrl, port + 1)];
    await Promise.all(instances.map((i) => waitUntilUp(i.base, i.output)));
    const created = await fetch(`${instances[0]!.base}/api/v1/findings/${findingId}/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Answer 999 calls within ten seconds',
        owner: 'owner-start',
        dueOn: '2026-06-30',
      }),
    });
    expect(created.status).toBe(201);
    actionId = ((await created.json()) as { data: { id: string } }).data.id;
  }, 120_000);

  afterAll(async () => {
    for (const i of instances) i.child.kill('SIGTERM');
    const killer = setTimeout(() => instances.forEach((i) => i.child.kill('SIGKILL')), 10_000);
    await Promise.all(instances.map((i) => i.exited));
    clearTimeout(killer);
    await database?.close();
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }, 60_000);

  it('makes 200 conflicting edits: accepted ones are all kept and audited, the rest get 409', async () => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const readVersion = async (base: string) => {
      const res = await fetch(`${base}/api/v1/findings/${findingId}`, { headers });
      const body = (await res.json()) as { data: { actions: Array<{ id: string; version: number }> } };
      return body.data.actions.find((a) => a.id === actionId)!.version;
    };
    const outcomes: Array<{ owner: string; status: number }> = [];
    // 20 rounds of 10 editors who all read the same version, spread over both instances.
    for (let round = 0; round < 20; round++) {
      const version = await readVersion(instances[round % 2]!.base);
      const results = await Promise.all(
        Array.from({ length: 10 }, async (_, k) => {
          const owner = `owner-${round}-${k}`;
          const res = await fetch(
            `${instances[k % 2]!.base}/api/v1/findings/${findingId}/actions/${actionId}`,
            {
              method: 'PATCH',
              headers,
              body: JSON.stringify({ owner, reason: `handover ${round}.${k}`, version }),
            },
          );
          if (res.status === 409) {
            const body = (await res.json()) as { code: string; currentVersion?: number };
            expect(body.code).toBe('conflict');
            expect(body.currentVersion).toBeGreaterThan(version);
          }
          return { owner, status: res.status };
        }),
      );
      outcomes.push(...results);
    }
    expect(outcomes).toHaveLength(200);
    expect(outcomes.every((o) => o.status === 200 || o.status === 409)).toBe(true);
    const accepted = outcomes.filter((o) => o.status === 200).map((o) => o.owner);
    const rejected = outcomes.filter((o) => o.status === 409);
    expect(accepted).toHaveLength(20);
    expect(rejected).toHaveLength(180);

    const audit = await queryRows<{ after: { owner: string } }>(
      database.db,
      sql`select after from audit_event where entity = 'finding_action' and entity_id = ${actionId} and action = 'action.update' order by at`,
    );
    expect(audit.map((a) => a.after.owner).sort()).toEqual([...accepted].sort());
    // None lost: each change starts from the previous one's result, from the first owner to the last.
    const changes = await queryRows<{ before: string; after: string }>(
      database.db,
      sql`select before, after from finding_action_change where action_id = ${actionId} and field = 'owner' order by at, id`,
    );
    expect(changes).toHaveLength(20);
    let owner = 'owner-start';
    for (const change of changes) {
      expect(change.before).toBe(owner);
      owner = change.after;
    }
    const [final] = await queryRows<{ owner: string; version: number }>(
      database.db,
      sql`select owner, version from finding_action where id = ${actionId}`,
    );
    expect(final).toEqual({ owner, version: 21 });
  }, 120_000);
});
