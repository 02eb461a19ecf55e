import { describe, expect, it } from 'vitest';
import { referenceForcesContext } from '../../../../test/forces-context.js';
import { classifyDocument, evidence } from './classify.js';
import { readContext } from './context.js';

// Every text below is written for this test (invented forces and people): a layout per family,
// its near-misses, and whole neighbour documents that must be rejected.
const forces = referenceForcesContext().forces;
const classify = (lines: string[], title: string | null = null) =>
  classifyDocument(readContext(lines.join('\n'), forces, title));

describe('the Engage list pages', () => {
  it('the list of forces in Engage is engage-current, even with a single force', () => {
    const result = classify([
      'Police forces in Engage',
      'Northshire Constabulary',
      'Entered Engage',
      '2025',
      'Reasons',
      '- The force does not answer emergency calls quickly enough.',
      'Westmoor Police',
      'Entered Engage',
      '2024',
      'Reasons',
      '- The force does not record crime accurately.',
    ]);
    expect(result.kind).toBe('engage-current');
    expect(result.confidence).toBeGreaterThan(0.5);
  });

  it('the list of forces previously in Engage is engage-previous, though it also says when they entered', () => {
    const result = classify([
      'Police forces previously in Engage',
      '',
      'Northshire Constabulary',
      '',
      'Moved out of Engage',
      '',
      'March 2025',
      '',
      'Reasons',
      '- The force now answers its calls promptly.',
      '',
      'Entered Engage',
      '',
      '2023',
      '',
      'Related news and publications',
    ]);
    expect(result.kind).toBe('engage-previous');
  });
});

describe('news', () => {
  it('a press article on a force placed in special measures', () => {
    const result = classify([
      'Northshire force put into special measures by watchdog',
      'Northshire Constabulary has been placed in special measures after inspectors raised concerns about how it handles 999 calls.',
      'The inspectorate said the force had been moved into the Engage phase of its monitoring process.',
      'The chief constable said: “We accept the findings and are already making changes.”',
    ]);
    expect(result.kind).toBe('news');
    expect(result.reasons.join(' ')).toMatch(/Engage/);
  });

  it('a force’s press release on leaving enhanced monitoring', () => {
    const result = classify([
      'Constabulary leaves enhanced monitoring',
      'Northshire Constabulary has been removed from the enhanced level of monitoring known as ‘engage’ after improving its crime recording.',
      'The force entered the engage phase in 2023.',
    ]);
    expect(result.kind).toBe('news');
  });

  it('an inspectorate news item reporting grades as counts', () => {
    const result = classify([
      'Concerns about a force’s performance',
      'The police inspectorate graded Westmoor Police across nine areas of policing and found it was ‘good’ in two areas, ‘adequate’ in three areas and ‘inadequate’ in four areas.',
      'HM Inspector Jane Example said:',
      '“The force must improve how it investigates crime.”',
    ]);
    expect(result.kind).toBe('news');
  });

  it('a parliamentary statement on a force entering Engage', () => {
    const result = classify([
      'Westmoor Police',
      'Volume 900: debated on Tuesday 3 March 2026',
      'My Lords, with the leave of the House, I will repeat a Statement on the decision of the inspectorate to place Westmoor Police in the ‘Engage’ process.',
    ]);
    expect(result.kind).toBe('news');
  });

  it('an inspectorate letter returning a force to routine monitoring is news, not a report', () => {
    const result = classify([
      'Northshire Constabulary: PEEL causes of concern revisit letter',
      'Letter information',
      'From',
      'Jane Example',
      'His Majesty’s Inspector of Constabulary',
      'To',
      'Chief Constable',
      'Sent on',
      '2 February 2026',
      'I am pleased to tell you that we have decided to return the force to our default level of monitoring, known as ‘scan’.',
      'In our 2024 inspection we identified two causes of concern.',
      'We moved the force to the engage phase of monitoring in May 2024.',
    ]);
    expect(result.kind).toBe('news');
  });

  it('a commissioner merely reacting to the force being placed in Engage is news', () => {
    const result = classify([
      'Commissioner responds to Inspector’s concerns',
      'The Police and Crime Commissioner for Northshire says she hopes that the decision to put the force under an enhanced level of monitoring will drive improvement.',
      'The decision follows an inspection earlier this year.',
      'The Commissioner said: “I will hold the Chief Constable to account.”',
    ]);
    expect(result.kind).toBe('news');
  });

  it('the inspectorate’s press release on one force’s PEEL grades is news, not the report', () => {
    const result = classify([
      'PEEL 2026: second round of force press releases',
      'HMICFRS has today published our findings for the second round of forces inspected this year.',
      'Inspectors praise Westmoor Police',
      'The inspectorate has today published a report on Westmoor Police.',
      'Inspectors found that Westmoor Police:',
      '- is ‘good’ at keeping people safe; and',
      '- is ‘adequate’ at treating the public fairly.',
      'HM Inspector of Constabulary Jane Example said:',
      '“The force should be proud of its work with victims.”',
    ]);
    expect(result.kind).toBe('news');
    expect(result.reasons.join(' ')).toMatch(/press release/);
  });

  it('near-miss: the report itself, grading the force in its own voice, stays a PEEL report', () => {
    const result = classify([
      'PEEL 2026: an inspection of Westmoor Police',
      'Our judgments',
      'We found that Westmoor Police is good at keeping people safe and adequate at treating the public fairly.',
      'Preventing crime: Good',
      'Treatment of the public: Adequate',
      'HM Inspector’s summary',
    ]);
    expect(result.kind).toBe('peel-report');
  });

  it('a force’s own release on leaving special measures, without a quote, is news', () => {
    const result = classify([
      'News –',
      'Inspectorate sees progress at Northshire Constabulary',
      'Northshire Constabulary has today (Friday, 6 March 2026) come out of special measures.',
      'In 2024 the inspectorate placed the force under its enhanced monitoring process, Engage.',
      'HMICFRS has now removed the force from Engage. Our improvements include:',
      '- We answer most emergency calls within ten seconds.',
    ]);
    expect(result.kind).toBe('news');
  });

  it('near-miss: a page explaining Engage, reporting no event, is not news', () => {
    const result = classify([
      'What Engage means',
      'Engage is the enhanced level of monitoring the inspectorate uses for forces that need extra support.',
      'A force in Engage meets a policing performance oversight group regularly.',
    ]);
    expect(result.kind).toBe('unknown');
  });
});

