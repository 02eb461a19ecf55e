/**
 * An exclusive lock on the PGlite data folder.
 *
 * Two processes opening one PGlite folder corrupt it without any error, and PGlite's own
 * postmaster.pid (always PID -42) protects nothing. So before opening the folder we create
 * `<dir>/oversight.lock` with O_EXCL, holding JSON that says who we are. Another process that finds
 * the file refuses to start, unless the lock is provably stale:
 *
 * - the holder is on this host and its PID is no longer running (it crashed or was killed);
 * - the holder is on this host, has our own PID, but wrote the lock before this process started
 *   (a container restarting reuses the same PID for the app every time);
 * - the file is empty or unreadable and older than UNREADABLE_LOCK_STALE_MS (a crash mid-write).
 *
 * A holder on another host is never treated as stale: we cannot see its processes.
 *
 * Recovering a stale lock is serialised by a short-lived guard file (`oversight.lock.recovering`,
 * also O_EXCL). Whoever holds the guard re-reads the lock and removes it only if it is still stale,
 * then everyone races the O_EXCL create again, which exactly one process wins. Without the guard, a
 * process that judged the old lock stale could delete the new lock another process had just made.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const LOCK_FILE_NAME = 'oversight.lock';
export const RECOVERY_GUARD_FILE_NAME = 'oversight.lock.recovering';
/** An empty or unreadable lock file younger than this may belong to a process still writing it. */
export const UNREADABLE_LOCK_STALE_MS = 10_000;
/** Recovery takes milliseconds; a guard file this old was left by a process that died recovering. */
const RECOVERY_GUARD_STALE_MS = 10_000;
/** Give up (rather than spin for ever) if the lock keeps changing under us for this long. */
const ACQUIRE_DEADLINE_MS = 3_000;
/** How long to keep re-reading an unreadable lock file, in case its writer is mid-write. */
const UNREADABLE_GRACE_MS = 150;
/** Slack for the "same PID, but locked before this process started" check (clock jitter). */
const SAME_PID_EARLIER_PROCESS_MARGIN_MS = 1_000;

export type LockHolder = { pid: number; hostname: string; startedAt: string; command: string };

/**
 * Why the folder could not be locked:
 * - `held`: another process holds it;
 * - `same-process`: this very process already holds it (opening the database twice is a bug);
 * - `unreadable`: the lock file is empty or corrupt but too recent to be treated as abandoned.
 */
export type DataDirLockedReason = 'held' | 'same-process' | 'unreadable';

export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  /** Who holds the lock. For an unreadable lock file: pid 0, hostname 'unknown', startedAt its mtime. */
  readonly holder: LockHolder;
  readonly lockPath: string;
  readonly reason: DataDirLockedReason;

  constructor(message: string, holder: LockHolder, lockPath: string, reason: DataDirLockedReason) {
    super(message);
    this.name = 'DataDirLockedError';
    this.holder = holder;
    this.lockPath = lockPath;
    this.reason = reason;
  }
}

export type DataDirLock = {
  lockPath: string;
  holder: LockHolder;
  /** Remove the lock file if it is still ours. Safe to call more than once. */
  release(): Promise<void>;
};

export async function acquireDataDirLock(dir: string, opts?: { command?: string }): Promise<DataDirLock> {
  const absDir = path.resolve(dir);
  await mkdir(absDir, { recursive: true });
  const lockPath = path.join(absDir, LOCK_FILE_NAME);
  const holder: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    command: opts?.command ?? process.argv.slice(1).join(' '),
  };
  const content = `${JSON.stringify(holder, null, 2)}\n`;

  const deadline = Date.now() + ACQUIRE_DEADLINE_MS;
  let unreadableSince: number | undefined;
  while (Date.now() < deadline) {
    if (await createExclusive(lockPath, content)) return makeLock(lockPath, holder);

    const seen = await inspectLock(lockPath);
    if (seen.kind === 'missing') continue; // released or recovered meanwhile: race the create again
    const verdict = judge(seen);
    switch (verdict.kind) {
      case 'held':
        throw new DataDirLockedError(
          heldMessage(absDir, lockPath, verdict.holder),
          verdict.holder,
          lockPath,
          'held',
        );
      case 'same-process':
        throw new DataDirLockedError(
          sameProcessMessage(absDir, lockPath, verdict.holder),
          verdict.holder,
          lockPath,
          'same-process',
        );
      case 'unreadable': {
        // Most likely another process between its O_EXCL create and its write: give it a moment,
        // so that the error can say who it is (or so that it turns out to be gone).
        unreadableSince ??= Date.now();
        if (Date.now() - unreadableSince < UNREADABLE_GRACE_MS) {
          await sleep(15);
          continue;
        }
        const unknown: LockHolder = { pid: 0, hostname: 'unknown', startedAt: verdict.mtime, command: '' };
        throw new DataDirLockedError(
          unreadableMessage(absDir, lockPath, verdict.ageMs),
          unknown,
          lockPath,
          'unreadable',
        );
      }
      case 'stale':
        await recoverStaleLock(absDir, lockPath);
        continue;
    }
  }
  throw new Error(
    `Could not lock the data folder ${absDir}: the lock file kept changing for ${ACQUIRE_DEADLINE_MS / 1000} s ` +
      `(several Oversight processes starting at once?). Try again. If this keeps happening and no other ` +
      `Oversight process is running, delete ${lockPath} and ${path.join(absDir, RECOVERY_GUARD_FILE_NAME)}.`,
  );
}

