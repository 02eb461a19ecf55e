import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ReadOutcome, ReadTask } from './reading.worker.js';

/**
 * Documents are read in worker threads (piscina), never on the web server's event loop: a slow or
 * hostile document delays only its own import. A reading that takes longer than
 * READ_TIMEOUT_MS is abandoned (its worker is stopped and replaced) and the document rejected.
 */
export const READ_TIMEOUT_MS = 60_000;

let pool: Piscina<ReadTask, ReadOutcome> | null = null;

function workerFile(): { filename: string; execArgv: string[] } {
  const ts = import.meta.url.endsWith('.ts');
  const filename = new URL(`./reading.worker.${ts ? 'ts' : 'js'}`, import.meta.url).href;
  // Under tsx (development, tests) the worker needs the TypeScript loader too.
  const execArgv = ts && !process.execArgv.some((a) => a.includes('tsx')) ? ['--import', 'tsx'] : [];
  return { filename, execArgv: [...process.execArgv, ...execArgv] };
}

function thePool(): Piscina<ReadTask, ReadOutcome> {
  if (!pool) {
    const { filename, execArgv } = workerFile();
    pool = new Piscina<ReadTask, ReadOutcome>({
      filename,
      execArgv,
      minThreads: 0,
      maxThreads: Math.max(1, Math.min(2, availableParallelism() - 1)),
      idleTimeout: 5_000,
      // A big document's text can be large: give the worker room beside the server.
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
    });
  }
  return pool;
}

export class ReadTimeout extends Error {}

/** Reads one document in a worker; rejects with ReadTimeout when it takes too long. */
export async function readInWorker(task: ReadTask, timeoutMs = READ_TIMEOUT_MS): Promise<ReadOutcome> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    return await thePool().run(task, { signal: abort.signal });
  } catch (error) {
    if (abort.signal.aborted)
      throw new ReadTimeout(`reading took longer than ${Math.round(timeoutMs / 1000)} s`);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Stops the workers (the app's and the CLI's shutdown). */
export async function closeReadingPool(): Promise<void> {
  const p = pool;
  pool = null;
  if (p) await p.destroy();
}