describe('commissioners’ responses', () => {
  it('a letter to the Home Secretary under section 55', () => {
    const result = classify([
      'Rt Hon Jo Example MP',
      'Home Secretary',
      'Home Office',
      '1 March 2026',
      'Custody: a thematic inspection',
      'I write to you in response to the above inspection report, which was published on 4 January 2026.',
      'The report made six recommendations, two of them for chief constables.',
      'Yours sincerely',
    ]);
    expect(result.kind).toBe('pcc-response');
    expect(result.confidence).toBeGreaterThan(0.5);
  });

  it('a commissioner’s letter ABOUT a PEEL report is a response, not a PEEL report', () => {
    const result = classify([
      'Commissioner’s response to the HMICFRS PEEL report',
      'Dear Home Secretary,',
      'I welcome the PEEL inspection of Westmoor Police, which found the force good at preventing crime and requires improvement in investigating crime.',
      'As Police and Crime Commissioner I will monitor the force’s improvement plan.',
      'Yours sincerely',
    ]);
    expect(result.kind).toBe('pcc-response');
  });

  it('a response page ("Response from: Office of the Police and Crime Commissioner")', () => {
    const result = classify([
      'HMICFRS report: a national review of online fraud',
      'Response from: Office of the Police and Crime Commissioner',
      'I welcome this review and its focus on victims.',
    ]);
    expect(result.kind).toBe('pcc-response');
  });

  it('a statement that the commissioner has published a statutory response', () => {
    const result = classify([
      '2 June 2026',
      'Police and Crime Commissioner Sam Example has today published his statutory response to the inspectorate’s annual assessment of policing.',
      'The report called for reform of the police workforce.',
    ]);
    expect(result.kind).toBe('pcc-response');
  });

  it('a combined page listing several responses', () => {
    const result = classify([
      'Deputy Mayor’s responses to HMIC inspections',
      'Undercover policing',
      'HMIC published its report on undercover policing in October.',
      'Sam Example’s response to the HMIC report on undercover policing.',
      'Crime recording',
      'Sam Example’s response to the HMIC crime recording report.',
    ]);
    expect(result.kind).toBe('pcc-response');
  });

  it('the commissioners’ response form', () => {
    const result = classify([
      'RESPONSE BY THE PCC TO',
      'HMICFRS INSPECTIONS OF WESTMOOR POLICE',
      'INSPECTION DETAILS',
      'Title of Inspection',
      'PEEL 2025',
      'Date Inspection Published',
      '3 March 2026',
      'Type of Inspection:',
      'Force Specific',
      'EXECUTIVE SUMMARY OF REPORT',
      'The inspector found the force remains in Engage while it improves its crime recording.',
    ]);
    expect(result.kind).toBe('pcc-response');
  });
});

