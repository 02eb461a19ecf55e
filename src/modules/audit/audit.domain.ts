/**
 * Pure rules of the audit log: what its filters accept, how an event's before and after become
 * field-by-field changes, and how an actor is named to people who may not see who it was.
 */
import { UUID } from '../../shared/ids.js';

export const AUDIT_PAGE_SIZE = 50;
/** Most rows a CSV or XLSX download of the audit log holds. */
export const AUDIT_EXPORT_LIMIT = 50_000;

export type AuditFilters = {
  entity?: string;
  action?: string;
  /** A part of the actor (an email, "system:reference-data"…), in any case. */
  actor?: string;
  entityId?: string;
  /** Days in Europe/London, inclusive: "2024-03-17". */
  from?: string;
  to?: string;
};
export const AUDIT_FILTER_KEYS = ['entity', 'action', 'actor', 'entityId', 'from', 'to'] as const;

export type FilterError = { field: (typeof AUDIT_FILTER_KEYS)[number]; text: string };

const NAME = /^[a-z][a-z0-9_]{0,59}$/;
const ACTION = /^[a-z0-9][a-z0-9._:-]{0,99}$/i;

/** Whether "2024-02-30" names a real day. */
export function isRealDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const text = (value: unknown): string | undefined => {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof first !== 'string' && typeof first !== 'number') return undefined;
  const trimmed = String(first).trim();
  return trimmed === '' ? undefined : trimmed;
};

/**
 * The filters a query string asks for. A value that is not valid is left out of the filters and
 * reported, in GOV.UK wording, for the page's error summary (the API answers 400 with it).
 */
export function parseAuditFilters(query: unknown): { filters: AuditFilters; errors: FilterError[] } {
  const q = (query ?? {}) as Record<string, unknown>;
  const filters: AuditFilters = {};
  const errors: FilterError[] = [];
  const entity = text(q.entity);
  if (entity !== undefined) {
    if (NAME.test(entity)) filters.entity = entity;
    else errors.push({ field: 'entity', text: 'Select a kind of record from the list' });
  }
  const action = text(q.action);
  if (action !== undefined) {
    if (ACTION.test(action)) filters.action = action;
    else errors.push({ field: 'action', text: 'Select an action from the list' });
  }
  const actor = text(q.actor);
  if (actor !== undefined) {
    if (actor.length <= 200) filters.actor = actor;
    else errors.push({ field: 'actor', text: 'Who made the change must be 200 characters or fewer' });
  }
  const entityId = text(q.entityId);
  if (entityId !== undefined) {
    if (UUID.test(entityId)) filters.entityId = entityId.toLowerCase();
    else
      errors.push({
        field: 'entityId',
        text: 'Enter a record ID in the correct format, like 3f2b1c9e-0d4a-4b8e-9c1f-2a6d5e7f8a90',
      });
  }
  for (const [field, label] of [
    ['from', 'Changes from'],
    ['to', 'Changes to'],
  ] as const) {
    const day = text(q[field]);
    if (day === undefined) continue;
    if (isRealDay(day)) filters[field] = day;
    else errors.push({ field, text: `${label} must be a real date, like 2024-03-17` });
  }
  if (filters.from && filters.to && filters.to < filters.from) {
    errors.push({ field: 'to', text: 'Changes to must be the same as or after changes from' });
    delete filters.to;
  }
  return { filters, errors };
}

/** The filters as query-string pairs, for links that keep them (paging, downloads). */
export function filterParams(filters: AuditFilters): Array<[string, string]> {
  return AUDIT_FILTER_KEYS.flatMap((key) => (filters[key] === undefined ? [] : [[key, filters[key]]]));
}

export type FieldChange = { field: string; before: string | null; after: string | null };

/**
 * Columns every row carries that say nothing about the change itself: left out of the changes
 * shown (the downloads keep the whole before and after).
 */
const NOISE = new Set(['id', 'createdAt', 'updatedAt', 'version', 'search']);
const MAX_VALUE = 300;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A stored value as people read it: text as is, the rest as JSON, long values shortened. */
export function valueText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return shown.length > MAX_VALUE ? `${shown.slice(0, MAX_VALUE - 1)}…` : shown;
}

