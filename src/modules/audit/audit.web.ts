import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { notFound } from '../../shared/errors.js';
import { exportFormat, sendTable, type Column } from '../../web/exports.js';
import { dateTimeLabel, partialDate } from '../../web/filters.js';
import type { Viewer } from '../accounts/index.js';
import { assertCan, can } from '../accounts/index.js';
import {
  AUDIT_EXPORT_LIMIT,
  AUDIT_FILTER_KEYS,
  AUDIT_PAGE_SIZE,
  actorOrganisation,
  changesOf,
  changesText,
  entityLabel,
  filterParams,
  pageNumber,
  pagination,
  parseAuditFilters,
  type FieldChange,
  type FilterError,
} from './audit.domain.js';
import { recordKey, type AuditEventRow, type RecordLink, type RecordRef } from './audit.repository.js';

/** One event as pages and downloads show it. */
export type AuditEventView = {
  id: string;
  at: Date;
  when: string;
  /** The actor's email (or system name) for viewers who may see the audit log, else the organisation. */
  who: string;
  organisation: string;
  actor: string;
  action: string;
  entity: string;
  entityLabel: string;
  entityId: string | null;
  record: { label: string; href: string | null };
  changes: FieldChange[];
  /** Many or long changes: the page folds them into a details component with this summary. */
  long: boolean;
  summary: string;
  before: unknown;
  after: unknown;
};

const shorten = (text: string, max = 100): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** What to call the record an event changed: its name, with a little context where the name alone is vague. */
function recordOf(
  event: AuditEventRow,
  link: RecordLink | undefined,
): { label: string; href: string | null } {
  const kind = entityLabel(event.entity);
  if (!link) return { label: event.entityId ? `${kind} ${event.entityId.slice(0, 8)}` : kind, href: null };
  const label = shorten(link.label);
  switch (event.entity) {
    case 'force_alias':
      return { label: `${label} (a name of ${link.extra ?? 'a force'})`, href: link.path };
    case 'judgement':
      return { label: `${link.extra ?? 'Inspection'}: ${label}`, href: link.path };
    case 'finding':
      return { label: link.extra ? `${link.extra}. ${label}` : label, href: link.path };
    case 'engage_period':
      return {
        label: `${label}: Engage period from ${link.extra ? partialDate(link.extra) : 'a date not known'}`,
        href: link.path,
      };
    case 'engage_reason':
      return { label: `${link.extra ?? 'Engage'}: ${label}`, href: link.path };
    default:
      return { label: label || kind, href: link.path };
  }
}

/** Events as pages show them; the actor's email only for viewers who may see the audit log. */
export function auditEventViews(
  rows: AuditEventRow[],
  links: Map<string, RecordLink>,
  viewer: Viewer,
): AuditEventView[] {
  const showActor = can(viewer, 'audit.view');
  return rows.map((e) => {
    const organisation = actorOrganisation(e.actor, {
      role: e.actorRole,
      forceName: e.actorForceName,
      lpbName: e.actorLpbName,
    });
    const changes = changesOf(e.before, e.after);
    return {
      id: e.id,
      at: e.at,
      when: dateTimeLabel(e.at),
      who: showActor ? e.actor : organisation,
      organisation,
      actor: e.actor,
      action: e.action,
      entity: e.entity,
      entityLabel: entityLabel(e.entity),
      entityId: e.entityId,
      record: recordOf(e, e.entityId ? links.get(recordKey(e.entity, e.entityId)) : undefined),
      changes,
      long: changes.length > 3 || changes.some((c) => (c.before?.length ?? 0) + (c.after?.length ?? 0) > 120),
      summary: `${changes.length} ${changes.length === 1 ? 'field' : 'fields'} ${
        changes.every((c) => c.before === null) ? 'set' : 'changed'
      }`,
      before: e.before,
      after: e.after,
    };
  });
}

const refsOf = (rows: AuditEventRow[]): RecordRef[] =>
  rows.flatMap((r) => (r.entityId ? [{ entity: r.entity, id: r.entityId }] : []));

const json = (value: unknown): string => (value === null || value === undefined ? '' : JSON.stringify(value));

/** Columns of the audit log's downloads: what the page shows, then the whole before and after. */
export const AUDIT_COLUMNS: Column<AuditEventView>[] = [
  { header: 'When', value: (e) => e.when, width: 28 },
  { header: 'Time (UTC)', value: (e) => e.at.toISOString(), width: 26 },
  { header: 'Who', value: (e) => e.actor, width: 32 },
  { header: 'Organisation', value: (e) => e.organisation, width: 24 },
  { header: 'Action', value: (e) => e.action, width: 20 },
  { header: 'Kind of record', value: (e) => e.entityLabel, width: 18 },
  { header: 'Record', value: (e) => e.record.label, width: 50 },
  { header: 'Record ID', value: (e) => e.entityId, width: 38 },
  { header: 'Link', value: (e) => e.record.href, width: 40 },
  { header: 'Changes', value: (e) => changesText(e.changes), width: 80 },
  { header: 'Before (JSON)', value: (e) => json(e.before), width: 60 },
  { header: 'After (JSON)', value: (e) => json(e.after), width: 60 },
  { header: 'Event ID', value: (e) => e.id, width: 38 },
];

