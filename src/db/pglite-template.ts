import { PGlite } from '@electric-sql/pglite';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A freshly initialised PGlite data folder, saved once as a tarball. A new database (a new DATA_DIR,
 * or memory:// in tests) is unpacked from it in about a second instead of running initdb, which
 * takes five seconds on a 2-core machine. `npm ci` prepares it (postinstall); if it is missing,
 * the first database opened makes it. See docs/adr/0005-pglite-template.md.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const pglitePackage = join(
  dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')),
  '..',
  'package.json',
);
const pgliteVersion = (JSON.parse(readFileSync(pglitePackage, 'utf8')) as { version: string }).version;
export const templatePath = join(
  root,
  'node_modules',
  '.cache',
  'oversight',
  `pglite-${pgliteVersion}-initdb.tar.gz`,
);

export async function readTemplate(): Promise<Blob | undefined> {
  try {
    return new Blob([await readFile(templatePath)]);
  } catch {
    return undefined;
  }
}

/** Saves a dump of a just-initialised database as the template (atomically; best effort). */
export async function saveTemplate(fresh: PGlite): Promise<void> {
  try {
    const dump = await fresh.dumpDataDir('gzip');
    await mkdir(dirname(templatePath), { recursive: true });
    const temporary = `${templatePath}.${process.pid}.tmp`;
    await writeFile(temporary, Buffer.from(await dump.arrayBuffer()));
    await rename(temporary, templatePath);
  } catch {
    // A missing template only costs time.
  }
}

export async function prepareTemplate(): Promise<void> {
  if (await readTemplate()) return;
  const fresh = await PGlite.create('memory://');
  await saveTemplate(fresh);
  await fresh.close();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Run by `npm ci` (postinstall): never fail the install over a cache.
  await prepareTemplate().catch((error: unknown) => {
    process.stderr.write(
      `oversight: could not prepare the PGlite template (${String(error)}); first start will be slower\n`,
    );
  });
}