describe('commissioners’ press releases and response sections', () => {
  it('a commissioner’s release leading with her reaction to a PEEL report is a response, Engage being background', () => {
    const result = classify([
      'The Police and Crime Commissioner for Northshire says she trusts the new chief constable to fix the problems inspectors found.',
      'The inspectorate graded the force across nine areas and found it ‘inadequate’ in two areas, ‘adequate’ in four areas and ‘good’ in three areas.',
      'The inspectorate placed the force in its enhanced monitoring stage, Engage, in June and today publishes its PEEL report.',
      'In response, Jo Example, Police and Crime Commissioner for Northshire, said: “The report will help me hold our chief constable to account.”',
    ]);
    expect(result.kind).toBe('pcc-response');
    expect(result.reasons.join(' ')).toMatch(/lead/);
  });

  it('near-miss: the same commissioner leading with the Engage decision is news', () => {
    const result = classify([
      'The Police and Crime Commissioner for Northshire says the decision to place the force in special measures is a wake-up call.',
      'The inspectorate found the force ‘inadequate’ in two areas.',
      'The Commissioner said: “I will hold the chief constable to account.”',
    ]);
    expect(result.kind).toBe('news');
  });

  it('near-miss: a police service’s own Commissioner leading about a report is not a commissioner’s lead', () => {
    const reasons = evidence(
      readContext(
        [
          'The Commissioner of the Westmoor Police Service said the inspectors’ report was fair.',
          'The force was rated good at preventing crime.',
        ].join('\n'),
        forces,
      ),
    ).flatMap((s) => s.reasons);
    expect(reasons.join(' ')).not.toMatch(/the lead says the commissioner/);
  });

  it('a commissioner titled as backing the inspectorate’s judgement', () => {
    const result = classify([
      'Commissioner backs inspectorate’s judgement that Westmoor Police requires improvement',
      'Sam Example, Police and Crime Commissioner for Westmoor, has today backed the judgement of the inspectorate in its PEEL report.',
      'The report found the force needs to understand the demand it faces.',
    ]);
    expect(result.kind).toBe('pcc-response');
  });

  it('a page quoting the inspectorate’s summary, then a section headed as the commissioner’s response', () => {
    const result = classify([
      'Westmoor PEEL Assessment 2025–2027',
      'In 2025–2027 we inspected Westmoor Police. PEEL stands for police effectiveness, efficiency and legitimacy.',
      'We graded most areas as outstanding, good, adequate, requires improvement or inadequate.',
      'PFCC Response',
      'The Commissioner welcomed the findings of the report on crime recording.',
    ]);
    expect(result.kind).toBe('pcc-response');
    expect(result.reasons.join(' ')).toMatch(/section headed/);
  });

  it('near-miss: the same summary without the response section is the PEEL report', () => {
    const result = classify([
      'Westmoor PEEL Assessment 2025–2027',
      'In 2025–2027 we inspected Westmoor Police. PEEL stands for police effectiveness, efficiency and legitimacy.',
      'We graded most areas as outstanding, good, adequate, requires improvement or inadequate.',
      'Responding to the public: Requires improvement',
      'Investigating crime: Good',
    ]);
    expect(result.kind).toBe('peel-report');
  });
});

