import { describe, expect, it } from 'vitest';
import { referenceForcesContext } from '../../../../test/forces-context.js';
import { readSeed, seedsAvailable } from '../../../../test/seeds.js';
import { ExtractionError, type ExtractedInspection } from '../extraction.types.js';
import { normaliseText } from '../formats.js';
import { parsePeelReport } from '../parsers/peel-report.parser.js';
import { readContext } from './context.js';
import { extractPeel } from './peel.js';

const forces = referenceForcesContext().forces;

const read = (raw: string) => {
  const text = normaliseText(raw);
  const extracted = extractPeel(readContext(text, forces));
  expect(extracted.inspections).toHaveLength(1);
  return { text, extracted, inspection: extracted.inspections[0]! };
};
const grades = (i: ExtractedInspection) => i.judgements.map((j) => [j.area, j.grade]);
const forcesOf = (i: ExtractedInspection) => [i.force];

/** Every judgement points at a passage of the text. */
function expectSources(text: string, i: ExtractedInspection): void {
  for (const j of i.judgements) {
    expect(j.source.start).toBeGreaterThanOrEqual(0);
    expect(j.source.end).toBeGreaterThan(j.source.start);
    expect(j.source.end).toBeLessThanOrEqual(text.length);
  }
}

describe.skipIf(!seedsAvailable)('the seed PEEL 2016 report', () => {
  it('comes out exactly as the legacy reader reads it', () => {
    const text = normaliseText(readSeed('peel-2016-cleveland-effectiveness.txt'));
    expect(extractPeel(readContext(text, forces))).toEqual(parsePeelReport(text, { forces }));
  });
});

