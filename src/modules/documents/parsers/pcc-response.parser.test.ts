import { describe, expect, it } from 'vitest';
import { referenceForcesContext } from '../../../../test/forces-context.js';
import { prng, tokenSoup } from '../../../../test/fuzz.js';
import { readSeed, seedsAvailable } from '../../../../test/seeds.js';
import { normaliseText } from '../formats.js';
import {
  ExtractionError,
  type Extracted,
  type ExtractedFinding,
  type ExtractedInspection,
  type ExtractedResponse,
  type ParseContext,
  type SourceRange,
} from '../extraction.types.js';
import { parsePccResponse, responseDeadline } from './pcc-response.parser.js';

const context: ParseContext = referenceForcesContext();

/** The import's normalisation, as the parsers receive text. */
const normalise = normaliseText;

const parse = (
  text: string,
): { response: ExtractedResponse; inspection: ExtractedInspection; extracted: Extracted } => {
  const extracted = parsePccResponse(text, context);
  expect(extracted.responses).toHaveLength(1);
  expect(extracted.inspections).toHaveLength(1);
  return { response: extracted.responses[0]!, inspection: extracted.inspections[0]!, extracted };
};

const all = (list: ExtractedFinding[]): ExtractedFinding[] => list.flatMap((f) => [f, ...all(f.children)]);

/** Every source range lies inside the text and its slice contains the item's wording (line by line for sections). */
function expectSourcesHold(
  text: string,
  { response, inspection }: { response: ExtractedResponse; inspection: ExtractedInspection },
): void {
  const slice = (r: SourceRange) => {
    expect(r.start).toBeGreaterThanOrEqual(0);
    expect(r.end).toBeGreaterThan(r.start);
    expect(r.end).toBeLessThanOrEqual(text.length);
    return text.slice(r.start, r.end);
  };
  const exact = (item: { text: string; source: SourceRange }) => expect(slice(item.source)).toBe(item.text);
  slice(inspection.source);
  slice(response.source);
  expect(slice(response.source)).toContain(response.inspection);
  for (const j of inspection.judgements) expect(slice(j.source).length).toBeGreaterThan(0);
  for (const j of inspection.judgements.filter((x) => x.area !== 'Recording data about crime'))
    expect(slice(j.source)).toContain(j.area);
  for (const f of all(inspection.findings)) {
    exact(f);
    f.asks.forEach(exact);
  }
  response.summary.forEach(exact);
  response.recommendations.forEach(exact);
  for (const section of [response.forceResponse, response.lpbComment]) {
    if (section) for (const line of section.text.split('\n')) expect(slice(section.source)).toContain(line);
  }
  for (const meeting of response.scrutiny) {
    meeting.questions.forEach(exact);
    if (meeting.focus) expect(slice(meeting.source)).toContain(meeting.focus);
  }
}

