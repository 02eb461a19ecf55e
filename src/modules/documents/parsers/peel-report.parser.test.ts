import { describe, expect, it } from 'vitest';
import { referenceForcesContext } from '../../../../test/forces-context.js';
import { prng, tokenSoup } from '../../../../test/fuzz.js';
import { readSeed, seedsAvailable } from '../../../../test/seeds.js';
import { normaliseText } from '../formats.js';
import {
  ExtractionError,
  type ExtractedFinding,
  type ExtractedInspection,
  type ParseContext,
} from '../extraction.types.js';
import { parsePeelReport, programmeOf } from './peel-report.parser.js';

const context: ParseContext = referenceForcesContext();

/** The import's normalisation, as the parsers receive text. */
const normalise = normaliseText;

const only = (text: string): ExtractedInspection => {
  const extracted = parsePeelReport(text, context);
  expect(extracted.inspections).toHaveLength(1);
  expect(extracted.responses).toEqual([]);
  return extracted.inspections[0]!;
};

const all = (list: ExtractedFinding[]): ExtractedFinding[] => list.flatMap((f) => [f, ...all(f.children)]);

/** Every item's source range lies inside the text and its slice contains the item's wording. */
function expectSourcesHold(text: string, inspection: ExtractedInspection): void {
  const within = (r: { start: number; end: number }) => {
    expect(r.start).toBeGreaterThanOrEqual(0);
    expect(r.end).toBeGreaterThan(r.start);
    expect(r.end).toBeLessThanOrEqual(text.length);
    return text.slice(r.start, r.end);
  };
  expect(within(inspection.source)).toContain(inspection.title);
  for (const j of inspection.judgements) expect(within(j.source)).toContain(j.area);
  for (const f of all(inspection.findings)) {
    expect(within(f.source)).toBe(f.text);
    expect(f.text).toBe(f.text.trim());
    expect(f.text).not.toMatch(/^(?:[-•·]|\d+\.)\s/);
    for (const a of f.asks) expect(within(a.source)).toBe(a.text);
  }
}

