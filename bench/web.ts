import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';

/**
 * Requests per second and p99 latency at 64 connections for four public reads, on PGlite and on
 * PostgreSQL (BENCH_DATABASE_URL), beside the same responses served as static files by a plain
 * node:http server in the same run; prints the ratio.
 */
const PATHS = ['/', '/forces/cleveland-police', '/search?q=vulnerability', '/api/v1/findings'];
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);

async function startApp(env: Record<string, string>): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/serve.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const m = /listening (\d+)/.exec(chunk.toString());
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
  return { port, child };
}

async function load(url: string) {
  const result = await autocannon({
    url,
    connections: 64,
    duration: DURATION,
    headers: { accept: 'text/html' },
  });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function staticServer(files: Map<string, { body: Buffer; type: string }>) {
  const server = createServer((req, res) => {
    const file = files.get(req.url ?? '/');
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

export async function benchWeb(): Promise<void> {
  const engines: Array<[string, Record<string, string>]> = [['PGlite', {}]];
  if (process.env.BENCH_DATABASE_URL)
    engines.push(['PostgreSQL', { BENCH_DATABASE_URL: process.env.BENCH_DATABASE_URL }]);
  else console.log('\n(set BENCH_DATABASE_URL=postgres://… to measure PostgreSQL too)');
  for (const [engine, env] of engines) {
    const { port, child } = await startApp(env);
    const folder = mkdtempSync(join(tmpdir(), 'oversight-static-'));
    const files = new Map<string, { body: Buffer; type: string }>();
    for (const path of PATHS) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { accept: 'text/html' } });
      const body = Buffer.from(await res.arrayBuffer());
      writeFileSync(join(folder, encodeURIComponent(path)), body);
      files.set(path, {
        body: await readFile(join(folder, encodeURIComponent(path))),
        type: res.headers.get('content-type') ?? 'text/html',
      });
    }
    const { server, port: staticPort } = await staticServer(files);
    const rows = [];
    for (const path of PATHS) {
      const app = await load(`http://127.0.0.1:${port}${path}`);
      const flat = await load(`http://127.0.0.1:${staticPort}${path}`);
      rows.push({
        path,
        'app req/s': Math.round(app.rps),
        'app p99 ms': app.p99,
        'static req/s': Math.round(flat.rps),
        'static p99 ms': flat.p99,
        'app / static': (app.rps / flat.rps).toFixed(2),
        errors: app.errors,
      });
    }
    console.log(`\nPublic reads at 64 connections, ${DURATION} s each, ${engine} (page cache on):`);
    console.table(rows);
    server.close();
    child.kill('SIGTERM');
  }
}
