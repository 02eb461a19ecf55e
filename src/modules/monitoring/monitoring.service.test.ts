import { describe, expect, it } from 'vitest';
import type { EngagePeriod, EngageReason } from './monitoring.repository.js';
import { concernsAtEndOf, engageStatusOf, periodsAtEndOf } from './monitoring.service.js';

const reason = (over: Partial<EngageReason>): EngageReason => ({
  id: 'r',
  kind: 'reason',
  position: 0,
  theme: null,
  text: 'A reason',
  findingId: null,
  numbered: true,
  source: null,
  concern: null,
  children: [],
  ...over,
});

const period = (over: Partial<EngagePeriod>): EngagePeriod => ({
  id: 'p',
  version: 1,
  force: { id: 'f', slug: 'made-up-police', name: 'Made-up Police' },
  enteredOn: '2022-06',
  exitedOn: '2025-01-23',
  openCausesOfConcernAtExit: 0,
  exitIntro: null,
  exitNote: null,
  entryReasons: [],
  exitReasons: [reason({ id: 'x', text: 'It improved' })],
  inspections: [],
  sources: [],
  ...over,
});

const event = (findingId: string, status: string, occurredOn: string | null, recordedAt = '2026-01-01') => ({
  findingId,
  status,
  occurredOn,
  recordedAt: new Date(`${recordedAt}T12:00:00Z`),
  note: null,
});

describe('Engage periods as they stood at the end of a day', () => {
  const heading = reason({
    id: 'h',
    text: 'Causes of concern from one report:',
    children: [
      reason({ id: 'a', findingId: 'fa', concern: { status: 'closed', statusOn: '2024-11-13' } }),
      reason({ id: 'b', findingId: 'fb', concern: { status: 'closed', statusOn: '2024' } }),
    ],
  });
  const periods = [period({ entryReasons: [heading, reason({ id: 'n', kind: 'note', text: 'Closed.' })] })];
  const events = [
    event('fa', 'open', '2022-06-01'),
    event('fa', 'closed', '2024-11-13'),
    event('fb', 'closed', '2024'),
  ];

  it('shows a cause of concern closed later as open, and one closed by then as closed on its date', () => {
    const concerns = (day: string) =>
      concernsAtEndOf(periods, events, day)[0]!.entryReasons[0]!.children.map((r) => r.concern);
    expect(concerns('2024-11-12')).toEqual([
      { status: 'open', statusOn: '2022-06-01' },
      { status: 'open', statusOn: null },
    ]);
    expect(concerns('2024-11-13')).toEqual([
      { status: 'closed', statusOn: '2024-11-13' },
      { status: 'open', statusOn: null },
    ]);
    // "Closed during 2024" counts once the whole year has passed.
    expect(concerns('2024-12-31')[1]).toEqual({ status: 'closed', statusOn: '2024' });
  });

  it('leaves reasons that are not causes of concern, and notes, as they are', () => {
    const [then] = concernsAtEndOf(periods, events, '2023-01-01');
    expect(then!.entryReasons[0]!.concern).toBeNull();
    expect(then!.entryReasons[1]).toEqual(periods[0]!.entryReasons[1]);
  });

  it('shows a period that ended later as open, without its exit reasons, and none before it began', () => {
    expect(periodsAtEndOf(periods, '2024-12-31')[0]).toMatchObject({
      exitedOn: null,
      exitReasons: [],
      openCausesOfConcernAtExit: null,
    });
    expect(periodsAtEndOf(periods, '2025-01-23')[0]!.exitReasons).toHaveLength(1);
    // Entered "June 2022": not yet on 29 June, as the month has not passed.
    expect(periodsAtEndOf(periods, '2022-06-29')).toEqual([]);
    expect(engageStatusOf(periodsAtEndOf(periods, '2024-01-01'))).toBe('in-engage');
    expect(engageStatusOf(periodsAtEndOf(periods, '2025-02-01'))).toBe('previously-in-engage');
  });
});