describe.skipIf(!seedsAvailable)('the seed PEEL 2016 effectiveness report of Cleveland', () => {
  const text = seedsAvailable ? normalise(readSeed('peel-2016-cleveland-effectiveness.txt')) : '';
  const inspection = seedsAvailable ? only(text) : null;
  const i = inspection!;
  const afis = () => i.findings.filter((f) => f.kind === 'area-for-improvement');

  it('is the PEEL 2016 inspection of Cleveland Police, titled by its first line', () => {
    expect(i).toMatchObject({
      force: 'cleveland-police',
      programme: 'peel-2016',
      type: 'peel',
      published: null,
    });
    expect(i.forceName).toMatch(/Cleveland/);
    expect(i.title).toMatch(/^Cleveland PEEL 2016$/);
  });

  it('grades four questions and leaves specialist capabilities ungraded; the pillar question is not an area', () => {
    expect(i.judgements.map((j) => j.grade)).toEqual(['good', 'good', 'requires-improvement', 'good', null]);
    const [preventing, investigating, vulnerable, organised, specialist] = i.judgements;
    expect(preventing!.area).toMatch(/^How effective .*preventing crime.*\?$/);
    expect(investigating!.area).toMatch(/investigating crime/);
    expect(vulnerable!.area).toMatch(/vulnerable/);
    expect(organised!.area).toMatch(/serious and organised crime/);
    expect(specialist!.area).toMatch(/specialist capabilities/);
    expect(i.judgements.some((j) => /reducing crime\?$/.test(j.area))).toBe(false);
  });

  it('numbers nine areas for improvement across the document, under the questions they follow', () => {
    expect(i.findings).toHaveLength(9);
    expect(afis().map((f) => f.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const under = (re: RegExp) => afis().filter((f) => re.test(f.area ?? '')).length;
    expect(under(/investigating crime/)).toBe(2);
    expect(under(/vulnerable/)).toBe(5);
    expect(under(/serious and organised/)).toBe(2);
    expect(under(/preventing crime|specialist/)).toBe(0);
  });

  it('keeps the three sub-items of the fifth vulnerability AFI as its children, with their asks dated', () => {
    const fifth = afis().filter((f) => /vulnerable/.test(f.area ?? ''))[4]!;
    expect(fifth.text).toMatch(/how it will:$/);
    expect(fifth.children).toHaveLength(3);
    expect(fifth.children.map((c) => [c.kind, c.number, c.parent])).toEqual([
      ['area-for-improvement', '1', fifth.number],
      ['area-for-improvement', '2', fifth.number],
      ['area-for-improvement', '3', fifth.number],
    ]);
    expect(fifth.asks.map((a) => a.dueOn)).toEqual(['2017-05-01', '2017-06-01']);
    expect(fifth.dueOn).toBe('2017-05-01');
    expect(fifth.asks[0]!.text).toMatch(/^It is recommended that by 1 May 2017/);
    expect(fifth.children[0]!.dueOn).toBe('2017-06-01');
    // Each ask is recorded once, on the top-level finding.
    expect(fifth.children.flatMap((c) => c.asks)).toEqual([]);
    expect(
      afis()
        .filter((f) => f !== fifth)
        .every((f) => f.dueOn === null && f.children.length === 0),
    ).toBe(true);
  });

  it('takes no narrative paragraph as a finding', () => {
    expect(all(i.findings).some((f) => /^This action plan/.test(f.text))).toBe(false);
    expect(
      all(i.findings).every((f) => /^(?:The force should|undertake|review|take steps)/.test(f.text)),
    ).toBe(true);
  });

  it('points every item at its wording', () => expectSourcesHold(text, i));

  it('reads the text as extracted too, before normalisation', () => {
    const raw = only(readSeed('peel-2016-cleveland-effectiveness.txt'));
    expect(raw.judgements.map((j) => j.grade)).toEqual(i.judgements.map((j) => j.grade));
    expect(all(raw.findings)).toHaveLength(12);
  });
});

// Our own invented wording, in the style of a 2023–25 report.
const PEEL_2023_25 = `PEEL 2023–25 Police effectiveness, efficiency and legitimacy: An inspection of Gwent Police
Published 9 October 2024

Our judgements
Area | Grade
Recording data about crime | Good
Police powers and public treatment | Adequate
Responding to the public | Inadequate
Investigating crime | Requires improvement
Leadership and force management | Adequate

Providing a service to victims of crime
We do not grade this area, but we looked at how victims are treated from first contact onwards.

Responding to the public
Inadequate
Gwent Police is inadequate at responding to the public.
Too many emergency calls wait for long periods before anyone answers.
Cause of concern
The force does not answer calls quickly enough, so callers who may be at risk wait too long for help.
Recommendations
Within three months, the force should:
• set out how it will staff its control room to meet the demand it expects;
• make sure supervisors review every call that waits longer than the target time; and
• report on call answering to its chief officer group by 1 March 2025.
Areas for improvement
• The force should record the vulnerability of every caller.

Investigating crime
Requires improvement
Gwent Police requires improvement at investigating crime.
Innovative practice
Evidence review clinics
Detectives bring hard cases to a weekly clinic where a prosecutor gives early advice.
Areas for improvement
- The force should record an investigation plan for every crime it investigates.
- The force should update victims when it agreed to.

Leadership and force management
Adequate
The force is adequate at leadership and force management.
Promising practice
The force shares its shift-planning model with neighbouring forces.
`;

describe('a report in the 2023–25 style', () => {
  const i = only(PEEL_2023_25);

  it('recognises the force, the programme and the publication day', () => {
    expect(i).toMatchObject({
      force: 'gwent-police',
      forceName: 'Gwent Police',
      programme: 'peel-2023-25',
      published: '2024-10-09',
      type: 'peel',
    });
  });

  it('takes grades from the judgements table and adds the ungraded area', () => {
    expect(i.judgements.map((j) => [j.area, j.grade])).toEqual([
      ['Recording data about crime', 'good'],
      ['Police powers and public treatment', 'adequate'],
      ['Responding to the public', 'inadequate'],
      ['Investigating crime', 'requires-improvement'],
      ['Leadership and force management', 'adequate'],
      ['Providing a service to victims of crime', null],
    ]);
  });

  it('reads a cause of concern with its recommendations as children, and lifts their dated ask', () => {
    const coc = i.findings.find((f) => f.kind === 'cause-of-concern')!;
    expect(coc).toMatchObject({
      number: '1',
      area: 'Responding to the public',
      parent: null,
      dueOn: '2025-03-01',
    });
    expect(coc.text).toMatch(/^The force does not answer calls/);
    expect(coc.children.map((c) => [c.kind, c.number, c.parent, c.area])).toEqual([
      ['recommendation', '1', '1', 'Responding to the public'],
      ['recommendation', '2', '1', 'Responding to the public'],
      ['recommendation', '3', '1', 'Responding to the public'],
    ]);
    expect(coc.children[2]!.dueOn).toBe('2025-03-01');
  });

  it('numbers the areas for improvement across areas and keeps innovative and promising practice', () => {
    expect(
      i.findings.filter((f) => f.kind === 'area-for-improvement').map((f) => [f.number, f.area]),
    ).toEqual([
      ['1', 'Responding to the public'],
      ['2', 'Investigating crime'],
      ['3', 'Investigating crime'],
    ]);
    const practice = i.findings.filter((f) => f.kind === 'innovative-practice');
    expect(practice.map((f) => f.area)).toEqual(['Investigating crime', 'Leadership and force management']);
    expect(practice[0]!.text).toMatch(/^Evidence review clinics\nDetectives/);
    expect(i.findings).toHaveLength(6);
    expect(
      all(i.findings).some((f) =>
        /Too many emergency calls|Within three months|We do not grade/.test(f.text),
      ),
    ).toBe(false);
  });

  it('points every item at its wording', () => expectSourcesHold(PEEL_2023_25, i));
});

describe('forces and programmes', () => {
  it('keeps a force it does not know as found, unrecognised', () => {
    const text =
      'Borsetshire PEEL 2017\nHow well does the force investigate crime?\nBorsetshire Police is outstanding at investigating crime.\n';
    const i = only(text);
    expect(i).toMatchObject({ force: null, forceName: 'Borsetshire Police', programme: 'peel-2017' });
    expect(i.judgements).toEqual([
      {
        area: 'How well does the force investigate crime?',
        grade: 'outstanding',
        source: expect.anything() as unknown,
      },
    ]);
  });

  it('recognises a force by an alias in a grade sentence when the title names none', () => {
    const text =
      'PEEL 2018/19 effectiveness\nHow effective is the force at protecting vulnerable people?\nHampshire Constabulary is inadequate at protecting vulnerable people.\n';
    expect(only(text)).toMatchObject({
      force: 'hampshire-and-isle-of-wight-constabulary',
      forceName: 'Hampshire Constabulary',
      programme: 'peel-2018-19',
    });
    expect(only(text).judgements[0]!.grade).toBe('inadequate');
  });

  it('reads the programme from the year in the title', () => {
    expect(programmeOf('Cleveland PEEL 2016')).toBe('peel-2016');
    expect(programmeOf('PEEL 2021/22: An inspection of Kent Police')).toBe('peel-2021-22');
    expect(programmeOf('PEEL 2023–25 Kent Police')).toBe('peel-2023-25');
    expect(programmeOf('PEEL 2023-2025 Kent Police')).toBe('peel-2023-25');
    expect(programmeOf('Kent Police annual report 2016')).toBeNull();
  });

  it('reads "is adequate at" as adequate, not inadequate', () => {
    const text =
      'PEEL 2021/22 Kent Police\nResponding to the public\nKent Police is adequate at responding to the public.\n';
    expect(only(text).judgements).toMatchObject([{ area: 'Responding to the public', grade: 'adequate' }]);
  });
});

describe('robustness', () => {
  it('refuses text it does not recognise with a clear ExtractionError', () => {
    expect(() => parsePeelReport('', context)).toThrow(ExtractionError);
    expect(() => parsePeelReport('Minutes of the parish council\nApologies were received.', context)).toThrow(
      /not a PEEL report/,
    );
  });

  it('never throws anything but ExtractionError on arbitrary text', () => {
    const tokens = [
      'PEEL 2016',
      'How effective is the force?',
      'Areas for improvement',
      'Cause of concern',
      'Recommendations',
      'Innovative practice',
      'Area | Grade',
      'x | Good',
      '- ',
      '• ',
      '1. ',
      'by 1 May 2017',
      'by 31 June 2017',
      'is good at',
      'requires improvement',
      ':',
      '.',
      '?',
      '\n',
      '\n',
      '\t',
      ' ',
      '☒',
      'Kent Police',
      '(',
      '|',
    ];
    const random = prng(7);
    for (let n = 0; n < 300; n++) {
      const text = tokenSoup(tokens, random);
      try {
        expectSourcesHold(text, only(text));
      } catch (error) {
        if (!(error instanceof ExtractionError)) throw error;
      }
    }
  });

  it('reads a 2 MB report (its speed is measured by npm run bench, not here)', () => {
    const section = (n: number) =>
      `How effective is the force at task ${n}?\nKent Police is good at task ${n}. ${'It works well with partners. '.repeat(20)}\nAreas for improvement\n- The force should improve task ${n} by 1 May 2017.\n- The force should produce a plan that sets out how it will:\n- review task ${n};\n- report on it.\n`;
    let text = 'Kent PEEL 2016\n';
    for (let n = 0; text.length < 2_000_000; n++) text += section(n);
    const i = only(text);
    expect(i.force).toBe('kent-police');
    expect(i.judgements.length).toBeGreaterThan(1000);
  });

  it('reads 2 MB without line breaks or with pathological repetition quickly', () => {
    for (const text of [
      'Kent PEEL 2016 ' + 'by 1 May 2017 '.repeat(150_000),
      'a'.repeat(2_000_000),
      `PEEL 2016\n- ${'How effective is ('.repeat(120_000)}:\n`,
    ]) {
      const started = performance.now();
      try {
        only(text);
      } catch (error) {
        expect(error).toBeInstanceOf(ExtractionError);
      }
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});