/**
 * Best-effort synchronous removal of the lock file (only if it is still ours) when the process exits.
 * 'exit' also fires after process.exit(); it does not fire on an unhandled signal or a crash of the
 * runtime, which is what the stale-lock recovery is for. Returns a function that unregisters it.
 */
export function releaseOnExit(lock: Pick<DataDirLock, 'lockPath' | 'holder'>): () => void {
  const onExit = (): void => {
    try {
      if (sameHolder(parseHolder(readFileSync(lock.lockPath, 'utf8')), lock.holder)) {
        rmSync(lock.lockPath, { force: true });
      }
    } catch {
      // Exiting anyway; a lock file left behind is recovered as stale next time.
    }
  };
  process.on('exit', onExit);
  return () => {
    process.off('exit', onExit);
  };
}

// ---------------------------------------------------------------------------------------------------

function makeLock(lockPath: string, holder: LockHolder): DataDirLock {
  let releasing: Promise<void> | undefined;
  return {
    lockPath,
    holder,
    release() {
      releasing ??= removeIfOurs(lockPath, holder).catch((error: unknown) => {
        releasing = undefined; // let a later call try again
        throw error;
      });
      return releasing;
    },
  };
}

async function removeIfOurs(lockPath: string, holder: LockHolder): Promise<void> {
  let raw: string;
  try {
    raw = await readFile(lockPath, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  if (!sameHolder(parseHolder(raw), holder)) return; // someone else's now: leave it alone
  await unlinkIfPresent(lockPath);
}

/** Create `file` with O_EXCL and write `content`; false if it already exists. */
async function createExclusive(file: string, content: string): Promise<boolean> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'wx', 0o644);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    await fh.writeFile(content, 'utf8');
  } catch (error) {
    await fh.close().catch(() => undefined);
    await unlinkIfPresent(file).catch(() => undefined);
    throw error;
  }
  await fh.close();
  return true;
}

type Inspection =
  | { kind: 'missing' }
  | { kind: 'holder'; holder: LockHolder }
  | { kind: 'unreadable'; ageMs: number; mtime: string };

