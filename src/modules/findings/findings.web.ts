import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { labelled, partialDate, selectItems } from '../../web/filters.js';
import { openFindingsByArea } from '../../web/view-charts.js';
import { exportFormat, sendTable, type Column } from '../../web/exports.js';
import {
  FINDING_KINDS,
  FINDING_KIND_LABELS,
  FINDING_STATUSES,
  FINDING_STATUS_LABELS,
  type FindingKind,
  type FindingStatus,
} from './findings.domain.js';
import { FINDINGS_LIMIT, type FindingListRow } from './findings.repository.js';
import { findingFiltersSchema } from './findings.schemas.js';
import { presentAreaRows, presentFindingRows } from './findings.presenter.js';
import {
  ASSURANCE_LABELS,
  ASSURANCE_LEVELS,
  FORCE_STATUSES,
  FORCE_STATUS_LABELS,
  type AssuranceLevel,
  type ForceStatus,
} from './findings.domain.js';

export const FINDING_COLUMNS: Column<FindingListRow>[] = [
  { header: 'Force', value: (f) => f.forceName, width: 28 },
  { header: 'Kind', value: (f) => FINDING_KIND_LABELS[f.kind as FindingKind], width: 22 },
  { header: 'Number', value: (f) => f.number },
  { header: 'Area', value: (f) => f.areaLabel, width: 40 },
  { header: 'Finding', value: (f) => f.text, width: 80 },
  { header: 'Status', value: (f) => FINDING_STATUS_LABELS[f.status as FindingStatus] },
  { header: 'Status date', value: (f) => (f.statusOn ? partialDate(f.statusOn) : '') },
  { header: 'Force’s rating', value: (f) => FORCE_STATUS_LABELS[f.forceStatus as ForceStatus] },
  { header: 'Assurance', value: (f) => ASSURANCE_LABELS[f.assurance as AssuranceLevel] },
  { header: 'Raised', value: (f) => (f.raisedOn ? partialDate(f.raisedOn) : '') },
  { header: 'Inspection', value: (f) => f.inspectionTitle, width: 50 },
];

export function registerFindingsWeb(app: FastifyInstance, c: Container): void {
  app.get('/findings', { schema: { hide: true } }, async (request, reply) => {
    const filters = findingFiltersSchema.parse(request.query ?? {});
    const rows = await c.findings.list(filters, FINDINGS_LIMIT, 0, request.viewer);
    const format = exportFormat(request.query);
    if (format)
      return sendTable(
        reply,
        format,
        `findings${filters.force ? `-${filters.force}` : ''}`,
        FINDING_COLUMNS,
        rows,
      );
    const forces = await c.forces.list();
    const scope = filters.force
      ? (forces.find((f) => f.slug === filters.force)?.name ?? filters.force)
      : 'all forces';
    const chart = await openFindingsByArea(rows, scope);
    const params = new URLSearchParams(
      Object.entries(filters).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
    );
    const withFormat = (f: string) =>
      `/findings?${new URLSearchParams([...params, ['format', f]]).toString()}`;
    return reply.view('findings/views/list.njk', {
      title: 'Findings',
      chart,
      scope,
      currentSection: 'findings',
      filters,
      tableRows: presentFindingRows(rows),
      areaRows: chart ? presentAreaRows(chart.table) : [],
      truncated: rows.length >= FINDINGS_LIMIT,
      csvUrl: withFormat('csv'),
      xlsxUrl: withFormat('xlsx'),
      forceOptions: selectItems(
        'All forces',
        forces.map((f) => [f.slug, f.name] as const),
        filters.force,
      ),
      kindOptions: selectItems('All kinds', labelled(FINDING_KINDS, FINDING_KIND_LABELS), filters.kind),
      forceStatusOptions: selectItems(
        'Any rating',
        labelled(FORCE_STATUSES, FORCE_STATUS_LABELS),
        filters.forceStatus,
      ),
      assuranceOptions: selectItems(
        'Any assurance',
        labelled(ASSURANCE_LEVELS, ASSURANCE_LABELS),
        filters.assurance,
      ),
      statusOptions: selectItems(
        'Any status',
        labelled(FINDING_STATUSES, FINDING_STATUS_LABELS),
        filters.status,
      ),
    });
  });
}
