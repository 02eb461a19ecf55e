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
    'North Yorkshire Police has today been returned to routine monitoring by HMICFRS.',
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
    "I am writing to tell you that His Majesty's Chief Inspector of Constabulary has decided to move Lincolnshire Police into the Engage phase of monitoring.",
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
      'Lancashire Constabulary branded failing\n\nLancashire Constabulary faces questions.\n\nThe inspectorate rated it inadequate overall and in three key areas.',
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

  it('reads grade counts with the grade in quotes and "the other N areas"', () => {
    const out = read(
      'Inspectors rated Durham Constabulary ‘good’ in two areas and ‘adequate’ in the other five areas.',
    );
    expect(find(out.mentions, 'durham-constabulary', 'report-published')!.gradeCounts).toEqual({
      good: 2,
      adequate: 5,
    });
    const quoted = read('The watchdog found Gwent Police ‘inadequate’ in three areas of policing.');
    expect(find(quoted.mentions, 'gwent-police', 'report-published')!.gradeCounts).toEqual({ inadequate: 3 });
  });

  it('reads counts whose noun is left out after the first, and every form of "requires improvement"', () => {
    const elided = read(
      'The inspection report graded Essex Police good in two areas, adequate in four and requiring improvement in three.',
    );
    expect(find(elided.mentions, 'essex-police', 'report-published')!.gradeCounts).toEqual({
      good: 2,
      adequate: 4,
      'requires-improvement': 3,
    });
    const past = read(
      'In its PEEL report, the inspectorate said Kent Police required improvement in 4 areas and was adequate in 3.',
    );
    expect(find(past.mentions, 'kent-police', 'report-published')!.gradeCounts).toEqual({
      'requires-improvement': 4,
      adequate: 3,
    });
    const bare = read('HMICFRS inspectors found Surrey Police to require improvement in five areas.');
    expect(find(bare.mentions, 'surrey-police', 'report-published')!.gradeCounts).toEqual({
      'requires-improvement': 5,
    });
  });

  it('reads "graded outstanding in one area" and the areas a force was rated across', () => {
    const out = read(
      'Dyfed-Powys Police was rated by the inspectorate across eight areas. It was graded outstanding in one area and good in seven.',
    );
    expect(find(out.mentions, 'dyfed-powys-police', 'report-published')).toMatchObject({
      gradeCounts: { outstanding: 1, good: 7 },
      areasAssessed: 8,
    });
  });

  it('keeps a partial list of grades under a count of areas it does not fill, and invents none', () => {
    const partial = read(
      'The PEEL report assessed Norfolk Constabulary across nine areas and found it inadequate in two of them.',
    );
    expect(find(partial.mentions, 'norfolk-constabulary', 'report-published')).toMatchObject({
      gradeCounts: { inadequate: 2 },
      areasAssessed: 9,
    });
    const some = read(
      'Inspectors rated Suffolk Constabulary in several areas, including good in two areas, in their report.',
    );
    expect(find(some.mentions, 'suffolk-constabulary', 'report-published')!.gradeCounts).toBeNull();
  });

  it('counts grades given as a list of items, only when the list is whole', () => {
    const whole = read(
      [
        'The inspectorate has today published a report on Cheshire Constabulary.',
        'Inspectors found that Cheshire Constabulary:',
        '  • is ‘good’ at keeping people safe;',
        '  • is ‘outstanding’ at planning for the future; and',
        '  • is ‘good’ at treating the public fairly.',
      ].join('\n'),
    );
    expect(find(whole.mentions, 'cheshire-constabulary', 'report-published')!.gradeCounts).toEqual({
      good: 2,
      outstanding: 1,
    });
    const cut = read(
      [
        'The inspectorate has today published a report on Cheshire Constabulary.',
        'Inspectors found that Cheshire Constabulary:',
        '  • is ‘good’ at keeping people safe;',
        '  • is ‘outstanding’ at planning for the',
        '[TRUNCATED]',
      ].join('\n'),
    );
    expect(find(cut.mentions, 'cheshire-constabulary', 'report-published')!.gradeCounts).toBeNull();
  });

  it('reads exit reasons listed after "made improvements in several areas, including", with the entry year elsewhere', () => {
    const bulleted = read(
      [
        'Bedfordshire Police out of special measures',
        '',
        'This article first appeared on a partner site.',
        '',
        'Bedfordshire Police has been taken out of special measures by the police watchdog.',
        '',
        'The force was put into special measures in 2021.',
        '',
        'Inspectors said it has made improvements in several areas, including:',
        '',
        '- how quickly it answers emergency calls',
        '- the support it gives to victims',
        '- the way it manages its workforce',
      ].join('\n'),
    );
    const [period] = bulleted.engagePeriods;
    expect(period).toMatchObject({ force: 'bedfordshire-police', entered: '2021' });
    expect(period!.exitReasons.map((r) => r.text)).toEqual([
      'how quickly it answers emergency calls',
      'the support it gives to victims',
      'the way it manages its workforce',
    ]);
    const inline = read(
      [
        'Bedfordshire Police has been taken out of special measures by the police watchdog.',
        'The force was put into special measures in 2021.',
        'Inspectors said it has made improvements in several areas, including answering emergency calls, supporting victims and managing its workforce.',
      ].join('\n\n'),
    );
    expect(inline.engagePeriods[0]!.exitReasons.map((r) => r.text)).toEqual([
      'answering emergency calls',
      'supporting victims',
      'managing its workforce',
    ]);
  });

  it('reads a force speaking for itself, dated by its dateline', () => {
    const out = read(
      [
        'Force no longer in special measures',
        '',
        '12 February 2025',
        '',
        'We have been removed from special measures by the inspectorate, Warwickshire Police can confirm.',
        '',
        'Our Chief Constable thanked officers and staff for their work.',
      ].join('\n'),
    );
    expect(find(out.mentions, 'warwickshire-police', 'left-engage')!.date).toBe('2025-02-12');
    const first = read(
      [
        'Warwickshire Police',
        '',
        'Leicester, 12 February 2025 – We are pleased to say that we have been removed from Engage after two years of hard work by Warwickshire Police officers.',
      ].join('\n'),
    );
    expect(find(first.mentions, 'warwickshire-police', 'left-engage')!.date).toBe('2025-02-12');
    const unnamed = read(
      [
        'Warwickshire Police news',
        '',
        'Posted on 12 February 2025',
        '',
        'We have been removed from special measures, our Chief Constable announced today.',
        '',
        'We were placed in special measures in 2023.',
      ].join('\n'),
    );
    expect(unnamed.engagePeriods[0]).toMatchObject({
      force: 'warwickshire-police',
      entered: '2023',
      exited: '2025-02-12',
    });
  });

  it('reads the reasons after "because the force needs to:" and "because it is not:", as bullets or as lines', () => {
    const lines = read(
      [
        'Humberside Police moved into enhanced monitoring',
        '',
        'The inspectorate said Humberside Police had been moved into Engage because the force needs to:',
        'improve how it answers calls from the public;',
        'supervise its investigations better; and',
        'protect vulnerable people more effectively.',
        '',
        'The inspectorate said it would publish more detail in its next report.',
      ].join('\n'),
    );
    expect(lines.engagePeriods[0]!.entryReasons.map((r) => r.text)).toEqual([
      'improve how it answers calls from the public',
      'supervise its investigations better',
      'protect vulnerable people more effectively',
    ]);
    const spaced = read(
      [
        'Humberside Police moved into enhanced monitoring',
        '',
        'The inspectorate said Humberside Police had been moved into Engage because it is not:',
        '',
        'answering calls from the public quickly enough',
        '',
        'supervising its investigations well',
        '',
        'The inspectorate will publish more detail about the force later this year.',
      ].join('\n'),
    );
    expect(spaced.engagePeriods[0]!.entryReasons.map((r) => r.text)).toEqual([
      'answering calls from the public quickly enough',
      'supervising its investigations well',
    ]);
    const bullets = read(
      [
        'Humberside Police moved into enhanced monitoring',
        'The inspectorate said Humberside Police had been moved into Engage because the force needs to:',
        '  • improve how it answers calls; and',
        '  • supervise its investigations better.',
      ].join('\n'),
    );
    expect(bullets.engagePeriods[0]!.entryReasons).toHaveLength(2);
  });

  it('does not take a future report for a published one', () => {
    const out = read(
      'Humberside Police has today been moved into Engage. More detail will be in its next inspection report, which is due to be published in early 2026.',
    );
    expect(find(out.mentions, 'humberside-police', 'report-published')).toBeUndefined();
  });

  it('gives each force of a multi-force article its own event', () => {
    const out = read(
      [
        'Two forces leave special measures',
        '',
        'Cleveland Police and Durham Constabulary have both been removed from special measures.',
        '',
        'Meanwhile, Cumbria Constabulary has been moved into Engage, while Lancashire Constabulary was returned to Scan.',
        '',
        'Three forces have been placed into special measures this year. They are Gwent Police, Dorset Police and Kent Police.',
      ].join('\n'),
    );
    expect(find(out.mentions, 'cleveland-police', 'left-engage')).toBeDefined();
    expect(find(out.mentions, 'durham-constabulary', 'left-engage')).toBeDefined();
    expect(find(out.mentions, 'cumbria-constabulary', 'entered-engage')).toBeDefined();
    expect(find(out.mentions, 'cumbria-constabulary', 'left-engage')).toBeUndefined();
    expect(find(out.mentions, 'lancashire-constabulary', 'left-engage')).toBeDefined();
    expect(find(out.mentions, 'lancashire-constabulary', 'entered-engage')).toBeUndefined();
    for (const f of ['gwent-police', 'dorset-police', 'kent-police'])
      expect(find(out.mentions, f, 'entered-engage')).toBeDefined();
    expect(out.engagePeriods).toEqual([]);
  });

  it('reads a letter returning a force to Scan, with the entry date in its background', () => {
    const out = read(
      [
        'Letter information',
        'From',
        'A Person',
        'His Majesty’s Inspector of Constabulary',
        'To',
        'B Person',
        'Chief Constable',
        'Derbyshire Constabulary',
        'Sent on',
        '3 April 2025',
        '',
        'I am writing to confirm that the Chief Inspector has decided to return Derbyshire Constabulary to Scan, our routine level of monitoring.',
        'Background',
        'Following our 2022 inspection, in September 2023 we escalated the force to the Engage phase of monitoring.',
        'The force has been in Engage since then.',
      ].join('\n'),
    );
    expect(find(out.mentions, 'derbyshire-constabulary', 'left-engage')!.date).toBe('2025-04-03');
    expect(out.engagePeriods[0]).toMatchObject({
      force: 'derbyshire-constabulary',
      entered: '2023-09',
      exited: '2025-04-03',
    });
    const since = read(
      [
        'Sent on',
        '3 April 2025',
        'The Chief Inspector has decided to return Derbyshire Constabulary to Scan.',
        'The force had been in Engage since 14 March 2022.',
      ].join('\n'),
    );
    expect(since.engagePeriods[0]).toMatchObject({ entered: '2022-03-14', exited: '2025-04-03' });
  });

  it('reads a move whose term is in quotes, and takes no list its lead-in does not tie to the move', () => {
    const out = read(
      [
        'Dorset Police no longer needs ‘enhanced monitoring’, inspectors say.',
        '',
        'The commissioner has given the force more money over the years.',
        '',
        'This includes:',
        '- more officers on patrol',
        '- new vehicles',
      ].join('\n'),
    );
    expect(find(out.mentions, 'dorset-police', 'left-engage')).toBeDefined();
    expect(out.engagePeriods.flatMap((p) => p.exitReasons)).toEqual([]);
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