describe('PEEL reports and other graded inspections', () => {
  it('a pillar page with the PEEL questions', () => {
    const result = classify([
      'Northshire PEEL 2016',
      'Effectiveness',
      'How effective is the force at keeping people safe and reducing crime?',
      'How effective is the force at investigating crime?',
      'Northshire Constabulary is good at investigating crime and requires improvement in protecting vulnerable people.',
      'Areas for improvement',
      '- The force should improve the supervision of investigations.',
    ]);
    expect(result.kind).toBe('peel-report');
  });

  it('an overall assessment with pillar judgments', () => {
    const result = classify([
      'Skip to content',
      'Westmoor 2017',
      'This is the fourth PEEL assessment of Westmoor Police.',
      'The extent to which the force is effective at keeping people safe and reducing crime is good.',
      'The extent to which the force is efficient at keeping people safe and reducing crime requires improvement.',
      "HMI's observations",
    ]);
    expect(result.kind).toBe('peel-report');
  });

  it('a graded report with "Area: Grade" lines', () => {
    const result = classify([
      'Overall summary',
      'Our judgments',
      'We make graded judgments of Westmoor Police in eight of nine areas as follows:',
      'Preventing crime: Good',
      'Responding to the public: Requires improvement',
      'Investigating crime: Adequate',
      'HM Inspector’s summary',
    ]);
    expect(result.kind).toBe('peel-report');
  });

  it('a cause-of-concern revisit letter from the inspectorate (no Engage decision) is a PEEL report', () => {
    const result = classify([
      'Westmoor Police: PEEL cause of concern revisit letter',
      'Published on: 4 April 2026',
      'Letter information',
      'His Majesty’s Inspector of Constabulary',
      'Sent on:',
      '4 April 2026',
      'In our 2025 inspection we identified a cause of concern about how the force responds to the public.',
      'We found the force has made progress against our recommendations.',
    ]);
    expect(result.kind).toBe('peel-report');
  });

  it('a crime data integrity re-inspection', () => {
    const result = classify([
      'Westmoor Police - Crime Data Integrity re-inspection 2026',
      'Overall judgment',
      'We gave the force an overall judgment of inadequate in our last inspection.',
      'We found that the force now records most reported crimes.',
    ]);
    expect(result.kind).toBe('peel-report');
  });
});

