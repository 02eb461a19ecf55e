import { SingleBar } from 'cli-progress';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { prepareDatabase } from '../bootstrap.js';
import type { Config } from '../config.js';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import { createLogger } from '../logger.js';
import type { DocumentReport } from '../modules/documents/index.js';
import { createContainer } from '../container.js';

export type ImportCliOptions = { dryRun?: boolean; json?: boolean; server?: string; token?: string };

/** Every file under the given files and folders (recursively; hidden files skipped), sorted. */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path);
    if (info.isDirectory()) {
      const entries = (await readdir(path, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'));
      files.push(...(await expandPaths(entries.map((e) => join(path, e.name)))));
    } else {
      files.push(path);
    }
  }
  return files.sort();
}

function rejectedForSize(path: string, size: number, limit: number): DocumentReport {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return {
    path,
    sha256: null,
    format: null,
    kind: null,
    confidence: null,
    reasons: [],
    status: 'rejected',
    error: `The file is ${mb(size)}; the limit is ${mb(limit)}.`,
    problems: [],
    extracted: null,
    items: [],
    changes: { created: 0, updated: 0, unchanged: 0 },
    changeLog: [],
    documentId: null,
  };
}

/** `oversight import`: returns the process exit code (0 when no document was rejected). */
export async function runImport(config: Config, paths: string[], opts: ImportCliOptions): Promise<number> {
  const files = await expandPaths(paths);
  const reports: DocumentReport[] = [];
  const progress = createProgress(files.length, Boolean(opts.json));
  let importOne: (bytes: Uint8Array, path: string) => Promise<DocumentReport>;
  let close = async () => {};
  if (opts.server) {
    if (!opts.token) throw new Error('--server needs --token (the IMPORT_TOKEN of that server)');
    importOne = (bytes, path) =>
      importThroughServer(opts.server!, opts.token!, bytes, path, Boolean(opts.dryRun));
  } else {
    const logger = createLogger({ LOG_LEVEL: 'warn' });
    let database: Awaited<ReturnType<typeof prepareDatabase>>;
    try {
      database = await prepareDatabase(config, logger, 'oversight import');
    } catch (error) {
      if (!(error instanceof DataDirLockedError)) throw error;
      process.stderr.write(
        `oversight: ${error.message}\nA running server can import for you: oversight import --server http://localhost:${config.PORT} --token <its IMPORT_TOKEN> ${paths.join(' ')}\n`,
      );
      return 1;
    }
    const service = createContainer(database).imports;
    importOne = (bytes, path) =>
      service.importDocument(bytes, path, {
        dryRun: Boolean(opts.dryRun),
        maxBytes: config.IMPORT_MAX_BYTES,
        actor: 'cli:import',
      });
    close = async () => {
      await service.close();
      await database.close();
    };
  }
  try {
    for (const file of files) {
      const size = (await stat(file)).size;
      const report =
        size > config.IMPORT_MAX_BYTES
          ? rejectedForSize(file, size, config.IMPORT_MAX_BYTES)
          : await importOne(new Uint8Array(await readFile(file)), file);
      reports.push(report);
      progress.tick(report);
    }
  } finally {
    progress.stop();
    await close();
  }
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ documents: reports }, null, 2)}\n`);
  } else {
    process.stdout.write(summarise(reports, Boolean(opts.dryRun)));
  }
  return reports.some((r) => r.status === 'rejected') ? 1 : 0;
}

async function importThroughServer(
  server: string,
  token: string,
  bytes: Uint8Array,
  path: string,
  dryRun: boolean,
): Promise<DocumentReport> {
  const url = new URL('/api/v1/imports', server);
  if (dryRun) url.searchParams.set('dryRun', 'true');
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/octet-stream',
      'x-file-name': encodeURIComponent(path),
    },
    body: new Uint8Array(bytes),
  });
  // A refusal is an RFC 9457 problem; a document the server read (even one it rejected) is a report.
  if (res.headers.get('content-type')?.includes('application/problem+json')) {
    const problem = (await res.json()) as { detail?: string; title?: string };
    throw new Error(`The server refused the import: ${problem.detail ?? problem.title ?? res.statusText}`);
  }
  return (await res.json()) as DocumentReport;
}

function createProgress(total: number, quiet: boolean) {
  const tty = process.stderr.isTTY && !quiet && total > 1;
  const bar = tty
    ? new SingleBar({
        format: 'Importing [{bar}] {value}/{total} {file}',
        hideCursor: true,
        stream: process.stderr,
      })
    : null;
  bar?.start(total, 0, { file: '' });
  let done = 0;
  return {
    tick(report: DocumentReport) {
      done += 1;
      if (bar) bar.increment(1, { file: report.path });
      else if (!quiet)
        process.stderr.write(
          `[${done}/${total}] ${report.path}: ${report.status}${report.error ? ` (${report.error})` : ''}\n`,
        );
    },
    stop: () => bar?.stop(),
  };
}

export function summarise(reports: DocumentReport[], dryRun: boolean): string {
  const lines: string[] = [];
  for (const r of reports) {
    const what =
      r.kind && r.kind !== 'unknown'
        ? `${r.kind} (${r.format}, confidence ${r.confidence})`
        : (r.format ?? 'unreadable');
    lines.push(`${r.path}: ${r.status} – ${what}`);
    if (r.error) lines.push(`  error: ${r.error}`);
    for (const p of r.problems) lines.push(`  ! ${p}`);
    if (r.status !== 'rejected') {
      lines.push(
        `  ${r.changes.created} created, ${r.changes.updated} updated, ${r.changes.unchanged} unchanged`,
      );
      for (const c of r.changeLog.filter((c) => c.change !== 'unchanged').slice(0, 40))
        lines.push(`    ${c.change} ${c.entity}: ${c.label}`);
    }
  }
  const count = (s: string) => reports.filter((r) => r.status === s).length;
  lines.push(
    '',
    `${reports.length} document(s): ${count(dryRun ? 'would-import' : 'imported')} ${dryRun ? 'would be imported' : 'imported'}, ${count('unchanged')} unchanged, ${count('rejected')} rejected.` +
      (dryRun ? ' Dry run: nothing was written.' : ''),
  );
  return `${lines.join('\n')}\n`;
}
