import { describe, expect, it } from 'vitest';
import {
  assess,
  dueRowAsAt,
  median,
  nationalSummary,
  onTimeFor,
  sortForPage,
  summariseByLpb,
  type DueRow,
} from './responses.timeliness.js';

const row = (over: Partial<DueRow> = {}): DueRow => ({
  inspectionId: 'i1',
  inspectionSlug: 'an-inspection',
  inspectionTitle: 'An inspection',
  inspectionPublishedOn: '2023-03',
  publishedAtDay: '2023-03-17',
  embargoed: false,
  forceId: 'f1',
  forceSlug: 'kent-police',
  forceName: 'Kent Police',
  lpbName: 'Police and Crime Commissioner for Kent',
  responseId: null,
  responseStatus: null,
  storedDeadline: null,
  responsePublishedOn: null,
  responsePublishedEpoch: null,
  publicUrl: null,
  throughId: null,
  throughStatus: null,
  throughPublishedOn: null,
  throughInspectionSlug: null,
  throughInspectionTitle: null,
  ...over,
});

describe('median', () => {
  it('is the middle value of an odd count, whatever the order', () => {
    expect(median([64, 12, 41])).toBe(41);
  });
  it('is the mean of the two middle values of an even count', () => {
    expect(median([41, 64])).toBe(52.5);
    expect(median([1, 2, 3, 100])).toBe(2.5);
  });
  it('is null for no values', () => {
    expect(median([])).toBeNull();
  });
});

describe('where a response stands', () => {
  it('a report published on 17 March 2023 with no response is overdue from 12 May 2023', () => {
    const r = assess(row(), '2023-05-12');
    expect(r.deadline).toBe('2023-05-11');
    expect(r.state).toBe('overdue');
    expect(r.status).toBe('not-started');
    expect(r.onTime).toBe(false);
    expect(r.daysOverdue).toBe(1);
    expect(r.headline).toBe('Response due by 11 May 2023 — overdue');
    expect(r.link.href).toBe('/responses?force=kent-police');
  });

  it('on the last day it is still due, not overdue', () => {
    const r = assess(row(), '2023-05-11');
    expect(r.state).toBe('due-soon');
    expect(r.onTime).toBeNull();
    expect(r.headline).toBe('Response due by 11 May 2023 — due today');
  });

  it('is due soon within 14 days of the deadline and not yet due before', () => {
    expect(assess(row(), '2023-04-27').headline).toBe('Response due by 11 May 2023 — 14 days left');
    expect(assess(row(), '2023-04-26').state).toBe('not-due');
  });

  it('a response published on the last day is on time; the day after is late', () => {
    const onTime = assess(
      row({ responseId: 'r1', responseStatus: 'published', responsePublishedOn: '2023-05-11' }),
      '2024-01-01',
    );
    expect(onTime.state).toBe('on-time');
    expect(onTime.onTime).toBe(true);
    expect(onTime.daysToRespond).toBe(55);
    expect(onTime.headline).toBe('Published on 11 May 2023, on time');
    expect(onTime.link.href).toBe('/responses/r1');
    const late = assess(
      row({ responseId: 'r1', responseStatus: 'published', responsePublishedOn: '2023-05-20' }),
      '2024-01-01',
    );
    expect(late.state).toBe('late');
    expect(late.headline).toBe('Published on 20 May 2023, 9 days late');
  });

  it('a draft is not a published response, however dated', () => {
    const r = assess(
      row({ responseId: 'r1', responseStatus: 'draft', responsePublishedOn: '2023-05-01' }),
      '2023-06-01',
    );
    expect(r.status).toBe('draft');
    expect(r.state).toBe('overdue');
    expect(r.answeredOn).toBeNull();
  });

  it('a response answered through another counts from that response’s publication', () => {
    const r = assess(
      row({
        responseId: 'r2',
        responseStatus: 'draft',
        throughId: 'r1',
        throughStatus: 'published',
        throughPublishedOn: '2023-05-13',
        throughInspectionTitle: 'A national report',
      }),
      '2024-01-01',
    );
    expect(r.status).toBe('published');
    expect(r.answeredThrough).toBe(true);
    expect(r.state).toBe('late');
    expect(r.daysToRespond).toBe(57);
    expect(r.headline).toBe(
      'Answered through the response to A national report: published on 13 May 2023, 2 days late',
    );
  });

  it('an answer through a response not yet published does not count', () => {
    const r = assess(
      row({ responseId: 'r2', responseStatus: 'ready', throughId: 'r1', throughStatus: 'draft' }),
      '2023-05-01',
    );
    expect(r.status).toBe('ready');
    expect(r.state).toBe('due-soon');
  });

  it('gives no deadline to a report published before the 56-day duty came into force (2 May 2017)', () => {
    const old = assess(row({ publishedAtDay: null, inspectionPublishedOn: '2017-03-02' }), '2024-01-01');
    expect(old.deadline).toBeNull();
    expect(old.state).toBe('unknown');
    expect(old.headline).toMatch(/^No statutory deadline: .* 2 May 2017$/);
    expect(assess(row({ publishedAtDay: '2017-05-02' }), '2017-05-02').deadline).toBe('2017-06-26');
  });

  it('takes the day from publishedOn when there is no publication moment, only if it is a whole day', () => {
    expect(
      assess(row({ publishedAtDay: null, inspectionPublishedOn: '2018-03-02' }), '2018-03-02').deadline,
    ).toBe('2018-04-26');
    const unknown = assess(row({ publishedAtDay: null, inspectionPublishedOn: '2023-09' }), '2024-01-01');
    expect(unknown.deadline).toBeNull();
    expect(unknown.state).toBe('unknown');
    expect(unknown.onTime).toBeNull();
    expect(unknown.headline).toMatch(/^Response deadline not known/);
  });

  it('falls back to the deadline stored on the response when the report gives no day', () => {
    const r = assess(
      row({
        publishedAtDay: null,
        inspectionPublishedOn: '2023',
        responseId: 'r1',
        storedDeadline: '2023-06-30',
      }),
      '2023-07-01',
    );
    expect(r.deadline).toBe('2023-06-30');
    expect(r.state).toBe('overdue');
  });

  it('a response dated only by month is on time or late when the whole month is, else not known', () => {
    expect(onTimeFor('2023-04', '2023-05-11')).toBe(true);
    expect(onTimeFor('2023-06', '2023-05-11')).toBe(false);
    expect(onTimeFor('2023-05', '2023-05-11')).toBeNull();
    const r = assess(
      row({ responseStatus: 'published', responsePublishedOn: '2023-05', responseId: 'r1' }),
      '2024-01-01',
    );
    expect(r.state).toBe('unknown');
    expect(r.headline).toBe('Published in May 2023');
    expect(r.daysToRespond).toBeNull();
  });
});