describe('neighbours are unknown, with the reason', () => {
  it('police and crime panel minutes discussing a PEEL report', () => {
    const result = classify([
      'Agenda item',
      '',
      'HMICFRS PEEL Inspection 2025',
      '',
      'Minutes:',
      '',
      '12.1     The Panel welcomed the Chief Constable and the Commissioner for this item.',
      '12.2     The Commissioner presented a report on the PEEL inspection of Westmoor Police, which rated the force good in two areas and adequate in five areas.',
      '12.3     Members asked how the force would improve its call handling; the Chief Constable said the new control room would open in the spring.',
      '12.4     The Commissioner explained how he would hold the force to account through his performance board.',
      '',
      'Resolved: That the Panel notes the report.',
      '',
      'Supporting documents:',
    ]);
    expect(result.kind).toBe('unknown');
    expect(result.reasons.join(' ')).toMatch(/agenda|minutes|panel/i);
  });

  it('a force newsletter celebrating its grades', () => {
    const result = classify([
      'THE WESTMOOR BEAT',
      'SPECIAL EDITION · MAY 2026',
      'PEEL REPORT 2025 Our best grades yet',
      'A note from the Chief Constable The PEEL report shows how far we have come: we left special measures last year and were found good in four areas and adequate in three.',
      'Thank you all for your work. Six of our teams are profiled in this issue, from the control room to the neighbourhood hubs.',
      'Inside: the control room that halved waiting times; the volunteers who run our front counters.',
    ]);
    expect(result.kind).toBe('unknown');
  });

  it('a panel agenda item noting inspection reports', () => {
    const result = classify([
      'Agenda item',
      'HMICFRS Inspection Reports - Report of the Police and Crime Commissioner',
      'The Panel considered a report of the Commissioner on the recent inspections.',
      'Resolved: That the Police and Crime Panel notes the content of the report.',
    ]);
    expect(result.kind).toBe('unknown');
  });

  it('a question time session on a PEEL report is not a response', () => {
    const result = classify([
      'Questioning the Chief Constable following the latest HMICFRS report',
      'The PCC held Police Question Time last week. The session focused on the recent PEEL report.',
      'The force was found to require improvement in five areas.',
      'The Chief Constable said: “We take this seriously.”',
    ]);
    expect(result.kind).toBe('unknown');
  });

  it('a general page on how the inspectorate works with commissioners', () => {
    const result = classify([
      'How HMICFRS works with commissioners',
      'This section explains how we work alongside local policing bodies. Follow the links below to find out more.',
      'Under section 55 of the Police Act 1996, the local policing body must publish comments on each report.',
    ]);
    expect(result.kind).toBe('unknown');
  });

  it('a page on how the inspectorate runs PEEL, naming no force, is not a PEEL report', () => {
    const result = classify([
      'How PEEL inspections work',
      'Since 2014 our PEEL inspections have assessed every force in England and Wales against an assessment framework.',
      'Graded judgments',
      'We give graded judgments: outstanding, good, adequate, requires improvement and inadequate.',
      'Our findings are published for each force.',
    ]);
    expect(result.kind).toBe('unknown');
  });

  it('near-miss: a page naming its force, with the PEEL questions, is still a PEEL report', () => {
    const result = classify([
      'Westmoor PEEL 2017',
      'How effective is the force at protecting vulnerable people?',
      'Westmoor Police is good at protecting vulnerable people.',
    ]);
    expect(result.kind).toBe('peel-report');
  });

  it('a consultation response about PEEL is not a report', () => {
    const result = classify([
      'PEEL consultation response',
      'The inspectorate has published its answers to the points raised during our consultation on PEEL.',
      'Read the report',
    ]);
    expect(result.kind).toBe('unknown');
  });

  it('a chief constable’s message about the force’s grades is not the report', () => {
    const result = classify([
      'Westmoor Police – inspection results',
      'Message from the Chief Constable',
      'Our PEEL assessment report was published today, following our inspection in the spring.',
      'We were graded as ‘outstanding’ at preventing crime and ‘good’ at investigating crime.',
    ]);
    expect(result.kind).toBe('unknown');
    expect(result.reasons.join(' ')).toMatch(/chief constable|own grades/);
  });

  it('an index of reports and their responses is not itself a response', () => {
    const result = classify([
      'INSPECTION REPORTS AND RESPONSES',
      'Under section 55 of the Police Act 1996, the Police and Crime Commissioner must comment on each inspection report about the force.',
      'The Commissioner publishes every response on this page. You can find all the responses below.',
      '2025',
      'Report',
      'Response',
      '2024',
      'Report',
      'Response',
    ]);
    expect(result.kind).toBe('unknown');
  });

  it('near-miss: one response with a download link stays a response', () => {
    const result = classify([
      'PCC response to the HMICFRS report on custody in Westmoor',
      'I welcome this report and the inspectors’ praise for our custody staff.',
      'As Police and Crime Commissioner I will monitor the force’s action plan.',
      'Download',
    ]);
    expect(result.kind).toBe('pcc-response');
  });

  it('recruitment news from a force', () => {
    const result = classify([
      'National campaign to recruit police officers launches today',
      'A national campaign to recruit new officers starts today. The chief constable said: “Join us.”',
    ]);
    expect(result.kind).toBe('unknown');
  });

  it.each([
    ['empty text', ['']],
    ['a shopping list', ['Milk', 'Bread', 'Eggs']],
    ['minutes of another body', ['Minutes of the allotment society.', 'Agenda: marrows.']],
    [
      'a blog post that never mentions the inspectorate',
      ['Why our county needs more officers', 'I have argued for years that rural areas are underfunded.'],
    ],
  ])('%s', (_name, lines) => {
    const result = classify(lines);
    expect(result.kind).toBe('unknown');
    expect(result.confidence).toBe(0);
    expect(result.reasons[0]).toBeTruthy();
  });
});

describe('what the classifier gives back', () => {
  it('a confidence between 0 and 1 and reasons as sentences', () => {
    const result = classify(['Westmoor PEEL 2016', 'How effective is the force at keeping people safe?']);
    expect(result.confidence).toBeGreaterThanOrEqual(0);
    expect(result.confidence).toBeLessThanOrEqual(1);
    for (const reason of result.reasons) expect(reason).toMatch(/^[a-z(“"]/i);
  });

  it('the reader’s title counts as the title', () => {
    const body = ['I welcome the findings and will monitor the force’s action plan.'];
    expect(classify(body).kind).toBe('unknown');
    expect(classify(body, 'PCC response to the HMICFRS custody inspection report').kind).toBe('pcc-response');
  });

  it('stays fast on a large, repetitive document', () => {
    const text = 'PCC said placed the Commissioner put under special report '.repeat(4000);
    const started = performance.now();
    classifyDocument(readContext(text, forces));
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('news of "special measures" that names no police force is another body\'s, not Engage', () => {
    const text = [
      'Borough council leaves special measures',
      '',
      'The borough council has been removed from special measures by the schools watchdog, it was announced today.',
      'The council leader said: "This is a proud day for our children and families."',
    ].join('\n');
    const c = classifyDocument(readContext(text, forces));
    expect(c.kind).toBe('unknown');
    expect(c.reasons.join(' ')).not.toMatch(/^reads like news/);
  });
});
