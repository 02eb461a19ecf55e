import { describe, expect, it } from 'vitest';
import { referenceForcesContext } from '../../../../test/forces-context.js';
import { ExtractionError, type Extracted } from '../extraction.types.js';
import { parsePccResponse } from '../parsers/pcc-response.parser.js';
import { readContext } from './context.js';
import { extractResponses } from './responses.js';

const { forces } = referenceForcesContext();
const read = (text: string): Extracted => extractResponses(readContext(text, forces));
const at = (text: string, range: { start: number; end: number }) => text.slice(range.start, range.end);
/** Every `force` string anywhere in the output, as the corpus scorer collects them. */
const forcesOf = (x: Extracted) =>
  new Set([...x.inspections, ...x.responses].map((i) => i.force).filter((f) => f !== null));

describe('extractResponses: whole documents', () => {
  it("reads a mayor's letter to the Home Secretary on a joint thematic, with the report's publication day", () => {
    const text = [
      'The Rt Hon the Home Secretary',
      'Home Office',
      '2 Marsham Street',
      'London SW1P 4DF',
      '',
      '14 March 2024',
      '',
      'Re: A joint inspection of the police and probation response to stalking',
      '',
      'Dear Home Secretary,',
      '',
      'As Mayor of Greater Manchester, holding the functions of a police and crime commissioner, I set out my comments on the above joint inspection report, published on 9 January 2024 by the inspectorates of constabulary and of probation.',
      '',
      'The inspectors examined casework in six forces and their probation regions. Greater Manchester Police was not among the forces visited, but the Chief Constable has considered each of the eleven recommendations, and Cheshire Constabulary has shared its stalking clinic model with us.',
      '',
      'I will review progress at my accountability board in the summer.',
      '',
      'Yours sincerely,',
      'The Mayor',
    ].join('\n');
    const x = read(text);
    expect(x.responses).toHaveLength(1);
    expect(x.inspections).toHaveLength(1);
    const [r] = x.responses;
    const [i] = x.inspections;
    expect(r).toMatchObject({
      force: 'greater-manchester-police',
      inspection: 'A joint inspection of the police and probation response to stalking',
      published: '2024-03-14',
      deadline: '2024-03-04',
      inspectionType: { options: [] },
      forceQuoted: 'unknown',
      summary: [],
      forceResponse: null,
      recommendations: [],
      lpbComment: null,
      scrutiny: [],
    });
    expect(i).toMatchObject({
      force: null,
      title: 'A joint inspection of the police and probation response to stalking',
      published: '2024-01-09',
      type: 'joint',
      programme: null,
      judgements: [],
      findings: [],
    });
    expect(at(text, i!.source)).toContain(
      'A joint inspection of the police and probation response to stalking',
    );
    expect(r!.source).toEqual({ start: 0, end: text.length });
    // Cheshire is only mentioned, and Greater Manchester Police was not inspected.
    expect(forcesOf(x)).toEqual(new Set(['greater-manchester-police']));
  });

  it("reads a commissioner's combined page of three responses, one a report", () => {
    const text = [
      'Inspection responses',
      '',
      'The Police and Crime Commissioner for Lincolnshire publishes a reply to every report of the inspectorate that concerns the county.',
      '',
      'PEEL 2023–25: Police effectiveness, efficiency and legitimacy',
      '',
      'The inspectorate published its PEEL report on Lincolnshire Police on 6 June 2024.',
      '',
      "Commissioner's response to the PEEL 2023–25 inspection of Lincolnshire Police – 29 July 2024",
      '',
      'Race and policing',
      '',
      'In March 2024 the inspectorate published a national thematic on race and policing, covering forces across England and Wales.',
      '',
      "Commissioner's response to the race and policing thematic – May 2024",
      '',
      'Crime data integrity revisit',
      '',
      'The inspectorate published a revisit letter on crime recording in Lincolnshire on 2 October 2019.',
      '',
      "Commissioner's response to the crime data integrity revisit – November 2019",
    ].join('\n');
    const x = read(text);
    expect(x.responses).toHaveLength(3);
    expect(x.inspections).toHaveLength(3);
    expect(x.responses.map((r) => [r.force, r.inspection, r.published, r.deadline])).toEqual([
      [
        'lincolnshire-police',
        'PEEL 2023–25: Police effectiveness, efficiency and legitimacy',
        '2024-07-29',
        '2024-07-31',
      ],
      ['lincolnshire-police', 'Race and policing', '2024-05', null],
      ['lincolnshire-police', 'Crime data integrity revisit', '2019-11', '2019-11-26'],
    ]);
    expect(x.inspections.map((i) => [i.force, i.title, i.published, i.type, i.programme])).toEqual([
      [
        'lincolnshire-police',
        'PEEL 2023–25: Police effectiveness, efficiency and legitimacy',
        '2024-06-06',
        'peel',
        'peel-2023-25',
      ],
      [null, 'Race and policing', '2024-03', 'thematic', null],
      ['lincolnshire-police', 'Crime data integrity revisit', '2019-10-02', 'revisit', null],
    ]);
    for (const [k, r] of x.responses.entries()) {
      expect(at(text, r.source)).toContain("Commissioner's response to");
      expect(at(text, x.inspections[k]!.source)).toBe(x.inspections[k]!.title);
    }
  });
});

