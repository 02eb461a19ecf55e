import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The real documents the project started from live beside the repository in ../shared/seeds and
 * are read at test time, never copied in. Tests that need them skip with a notice when the folder
 * is absent, and fail when CI is set.
 */
export const seedsDir = fileURLToPath(new URL('../../shared/seeds/', import.meta.url));
export const seedsAvailable = existsSync(seedsDir);

if (!seedsAvailable) {
  if (process.env.CI) throw new Error(`The seed documents are required in CI but ${seedsDir} does not exist`);
  console.warn(`[seeds] Skipping tests that read the seed documents: ${seedsDir} is absent.`);
}

export const readSeed = (name: string): string => readFileSync(seedsDir + name, 'utf8');
