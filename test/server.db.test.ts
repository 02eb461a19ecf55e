import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** Runs `npm start`'s command as a real process on its own data folder and port. */
function startServer(
  dataDir: string,
  port: number,
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the server process on the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'oversight-server-'));
  const port = 30000 + Math.floor(Math.random() * 20000);
  const first = startServer(dataDir, port);
  afterAll(async () => {
    first.child.kill('SIGTERM');
    await first.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the overview from a new data folder', async () => {
    await waitFor(() => first.output().includes('Server listening'), 45_000);
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Lincolnshire Police');
  }, 60_000);

  it('refuses a second server on the same DATA_DIR, naming the lock and its holder', async () => {
    const second = startServer(dataDir, port + 1);
    const code = await second.exited;
    expect(code).not.toBe(0);
    expect(second.output()).toContain(join(dataDir, 'oversight.lock'));
    expect(second.output()).toContain(`pid ${first.child.pid}`);
    expect((await fetch(`http://127.0.0.1:${port}/ping`)).status).toBe(200);
  }, 60_000);

  it('refuses a CLI import while the server holds the database, pointing at --server', async () => {
    const cli = spawn(process.execPath, ['bin/oversight.js', 'import', 'README.md'], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    cli.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => cli.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('oversight.lock');
    expect(output).toContain('--server');
  }, 60_000);

  it('shuts down cleanly on SIGTERM, releasing the lock for the next start', async () => {
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const next = startServer(dataDir, port + 2);
    await waitFor(() => next.output().includes('Server listening'), 45_000);
    expect(next.output()).toContain('reference data already loaded');
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
  }, 90_000);
});
