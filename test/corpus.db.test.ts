import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentReport } from '../src/modules/documents/import.report.js';
import { createTestApp, type TestApp } from './app.js';
import { corpusAvailable, corpusDir } from './corpus.js';

const floor = JSON.parse(readFileSync(new URL('./corpus-floor.json', import.meta.url), 'utf8')) as {
  facts: number;
  kinds: number;
  forces: number;
};

/**
 * The importer measured on real documents it was not written from: every document of
 * ../shared/corpus/docs imported with a dry run, exactly as `oversight import --dry-run --json`
 * does, and scored by the corpus's own scorer against the hand labels. Fails below the floor the
 * repository records (test/corpus-floor.json).
 */
describe.skipIf(!corpusAvailable)('the importer on the labelled corpus', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(async () => t?.close());

  it('reads at least the recorded share of facts, kinds and subject forces', async () => {
    const docs = join(corpusDir, 'docs');
    const documents: DocumentReport[] = [];
    for (const name of readdirSync(docs).sort()) {
      const bytes = readFileSync(join(docs, name));
      documents.push(await t.container.imports.importDocument(bytes, join(docs, name), { dryRun: true }));
    }
    const out = join(mkdtempSync(join(tmpdir(), 'oversight-corpus-')), 'corpus.json');
    writeFileSync(out, JSON.stringify({ documents }));
    const printed = execFileSync('python3', [join(corpusDir, 'score.py'), out, '-v'], { encoding: 'utf8' });
    console.log(printed);
    const score = /score: (\d+)\/(\d+) facts \([\d.]+%\), kinds (\d+)\/(\d+)/.exec(printed);
    const forces = /forces: (\d+)\/(\d+)/.exec(printed);
    expect(score, 'the scorer printed a score line').not.toBeNull();
    expect(forces, 'the scorer printed a forces line').not.toBeNull();
    const [facts, factsOf, kinds, kindsOf] = score!.slice(1).map(Number) as [number, number, number, number];
    const [subjects, subjectsOf] = forces!.slice(1).map(Number) as [number, number];
    console.log(
      `corpus: facts ${facts}/${factsOf} (${((100 * facts) / factsOf).toFixed(1)}%), kinds ${kinds}/${kindsOf}, subject forces ${subjects}/${subjectsOf}`,
    );
    expect(facts / factsOf).toBeGreaterThanOrEqual(floor.facts);
    expect(kinds / kindsOf).toBeGreaterThanOrEqual(floor.kinds);
    expect(subjects / subjectsOf).toBeGreaterThanOrEqual(floor.forces);
  });
});