describe('timeliness by local policing body', () => {
  const forces = [
    { slug: 'kent-police', name: 'Kent Police', lpbName: 'PCC for Kent' },
    { slug: 'essex-police', name: 'Essex Police', lpbName: 'PFCC for Essex' },
    { slug: 'dorset-police', name: 'Dorset Police', lpbName: 'PCC for Dorset' },
  ];
  const today = '2024-12-01';
  const kent = (publishedAtDay: string, responsePublishedOn: string | null) =>
    assess(
      row({
        inspectionId: publishedAtDay,
        publishedAtDay,
        ...(responsePublishedOn
          ? { responseId: publishedAtDay, responseStatus: 'published', responsePublishedOn }
          : {}),
      }),
      today,
    );
  const rows = [
    kent('2024-01-10', '2024-02-20'), // on time, 41 days
    kent('2024-06-03', '2024-08-06'), // late, 64 days
    kent('2023-03-17', null), // overdue
    kent('2024-11-20', null), // not yet due
    assess(
      row({
        forceSlug: 'essex-police',
        forceName: 'Essex Police',
        lpbName: 'PFCC for Essex',
        responseId: 'e',
        responseStatus: 'published',
        responsePublishedOn: '2023-05-11',
      }),
      today,
    ),
  ];

  it('counts due, published and overdue, the share on time and the median days, for every LPB', () => {
    const { lpbs, total } = summariseByLpb(forces, rows);
    expect(lpbs.map((l) => l.forceSlug)).toEqual(['kent-police', 'essex-police', 'dorset-police']);
    expect(lpbs[0]).toMatchObject({
      due: 3,
      published: 2,
      onTime: 1,
      late: 1,
      overdue: 1,
      pending: 1,
      percentOnTime: 33,
      medianDays: 52.5,
    });
    expect(lpbs[1]).toMatchObject({ due: 1, published: 1, percentOnTime: 100, medianDays: 55 });
    expect(lpbs[2]).toMatchObject({ due: 0, published: 0, percentOnTime: null, medianDays: null });
    expect(total).toMatchObject({ due: 4, published: 3, onTime: 2, percentOnTime: 50, medianDays: 55 });
  });

  it('says the same in words', () => {
    const { lpbs, total } = summariseByLpb(forces, rows);
    expect(nationalSummary(total, lpbs)).toBe(
      'Of 4 responses past their deadline or published, 2 were published on time (50%), 1 late, and 1 is overdue. ' +
        'The median time from a report’s publication to the response was 55 days. ' +
        'The most overdue responses are those of PCC for Kent (1).',
    );
    const none = summariseByLpb(forces, []);
    expect(nationalSummary(none.total, none.lpbs)).toBe('No responses are due yet.');
  });

  it('lists what needs attention first: overdue by oldest deadline, then due, then published newest first', () => {
    expect(sortForPage(rows).map((r) => `${r.state} ${r.inspectionId}`)).toEqual([
      'overdue 2023-03-17',
      'not-due 2024-11-20',
      'late 2024-06-03',
      'on-time 2024-01-10',
      'on-time i1',
    ]);
  });
});

