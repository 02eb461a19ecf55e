import { describe, expect, it } from 'vitest';
import { referenceForcesContext } from '../../../test/forces-context.js';
import { mutate, prng } from '../../../test/fuzz.js';
import { readSeed, seedsAvailable } from '../../../test/seeds.js';
import { classify } from './classify.js';
import { ExtractionError } from './extraction.types.js';
import { DocumentReadError, readDocument } from './formats.js';
import { PARSERS } from './parsers/index.js';

const SEEDS = [
  'engage-current.txt',
  'engage-previous.txt',
  'peel-2016-cleveland-effectiveness.txt',
  'pcc-response-cleveland-peel-2021-22.txt',
  'news-cleveland-2023-03.txt',
];
const ROUNDS = 600;
const context = referenceForcesContext();

describe.skipIf(!seedsAvailable)('reading and parsing mutated seed documents', () => {
  it.each(SEEDS)(
    `%s, mutated ${ROUNDS} times: every outcome is a result or a clear error, never a crash or a hang`,
    async (name) => {
      const original = readSeed(name);
      const random = prng(name.length * 7919);
      let results = 0;
      let refusals = 0;
      let slowest = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const text = mutate(original, random);
        const started = performance.now();
        try {
          const read = await readDocument(new TextEncoder().encode(text), { fileName: name });
          classify(read.text);
          // Every parser must cope with every document, not only the kind it was picked for.
          for (const parser of Object.values(PARSERS)) {
            try {
              parser(read.text, context);
            } catch (error) {
              if (!(error instanceof ExtractionError)) throw error;
            }
          }
          results += 1;
        } catch (error) {
          if (!(error instanceof DocumentReadError))
            throw new Error(`round ${round} of ${name}: ${String(error)}`, { cause: error });
          refusals += 1;
        }
        slowest = Math.max(slowest, performance.now() - started);
      }
      expect(results + refusals).toBe(ROUNDS);
      expect(slowest).toBeLessThan(2000);
    },
  );
});
