import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  acquireDataDirLock,
  DataDirLockedError,
  LOCK_FILE_NAME,
  RECOVERY_GUARD_FILE_NAME,
  releaseOnExit,
} from './data-dir-lock.js';
import type { LockHolder } from './data-dir-lock.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const modulePath = fileURLToPath(new URL('./data-dir-lock.ts', import.meta.url));

/**
 * How child processes load the module under test. Starting a child with `--import tsx` costs ~0.3 s of
 * CPU, too much for the 8-process race, so we bundle the module once with tsx's own esbuild and the
 * children import plain JS. If that is unavailable, fall back to `--import tsx` on the source.
 */
let childModule: { url: string; nodeArgs: string[] } = {
  url: pathToFileURL(modulePath).href,
  nodeArgs: ['--import', 'tsx'],
};
let buildDir: string | undefined;

beforeAll(async () => {
  try {
    const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
    const esbuild = fromTsx('esbuild') as { build(options: Record<string, unknown>): Promise<unknown> };
    buildDir = await mkdtemp(path.join(tmpdir(), 'oversight-lock-build-'));
    const outfile = path.join(buildDir, 'data-dir-lock.mjs');
    await esbuild.build({
      entryPoints: [modulePath],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
    });
    childModule = { url: pathToFileURL(outfile).href, nodeArgs: [] };
  } catch {
    // keep the tsx fallback
  }
});

afterAll(async () => {
  if (buildDir) await rm(buildDir, { recursive: true, force: true });
});

const tempDirs: string[] = [];
const children = new Set<ChildProcess>();

afterEach(async () => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'oversight-lock-'));
  tempDirs.push(dir);
  return dir;
}

async function writeLock(dir: string, holder: LockHolder): Promise<string> {
  const lockPath = path.join(dir, LOCK_FILE_NAME);
  await writeFile(lockPath, JSON.stringify(holder));
  return lockPath;
}

/** Back-date a file's mtime by `seconds`. */
async function age(file: string, seconds: number): Promise<void> {
  const then = new Date(Date.now() - seconds * 1000);
  await utimes(file, then, then);
}

/** The pid of a process that has run and exited (and been reaped); made once, it is not reused within seconds. */
let deadPidPromise: Promise<number> | undefined;
function deadPid(): Promise<number> {
  deadPidPromise ??= new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => (child.pid === undefined ? reject(new Error('no pid')) : resolve(child.pid)));
  });
  return deadPidPromise;
}

async function lockedError(promise: Promise<unknown>): Promise<DataDirLockedError> {
  const error: unknown = await promise.then(
    () => new Error('expected the lock to be refused'),
    (e: unknown) => e,
  );
  if (!(error instanceof DataDirLockedError)) throw error;
  return error;
}

// A child process that imports the real module (through tsx) and tries to take the lock.
const CHILD_SCRIPT = `
const send = (message) => process.stdout.write(JSON.stringify(message) + '\\n');
const { acquireDataDirLock, DataDirLockedError, releaseOnExit } = await import(process.env.LOCK_MODULE_URL);
if (process.env.LOCK_WAIT_FOR_GO === '1') {
  send({ type: 'ready' });
  await new Promise((resolve) => process.stdin.once('data', resolve));
}
try {
  const lock = await acquireDataDirLock(process.env.LOCK_DIR, { command: 'lock-test-child' });
  if (process.env.LOCK_THEN === 'releaseOnExit') releaseOnExit(lock);
  send({ type: 'acquired', pid: process.pid });
  if (process.env.LOCK_THEN !== 'hold') process.exit(0);
  setInterval(() => {}, 1 << 30); // hold the lock until killed
} catch (error) {
  send({ type: 'refused', locked: error instanceof DataDirLockedError, message: String(error?.message ?? error) });
  process.exit(0);
}
`;

type ChildMessage =
  | { type: 'ready' }
  | { type: 'acquired'; pid: number }
  | { type: 'refused'; locked: boolean; message: string };

type LockChild = {
  child: ChildProcess;
  pid: number;
  next(): Promise<ChildMessage>;
  exited: Promise<void>;
};

