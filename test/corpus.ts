import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The labelled corpus of real public documents lives beside the repository in ../shared/corpus
 * and is read at test time, never copied in. Tests that need it skip with a notice when the folder
 * is absent, and fail when CI is set.
 */
export const corpusDir = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
export const corpusAvailable = existsSync(`${corpusDir}docs`);

if (!corpusAvailable) {
  if (process.env.CI) throw new Error(`The corpus is required in CI but ${corpusDir} does not exist`);
  console.warn(`[corpus] Skipping tests that read the corpus: ${corpusDir} is absent.`);
}
