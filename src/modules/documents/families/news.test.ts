import { describe, expect, it } from 'vitest';
import { referenceForcesContext } from '../../../../test/forces-context.js';
import { ExtractionError, type ExtractedMention } from '../extraction.types.js';
import { readContext } from './context.js';
import { extractNews } from './news.js';

const { forces } = referenceForcesContext();
const read = (text: string) => extractNews(readContext(text, forces));
const forcesOf = (mentions: ExtractedMention[]) => new Set(mentions.map((m) => m.force));
const find = (mentions: ExtractedMention[], force: string, event: string) =>
  mentions.find((m) => m.force === force && m.event === event);

describe('a force press release announcing it has left Engage (whole document)', () => {
  const text = [
    'North Yorkshire Police leaves enhanced monitoring',
    'Press release',
    'Published: 14 November 2024',
    '',
    "North Yorkshire Police has today been returned to routine monitoring by His Majesty's Inspectorate of Constabulary and Fire & Rescue Services.",
    '',
    'The force entered Engage in March 2022 after inspectors raised concerns about how it handled calls from the public.',
    '',
    'The inspectorate said the force had been removed from Engage because of better call handling, clearer plans for neighbourhood teams and stronger supervision of investigations.',
    '',
    'The Chief Constable said: "This is the work of every officer and member of staff."',
    '',
    'Neighbouring Humberside Police was not part of the review.',
  ].join('\n');
  const out = read(text);

  it('names only the force that moved, with one mention per event', () => {
    expect(forcesOf(out.mentions)).toEqual(new Set(['north-yorkshire-police']));
    expect(out.mentions.map((m) => m.event).sort()).toEqual(['entered-engage', 'left-engage']);
  });

  it('dates the exit by the page ("today" under a dated page) and the entry as written', () => {
    const left = find(out.mentions, 'north-yorkshire-police', 'left-engage')!;
    expect(left).toMatchObject({
      forceName: 'North Yorkshire Police',
      date: '2024-11-14',
      gradeCounts: null,
      areasAssessed: null,
      quotedRecommendations: [],
      conflicts: [],
    });
    expect(text.slice(left.source.start, left.source.end)).toMatch(/Engage|monitoring/);
    expect(find(out.mentions, 'north-yorkshire-police', 'entered-engage')!.date).toBe('2022-03');
  });

  it('gives the period its dates and its inline exit reasons, each pointing at its words', () => {
    expect(out.engagePeriods).toHaveLength(1);
    const [period] = out.engagePeriods;
    expect(period).toMatchObject({
      force: 'north-yorkshire-police',
      forceName: 'North Yorkshire Police',
      entered: '2022-03',
      exited: '2024-11-14',
      entryReasons: [],
      causesOfConcern: [],
      relatedReports: [],
    });
    expect(period!.exitReasons.map((r) => r.text)).toEqual([
      'better call handling',
      'clearer plans for neighbourhood teams',
      'stronger supervision of investigations',
    ]);
    for (const r of period!.exitReasons) expect(text.slice(r.source.start, r.source.end)).toBe(r.text);
  });
});

describe('an inspectorate letter placing a force into Engage (whole document)', () => {
  const text = [
    'Lincolnshire Police: escalation to Engage',
    'Letter information',
    'From',
    'Jane Doe',
    "His Majesty's Inspector of Constabulary",
    'To',
    'John Smith',
    'Chief Constable',
    'Lincolnshire Police',
    'Sent on',
    '9 October 2025',
    '',
    'Dear Chief Constable,',
    "I am writing to tell you that His Majesty's Chief Inspector of Constabulary has decided to move Lincolnshire Police into the Engage phase of our monitoring process.",
    'In our inspection published on 2 June 2025 we identified three causes of concern, which are that the force:',
    '- does not answer emergency calls quickly enough;',
    '- does not supervise investigations well enough; and',
    '- has no clear plan to reduce its backlog of digital evidence.',
    'These causes of concern remain open.',
    'Your force will present its improvement plan to the oversight group in December.',
  ].join('\n');
  const out = read(text);

  it('reports the move on the date the letter was sent, and the inspection on its own date', () => {
    expect(forcesOf(out.mentions)).toEqual(new Set(['lincolnshire-police']));
    expect(find(out.mentions, 'lincolnshire-police', 'entered-engage')).toMatchObject({
      forceName: 'Lincolnshire Police',
      date: '2025-10-09',
      gradeCounts: null,
      areasAssessed: null,
      quotedRecommendations: [],
      conflicts: [],
    });
    expect(find(out.mentions, 'lincolnshire-police', 'report-published')!.date).toBe('2025-06-02');
    expect(find(out.mentions, 'lincolnshire-police', 'left-engage')).toBeUndefined();
  });

  it('gives the period its entry date and the open causes of concern', () => {
    expect(out.engagePeriods).toHaveLength(1);
    const [period] = out.engagePeriods;
    expect(period).toMatchObject({
      force: 'lincolnshire-police',
      entered: '2025-10-09',
      exited: null,
      entryReasons: [],
      exitReasons: [],
      relatedReports: [],
    });
    expect(period!.causesOfConcern.map((c) => [c.text, c.status, c.closedOn])).toEqual([
      ['does not answer emergency calls quickly enough', 'open', null],
      ['does not supervise investigations well enough', 'open', null],
      ['has no clear plan to reduce its backlog of digital evidence', 'open', null],
    ]);
  });
});