function startChild(dir: string, then: 'hold' | 'exit' | 'releaseOnExit', waitForGo = false): LockChild {
  const child = spawn(
    process.execPath,
    [...childModule.nodeArgs, '--input-type=module', '-e', CHILD_SCRIPT],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        LOCK_MODULE_URL: childModule.url,
        LOCK_DIR: dir,
        LOCK_THEN: then,
        LOCK_WAIT_FOR_GO: waitForGo ? '1' : '0',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  children.add(child);
  if (child.pid === undefined) throw new Error('child did not start');
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    child,
    pid: child.pid,
    exited,
    async next() {
      const line = await lines.next();
      if (line.done) throw new Error(`child ${child.pid} ended without a message. stderr:\n${stderr}`);
      return JSON.parse(line.value) as ChildMessage;
    },
  };
}

describe('acquireDataDirLock', () => {
  it('creates the folder and a lock file describing this process, and release removes it', async () => {
    const dir = path.join(await tempDir(), 'nested', 'data');
    const lock = await acquireDataDirLock(dir, { command: 'unit test' });

    expect(lock.lockPath).toBe(path.join(dir, LOCK_FILE_NAME));
    expect(lock.holder).toMatchObject({ pid: process.pid, hostname: hostname(), command: 'unit test' });
    expect(JSON.parse(await readFile(lock.lockPath, 'utf8'))).toEqual(lock.holder);

    await lock.release();
    expect(existsSync(lock.lockPath)).toBe(false);
    await lock.release(); // idempotent
  });

  it('defaults the command to the process command line', async () => {
    const lock = await acquireDataDirLock(await tempDir());
    expect(lock.holder.command).toBe(process.argv.slice(1).join(' '));
    await lock.release();
  });

  it('refuses to lock the same folder twice in one process', async () => {
    const dir = await tempDir();
    const lock = await acquireDataDirLock(dir);
    const error = await lockedError(acquireDataDirLock(dir));
    expect(error.code).toBe('DATA_DIR_LOCKED');
    expect(error.reason).toBe('same-process');
    expect(error.holder).toEqual(lock.holder);
    expect(existsSync(lock.lockPath)).toBe(true); // the failed attempt must not disturb the real lock

    await lock.release();
    const again = await acquireDataDirLock(dir);
    await again.release();
  });

  it('release leaves alone a lock file that is no longer ours', async () => {
    const dir = await tempDir();
    const lock = await acquireDataDirLock(dir);
    const other: LockHolder = {
      pid: 1,
      hostname: 'elsewhere',
      startedAt: new Date().toISOString(),
      command: 'x',
    };
    await writeLock(dir, other);

    await lock.release();
    expect(JSON.parse(await readFile(lock.lockPath, 'utf8'))).toEqual(other);
  });

  it('refuses while another process holds the lock, and recovers once that process is killed', async () => {
    const dir = await tempDir();
    const holder = startChild(dir, 'hold');
    expect(await holder.next()).toEqual({ type: 'acquired', pid: holder.pid });

    const error = await lockedError(acquireDataDirLock(dir));
    expect(error.reason).toBe('held');
    expect(error.holder).toMatchObject({ pid: holder.pid, hostname: hostname(), command: 'lock-test-child' });
    expect(error.lockPath).toBe(path.join(dir, LOCK_FILE_NAME));
    expect(error.message).toContain(
      `in use by another Oversight process (pid ${holder.pid} on host ${hostname()}`,
    );
    expect(error.message).toContain('"lock-test-child"');
    expect(error.message).toContain(`Lock file: ${path.join(dir, LOCK_FILE_NAME)}`);

    holder.child.kill('SIGKILL'); // no chance to clean up
    await holder.exited;
    expect(existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(true);

    const lock = await acquireDataDirLock(dir);
    expect(lock.holder.pid).toBe(process.pid);
    await lock.release();
  });

  it('recovers a lock left by a process that is no longer running', async () => {
    const dir = await tempDir();
    await writeLock(dir, {
      pid: await deadPid(),
      hostname: hostname(),
      startedAt: new Date().toISOString(),
      command: 'x',
    });

    const lock = await acquireDataDirLock(dir);
    expect(JSON.parse(await readFile(lock.lockPath, 'utf8'))).toEqual(lock.holder);
    await lock.release();
  });

  it('recovers a lock with our own pid written before this process started (restarted container)', async () => {
    const dir = await tempDir();
    const earlier = new Date(Date.now() - process.uptime() * 1000 - 60_000).toISOString();
    await writeLock(dir, { pid: process.pid, hostname: hostname(), startedAt: earlier, command: 'x' });

    const lock = await acquireDataDirLock(dir);
    await lock.release();
  });

  it('never treats a lock from another host as stale', async () => {
    const dir = await tempDir();
    const other: LockHolder = {
      pid: await deadPid(),
      hostname: 'other-host.invalid',
      startedAt: new Date(0).toISOString(),
      command: 'x',
    };
    const lockPath = await writeLock(dir, other);
    await age(lockPath, 3600);

    const error = await lockedError(acquireDataDirLock(dir));
    expect(error.reason).toBe('held');
    expect(error.holder).toEqual(other);
    expect(error.message).toContain(`on host other-host.invalid`);
    expect(error.message).toContain('delete the lock file by hand');
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toEqual(other);
  });

  it.each([
    ['empty', ''],
    ['truncated', '{"pid": 12'],
    ['not a holder', '{"pid": 0, "hostname": "x"}'],
  ])('treats a recent %s lock file as held, and one older than 10 s as abandoned', async (_name, content) => {
    const dir = await tempDir();
    const lockPath = path.join(dir, LOCK_FILE_NAME);
    await writeFile(lockPath, content);
    await age(lockPath, 5);

    const error = await lockedError(acquireDataDirLock(dir));
    expect(error.reason).toBe('unreadable');
    expect(error.lockPath).toBe(lockPath);
    expect(error.message).toContain(`Lock file: ${lockPath}`);
    expect(await readFile(lockPath, 'utf8')).toBe(content);

    await age(lockPath, 11);
    const lock = await acquireDataDirLock(dir);
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toEqual(lock.holder);
    await lock.release();
  });

  it('clears a recovery guard abandoned by a process that died while recovering', async () => {
    const dir = await tempDir();
    await writeLock(dir, {
      pid: await deadPid(),
      hostname: hostname(),
      startedAt: new Date().toISOString(),
      command: 'x',
    });
    const guardPath = path.join(dir, RECOVERY_GUARD_FILE_NAME);
    await writeFile(guardPath, 'crashed mid-recovery\n');
    await age(guardPath, 60);

    const lock = await acquireDataDirLock(dir);
    expect(existsSync(guardPath)).toBe(false);
    await lock.release();
  });

  it.each([
    ['a dead pid', 'dead'],
    ['an abandoned unreadable file', 'garbage'],
  ])('lets exactly one of 8 processes recover a stale lock from %s', async (_name, kind) => {
    const dir = await tempDir();
    const lockPath = path.join(dir, LOCK_FILE_NAME);
    if (kind === 'dead') {
      await writeLock(dir, {
        pid: await deadPid(),
        hostname: hostname(),
        startedAt: new Date().toISOString(),
        command: 'x',
      });
    } else {
      await writeFile(lockPath, '{"pid":');
      await age(lockPath, 60);
    }

    const racers = Array.from({ length: 8 }, () => startChild(dir, 'hold', true));
    for (const racer of racers) expect(await racer.next()).toEqual({ type: 'ready' });
    for (const racer of racers) racer.child.stdin?.write('go\n');
    // Winners keep holding until every result is in, so nobody can mistake a winner for a stale lock.
    const results = await Promise.all(racers.map((racer) => racer.next()));

    const winners = results.flatMap((result) => (result.type === 'acquired' ? [result.pid] : []));
    expect(winners).toHaveLength(1);
    const winner = winners[0]!;
    for (const result of results) {
      if (result.type === 'refused') {
        expect(result.locked).toBe(true);
        expect(result.message).toContain(`pid ${winner} on host`);
      }
    }
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: winner });
    expect(existsSync(path.join(dir, RECOVERY_GUARD_FILE_NAME))).toBe(false);
  });
});

describe('releaseOnExit', () => {
  it('removes the lock file when the process exits', async () => {
    const dir = await tempDir();
    const child = startChild(dir, 'releaseOnExit');
    expect(await child.next()).toMatchObject({ type: 'acquired' });
    await child.exited;
    expect(existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(false);
  });

  it('is needed: a process that exits without it leaves the lock file behind', async () => {
    const dir = await tempDir();
    const child = startChild(dir, 'exit');
    expect(await child.next()).toMatchObject({ type: 'acquired' });
    await child.exited;
    expect(existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(true);
  });

  it('returns a function that unregisters the exit handler', async () => {
    const lock = await acquireDataDirLock(await tempDir());
    const before = process.listenerCount('exit');
    const unregister = releaseOnExit(lock);
    expect(process.listenerCount('exit')).toBe(before + 1);
    unregister();
    expect(process.listenerCount('exit')).toBe(before);
    await lock.release();
  });
});
