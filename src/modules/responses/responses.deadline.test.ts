import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  publicationDay,
  responseDeadline,
  timeliness,
  underDeadlineDuty,
} from './responses.deadline.js';

describe('the s55 deadline', () => {
  it('is publication + 55 days: 17 March 2023 → 11 May 2023 (the worked example)', () => {
    expect(responseDeadline('2023-03-17')).toBe('2023-05-11');
    expect(daysBetween('2023-03-17', '2023-05-11') + 1).toBe(56);
  });

  it('holds for every day of a leap year, checked against plain millisecond arithmetic', () => {
    const start = Date.UTC(2024, 0, 1);
    for (let i = 0; i < 366; i++) {
      const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
      const expected = new Date(start + (i + 55) * 86_400_000).toISOString().slice(0, 10);
      expect(responseDeadline(day), day).toBe(expected);
    }
    expect(responseDeadline('2024-01-05')).toBe('2024-02-29');
    expect(responseDeadline('2024-02-29')).toBe('2024-04-24');
    expect(responseDeadline('2023-01-05')).toBe('2023-03-01');
  });

  it('takes the publication day in London whatever the time, across the clock changes', () => {
    // 31 March 2024 00:30 GMT is just before the clocks go forward at 01:00 GMT.
    expect(publicationDay(new Date('2024-03-31T00:30:00Z'))).toBe('2024-03-31');
    // 23:30 UTC on 31 March 2024 is 00:30 BST on 1 April.
    expect(publicationDay(new Date('2024-03-31T23:30:00Z'))).toBe('2024-04-01');
    expect(responseDeadline(new Date('2024-03-31T23:30:00Z'))).toBe('2024-05-26');
    // 00:01 BST on 27 October 2024 (23:01 UTC on the 26th), hours before the clocks go back.
    expect(publicationDay(new Date('2024-10-26T23:01:00Z'))).toBe('2024-10-27');
    // 23:30 UTC on 27 October 2024 is 23:30 GMT: still the 27th.
    expect(publicationDay(new Date('2024-10-27T23:30:00Z'))).toBe('2024-10-27');
    expect(responseDeadline(new Date('2024-10-27T23:30:00Z'))).toBe('2024-12-21');
    // Every hour of the spring-forward and fall-back days maps to the London day.
    for (let h = 0; h < 24; h++) {
      const spring = new Date(Date.UTC(2024, 2, 31, h, 15));
      expect(publicationDay(spring)).toBe(h < 23 ? '2024-03-31' : '2024-04-01');
      const autumn = new Date(Date.UTC(2024, 9, 27, h, 15));
      expect(publicationDay(autumn)).toBe('2024-10-27');
    }
  });

  it('a period that spans a clock change is still 56 calendar days', () => {
    expect(responseDeadline('2024-03-01')).toBe('2024-04-25');
    expect(responseDeadline('2024-10-01')).toBe('2024-11-25');
  });

  it('refuses what is not a day', () => {
    expect(() => responseDeadline('2023-02-29')).toThrow(RangeError);
    expect(() => responseDeadline('2023-03')).toThrow(RangeError);
    expect(() => responseDeadline(new Date('nonsense'))).toThrow(RangeError);
    expect(() => addDays('17/03/2023', 1)).toThrow(RangeError);
  });
});

describe('timeliness', () => {
  it('sorts a response into on time, late, overdue, due soon or not yet due', () => {
    expect(timeliness('2023-05-11', '2023-05-11', '2023-06-01')).toBe('on-time');
    expect(timeliness('2023-05-11', '2023-05-12', '2023-06-01')).toBe('late');
    expect(timeliness('2023-05-11', null, '2023-05-12')).toBe('overdue');
    expect(timeliness('2023-05-11', null, '2023-05-11')).toBe('due-soon');
    expect(timeliness('2023-05-11', null, '2023-04-27')).toBe('due-soon');
    expect(timeliness('2023-05-11', null, '2023-04-26')).toBe('not-due');
  });
});

describe('which reports fall under the 56-day duty (in force 2 May 2017)', () => {
  it('counts reports published from 2 May 2017, and partial dates whose period reaches it', () => {
    expect(underDeadlineDuty('2017-05-01')).toBe(false);
    expect(underDeadlineDuty('2017-05-02')).toBe(true);
    expect(underDeadlineDuty('2023-03-17')).toBe(true);
    expect(underDeadlineDuty('2017-03')).toBe(false);
    expect(underDeadlineDuty('2017-05')).toBe(true);
    expect(underDeadlineDuty('2017')).toBe(true);
    expect(underDeadlineDuty('2016')).toBe(false);
  });
});