/** "publishedOn" → "published on", "source_url" → "source url". */
export function fieldLabel(field: string): string {
  return field
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

/**
 * The fields whose value differs between before and after, in the order jsonb keeps them
 * (shorter names first). A created record (no before) lists every field it was created with; a
 * removed one, every field it had.
 */
export function changesOf(before: unknown, after: unknown): FieldChange[] {
  if (!isRecord(before) && !isRecord(after)) {
    const b = valueText(before);
    const a = valueText(after);
    return b === a ? [] : [{ field: 'value', before: b, after: a }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return fields
    .filter((f) => !NOISE.has(f))
    .filter((f) => JSON.stringify(b[f] ?? null) !== JSON.stringify(a[f] ?? null))
    .map((f) => ({ field: fieldLabel(f), before: valueText(b[f]), after: valueText(a[f]) }));
}

/** The changes on one line, for downloads: "grade: good → adequate; published on: – → 2024". */
export function changesText(changes: FieldChange[]): string {
  return changes.map((c) => `${c.field}: ${c.before ?? '–'} → ${c.after ?? '–'}`).join('; ');
}

export type ActorAccount = { role: string | null; forceName: string | null; lpbName: string | null };

/**
 * Who made a change, named by organisation only: what the public sees instead of an email.
 * Accounts are named by their organisation (the inspectorate, the force, its local policing
 * body); system actors by what they are.
 */
export function actorOrganisation(actor: string, account: ActorAccount): string {
  switch (account.role) {
    case 'inspectorate':
      return 'Inspectorate';
    case 'admin':
      return 'Oversight administrator';
    case 'force':
      return account.forceName ?? 'Force';
    case 'lpb':
      return account.lpbName ?? 'Local policing body';
  }
  if (actor === 'system:reference-data') return 'Reference data';
  if (/import/.test(actor)) return 'Import';
  if (actor === 'oidc') return 'Sign-in service';
  if (actor === 'public') return 'Public';
  return 'Oversight';
}

export const ENTITY_LABELS: Record<string, string> = {
  force: 'Force',
  force_alias: 'Force name',
  programme: 'Programme',
  programme_area: 'Programme area',
  inspection: 'Inspection',
  judgement: 'Judgement',
  finding: 'Finding',
  finding_action: 'Action',
  finding_update: 'Update',
  closure_request: 'Closure request',
  engage_period: 'Engage period',
  engage_reason: 'Engage reason',
  document: 'Document',
  response: 'Response',
  user: 'Account',
  api_token: 'API token',
};

export function entityLabel(entity: string): string {
  const known = ENTITY_LABELS[entity];
  if (known) return known;
  const words = entity.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export type PaginationItem = { number?: number; href?: string; current?: boolean; ellipsis?: boolean };
export type Pagination = {
  previous?: { href: string };
  next?: { href: string };
  items: PaginationItem[];
};

/**
 * The GOV.UK pagination component's parameters: the first and last page, the current one and
 * its neighbours, with ellipses between. Null when everything fits on one page.
 */
export function pagination(page: number, pages: number, href: (page: number) => string): Pagination | null {
  if (pages <= 1) return null;
  const shown = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((x, y) => x - y);
  const items: PaginationItem[] = [];
  shown.forEach((n, i) => {
    if (i > 0 && n - shown[i - 1]! > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: href(n), ...(n === page ? { current: true } : {}) });
  });
  return {
    ...(page > 1 ? { previous: { href: href(page - 1) } } : {}),
    ...(page < pages ? { next: { href: href(page + 1) } } : {}),
    items,
  };
}

/** A requested page number, clamped to the pages there are. */
export function pageNumber(value: unknown, pages: number): number {
  const n = Number(Array.isArray(value) ? value[0] : value);
  if (!Number.isInteger(n) || n < 1) return 1;
  return Math.min(n, Math.max(1, pages));
}