const errorFor = (errors: FilterError[], field: FilterError['field']) => {
  const error = errors.find((e) => e.field === field);
  return error ? { text: error.text } : undefined;
};

const withQuery = (path: string, pairs: Array<[string, string]>): string => {
  const query = new URLSearchParams(pairs).toString();
  return query ? `${path}?${query}` : path;
};

export function registerAuditWeb(app: FastifyInstance, c: Container): void {
  app.get('/admin/audit', { schema: { hide: true } }, async (request, reply) => {
    assertCan(request.viewer, 'audit.view');
    const { filters, errors } = parseAuditFilters(request.query);
    const params = filterParams(filters);
    const format = exportFormat(request.query);
    if (format) {
      const rows = await c.audit.list(filters, { limit: AUDIT_EXPORT_LIMIT });
      const views = auditEventViews(rows, await c.audit.recordLinks(refsOf(rows)), request.viewer);
      return sendTable(reply, format, 'audit-log', AUDIT_COLUMNS, views);
    }
    const [total, facets] = await Promise.all([c.audit.count(filters), c.audit.facets()]);
    const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
    const page = pageNumber((request.query as { page?: unknown } | undefined)?.page, pages);
    const rows = await c.audit.list(filters, {
      limit: AUDIT_PAGE_SIZE,
      offset: (page - 1) * AUDIT_PAGE_SIZE,
    });
    const events = auditEventViews(rows, await c.audit.recordLinks(refsOf(rows)), request.viewer);
    const entities = [...new Set(facets.map((f) => f.entity))];
    const actions = [...new Set(facets.map((f) => f.action))].sort();
    return reply.view('audit/views/list.njk', {
      title: 'Audit log',
      filters,
      errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
      fieldError: Object.fromEntries(AUDIT_FILTER_KEYS.map((f) => [f, errorFor(errors, f)])),
      total,
      first: total === 0 ? 0 : (page - 1) * AUDIT_PAGE_SIZE + 1,
      last: Math.min(total, page * AUDIT_PAGE_SIZE),
      exportCount: Math.min(total, AUDIT_EXPORT_LIMIT),
      exportLimited: total > AUDIT_EXPORT_LIMIT,
      csvUrl: withQuery('/admin/audit', [...params, ['format', 'csv']]),
      xlsxUrl: withQuery('/admin/audit', [...params, ['format', 'xlsx']]),
      pagination: pagination(page, pages, (n) =>
        withQuery('/admin/audit', [...params, ...(n > 1 ? [['page', String(n)] as [string, string]] : [])]),
      ),
      auditEvents: events,
      entityOptions: [
        { value: '', text: 'Any kind of record' },
        ...entities.map((e) => ({ value: e, text: entityLabel(e), selected: e === filters.entity })),
      ],
      actionOptions: [
        { value: '', text: 'Any action' },
        ...actions.map((a) => ({ value: a, text: a, selected: a === filters.action })),
      ],
    });
  });

  /** A record's history page: its events and its children's, a page at a time. */
  async function historyPage(request: { query: unknown; viewer: Viewer; url: string }, records: RecordRef[]) {
    const total = await c.audit.countHistory(records);
    const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
    const page = pageNumber((request.query as { page?: unknown } | undefined)?.page, pages);
    const rows = await c.audit.history(records, {
      limit: AUDIT_PAGE_SIZE,
      offset: (page - 1) * AUDIT_PAGE_SIZE,
    });
    const path = request.url.split('?')[0]!;
    return {
      total,
      auditEvents: auditEventViews(rows, await c.audit.recordLinks(refsOf(rows)), request.viewer),
      showsActor: can(request.viewer, 'audit.view'),
      pagination: pagination(page, pages, (n) => (n > 1 ? `${path}?page=${n}` : path)),
    };
  }

  app.get<{ Params: { slug: string } }>(
    '/forces/:slug/history',
    { schema: { hide: true } },
    async (request, reply) => {
      const force = await c.forces.get(request.params.slug);
      const history = await historyPage(request, await c.audit.forceRecords(force.id));
      return reply.view('audit/views/record-history.njk', {
        title: `History of changes: ${force.name}`,
        caption: force.name,
        currentSection: 'forces',
        backLink: { href: `/forces/${force.slug}`, text: force.name },
        covers:
          'the force, its names, its Engage periods and their reasons, and findings raised outside inspections',
        ...history,
      });
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/inspections/:slug/history',
    { schema: { hide: true } },
    async (request, reply) => {
      if (!/^[a-z0-9-]{1,200}$/.test(request.params.slug)) throw notFound('The inspection');
      const inspection = await c.audit.inspectionRecords(request.params.slug, request.viewer);
      if (!inspection) throw notFound('The inspection');
      const history = await historyPage(request, inspection.records);
      return reply.view('audit/views/record-history.njk', {
        title: `History of changes: ${inspection.title}`,
        caption: inspection.title,
        currentSection: 'inspections',
        backLink: { href: `/inspections/${inspection.slug}`, text: inspection.title },
        covers: 'the inspection, its judgements and its findings',
        ...history,
      });
    },
  );
}
