import { asAtSchema } from '../../web/forms.js';
import { publishedDay } from '../../shared/as-at.js';
import { can } from '../accounts/index.js';
import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { exportFormat, sendTable, type Column } from '../../web/exports.js';
import { dateTimeLabel, partialDate } from '../../web/filters.js';
import type { InspectionSummary } from './inspections.repository.js';
import {
  GRADE_LABELS,
  PROGRAMME_KIND_LABELS,
  SCALES,
  type ProgrammeKind,
  type Scale,
} from './inspections.domain.js';

export function registerInspectionsWeb(app: FastifyInstance, c: Container): void {
  app.get('/inspections', { schema: { hide: true } }, async (request, reply) => {
    const inspections = await c.inspections.list(request.viewer);
    const format = exportFormat(request.query);
    if (format) {
      const columns = inspections.some((i) => i.embargoed)
        ? [...INSPECTION_COLUMNS, EMBARGO_COLUMN]
        : INSPECTION_COLUMNS;
      return sendTable(reply, format, 'inspections', columns, inspections);
    }
    return reply.view('inspections/views/list.njk', {
      title: 'Inspections',
      currentSection: 'inspections',
      inspections,
      kindLabels: PROGRAMME_KIND_LABELS,
    });
  });

  app.get<{ Params: { slug: string } }>(
    '/inspections/:slug',
    { schema: { hide: true } },
    async (request, reply) => {
      const current = await c.inspections.get(request.params.slug, request.viewer);
      // ?asAt= rebuilds each finding's status from its history as it stood at the end of that day.
      const asAt = asAtSchema.parse((request.query as Record<string, unknown>).asAt);
      const unpublishedOnDay =
        asAt !== undefined && (publishedDay(current.publishedAt, current.publishedOn) ?? '9999') > asAt;
      const inspection = { ...current, findings: await c.findings.forInspection(current.id, asAt) };
      return reply.view('inspections/views/show.njk', {
        asAt,
        unpublishedOnDay,
        title: inspection.title,
        currentSection: 'inspections',
        backLink: { href: '/inspections', text: 'All inspections' },
        i: inspection,
        findingSections: findingSections(inspection.findings),
        responseStatuses: await c.responseTimeliness.forInspection(inspection.id, request.viewer),
        // An LPB office of a covered force can start (or open) its s55 response from here.
        mayStartResponse:
          request.viewer.forceId !== null &&
          inspection.forces.some((f) => f.slug === request.viewer.forceSlug) &&
          can(request.viewer, 'response.edit', { forceIds: [request.viewer.forceId] }),
        similar: Object.fromEntries(
          await Promise.all(
            inspection.findings
              .filter((f) => f.kind === 'cause-of-concern' && f.status === 'open')
              .map(async (f) => [f.id, await c.themes.similar({ kind: 'finding', id: f.id })] as const),
          ),
        ),
        kindLabel: PROGRAMME_KIND_LABELS[inspection.type as ProgrammeKind],
      });
    },
  );
  app.get('/frameworks', { schema: { hide: true } }, async (_request, reply) =>
    reply.view('inspections/views/frameworks.njk', {
      title: 'PEEL frameworks',
      currentSection: 'frameworks',
      programmes: (await c.inspections.programmes()).filter((p) => p.kind === 'peel'),
      scaleLabel,
    }),
  );
  app.get<{ Params: { slug: string } }>(
    '/frameworks/:slug',
    { schema: { hide: true } },
    async (request, reply) => {
      const programme = await c.inspections.programme(request.params.slug);
      return reply.view('inspections/views/framework.njk', {
        title: programme.name,
        currentSection: 'frameworks',
        backLink: { href: '/frameworks', text: 'All PEEL frameworks' },
        programme,
        scale: scaleLabel(programme.scale),
      });
    },
  );
}

function scaleLabel(scale: string): string {
  const grades = SCALES[scale as Scale] ?? [];
  return grades.length === 0 ? 'Ungraded' : grades.map((g) => GRADE_LABELS[g]).join(', ');
}

const SECTIONS: Array<[string, string]> = [
  ['cause-of-concern', 'Causes of concern'],
  ['area-for-improvement', 'Areas for improvement'],
  ['innovative-practice', 'Innovative practice'],
];

/** Findings by kind, then by area in document order: the sections of an inspection page. */
export function findingSections<F extends { kind: string; areaLabel: string | null }>(findings: F[]) {
  return SECTIONS.flatMap(([kind, title]) => {
    const groups: Array<{ area: string | null; items: F[] }> = [];
    for (const f of findings.filter((x) => x.kind === kind)) {
      const last = groups.at(-1);
      if (last && last.area === f.areaLabel) last.items.push(f);
      else groups.push({ area: f.areaLabel, items: [f] });
    }
    return groups.length > 0 ? [{ title, groups }] : [];
  });
}

const INSPECTION_COLUMNS: Column<InspectionSummary>[] = [
  { header: 'Inspection', value: (i) => i.title, width: 60 },
  { header: 'Type', value: (i) => PROGRAMME_KIND_LABELS[i.type as ProgrammeKind] },
  { header: 'Programme', value: (i) => i.programme?.name ?? '' },
  { header: 'Forces', value: (i) => i.forces.map((f) => f.name).join('; '), width: 40 },
  { header: 'Published', value: (i) => (i.publishedOn ? partialDate(i.publishedOn) : '') },
  { header: 'Source', value: (i) => i.sourceUrl, width: 60 },
];
/** Only those who may see embargoed inspections get this column, and only when it has something in it. */
const EMBARGO_COLUMN: Column<InspectionSummary> = {
  header: 'Embargoed until',
  value: (i) => (i.embargoed ? dateTimeLabel(i.publishedAt) : ''),
};
