import { describe, expect, it } from 'vitest';
import {
  actorOrganisation,
  changesOf,
  changesText,
  entityLabel,
  filterParams,
  isRealDay,
  pageNumber,
  pagination,
  parseAuditFilters,
} from './audit.domain.js';

const noAccount = { role: null, forceName: null, lpbName: null };

describe('changesOf', () => {
  it('lists only the fields whose value differs', () => {
    expect(changesOf({ grade: 'good', area: 'Crime' }, { grade: 'adequate', area: 'Crime' })).toEqual([
      { field: 'grade', before: 'good', after: 'adequate' },
    ]);
  });

  it('lists every field of a created record, leaving out ids, timestamps and versions', () => {
    expect(
      changesOf(null, { id: 'x', publishedOn: '2024-07', version: 1, createdAt: '2024-07-01T00:00:00Z' }),
    ).toEqual([{ field: 'published on', before: null, after: '2024-07' }]);
  });

  it('treats a missing field as null, and shows other values as JSON, shortened when long', () => {
    expect(changesOf({ a: null }, {})).toEqual([]);
    expect(changesOf({}, { evidence: ['x', 'y'] })).toEqual([
      { field: 'evidence', before: null, after: '["x","y"]' },
    ]);
    const long = changesOf(null, { text: 'z'.repeat(1000) })[0]!.after!;
    expect(long).toHaveLength(300);
    expect(long.endsWith('…')).toBe(true);
  });

  it('compares values that are not objects as one value', () => {
    expect(changesOf('a', 'b')).toEqual([{ field: 'value', before: 'a', after: 'b' }]);
    expect(changesOf(null, null)).toEqual([]);
  });

  it('writes changes on one line for downloads', () => {
    expect(changesText(changesOf({ status: 'open' }, { status: 'closed', note: 'Seen' }))).toBe(
      'status: open → closed; note: – → Seen',
    );
  });
});

describe('parseAuditFilters', () => {
  it('keeps valid filters and trims them', () => {
    expect(
      parseAuditFilters({
        entity: 'engage_period',
        action: 'finding.status',
        actor: '  Inspector ',
        entityId: '3F2B1C9E-0D4A-4B8E-9C1F-2A6D5E7F8A90',
        from: '2024-02-29',
        to: '2024-03-01',
        page: '2',
      }),
    ).toEqual({
      filters: {
        entity: 'engage_period',
        action: 'finding.status',
        actor: 'Inspector',
        entityId: '3f2b1c9e-0d4a-4b8e-9c1f-2a6d5e7f8a90',
        from: '2024-02-29',
        to: '2024-03-01',
      },
      errors: [],
    });
  });

  it('reports filters that are not valid and leaves them out', () => {
    const { filters, errors } = parseAuditFilters({
      entity: 'Robert; drop table',
      entityId: '123',
      from: '2023-02-29',
      actor: '',
    });
    expect(filters).toEqual({});
    expect(errors.map((e) => e.field)).toEqual(['entity', 'entityId', 'from']);
  });

  it('refuses an end before the start', () => {
    const { filters, errors } = parseAuditFilters({ from: '2024-03-02', to: '2024-03-01' });
    expect(filters).toEqual({ from: '2024-03-02' });
    expect(errors).toEqual([{ field: 'to', text: 'Changes to must be the same as or after changes from' }]);
  });

  it('gives the filters back as query pairs in a fixed order', () => {
    expect(filterParams({ to: '2024-01-02', entity: 'force' })).toEqual([
      ['entity', 'force'],
      ['to', '2024-01-02'],
    ]);
  });

  it('knows real days', () => {
    expect(isRealDay('2024-02-29')).toBe(true);
    expect(isRealDay('2023-02-29')).toBe(false);
    expect(isRealDay('2023-2-1')).toBe(false);
  });
});

describe('actorOrganisation', () => {
  it('names accounts by organisation and system actors by what they are, never by email', () => {
    expect(actorOrganisation('a@example.org', { ...noAccount, role: 'inspectorate' })).toBe('Inspectorate');
    expect(
      actorOrganisation('b@example.org', { role: 'force', forceName: 'Kent Police', lpbName: 'X' }),
    ).toBe('Kent Police');
    expect(
      actorOrganisation('c@example.org', { role: 'lpb', forceName: 'Kent Police', lpbName: 'Kent PCC' }),
    ).toBe('Kent PCC');
    expect(actorOrganisation('system:reference-data', noAccount)).toBe('Reference data');
    expect(actorOrganisation('cli:import', noAccount)).toBe('Import');
    expect(actorOrganisation('api:import-token', noAccount)).toBe('Import');
    expect(actorOrganisation('gone@example.org', noAccount)).toBe('Oversight');
  });
});

describe('pagination', () => {
  const href = (n: number) => `/admin/audit?page=${n}`;

  it('is null when everything fits on one page', () => {
    expect(pagination(1, 1, href)).toBeNull();
  });

  it('shows the first, last, current and neighbouring pages with ellipses between', () => {
    const p = pagination(5, 10, href)!;
    expect(p.previous).toEqual({ href: href(4) });
    expect(p.next).toEqual({ href: href(6) });
    expect(p.items.map((i) => (i.ellipsis ? '…' : `${i.number}${i.current ? '*' : ''}`))).toEqual([
      '1',
      '…',
      '4',
      '5*',
      '6',
      '…',
      '10',
    ]);
    expect(pagination(1, 2, href)!.previous).toBeUndefined();
  });

  it('clamps page numbers', () => {
    expect(pageNumber('3', 2)).toBe(2);
    expect(pageNumber('-1', 2)).toBe(1);
    expect(pageNumber('abc', 2)).toBe(1);
    expect(pageNumber(undefined, 0)).toBe(1);
  });

  it('labels kinds of record, known or not', () => {
    expect(entityLabel('engage_period')).toBe('Engage period');
    expect(entityLabel('scrutiny_meeting')).toBe('Scrutiny meeting');
  });
});