describe.skipIf(!seedsAvailable)('the seed PCC response to Cleveland’s PEEL 2021/22 report', () => {
  const text = seedsAvailable ? normalise(readSeed('pcc-response-cleveland-peel-2021-22.txt')) : '';
  const { response: r, inspection: i } = seedsAvailable ? parse(text) : ({} as ReturnType<typeof parse>);
  const afis = () => i.findings.filter((f) => f.kind === 'area-for-improvement');
  const causes = () => i.findings.filter((f) => f.kind === 'cause-of-concern');

  it('responds to PEEL 2021/22 of Cleveland Police, published 17 March 2023, due 55 days later', () => {
    expect(r).toMatchObject({
      force: 'cleveland-police',
      inspection: 'PEEL 2021/22',
      published: '2023-03-17',
      deadline: '2023-05-11',
    });
    expect(r.forceName).toMatch(/^Cleveland Police$/i);
    expect(i).toMatchObject({
      force: 'cleveland-police',
      title: 'PEEL 2021/22',
      programme: 'peel-2021-22',
      published: '2023-03-17',
    });
  });

  it('reads no tick where the form shows none: type and "quoted" are unknown', () => {
    expect(r.inspectionType.options.map((o) => o.label)).toHaveLength(5);
    expect(r.inspectionType.options[0]!.label).toMatch(/Specific$/);
    expect(r.inspectionType.options.every((o) => o.ticked === 'unknown')).toBe(true);
    expect(r.forceQuoted).toBe('unknown');
    expect(i.type).toBeNull();
  });

  it('lists the eight executive-summary bullets, not the sentences that introduce them', () => {
    expect(r.summary).toHaveLength(8);
    expect(r.summary[0]!.text).toMatch(/crime recording$/);
    expect(r.summary.some((s) => /HM Inspector|noted that/.test(s.text))).toBe(false);
  });

  it('grades eight areas from the headings, in any case, and crime recording from the PCC’s statement', () => {
    const headings = i.judgements.filter((j) => j.area !== 'Recording data about crime');
    expect(headings).toHaveLength(8);
    const count = (g: string) => headings.filter((j) => j.grade === g).length;
    expect([count('adequate'), count('requires-improvement'), count('inadequate')]).toEqual([3, 3, 2]);
    expect(headings.find((j) => /^Investigating Crime$/i.test(j.area))!.grade).toBe('requires-improvement');
    const recording = i.judgements.find((j) => j.area === 'Recording data about crime')!;
    expect(recording.grade).toBe('good');
    expect(text.slice(recording.source.start, recording.source.end)).toMatch(
      /^The report grades .*crime recording.*good.*\.$/,
    );
  });

  it('reads two causes of concern with three and two recommendations from the force response', () => {
    expect(causes().map((c) => c.number)).toEqual(['1', '2']);
    expect(causes().map((c) => c.children.length)).toEqual([3, 2]);
    expect(causes()[0]!.area).toMatch(/^Preventing Crime/i);
    expect(causes()[1]!.area).toMatch(/^Strategic Planning/i);
    for (const c of causes()) {
      expect(c.children.map((x) => [x.kind, x.parent])).toEqual(
        c.children.map(() => ['recommendation', c.number]),
      );
      expect(c.children.map((x) => x.number)).toEqual(c.children.map((_, k) => String(k + 1)));
    }
    expect(causes()[0]!.children.every((x) => /^take immediate steps/.test(x.text))).toBe(true);
  });

  it('numbers thirteen areas for improvement across the document, each under its graded area', () => {
    expect(afis().map((f) => f.number)).toEqual(Array.from({ length: 13 }, (_, k) => String(k + 1)));
    const areas = new Set(i.judgements.map((j) => j.area));
    expect(afis().every((f) => areas.has(f.area ?? ''))).toBe(true);
    expect(afis().filter((f) => /^Investigating/i.test(f.area ?? ''))).toHaveLength(3);
    expect(afis().some((f) => /MARAC/.test(f.text))).toBe(true);
  });

  it('keeps the unnumbered line after recommendation 5 as a recommendation without a number', () => {
    expect(r.recommendations).toHaveLength(13);
    expect(r.recommendations.map((x) => x.number)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      null,
      '6',
      '7',
      '8',
      '9',
      '10',
      '11',
      '12',
    ]);
    expect(r.recommendations[5]!.text).toMatch(/^The force needs to improve its governance/);
    expect(r.recommendations.every((x) => x.parent === null)).toBe(true);
    expect(r.recommendations.some((x) => /^Plenary/.test(x.text))).toBe(false);
  });

  it('keeps the force’s narrative as its response, without the lists', () => {
    const fr = r.forceResponse!.text;
    expect(fr).toMatch(/plenary session/);
    expect(fr).toMatch(/^Plenary sessions/m);
    expect(fr).not.toMatch(/^CoC \d/m);
    expect(fr).not.toMatch(/MARAC|^\d+\./m);
  });

  it('keeps the PCC’s comment apart from the scrutiny meeting and its three questions', () => {
    expect(r.lpbComment!.text).toMatch(/^The PCC made the following statement/);
    expect(r.lpbComment!.text).toMatch(/highest police officer numbers/);
    expect(r.lpbComment!.text).not.toMatch(/focus of the scrutiny|Following receipt/);
    expect(r.scrutiny).toHaveLength(1);
    const [meeting] = r.scrutiny;
    expect(meeting!.date).toBe('2023-04-14');
    expect(meeting!.focus).toMatch(/^The focus .* causes of concern\.$/);
    expect(meeting!.questions.map((q) => q.number)).toEqual(['1', '2', '3']);
  });

  it('points every item at its wording', () => expectSourcesHold(text, { response: r, inspection: i }));

  it('reads the text as extracted too, with the Word debris still in it', () => {
    const raw = parse(readSeed('pcc-response-cleveland-peel-2021-22.txt'));
    expect(raw.inspection.judgements).toHaveLength(9);
    expect(all(raw.inspection.findings)).toHaveLength(20);
    expect(raw.response.recommendations).toHaveLength(13);
    expect(raw.response.inspectionType.options.every((o) => o.ticked === 'unknown')).toBe(true);
  });
});