async function inspectLock(lockPath: string): Promise<Inspection> {
  let fh: FileHandle;
  try {
    fh = await open(lockPath, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  try {
    // Stat and read through one handle, so both describe the same file.
    const st = await fh.stat();
    const holder = parseHolder(await fh.readFile('utf8'));
    if (holder) return { kind: 'holder', holder };
    return { kind: 'unreadable', ageMs: Date.now() - st.mtimeMs, mtime: st.mtime.toISOString() };
  } finally {
    await fh.close();
  }
}

type Verdict =
  | { kind: 'stale' }
  | { kind: 'held'; holder: LockHolder }
  | { kind: 'same-process'; holder: LockHolder }
  | { kind: 'unreadable'; ageMs: number; mtime: string };

function judge(seen: Exclude<Inspection, { kind: 'missing' }>): Verdict {
  if (seen.kind === 'unreadable') {
    return seen.ageMs > UNREADABLE_LOCK_STALE_MS ? { kind: 'stale' } : seen;
  }
  const { holder } = seen;
  if (holder.hostname !== hostname()) return { kind: 'held', holder }; // can't see its processes
  if (holder.pid === process.pid) {
    // Our PID, but locked before this process existed: a previous run that got the same PID (the
    // norm for a restarted container) and died without cleaning up. Otherwise it really is us.
    const processStartedAt = Date.now() - process.uptime() * 1000;
    const lockedBeforeUs =
      Date.parse(holder.startedAt) < processStartedAt - SAME_PID_EARLIER_PROCESS_MARGIN_MS;
    return lockedBeforeUs ? { kind: 'stale' } : { kind: 'same-process', holder };
  }
  return isProcessAlive(holder.pid) ? { kind: 'held', holder } : { kind: 'stale' };
}

/**
 * Remove a stale lock file, holding the recovery guard so that only one process at a time decides
 * and deletes. Returns without doing anything if another process is recovering; the caller retries.
 */
async function recoverStaleLock(dir: string, lockPath: string): Promise<void> {
  const guardPath = path.join(dir, RECOVERY_GUARD_FILE_NAME);
  const token = `${process.pid} ${hostname()} ${randomBytes(8).toString('hex')}\n`;
  if (!(await createExclusive(guardPath, token))) {
    await clearAbandonedGuard(guardPath);
    await sleep(5 + Math.random() * 20);
    return;
  }
  try {
    // Look again now that we hold the guard: the lock may have been recovered and taken afresh
    // since we judged it. While the guard is held, nobody else deletes a lock file that is not
    // theirs, and nobody can create one while it exists, so what we judge now is what we delete.
    const seen = await inspectLock(lockPath);
    if (seen.kind !== 'missing' && judge(seen).kind === 'stale') await unlinkIfPresent(lockPath);
  } finally {
    await releaseGuard(guardPath, token);
  }
}

/** Remove our own recovery guard (another process may already have cleared it as abandoned). */
async function releaseGuard(guardPath: string, token: string): Promise<void> {
  try {
    if ((await readFile(guardPath, 'utf8')) === token) await unlinkIfPresent(guardPath);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
}

/** Remove a recovery guard left by a process that died while recovering. */
async function clearAbandonedGuard(guardPath: string): Promise<void> {
  let before;
  try {
    before = await stat(guardPath);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  if (Date.now() - before.mtimeMs <= RECOVERY_GUARD_STALE_MS) return;
  // Move it aside under a unique name (only one process can move a given file), then check that
  // what we moved is the old guard and not a fresh one created in the meantime.
  const aside = `${guardPath}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    await rename(guardPath, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  const moved = await stat(aside);
  if (moved.ino !== before.ino || moved.mtimeMs !== before.mtimeMs) {
    // Not the abandoned one: put it back, unless yet another guard has appeared (link never overwrites).
    await link(aside, guardPath).catch(() => undefined);
  }
  await unlinkIfPresent(aside);
}

function parseHolder(raw: string): LockHolder | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { pid, hostname: host, startedAt, command } = value as Record<string, unknown>;
  // pid must be a real one: process.kill(0 or negative, 0) would probe process groups.
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return null;
  if (typeof host !== 'string' || host === '') return null;
  if (typeof startedAt !== 'string' || Number.isNaN(Date.parse(startedAt))) return null;
  return { pid, hostname: host, startedAt, command: typeof command === 'string' ? command : '' };
}

function sameHolder(a: LockHolder | null, b: LockHolder): boolean {
  return a !== null && a.pid === b.pid && a.hostname === b.hostname && a.startedAt === b.startedAt;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // ESRCH: no such process. EPERM: it exists but belongs to another user. Anything else: assume alive.
    return errorCode(error) !== 'ESRCH';
  }
}

async function unlinkIfPresent(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function describeHolder(holder: LockHolder): string {
  const command = holder.command ? `: ${JSON.stringify(holder.command)}` : '';
  return `pid ${holder.pid} on host ${holder.hostname}, started ${holder.startedAt}${command}`;
}

function heldMessage(dir: string, lockPath: string, holder: LockHolder): string {
  const otherHost =
    holder.hostname === hostname()
      ? ''
      : ` That process is on another host, so this one cannot tell whether it is still running; ` +
        `if host ${holder.hostname} is gone or no longer uses this folder, delete the lock file by hand.`;
  return (
    `The data folder ${dir} is in use by another Oversight process (${describeHolder(holder)}). ` +
    `Stop that process first, or point DATA_DIR at another folder.${otherHost} Lock file: ${lockPath}`
  );
}

function sameProcessMessage(dir: string, lockPath: string, holder: LockHolder): string {
  return (
    `The data folder ${dir} is already locked by this process (${describeHolder(holder)}). ` +
    `Open the database once and share it, or close it before opening it again. Lock file: ${lockPath}`
  );
}

function unreadableMessage(dir: string, lockPath: string, ageMs: number): string {
  const seconds = Math.max(0, ageMs / 1000).toFixed(1);
  return (
    `The data folder ${dir} is locked, but the lock file is empty or unreadable (written ${seconds} s ago), ` +
    `so another Oversight process may be starting up. If none is, try again in ${UNREADABLE_LOCK_STALE_MS / 1000} s ` +
    `(an unreadable lock file older than that is treated as abandoned) or delete the lock file. Lock file: ${lockPath}`
  );
}