describe('extractResponses: layouts', () => {
  it('keeps the legacy reading of the form with "Title of Inspection" fields', () => {
    const text = [
      'RESPONSE OF THE COMMISSIONER TO INSPECTIONS OF DORSET POLICE',
      '',
      'Title of Inspection',
      'PEEL 2021/22',
      'Date Inspection Published',
      '4 November 2022',
      'Executive summary of report',
      '- The force recognises vulnerability well.',
      "Commissioner's comments",
      'I welcome the report.',
    ].join('\n');
    const x = read(text);
    expect(x).toEqual(parsePccResponse(text, { forces }));
    expect(x.responses[0]!.inspection).toBe('PEEL 2021/22');
    expect(x.responses[0]!.deadline).toBe('2022-12-29');
  });

  it('reads a dated statement "has today published his statutory response … published earlier this year"', () => {
    const text = [
      '2 October 2024',
      '',
      "The Police and Crime Commissioner has today published his statutory response to the inspectorate's thematic report ‘An inspection of neighbourhood policing’, which was published earlier this year.",
      '',
      'The report looked at how forces across England and Wales keep their neighbourhood teams on their beats.',
    ].join('\n');
    const x = read(text);
    expect(x.inspections[0]).toMatchObject({
      title: 'An inspection of neighbourhood policing',
      published: '2024',
      type: 'thematic',
      force: null,
    });
    // The commissioner's force is never named: no force at all.
    expect(x.responses[0]).toMatchObject({ force: null, published: '2024-10-02', deadline: null });
    expect(forcesOf(x).size).toBe(0);
  });

  it('reads a letter whose subject line names a force revisit, "the above letter published on…"', () => {
    const text = [
      'Home Secretary',
      'Home Office',
      '',
      '3 December 2024',
      '',
      'Gwent Police revisit: cause of concern on call handling',
      '',
      'I am writing to you in response to the above inspectorate letter published on 18th October 2024.',
      '',
      'The revisit found that Gwent Police now answers emergency calls promptly.',
    ].join('\n');
    const x = read(text);
    expect(x.inspections[0]).toMatchObject({
      title: 'Gwent Police revisit: cause of concern on call handling',
      published: '2024-10-18',
      type: 'revisit',
      force: 'gwent-police',
    });
    expect(x.responses[0]).toMatchObject({
      force: 'gwent-police',
      published: '2024-12-03',
      deadline: '2024-12-12',
    });
  });

  it('reads a web page "Commissioner\'s Response – HMIC Inspection – <title>", no deadline before May 2017', () => {
    const text = [
      "Commissioner's Response – HMIC Inspection – Stop and search powers: are the police using them fairly?",
      '',
      '12th March 2014',
      '',
      'I refer to the HMIC report Stop and search powers published by Her Majesty’s Inspectorate of Constabulary on 9th July 2013.',
      '',
      'Lancashire Constabulary has reviewed its recording of searches since.',
    ].join('\n');
    const x = read(text);
    expect(x.inspections[0]).toMatchObject({
      title: 'Stop and search powers: are the police using them fairly?',
      published: '2013-07-09',
    });
    expect(x.responses[0]).toMatchObject({
      force: 'lancashire-constabulary',
      published: '2014-03-12',
      deadline: null,
    });
  });

  it('writes no force for a report on two forces, and says why', () => {
    const text = [
      'PCC welcomes custody inspection report',
      "Dorset's Police and Crime Commissioner has welcomed an inspection of police custody in Dorset and Devon and Cornwall.",
      'Inspectors from the prisons and constabulary inspectorates found the suites clean and well run.',
    ].join('\n');
    const x = read(text);
    expect(x.responses[0]).toMatchObject({ force: 'dorset-police', inspection: 'custody inspection report' });
    expect(x.inspections[0]!.force).toBeNull();
    expect(x.problems?.join(' ')).toMatch(/several forces/);
  });

  it('reads a page copied with the report title "<title> - HMICFRS (…)" run into its text', () => {
    const text =
      'An inspection of how the police tackle online child abuse - HMICFRS (justiceinspectorates.gov.uk) The Police, Fire and Crime Commissioner for Lancashire has responded to this national report. He said the findings matter to every force in the country.';
    const x = read(text);
    expect(x.inspections[0]).toMatchObject({
      title: 'An inspection of how the police tackle online child abuse',
      type: 'thematic',
      force: null,
      published: null,
    });
    expect(x.responses[0]).toMatchObject({
      force: 'lancashire-constabulary',
      published: null,
      deadline: null,
    });
  });

  it('does not resolve "today" without a document date, and says so', () => {
    const text = [
      'Commissioner response to the PEEL report',
      '',
      'The inspectorate has today (Wednesday 4 June) published its PEEL inspection of Dorset Police.',
    ].join('\n');
    const x = read(text);
    expect(x.inspections[0]).toMatchObject({ type: 'peel', force: 'dorset-police', published: null });
    expect(x.responses[0]).toMatchObject({ published: null, deadline: null });
    expect(x.problems?.join(' ')).toMatch(/relative to the document's date/);
  });

  it('throws ExtractionError when no report is responded to', () => {
    expect(() => read('Minutes of the meeting\n\nThe panel noted the budget for the year.')).toThrow(
      ExtractionError,
    );
  });

  it('reads a large document (speed is measured by npm run bench, not asserted here)', () => {
    const para =
      'The commissioner will keep the force to account through the year and report on progress to the panel. ';
    const text = `Commissioner's response to the inspection of fraud\n\n${`${para.repeat(20)}\n\n`.repeat(1000)}`;
    const x = read(text);
    expect(x.responses).toHaveLength(1);
    expect(x.inspections[0]!.title).toBe('inspection of fraud');
  });
});

describe('extractResponses: the report is named, never a generic word', () => {
  it('passes over a page label and a bare "report" for the named PEEL pillar and year', () => {
    const text = [
      'Information',
      '',
      'Report',
      '',
      'The Police and Crime Commissioner for Kent has responded to the inspection report of Kent Police.',
      '',
      'That report, PEEL: police effectiveness 2016, was published on 2 March 2017 and found the force good at keeping people safe.',
    ].join('\n');
    const x = read(text);
    expect(x.inspections[0]).toMatchObject({
      title: 'PEEL: police effectiveness 2016',
      force: 'kent-police',
      type: 'peel',
      programme: 'peel-2016',
      published: '2017-03-02',
    });
    expect(x.responses[0]).toMatchObject({
      force: 'kent-police',
      inspection: 'PEEL: police effectiveness 2016',
    });
  });

  it('prefers a quoted title to a headline that says only "report"', () => {
    const text = [
      'Commissioner responds to report',
      '',
      "Dorset's Police and Crime Commissioner has responded to the inspectorate's report ‘Hidden harm: how forces find victims of exploitation’, published on 1 December 2017.",
    ].join('\n');
    const x = read(text);
    expect(x.inspections[0]!.title).toBe('Hidden harm: how forces find victims of exploitation');
    expect(x.inspections[0]!.published).toBe('2017-12-01');
  });

  it('names a report the inspectorate published "on <subject>" when nothing else names it', () => {
    const text = [
      'Statement from the Commissioner',
      '',
      'Last month HMIC published its report on the use of road policing powers across forces in England and Wales.',
      '',
      'Commenting on the HMIC report, the Police and Crime Commissioner for Lancashire said the findings would be discussed with the Chief Constable.',
    ].join('\n');
    const x = read(text);
    expect(x.responses).toHaveLength(1);
    expect(x.inspections[0]!.title).toBe(
      'report on the use of road policing powers across forces in England and Wales',
    );
    expect(x.inspections[0]).toMatchObject({ force: null, type: 'thematic' });
    expect(x.responses[0]!.force).toBe('lancashire-constabulary');
  });

  it("says PEEL and its years for a force's PEEL report named only as an inspection of the force", () => {
    const text = [
      "Commissioner's response to HMICFRS report: An inspection of Wiltshire Police",
      '',
      'The inspectorate published its PEEL 2021/22 assessment of Wiltshire Police on 5 May 2022, grading the force in nine areas.',
    ].join('\n');
    const x = read(text);
    expect(x.inspections[0]).toMatchObject({
      force: 'wiltshire-police',
      type: 'peel',
      programme: 'peel-2021-22',
      published: '2022-05-05',
    });
    expect(x.inspections[0]!.title).toMatch(/^PEEL 2021\/22\b/);
    expect(x.responses[0]!.deadline).toBe('2022-06-29');
  });

  it('keeps the span of years in a heading "<Force> PEEL Assessment 2023–2025"', () => {
    const text = [
      'Information',
      '',
      'Cheshire PEEL Assessment 2023–2025',
      '',
      'Our PEEL inspection of Cheshire Constabulary ran across 2023–2025. We graded the force good in four areas and adequate in three.',
      '',
      'PFCC Response',
      '',
      'The Police and Crime Commissioner for Cheshire has read the latest PEEL report on the constabulary and welcomes what it found.',
    ].join('\n');
    const x = read(text);
    expect(x.inspections).toHaveLength(1);
    expect(x.inspections[0]).toMatchObject({
      title: 'Cheshire PEEL Assessment 2023–2025',
      force: 'cheshire-constabulary',
      type: 'peel',
      programme: 'peel-2023-25',
      judgements: [],
    });
    expect(x.responses[0]!.force).toBe('cheshire-constabulary');
  });
  it('reads a combined page whose response lines say only "this report", each under the report\'s heading', () => {
    const text = [
      'Inspections and our responses',
      '',
      'Crime data integrity inspection 2019',
      '',
      'Inspectors looked at how Suffolk Constabulary records reported crime.',
      '',
      "The Commissioner's response to this report – 3 March 2020",
      '',
      'An inspection of how the police work with victims of domestic abuse',
      '',
      'This national inspection covered all 43 forces in England and Wales.',
      '',
      "The Commissioner's response to this report – 14 August 2021",
    ].join('\n');
    const x = read(text);
    expect(x.responses.map((r) => [r.inspection, r.published])).toEqual([
      ['Crime data integrity inspection 2019', '2020-03-03'],
      ['An inspection of how the police work with victims of domestic abuse', '2021-08-14'],
    ]);
    expect(x.inspections.map((i) => [i.force, i.type])).toEqual([
      ['suffolk-constabulary', 'force-specific'],
      [null, 'thematic'],
    ]);
  });

  it('names a PEEL pillar given after its year, and dates "today publishes" by the page', () => {
    const text = [
      '2 March 2017',
      '',
      'Statutory response',
      '',
      'The Police and Crime Commissioner for Durham has responded as the inspectorate today publishes its 2016 PEEL effectiveness inspection of Durham Constabulary.',
    ].join('\n');
    const x = read(text);
    expect(x.inspections[0]).toMatchObject({
      title: 'PEEL: police effectiveness 2016',
      force: 'durham-constabulary',
      type: 'peel',
      programme: 'peel-2016',
      published: '2017-03-02',
    });
    expect(x.responses[0]).toMatchObject({
      force: 'durham-constabulary',
      published: '2017-03-02',
      deadline: null,
    });
  });
});

describe("extractResponses: a commissioner's statement or news item", () => {
  const statement = (dateline: string[]) =>
    [
      ...dateline,
      'Commissioner welcomes stalking inspection',
      '',
      'The Police and Crime Commissioner for Norfolk has welcomed the HMICFRS inspection of how Norfolk Constabulary responds to stalking, published today (Friday 27 September).',
      '',
      'She said the force had made real progress for victims.',
    ].join('\n');

  it('dates the statement by its dateline, and "today" gives the report\'s publication day', () => {
    const x = read(statement(['27 September 2024', '']));
    expect(x.inspections[0]).toMatchObject({
      force: 'norfolk-constabulary',
      type: 'force-specific',
      published: '2024-09-27',
    });
    expect(x.inspections[0]!.title).toMatch(/stalking/);
    expect(x.responses[0]).toMatchObject({
      force: 'norfolk-constabulary',
      published: '2024-09-27',
      deadline: '2024-11-21',
    });
  });

  it('writes no publication day for "today" on an undated page, and says why', () => {
    const x = read(statement([]));
    expect(x.inspections[0]!.published).toBeNull();
    expect(x.responses[0]).toMatchObject({ published: null, deadline: null });
    expect(x.problems?.join(' ')).toMatch(/relative to the document's date/);
  });

  it("reads a deputy mayor's statement on a victim service assessment naming the force by its initials", () => {
    const text = [
      '14 March 2024',
      '',
      'Deputy Mayor responds to victim service assessment',
      '',
      'The Deputy Mayor for Policing and Crime, speaking for the Mayor of Greater Manchester, has responded to the victim service assessment of GMP, published on 12 March 2024.',
      '',
      'The force now records most crimes correctly, the inspectors found.',
    ].join('\n');
    const x = read(text);
    expect(x.responses[0]).toMatchObject({ force: 'greater-manchester-police', published: '2024-03-14' });
    expect(x.inspections[0]).toMatchObject({
      force: 'greater-manchester-police',
      type: 'force-specific',
      published: '2024-03-12',
    });
    expect(x.inspections[0]!.title).toMatch(/victim service assessment/);
  });

  it("reads a mayor's statement headline on a force's assessment, the force only as its initials", () => {
    const text = [
      "Mayor's statement on the GMP victim service assessment",
      '',
      'Posted on 20 June 2023',
      '',
      'The Mayor of Greater Manchester said the inspectorate’s findings, published today, show the force has more to do for victims of crime.',
    ].join('\n');
    const x = read(text);
    expect(x.inspections[0]).toMatchObject({
      title: 'GMP victim service assessment',
      force: 'greater-manchester-police',
      type: 'force-specific',
    });
    expect(x.responses[0]).toMatchObject({ force: 'greater-manchester-police', published: '2023-06-20' });
  });

  it("drops the office's site name after a page title", () => {
    const text = [
      'Response to the inspection of stop and search in Merseyside | Office of the Police and Crime Commissioner for Merseyside',
      '',
      'The Commissioner has written to the Home Secretary about the findings.',
    ].join('\n');
    const x = read(text);
    expect(x.inspections[0]).toMatchObject({
      title: 'inspection of stop and search in Merseyside',
      force: 'merseyside-police',
    });
  });

  it('resolves the place in the office\'s name when the force is only "the force"', () => {
    const text = [
      'Statement on the inspection of crime recording',
      '',
      'The Police and Crime Commissioner for Devon, Cornwall and the Isles of Scilly has welcomed the crime data integrity inspection of the force, published on 9 May 2023.',
      '',
      'Inspectors found that the force now records nine in ten crimes reported to it.',
    ].join('\n');
    const x = read(text);
    expect(x.responses[0]!.force).toBe('devon-and-cornwall-police');
    expect(x.inspections[0]).toMatchObject({
      force: 'devon-and-cornwall-police',
      type: 'force-specific',
      published: '2023-05-09',
    });
    // The headline names the report by its subject.
    expect(x.inspections[0]!.title).toBe('inspection of crime recording');
  });

  it('reads a news item on a PEEL report with its years given only in the body', () => {
    const text = [
      'The Police and Crime Commissioner for Cumbria says the new Chief Constable has her confidence after the inspection.',
      'Inspectors gave the force two inadequate grades and four adequate ones; their 2021/22 police effectiveness, efficiency and legitimacy (PEEL) report is out today.',
      'Responding, the Commissioner said the force would act on every finding.',
    ].join('\n');
    const x = read(text);
    expect(x.responses).toHaveLength(1);
    expect(x.inspections[0]).toMatchObject({
      force: 'cumbria-constabulary',
      type: 'peel',
      programme: 'peel-2021-22',
      published: null,
    });
    expect(x.inspections[0]!.title).toMatch(/^PEEL 2021\/22/);
  });
});

describe('extractResponses: older programmes', () => {
  it("reads a 2013 value-for-money review whose report speaks of the commissioner's force", () => {
    const text = [
      'Cumbria PCC response to HMIC Report – Valuing the Police: meeting the spending challenge',
      '',
      'Every force was looked at in the spring, and HMIC gave its views in the summer. All forces were asked how they would make their savings. The summer report found that “Cumbria Constabulary has a sound plan for its savings”.',
    ].join('\n');
    const x = read(text);
    expect(x.inspections[0]).toMatchObject({
      title: 'Valuing the Police: meeting the spending challenge',
      force: 'cumbria-constabulary',
    });
    expect(x.responses[0]).toMatchObject({ force: 'cumbria-constabulary', deadline: null });
  });

  it('reads a formal response to a national inspection named only by what it covers', () => {
    const text = [
      'On 11 March the inspectorate published its findings about how forces prevent crime and answer calls for help.',
      "Suffolk's Police and Crime Commissioner gave this view of the HMIC report:",
      'The inspectorate has again measured every force against targets.',
    ].join('\n');
    const x = read(text);
    expect(x.responses).toHaveLength(1);
    expect(x.inspections[0]!.title).toBe('findings about how forces prevent crime and answer calls for help');
    expect(x.inspections[0]!.published).toBeNull();
    expect(x.responses[0]).toMatchObject({ force: 'suffolk-constabulary', deadline: null });
  });
});