// Our own invented wording: a form whose tick boxes survived conversion.
const TICKED_FORM = `RESPONSE BY THE COMMISSIONER TO
HMICFRS INSPECTIONS OF
DURHAM CONSTABULARY

Title of Inspection
PEEL 2023–25 An inspection of Durham Constabulary
Date Inspection Published
2 February 2024
Type of Inspection:
☒ Force specific
☐ National
☐ Follow up
☐ Thematic
Is Durham Constabulary quoted in the Report?
☒ Yes ☐ No
EXECUTIVE SUMMARY OF REPORT
Inspectors found that the force:
• answers most emergency calls on time
• could do more to update victims
Causes of Concern and Areas for Improvement (AFI)
Investigating Crime (ADEQUATE)
• The force should update victims at the times agreed with them.
Managing offenders and suspects (Good)
Areas for improvement
• The force should review its bail decisions within a month.
Protecting vulnerable people (Inadequate)
Cause of Concern
The force does not assess risk well enough when children go missing. Durham Constabulary should:
• train call handlers to recognise risk;
• review every missing child report by 30 April 2024.
FORCE RESPONSE TO RECOMMENDATIONS
The force accepts every finding and has set up a working group.
Recommendations
1. The force should update victims at the times agreed with them.
2. The force should review its bail decisions within a month.
The working group reports monthly.
PCC RESPONSE TO INSPECTION
Comment by the PCC:
The commissioner welcomes the report and will ask for updates every quarter.
The commissioner will hold a scrutiny meeting on 3rd April 2024 to look at the cause of concern.
1. How will the force train call handlers?
2. When will the review of missing child reports finish?
`;

describe('a form whose tick boxes can be read', () => {
  const { response: r, inspection: i } = parse(TICKED_FORM);

  it('reads each option’s tick and the inspection type it gives', () => {
    expect(r.inspectionType.options).toEqual([
      { label: 'Force specific', ticked: true },
      { label: 'National', ticked: false },
      { label: 'Follow up', ticked: false },
      { label: 'Thematic', ticked: false },
    ]);
    expect(i.type).toBe('force-specific');
    expect(r.forceQuoted).toBe(true);
  });

  it('recognises the force, the programme and a deadline across a leap day', () => {
    expect(r).toMatchObject({
      force: 'durham-constabulary',
      forceName: 'Durham Constabulary',
      published: '2024-02-02',
      deadline: '2024-03-28',
    });
    expect(i.programme).toBe('peel-2023-25');
  });

  it('falls back to the bullets under the cause of concern when the force response does not list them', () => {
    const coc = i.findings.find((f) => f.kind === 'cause-of-concern')!;
    expect(coc).toMatchObject({ number: '1', area: 'Protecting vulnerable people', dueOn: '2024-04-30' });
    expect(coc.children.map((c) => [c.kind, c.number, c.parent])).toEqual([
      ['recommendation', '1', '1'],
      ['recommendation', '2', '1'],
    ]);
  });

  it('reads grades in capitals, areas for improvement under a sub-heading, and the scrutiny meeting', () => {
    expect(i.judgements.map((j) => j.grade)).toEqual(['adequate', 'good', 'inadequate']);
    expect(
      i.findings.filter((f) => f.kind === 'area-for-improvement').map((f) => [f.number, f.area]),
    ).toEqual([
      ['1', 'Investigating Crime'],
      ['2', 'Managing offenders and suspects'],
    ]);
    expect(r.summary.map((s) => s.text)).toEqual([
      'answers most emergency calls on time',
      'could do more to update victims',
    ]);
    expect(r.recommendations.map((x) => x.number)).toEqual(['1', '2']);
    expect(r.forceResponse!.text).toMatch(/working group reports monthly/);
    expect(r.lpbComment!.text).toMatch(/^The commissioner welcomes the report/);
    expect(r.scrutiny).toMatchObject([
      { date: '2024-04-03', focus: null, questions: [{ number: '1' }, { number: '2' }] },
    ]);
  });

  it('points every item at its wording', () =>
    expectSourcesHold(TICKED_FORM, { response: r, inspection: i }));
});