describe('layouts of the family', () => {
  it('reads bulleted exit reasons after "including:" and an entry year', () => {
    const out = read(
      [
        'Dorset Police leaves Engage',
        '',
        'Dorset Police was moved into Engage in 2021.',
        '',
        'The inspectorate has decided to remove Dorset Police from Engage because of progress, including:',
        '  • better crime recording;',
        '  • quicker answers to 101 calls; and',
        '  • a new plan for its workforce.',
      ].join('\n'),
    );
    const [period] = out.engagePeriods;
    expect(period).toMatchObject({ force: 'dorset-police', entered: '2021', exited: null });
    expect(period!.exitReasons.map((r) => r.text)).toEqual([
      'better crime recording',
      'quicker answers to 101 calls',
      'a new plan for its workforce',
    ]);
  });

  it('reads inline entry reasons only in the number the text announces', () => {
    const ok = read(
      'Kent Police placed under enhanced monitoring\n\nThe decision follows an inspection which found two areas where the force must improve: how it records crime and the way it supports victims.',
    );
    expect(ok.engagePeriods[0]!.entryReasons.map((r) => r.text)).toEqual([
      'how it records crime',
      'the way it supports victims',
    ]);
    const unsure = read(
      'Kent Police placed under enhanced monitoring\n\nThe decision follows an inspection which found four areas where the force must improve: how it records crime and the way it supports victims.',
    );
    expect(unsure.engagePeriods).toEqual([]);
    expect(unsure.problems?.join(' ')).toMatch(/announces 4/);
  });

  it('closes the causes of concern when the letter says they are closed', () => {
    const out = read(
      [
        'Sent on',
        '4 March 2024',
        'The Chief Inspector has decided to return Essex Police to our default level of monitoring, known as ‘scan’, as we have closed the force’s remaining causes of concern.',
        'We identified two causes of concern, which were that the force:',
        '- did not assess risk well; and',
        '- did not supervise investigations.',
      ].join('\n'),
    );
    expect(find(out.mentions, 'essex-police', 'left-engage')!.date).toBe('2024-03-04');
    const [period] = out.engagePeriods;
    expect(period!.exited).toBe('2024-03-04');
    expect(period!.causesOfConcern.map((c) => c.status)).toEqual(['closed', 'closed']);
  });

  it('gives every force of a group statement its event: newly placed, or remaining', () => {
    const out = read(
      [
        'Five forces now in special measures',
        'Five police forces are now in special measures, the inspectorate said.',
        'Kent Police was placed into special measures this week.',
        'The five are Kent, Durham, Dorset, Surrey and Essex.',
        'Sussex Police, a neighbour, was not inspected.',
      ].join('\n'),
    );
    expect(forcesOf(out.mentions)).toEqual(
      new Set(['kent-police', 'durham-constabulary', 'dorset-police', 'surrey-police', 'essex-police']),
    );
    expect(find(out.mentions, 'kent-police', 'entered-engage')).toBeDefined();
    expect(find(out.mentions, 'kent-police', 'remains-in-engage')).toBeUndefined();
    for (const f of ['durham-constabulary', 'dorset-police', 'surrey-police', 'essex-police'])
      expect(find(out.mentions, f, 'remains-in-engage')).toBeDefined();
    expect(out.engagePeriods).toEqual([]);
  });

  it('takes no force from a group when more are named than counted', () => {
    const out = read(
      'Kent Police was placed into special measures today.\n\nTwo forces are in special measures, and Kent Police, Essex Police and Surrey Police were named in the debate.',
    );
    expect(forcesOf(out.mentions)).toEqual(new Set(['kent-police']));
    expect(out.problems?.join(' ')).toMatch(/counts 2 forces but 3/);
  });

  it('reads grade counts in words and digits, with the areas assessed', () => {
    const out = read(
      'Inspectors graded Cumbria Constabulary across 9 areas of policing and found it good in 2 areas, adequate in one and requires improvement in six areas.',
    );
    expect(find(out.mentions, 'cumbria-constabulary', 'report-published')).toMatchObject({
      gradeCounts: { good: 2, adequate: 1, 'requires-improvement': 6 },
      areasAssessed: 9,
      date: null,
    });
  });

  it('reads "inadequate overall and in three key areas" about the force a page is about', () => {
    const out = read(
      'Lancashire Constabulary branded failing\n\nLancashire Constabulary faces questions.\n\nIt has been rated inadequate overall and in three key areas by the inspectorate.',
    );
    expect(find(out.mentions, 'lancashire-constabulary', 'report-published')!.gradeCounts).toEqual({
      inadequate: 3,
    });
  });

  it('writes no grade counts when they add up to more than the areas assessed', () => {
    const out = read(
      'The inspectorate assessed four areas and rated Norfolk Constabulary good in three areas and adequate in two areas.',
    );
    expect(find(out.mentions, 'norfolk-constabulary', 'report-published')!.gradeCounts).toBeNull();
    expect(out.problems?.join(' ')).toMatch(/assessed/);
  });

  it('dates "today" only under a dated page, and never from a quotation', () => {
    const dated = read(
      'Published 3 May 2023\n\nToday the inspectorate removed Suffolk Constabulary from Engage.',
    );
    expect(find(dated.mentions, 'suffolk-constabulary', 'left-engage')!.date).toBe('2023-05-03');
    const undated = read('Today the inspectorate removed Suffolk Constabulary from Engage.');
    expect(find(undated.mentions, 'suffolk-constabulary', 'left-engage')!.date).toBeNull();
    const quoted = read(
      'Debated on Monday 6 March 2023\n\n“Yesterday the inspectorate placed Gwent Police in the Engage process,” the minister said.',
    );
    expect(find(quoted.mentions, 'gwent-police', 'entered-engage')!.date).toBeNull();
  });

  it('writes no date when a sentence gives several and none is tied to the event', () => {
    const out = read(
      'Between 1 May 2021 and 2 June 2022, after many reports, Hampshire Constabulary was placed in special measures, the watchdog said on 3 July 2022.',
    );
    expect(find(out.mentions, 'hampshire-and-isle-of-wight-constabulary', 'entered-engage')!.date).toBeNull();
    expect(out.problems?.join(' ')).toMatch(/several dates/);
  });

  it('does not take a page that says a force remains in Engage for a move', () => {
    const out = read(
      'Northamptonshire Police still in special measures\n\nNorthamptonshire Police was placed into special measures in 2022.\n\nThe force remains in Engage.',
    );
    expect(find(out.mentions, 'northamptonshire-police', 'remains-in-engage')).toBeDefined();
    expect(out.engagePeriods).toEqual([]);
  });

  it('does not read the verb "engage" or a general rule as a move', () => {
    expect(() =>
      read(
        'West Mercia Police will engage with partners. Forces may be escalated to Engage if concerns persist.',
      ),
    ).toThrow(ExtractionError);
  });

  it('throws ExtractionError, and only that, when there is nothing to read', () => {
    expect(() => read('The council was placed into special measures.')).toThrow(ExtractionError);
    expect(() => read('')).toThrow(ExtractionError);
  });

  // Linear time: twice the text takes about twice as long (a ratio, so a loaded machine does not fail it).
  it('reads 2 MB of articles in linear time', () => {
    const para =
      'Cleveland Police was removed from Engage in 2023 because of better plans, more arrests and faster calls. The force was rated good in two areas and adequate in one. Sussex Police will engage with partners "today" and more, including x, y and z.\n\n';
    const time = (size: number) => {
      const ctx = readContext(para.repeat(Math.ceil(size / para.length)), forces);
      const start = performance.now();
      extractNews(ctx);
      return performance.now() - start;
    };
    time(100_000);
    expect(time(2_000_000) / time(1_000_000)).toBeLessThan(3.5);
  });
});
