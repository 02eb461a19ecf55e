import { describe, expect, it } from 'vitest';
import { readSeed, seedsAvailable } from '../../../test/seeds.js';
import { nameKey } from '../forces/index.js';
import { GRADES, type Grade } from '../inspections/index.js';
import { flattenAreas, readReferenceData } from './reference.load.js';

const { data } = await readReferenceData();
const gradeOf = (words: string): Grade | undefined => GRADES.find((g) => nameKey(words) === g);
const judgementsOf = (slug: string) => {
  const inspection = data.inspections.inspections.find((i) => i.slug === slug)!;
  const programme = data.programmes.programmes.find((p) => p.slug === inspection.programme)!;
  const names = new Map(flattenAreas(programme.areas).map((a) => [a.slug, a.name]));
  return inspection.judgements.map((j) => ({ ...j, name: names.get(j.area)! }));
};

describe.skipIf(!seedsAvailable)('the bundled Cleveland grades agree with the seed documents', () => {
  it('PEEL 2021/22: every "Area (Grade)" heading of the PCC response form is a recorded judgement', () => {
    const stated = [
      ...readSeed('pcc-response-cleveland-peel-2021-22.txt').matchAll(/^\s*(.+?)\s*\(([A-Za-z ]+)\)\s*$/gm),
    ]
      .map((m) => ({ area: nameKey(m[1]!), grade: gradeOf(m[2]!) }))
      .filter((s) => s.grade !== undefined);
    expect(stated).toHaveLength(8);
    const recorded = new Map(
      judgementsOf('peel-2021-22-cleveland-police').map((j) => [nameKey(j.name), j.grade]),
    );
    for (const s of stated) expect(recorded.get(s.area), s.area).toBe(s.grade);
  });

  it('PEEL 2016: the grade each effectiveness question states ("is good at", "requires improvement") is recorded', () => {
    const seed = readSeed('peel-2016-cleveland-effectiveness.txt');
    const questions = seed.split(/^How effective (?:is|are) the force(?:’s|'s)? /m).slice(2);
    const stated = questions.map((q) =>
      /requires improvement/.test(q.slice(0, 400))
        ? 'requires-improvement'
        : /is good at/.test(q.slice(0, 400))
          ? 'good'
          : null,
    );
    expect(stated).toEqual(judgementsOf('peel-2016-effectiveness-cleveland-police').map((j) => j.grade));
  });
});