describe('a form about a force we do not know', () => {
  const text = `RESPONSE BY THE PCC TO
HMICFRS INSPECTIONS OF
BORSETSHIRE POLICE
Title of Inspection
An inspection of custody in Borsetshire
Date Inspection Published
March 2024
Type of Inspection:
☐ Borsetshire Specific
☒ Thematic
Is Borsetshire Police quoted in the Report?
☐ Yes
☐ No
Comment by the PCC:
The commissioner notes the report.
`;
  const { response: r, inspection: i } = parse(text);

  it('keeps the force as named, unrecognised, and no deadline without a day', () => {
    expect(r).toMatchObject({
      force: null,
      forceName: 'Borsetshire Police',
      published: '2024-03',
      deadline: null,
      forceQuoted: 'unknown',
    });
    expect(i).toMatchObject({ force: null, type: 'thematic', programme: null, judgements: [], findings: [] });
    expect(r.lpbComment!.text).toBe('The commissioner notes the report.');
  });

  it('points every item at its wording', () => expectSourcesHold(text, { response: r, inspection: i }));
});

describe('the response deadline', () => {
  it('is publication plus 55 days, across months, years and leap days', () => {
    expect(responseDeadline('2023-03-17')).toBe('2023-05-11');
    expect(responseDeadline('2023-12-15')).toBe('2024-02-08');
    expect(responseDeadline('2024-01-10')).toBe('2024-03-05');
    expect(responseDeadline('2023-01-10')).toBe('2023-03-06');
    expect(responseDeadline('2023-03')).toBeNull();
    expect(responseDeadline(null)).toBeNull();
  });
});

describe('robustness', () => {
  it('refuses text it does not recognise with a clear ExtractionError', () => {
    expect(() => parsePccResponse('', context)).toThrow(ExtractionError);
    expect(() => parsePccResponse('A shopping list\nEggs\nBread', context)).toThrow(
      /not a PCC response form/,
    );
  });

  it('never throws anything but ExtractionError on arbitrary text', () => {
    const tokens = [
      'Title of Inspection',
      'Date Inspection Published',
      '17 March 2023',
      'Type of Inspection:',
      '☒ ',
      '☐ ',
      'Yes',
      'Is Kent Police quoted in the Report?',
      'EXECUTIVE SUMMARY',
      '· ',
      '1. ',
      'Area (Good)',
      'Cause of Concern',
      'FORCE RESPONSE',
      'Recommendations',
      'CoC 1 - x',
      'should:',
      'The force should',
      'PCC RESPONSE',
      'scrutiny meeting on 31 June 2023',
      'graded crime recording as good.',
      '\n',
      '\n',
      '\t',
      ' ',
      '(',
      ':',
    ];
    const random = prng(11);
    for (let n = 0; n < 300; n++) {
      const text = tokenSoup(tokens, random);
      try {
        const parsed = parse(text);
        for (const item of [
          ...all(parsed.inspection.findings),
          ...parsed.response.recommendations,
          ...parsed.response.summary,
        ]) {
          expect(text.slice(item.source.start, item.source.end)).toBe(item.text);
        }
      } catch (error) {
        if (!(error instanceof ExtractionError)) throw error;
      }
    }
  });

  it('reads a 2 MB form (its speed is measured by npm run bench, not here)', () => {
    let text =
      'Title of Inspection\nPEEL 2021/22\nDate Inspection Published\n17 March 2023\nCauses of Concern and Areas for Improvement (AFI)\n';
    for (let n = 0; text.length < 1_000_000; n++)
      text += `Area ${n} (Good)\n· The force should improve task ${n} and report on it to the board.\n`;
    text += 'FORCE RESPONSE TO RECOMMENDATIONS\nRecommendations\n';
    for (let n = 1; text.length < 1_600_000; n++)
      text += `${n}. The force should improve task ${n} and report on it to the board.\n`;
    text += `PCC RESPONSE TO INSPECTION\n${'The commissioner graded the effort as good. '.repeat(10_000)}\n`;
    const { inspection } = parse(text);
    expect(inspection.judgements.length).toBeGreaterThan(5000);
  });

  it('reads 2 MB without line breaks or with pathological repetition quickly', () => {
    for (const text of [
      'Title of Inspection ' + 'scrutiny meeting on 1 May 2023 '.repeat(65_000),
      'x'.repeat(2_000_000),
      `Title of Inspection\n${'Area ('.repeat(330_000)}\n`,
    ]) {
      const started = performance.now();
      try {
        parse(text);
      } catch (error) {
        expect(error).toBeInstanceOf(ExtractionError);
      }
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});
