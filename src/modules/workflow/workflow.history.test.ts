import { describe, expect, it } from 'vitest';
import { effectiveDay, statusAsAt } from '../../shared/as-at.js';
import { londonDay } from '../../shared/london-time.js';
import { actionAsAt, agreedDates, assessmentAsAt, isOverdue } from './workflow.history.js';

const at = (iso: string) => new Date(iso);

describe('a finding as at a day', () => {
  const events = [
    { status: 'open', occurredOn: '2016-03', recordedAt: at('2024-01-01T10:00:00Z'), note: null },
    { status: 'closed', occurredOn: '2024', recordedAt: at('2024-02-01T10:00:00Z'), note: null },
  ];

  it('counts a partial date only once its whole period has passed', () => {
    expect(effectiveDay('2016-03', at('2024-01-01T00:00:00Z'))).toBe('2016-03-31');
    expect(statusAsAt(events, '2016-03-30')).toBeNull();
    expect(statusAsAt(events, '2016-03-31')?.status).toBe('open');
    expect(statusAsAt(events, '2024-06-30')?.status).toBe('open');
    expect(statusAsAt(events, '2024-12-31')?.status).toBe('closed');
  });

  it('uses the London day an undated event was recorded', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    expect(londonDay(at('2024-06-30T23:30:00Z'))).toBe('2024-07-01');
    const undated = [
      { status: 'closed', occurredOn: null, recordedAt: at('2024-06-30T23:30:00Z'), note: null },
    ];
    expect(statusAsAt(undated, '2024-06-30')).toBeNull();
    expect(statusAsAt(undated, '2024-07-01')?.status).toBe('closed');
  });

  it('takes the later of two events effective the same day', () => {
    const same = [
      {
        status: 'closure-requested',
        occurredOn: '2025-01-10',
        recordedAt: at('2025-01-10T09:00:00Z'),
        note: null,
      },
      { status: 'closed', occurredOn: '2025-01-10', recordedAt: at('2025-01-10T15:00:00Z'), note: null },
    ];
    expect(statusAsAt(same, '2025-01-10')?.status).toBe('closed');
  });

  it('rebuilds the force’s rating and the LPB’s assurance', () => {
    const assessments = [
      { view: 'force', value: 'on-track', note: null, at: at('2025-01-01T12:00:00Z') },
      { view: 'force', value: 'at-risk', note: 'staffing', at: at('2025-03-01T12:00:00Z') },
      { view: 'lpb', value: 'assured', note: 'seen the plan', at: at('2025-02-01T12:00:00Z') },
    ];
    expect(assessmentAsAt(assessments, 'force', '2024-12-31', 'not-started').value).toBe('not-started');
    expect(assessmentAsAt(assessments, 'force', '2025-02-15', 'not-started').value).toBe('on-track');
    expect(assessmentAsAt(assessments, 'force', '2025-03-01', 'not-started')).toEqual({
      value: 'at-risk',
      note: 'staffing',
    });
    expect(assessmentAsAt(assessments, 'lpb', '2025-02-01', 'not-assessed').value).toBe('assured');
  });
});

describe('an action’s history', () => {
  const action = {
    id: 'a',
    createdAt: at('2025-01-05T10:00:00Z'),
    title: 'Train call handlers',
    owner: 'Head of contact',
    dueOn: '2025-09-30',
    status: 'in-progress',
    changes: [
      {
        field: 'due-on',
        before: '2025-03-31',
        after: '2025-06-30',
        reason: 'Trainer left',
        at: at('2025-03-20T10:00:00Z'),
      },
      {
        field: 'owner',
        before: 'Ch Supt Contact',
        after: 'Head of contact',
        reason: 'Restructure',
        at: at('2025-04-01T10:00:00Z'),
      },
      {
        field: 'due-on',
        before: '2025-06-30',
        after: '2025-09-30',
        reason: 'New system delayed',
        at: at('2025-06-25T10:00:00Z'),
      },
      {
        field: 'status',
        before: 'not-started',
        after: 'in-progress',
        reason: null,
        at: at('2025-02-01T10:00:00Z'),
      },
    ],
  };

  it('lists the first, second and third agreed dates with their reasons', () => {
    expect(agreedDates(action).map((d) => [d.dueOn, d.reason])).toEqual([
      ['2025-03-31', null],
      ['2025-06-30', 'Trainer left'],
      ['2025-09-30', 'New system delayed'],
    ]);
    expect(agreedDates({ dueOn: '2025-01-01', changes: [] })).toEqual([
      { dueOn: '2025-01-01', reason: null, at: null },
    ]);
  });

  it('undoes later changes to show the action as it stood', () => {
    expect(actionAsAt(action, '2025-01-04')).toBeNull();
    expect(actionAsAt(action, '2025-01-05')).toMatchObject({
      dueOn: '2025-03-31',
      owner: 'Ch Supt Contact',
      status: 'not-started',
    });
    expect(actionAsAt(action, '2025-03-25')).toMatchObject({
      dueOn: '2025-06-30',
      owner: 'Ch Supt Contact',
      status: 'in-progress',
    });
    expect(actionAsAt(action, '2025-12-31')).toMatchObject({ dueOn: '2025-09-30', owner: 'Head of contact' });
  });

  it('is overdue only while open and past its agreed date', () => {
    expect(isOverdue({ dueOn: '2025-03-31', status: 'in-progress' }, '2025-04-01')).toBe(true);
    expect(isOverdue({ dueOn: '2025-03-31', status: 'in-progress' }, '2025-03-31')).toBe(false);
    expect(isOverdue({ dueOn: '2025-03-31', status: 'complete' }, '2025-04-01')).toBe(false);
    expect(isOverdue({ dueOn: '2025-03-31', status: 'cancelled' }, '2025-04-01')).toBe(false);
  });
});

describe('records as at a day', () => {
  it('counts an inspection as published on its London day, or once its partial date has passed', async () => {
    const { publishedDay } = await import('../../shared/as-at.js');
    expect(publishedDay(new Date('2024-06-30T23:30:00Z'), null)).toBe('2024-07-01');
    expect(publishedDay(null, '2024-06')).toBe('2024-06-30');
    expect(publishedDay(null, null)).toBeNull();
  });

  it('shows Engage periods entered by the day, reopening those that ended later', async () => {
    const { periodsAsAt } = await import('../../shared/as-at.js');
    const periods = [
      { id: 'a', enteredOn: '2019-09', exitedOn: '2021-03-15' },
      { id: 'b', enteredOn: '2023-01-10', exitedOn: null },
    ];
    expect(periodsAsAt(periods, '2019-09-15')).toEqual([]);
    expect(periodsAsAt(periods, '2020-06-30')).toEqual([{ id: 'a', enteredOn: '2019-09', exitedOn: null }]);
    expect(periodsAsAt(periods, '2022-01-01')).toEqual([periods[0]]);
    expect(periodsAsAt(periods, '2024-01-01')).toEqual(periods);
  });
});