describe('dueRowAsAt', () => {
  const published = row({
    responseId: 'r1',
    responseStatus: 'published',
    responsePublishedOn: '2023-05-02',
    responseCreatedDay: '2023-04-01',
    responseUpdatedDay: '2023-05-02',
    publicUrl: 'https://example.org/response',
  });

  it('leaves out an inspection not yet published, counting a month only once it has passed', () => {
    expect(dueRowAsAt(row(), '2023-03-16')).toBeNull();
    expect(dueRowAsAt(row(), '2023-03-17')).not.toBeNull();
    const monthOnly = row({ publishedAtDay: null, inspectionPublishedOn: '2023-03' });
    expect(dueRowAsAt(monthOnly, '2023-03-30')).toBeNull();
    expect(dueRowAsAt(monthOnly, '2023-03-31')).not.toBeNull();
    expect(dueRowAsAt(row({ publishedAtDay: null, inspectionPublishedOn: null }), '2099-01-01')).toBeNull();
  });

  it('keeps a response published by the day as it is', () => {
    expect(dueRowAsAt(published, '2023-05-02')).toEqual(published);
  });

  it('shows a response published later as a draft while its record existed, and as not started before', () => {
    expect(dueRowAsAt(published, '2023-04-15')).toMatchObject({
      responseId: 'r1',
      responseStatus: 'draft',
      responsePublishedOn: null,
      publicUrl: null,
    });
    expect(dueRowAsAt(published, '2023-03-20')).toMatchObject({ responseId: null, responseStatus: null });
    expect(assess(dueRowAsAt(published, '2023-03-20')!, '2023-03-20').status).toBe('not-started');
  });

  it('never claims a response was published on a day when its date is not known, or only its month is', () => {
    const undated = { ...published, responsePublishedOn: null };
    expect(dueRowAsAt(undated, '2030-01-01')?.responseStatus).toBe('draft');
    const may = { ...published, responsePublishedOn: '2023-05' };
    expect(dueRowAsAt(may, '2023-05-30')?.responseStatus).toBe('draft');
    expect(dueRowAsAt(may, '2023-05-31')?.responseStatus).toBe('published');
  });

  it('keeps a ready response ready only if it has not changed since the day', () => {
    const ready = row({
      responseId: 'r1',
      responseStatus: 'ready',
      responseCreatedDay: '2023-04-01',
      responseUpdatedDay: '2023-04-10',
    });
    expect(dueRowAsAt(ready, '2023-04-10')?.responseStatus).toBe('ready');
    expect(dueRowAsAt(ready, '2023-04-09')?.responseStatus).toBe('draft');
  });

  it('does not count an answer through another response published after the day', () => {
    const through = row({ throughId: 't1', throughStatus: 'published', throughPublishedOn: '2023-06-01' });
    expect(dueRowAsAt(through, '2023-05-01')).toMatchObject({
      throughStatus: 'draft',
      throughPublishedOn: null,
    });
    expect(dueRowAsAt(through, '2023-06-01')).toMatchObject({ throughStatus: 'published' });
  });
});