describe('layouts of each PEEL cycle', () => {
  it('2014: activity grades in the opening statement and the efficiency grade', () => {
    const { inspection: i } = read(
      [
        'Skip to content',
        '',
        'Norfolk 2014',
        '',
        'This is the first PEEL Assessment of Norfolk Constabulary, drawing on a year of inspections.',
        '',
        'In summary:',
        '',
        'in terms of its effectiveness, overall the force is good at cutting crime and stopping reoffending, and is outstanding at dealing with nuisance behaviour. However, it requires improvement in the way it looks into offences;',
        '',
        'the efficiency with which the force spends its budget is good; and',
        '',
        'the force is working towards fairness in much of what it does.',
      ].join('\n'),
    );
    expect(i).toMatchObject({ force: 'norfolk-constabulary', programme: 'peel-2014', type: 'peel' });
    expect(grades(i)).toEqual([
      ['cutting crime and stopping reoffending', 'good'],
      ['dealing with nuisance behaviour', 'outstanding'],
      ['looks into offences', 'requires-improvement'],
      ['Efficiency', 'good'],
    ]);
  });

  it('2015 and 2016: "the extent to which … is <grade>" and "not yet graded"', () => {
    const { inspection: i } = read(
      [
        'Suffolk 2016',
        '',
        'This is our PEEL (police effectiveness, efficiency and legitimacy) assessment of Suffolk Constabulary for the year.',
        '',
        'The extent to which the force is effective at keeping people safe and reducing crime: not yet graded.',
        '',
        'The extent to which Suffolk Constabulary is efficient at keeping people safe and reducing crime is: outstanding.',
        '',
        'The extent to which the force is legitimate at keeping people safe and reducing crime requires improvement.',
      ].join('\n'),
    );
    expect(i).toMatchObject({ force: 'suffolk-constabulary', programme: 'peel-2016', published: null });
    expect(grades(i)).toEqual([
      ['Effectiveness', null],
      ['Efficiency', 'outstanding'],
      ['Legitimacy', 'requires-improvement'],
    ]);
  });

  it('2017 pillar page: the badge under the question and question grades in prose, mapped to the areas', () => {
    const { inspection: i } = read(
      [
        'Dorset PEEL 2017',
        '',
        'How effective is the force at keeping people safe and reducing crime?',
        '',
        'Last updated 01/02/2018',
        'Good',
        '',
        'Dorset Police keeps its communities safe. The force is outstanding at preventing crime and tackling anti-social behaviour, working with councils.',
        '',
        'By contrast, the force’s approach to investigating crime and reducing re-offending requires improvement.',
      ].join('\n'),
    );
    expect(i).toMatchObject({ force: 'dorset-police', programme: 'peel-2017' });
    expect(grades(i)).toEqual([
      ['Effectiveness', 'good'],
      ['Preventing crime, tackling anti-social behaviour and keeping people safe', 'outstanding'],
      ['Investigating crime and reducing re-offending', 'requires-improvement'],
    ]);
  });

  it('2018/19: a carried-over question takes the earlier year’s grade, and only it', () => {
    const { inspection: i } = read(
      [
        'Essex PEEL 2018',
        '',
        'How efficiently does the force operate and how sustainable are its services to the public?',
        '',
        'Essex Police runs its services well.',
        '',
        'In 2017, we judged Essex Police as good at meeting current demands and using resources.',
        '',
        'In 2017, we judged Essex Police as inadequate at treating its workforce fairly.',
        '',
        'How well does the force use its resources to meet the demand it faces?',
        '',
        'We did not inspect this question in detail in 2018/19, and our judgment from 2017 has been carried over.',
        '',
        'How well does the force plan for the future?',
        '',
        'Essex Police requires improvement in how it plans for the future.',
      ].join('\n'),
    );
    expect(i).toMatchObject({ force: 'essex-police', programme: 'peel-2018-19', type: 'peel' });
    expect(grades(i)).toEqual([
      ['Meeting current demands and using resources', 'good'],
      ['Planning for the future', 'requires-improvement'],
    ]);
  });

  it('2021/22: a matrix of grades as table rows', () => {
    const { text, inspection: i } = read(
      [
        'PEEL 2021/22: an inspection of Cumbria Constabulary',
        '',
        'Published on: 4 May 2022',
        '',
        'Outstanding | Good | Adequate | Requires improvement | Inadequate',
        ' | Investigating crime | Responding to the public | Protecting vulnerable people | ',
        ' |  | Managing offenders and suspects |  | ',
      ].join('\n'),
    );
    expect(i).toMatchObject({
      force: 'cumbria-constabulary',
      programme: 'peel-2021-22',
      published: '2022-05-04',
      type: 'peel',
    });
    expect(grades(i)).toEqual([
      ['Investigating crime', 'good'],
      ['Responding to the public', 'adequate'],
      ['Protecting vulnerable people', 'requires-improvement'],
      ['Managing offenders and suspects', 'adequate'],
    ]);
    expectSources(text, i);
  });

  it('a cause-of-concern revisit letter is a revisit without grades', () => {
    const { inspection: i } = read(
      [
        'Bedfordshire Police: PEEL cause of concern revisit letter',
        '',
        'Published on: 9 February 2023',
        '',
        'In the autumn we inspected Bedfordshire Police as part of our PEEL 2021/22 programme and found one cause of concern.',
        '',
        'Investigating crime',
        '',
        'We made these recommendations:',
        '  • The force should review its supervision of investigations.',
      ].join('\n'),
    );
    expect(i).toMatchObject({
      force: 'bedfordshire-police',
      programme: 'peel-2021-22',
      published: '2023-02-09',
      type: 'revisit',
      judgements: [],
    });
  });

  it('two different grades for one area at one strength: neither is written, and it says so', () => {
    const { extracted, inspection: i } = read(
      [
        'Surrey PEEL 2023–25',
        '',
        'Investigating crime: Good',
        'Investigating crime: Inadequate',
        'Recording data about crime: Adequate',
      ].join('\n'),
    );
    expect(grades(i)).toEqual([['Recording data about crime', 'adequate']]);
    expect(extracted.problems?.join(' ')).toMatch(/Investigating crime/);
  });

  it('names no force merely mentioned, and throws only ExtractionError for nothing', () => {
    const { inspection: i } = read(
      [
        'Hertfordshire PEEL 2017',
        '',
        'How effective is the force at keeping people safe and reducing crime?',
        'Good',
        '',
        'Hertfordshire Constabulary works with Bedfordshire Police and Cambridgeshire Constabulary on major crime.',
      ].join('\n'),
    );
    expect(forcesOf(i)).toEqual(['hertfordshire-constabulary']);
    expect(() =>
      extractPeel(readContext(normaliseText('Minutes\n\nThe meeting closed at noon.'), forces)),
    ).toThrow(ExtractionError);
  });
});

