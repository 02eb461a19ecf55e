import { describe, expect, it } from 'vitest';
import { dateTimeLabel } from './filters.js';

describe('dates and times as people read them', () => {
  it('writes noon and midnight on a 12-hour clock, in London time', () => {
    expect(dateTimeLabel(new Date('2026-06-01T11:05:00Z'))).toBe('1 June 2026 at 12:05pm');
    expect(dateTimeLabel(new Date('2026-12-01T00:05:00Z'))).toBe('1 December 2026 at 12:05am');
    expect(dateTimeLabel(new Date('2026-12-01T14:30:00Z'))).toBe('1 December 2026 at 2:30pm');
  });
});
