import { load } from 'cheerio';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { buildResponseDocx, pngSize, type ResponseDocument } from './responses.document.js';

/** A response written by hand for these tests; every word is invented. */
const record: ResponseDocument = {
  lpbName: 'Police, Fire and Crime Commissioner for Nowhereshire',
  forceName: 'Nowhereshire Constabulary',
  forceSlug: 'nowhereshire-constabulary',
  inspectionTitle: 'An imaginary inspection of custody',
  inspectionPublishedOn: '2024-06-04',
  status: 'draft',
  deadline: '2024-07-29',
  publishedOn: null,
  publicUrl: null,
  inspectionType: [
    { label: 'Specific to the force', ticked: true },
    { label: 'National', ticked: false },
    { label: 'Thematic', ticked: 'unknown' },
  ],
  forceQuoted: 'no',
  summary: ['Detainees wait too long for a nurse.', 'Cells are clean.'],
  areas: [
    {
      label: 'Custody',
      grade: 'requires-improvement',
      gradeLabel: 'Requires improvement',
      causes: [
        {
          number: '1',
          text: 'Health care in custody is not safe at night.',
          recommendations: [{ number: '1', text: 'Contract a night nurse for each suite.' }],
        },
      ],
      recommendations: [],
      improvements: [{ number: '2', text: 'Record every strip search with its reason.' }],
    },
  ],
  forceResponse: 'The force accepts the report.\nA board will oversee the work.',
  chiefInvitedOn: '2024-06-05',
  chiefCommentsDueOn: '2024-06-30',
  chiefComments: null,
  recommendations: [
    {
      id: '00000000-0000-4000-8000-000000000001',
      kind: 'recommendation',
      label: 'Recommendation 1.1',
      required: true,
      text: 'Contract a night nurse for each suite.',
      action: 'A contract starts in September.',
      version: 1,
    },
    {
      id: '00000000-0000-4000-8000-000000000002',
      kind: 'area-for-improvement',
      label: 'Area for improvement 2',
      required: false,
      text: 'Record every strip search with its reason.',
      action: null,
      version: 1,
    },
  ],
  lpbComment: 'The commissioner will ask for monthly figures.',
  scrutiny: [
    {
      id: 'm1',
      heldOn: '2024-07-01',
      body: 'Accountability board',
      focus: 'Custody health care.',
      questions: [{ number: '1', question: 'When will the nurse start?', answer: null }],
    },
  ],
  sentToHmicfrsOn: null,
  sentToHomeSecretaryOn: null,
  answeredThrough: null,
};

// A one-pixel PNG.
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe('the response as a Word document', () => {
  it('has the form’s sections as headings, in order', async () => {
    const $ = load((await mammoth.convertToHtml({ buffer: await buildResponseDocx(record) })).value);
    expect(
      $('h1')
        .map((_, h) => $(h).text())
        .get(),
    ).toEqual([
      'Inspection details',
      'Executive summary of the report',
      'Causes of concern and areas for improvement',
      'The force’s response',
      'The chief constable’s comments',
      'Recommendations and the action taken or proposed',
      'Comment by the Police, Fire and Crime Commissioner for Nowhereshire',
      'Scrutiny',
      'Publication',
    ]);
    expect($('h2').first().text()).toBe('Type of inspection');
    expect($('h2').eq(1).text()).toBe('Custody (Requires improvement)');
    expect($('h3').first().text()).toBe('Cause of concern 1');
    expect(
      $('p')
        .slice(0, 2)
        .map((_, p) => $(p).text())
        .get(),
    ).toEqual([
      'Response of the Police, Fire and Crime Commissioner for Nowhereshire to an HMICFRS inspection of Nowhereshire Constabulary',
      'Draft: not yet published',
    ]);
  });

  it('shows the tick boxes and the recommendations in tables', async () => {
    const $ = load((await mammoth.convertToHtml({ buffer: await buildResponseDocx(record) })).value);
    const cells = (i: number) =>
      $('table')
        .eq(i)
        .find('tr')
        .map((_, tr) => [
          $(tr)
            .find('td, th')
            .map((__, c) => $(c).text())
            .get(),
        ])
        .get<string[]>();
    expect(cells(0)).toContainEqual(['Is Nowhereshire Constabulary quoted in the report?', 'No']);
    expect(cells(0)).toContainEqual(['Last day to publish this response (s55)', '29 July 2024']);
    expect(cells(1)).toEqual([
      ['Type', 'Ticked'],
      ['☒ Specific to the force', 'Yes'],
      ['☐ National', 'No'],
      ['☐ Thematic', 'Not known'],
    ]);
    expect(cells(3)).toEqual([
      ['Number', 'Recommendation', 'Action taken or proposed, or why none'],
      ['Recommendation 1.1', 'Contract a night nurse for each suite.', 'A contract starts in September.'],
      ['Area for improvement 2', 'Record every strip search with its reason.', 'No answer given (optional).'],
    ]);
    expect($.text()).toContain('No comments have been received from the chief constable.');
    expect($.text()).toContain('Question 1: When will the nurse start?');
  });

  it('puts the logo in the header with alternative text, scaled to fit', async () => {
    const zip = await JSZip.loadAsync(await buildResponseDocx(record, { logo: new Uint8Array(PIXEL) }));
    expect(Object.keys(zip.files).filter((f) => f.startsWith('word/media/'))).toHaveLength(1);
    const header = await zip.file(/word\/header\d*\.xml/)[0]!.async('string');
    expect(header).toContain('descr="Logo of the Police, Fire and Crime Commissioner for Nowhereshire"');
    const without = await JSZip.loadAsync(
      await buildResponseDocx(record, { logo: new Uint8Array([1, 2, 3]) }),
    );
    expect(Object.keys(without.files).filter((f) => f.startsWith('word/media/'))).toHaveLength(0);
  });

  it('reads a PNG’s size from its header', () => {
    expect(pngSize(new Uint8Array(PIXEL))).toEqual({ width: 1, height: 1 });
    expect(pngSize(new Uint8Array([0x89, 0x50]))).toBeNull();
  });
});