describe('documents in layouts unlike the corpus', () => {
  it('a PEEL 2023–25 report with a grade table and an "Area: Grade" list', () => {
    const { text, inspection: i } = read(
      [
        'PEEL 2023–2025: an inspection of Gloucestershire Constabulary',
        '',
        'Date of publication: 18 July 2024',
        '',
        'Our judgments',
        '',
        'Area | Grade',
        'Police powers and public treatment | Adequate',
        'Investigating crime | Inadequate',
        'Protecting vulnerable people | Requires improvement',
        '',
        'The other areas we graded were:',
        '',
        '- Recording data about crime: Good',
        '- Responding to the public: Requires improvement',
        '- Leadership and force management – Adequate',
        '',
        'Providing a service to victims of crime is not graded.',
      ].join('\n'),
    );
    expect(i).toMatchObject({
      force: 'gloucestershire-constabulary',
      forceName: 'Gloucestershire Constabulary',
      programme: 'peel-2023-25',
      title: 'PEEL 2023–2025: an inspection of Gloucestershire Constabulary',
      published: '2024-07-18',
      type: 'peel',
    });
    expect(grades(i)).toEqual([
      ['Police powers and public treatment', 'adequate'],
      ['Investigating crime', 'inadequate'],
      ['Protecting vulnerable people', 'requires-improvement'],
      ['Recording data about crime', 'good'],
      ['Responding to the public', 'requires-improvement'],
      ['Leadership and force management', 'adequate'],
    ]);
    expectSources(text, i);
  });

  it('a PEEL 2017 legitimacy pillar page with grades stated in prose under each question', () => {
    const { inspection: i } = read(
      [
        'Wiltshire PEEL 2017',
        'Legitimacy',
        'How legitimate is the force at keeping people safe and reducing crime?',
        'To what extent does the force treat all of the people it serves with fairness and respect?',
        'Wiltshire Police is outstanding at treating people fairly. Its officers explain what they do and why.',
        'How well does the force ensure that its workforce behaves ethically and lawfully?',
        'We judged the force to be good at keeping its workforce within the law. It vets new staff promptly.',
        'To what extent does the force treat its workforce with fairness and respect?',
        'The force requires improvement in the way it supports its staff.',
      ].join('\n'),
    );
    expect(i).toMatchObject({
      force: 'wiltshire-police',
      programme: 'peel-2017',
      title: 'Wiltshire PEEL 2017',
      published: null,
      type: 'peel',
    });
    expect(grades(i)).toEqual([
      [
        'To what extent does the force treat all of the people it serves with fairness and respect?',
        'outstanding',
      ],
      ['How well does the force ensure that its workforce behaves ethically and lawfully?', 'good'],
      [
        'To what extent does the force treat its workforce with fairness and respect?',
        'requires-improvement',
      ],
    ]);
  });

  it('a crime data integrity inspection with a graded statement (and an earlier grade ignored)', () => {
    const { inspection: i } = read(
      [
        'Crime data integrity inspection 2020: Northumbria Police',
        '',
        'Published: 3 December 2020',
        '',
        'In 2016 we judged the force to be inadequate.',
        '',
        'Since then the force has trained its call handlers and audits its crime records every week.',
        '',
        'We now judge the force’s crime-recording arrangements to be good.',
      ].join('\n'),
    );
    expect(i).toMatchObject({
      force: 'northumbria-police',
      programme: null,
      title: 'Crime data integrity inspection 2020: Northumbria Police',
      published: '2020-12-03',
      type: 'force-specific',
    });
    expect(grades(i)).toEqual([['Overall', 'good']]);
  });

  it('a national child protection inspection with an overall judgment line and a neighbour force named', () => {
    const { inspection: i } = read(
      [
        'Staffordshire Police – National child protection inspection',
        '',
        'Publication date: 14 March 2024',
        '',
        'Overall judgment: Requires improvement',
        '',
        'We examined 60 cases in which children were at risk. West Midlands Police were consulted on shared cases.',
        '',
        'Recommendations',
        '- The force should make sure children are spoken to on their own.',
      ].join('\n'),
    );
    expect(i).toMatchObject({
      force: 'staffordshire-police',
      programme: null,
      title: 'Staffordshire Police – National child protection inspection',
      published: '2024-03-14',
      type: 'force-specific',
    });
    expect(grades(i)).toEqual([['Overall', 'requires-improvement']]);
  });
});
