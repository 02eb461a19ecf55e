import { asAtSchema } from '../../web/forms.js';
import { publishedBy } from '../../shared/as-at.js';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Container } from '../../container.js';
import { exportFormat, sendTable, type Column } from '../../web/exports.js';
import { GRADE_COLOURS } from '../../web/charts.js';
import { gradeTag } from '../../web/filters.js';
import { gradeHistory, hexMap } from '../../web/view-charts.js';
import { HEX_LAYOUT } from '../forces/index.js';
import { partialDate } from '../../web/filters.js';
import { COUNTRY_LABELS, LPB_KIND_LABELS, type Country, type LpbKind } from '../forces/index.js';
import { ENGAGE_STATUSES, ENGAGE_STATUS_LABELS, engageStatusOf } from '../monitoring/index.js';

const mapQuery = z.object({
  area: z
    .string()
    .regex(/^[a-z0-9-]+:[a-z0-9-]+$/)
    .optional()
    .catch(undefined),
});
const listQuery = z.object({
  status: z
    .enum(['all', ...ENGAGE_STATUSES])
    .catch('all')
    .default('all'),
});

export function registerForcesWeb(app: FastifyInstance, c: Container): void {
  app.get('/forces', { schema: { hide: true } }, async (request, reply) => {
    const { status } = listQuery.parse(request.query ?? {});
    const [forces, statuses] = await Promise.all([c.forces.list(), c.monitoring.statusByForce()]);
    const rows = forces
      .map((f) => {
        const engage = statuses.get(f.id);
        const open = engage?.periods.find((p) => p.exitedOn === null);
        return {
          ...f,
          countryLabel: COUNTRY_LABELS[f.country as Country],
          status: engage?.status ?? 'never-in-engage',
          statusLabel: ENGAGE_STATUS_LABELS[engage?.status ?? 'never-in-engage'],
          since: open?.enteredOn ?? null,
        };
      })
      .filter((f) => status === 'all' || f.status === status);
    const format = exportFormat(request.query);
    if (format) {
      return sendTable(reply, format, status === 'all' ? 'forces' : `forces-${status}`, FORCE_COLUMNS, rows);
    }
    return reply.view('profiles/views/list.njk', {
      csvUrl: `/forces?status=${status}&format=csv`,
      xlsxUrl: `/forces?status=${status}&format=xlsx`,
      title: 'Police forces',
      currentSection: 'forces',
      forces: rows,
      total: forces.length,
      status,
      statusOptions: [
        { value: 'all', text: 'All forces' },
        ...ENGAGE_STATUSES.map((s) => ({ value: s, text: ENGAGE_STATUS_LABELS[s] })),
      ],
    });
  });

  app.get('/forces/map', { schema: { hide: true } }, async (request, reply) => {
    const query = mapQuery.parse(request.query ?? {});
    const [forces, statuses, programmes] = await Promise.all([
      c.forces.list(),
      c.monitoring.statusByForce(),
      c.inspections.programmes(),
    ]);
    const bySlug = new Map(forces.map((f) => [f.slug, f]));
    const [programmeSlug, areaSlug] = query.area?.split(':') ?? [];
    const programme = programmeSlug ? programmes.find((p) => p.slug === programmeSlug) : undefined;
    const grades = new Map<string, string>();
    if (programme && areaSlug) {
      for (const g of await c.inspections.gradesForArea(programme.slug, areaSlug, request.viewer))
        grades.set(g.forceSlug, gradeTag(g.grade).text);
    }
    const cells = HEX_LAYOUT.map((h) => {
      const force = bySlug.get(h.slug)!;
      const category = programme
        ? (grades.get(h.slug) ?? 'No grade recorded')
        : ENGAGE_STATUS_LABELS[statuses.get(force.id)?.status ?? 'never-in-engage'];
      return { ...h, name: force.name, category };
    });
    const colours: Record<string, string> = programme
      ? { ...GRADE_COLOURS, 'No grade recorded': '#f3f2f1' }
      : { 'In Engage': '#d4351c', 'Previously in Engage': '#505a5f', 'No Engage period recorded': '#dddcdb' };
    const areaOptions = [{ value: '', text: 'Engage status' }];
    for (const p of programmes.filter((x) => x.kind === 'peel')) {
      const detail = await c.inspections.programme(p.slug);
      const walk = (areas: typeof detail.areas): void => {
        for (const a of areas) {
          if (a.graded) areaOptions.push({ value: `${p.slug}:${a.slug}`, text: `${p.name}: ${a.name}` });
          walk(a.children);
        }
      };
      walk(detail.areas);
    }
    const title = programme ? `Latest grades, ${programme.name}` : 'Engage status';
    const map = await hexMap(
      cells,
      colours,
      {
        title: `Map of the 43 forces: ${title}`,
        description:
          'Each hexagon is a force, placed roughly where it is in England and Wales. The table below names every force with its value.',
      },
      ['In Engage', 'Previously in Engage', 'Outstanding', 'Good', 'Requires improvement', 'Inadequate'],
    );
    return reply.view('profiles/views/map.njk', {
      title: 'Map of the forces',
      currentSection: 'forces',
      backLink: { href: '/forces', text: 'All forces' },
      map,
      cells: [...cells].sort((a, b) => a.name.localeCompare(b.name)),
      heading: title,
      areaOptions: areaOptions.map((o) => ({ ...o, selected: o.value === (query.area ?? '') })),
    });
  });

  app.get<{ Params: { slug: string } }>(
    '/forces/:slug',
    { schema: { hide: true } },
    async (request, reply) => {
      const force = await c.forces.get(request.params.slug);
      const asAt = asAtSchema.parse((request.query as Record<string, unknown>).asAt);
      const [allPeriods, allInspections, conflicts] = await Promise.all([
        c.monitoring.periods({ forceId: force.id }, request.viewer),
        c.inspections.forForce(force.id, request.viewer),
        c.documents.conflicts(force.id),
      ]);
      // ?asAt= shows the force as it stood that day: Engage periods and inspections published by then.
      const periods = asAt ? await c.monitoring.atEndOf(allPeriods, asAt) : allPeriods;
      const inspections = asAt ? publishedBy(allInspections, asAt) : allInspections;
      const history = await gradeHistory(force.name, inspections);
      return reply.view('profiles/views/show.njk', {
        history,
        conflicts,
        title: force.name,
        currentSection: 'forces',
        backLink: { href: '/forces', text: 'All forces' },
        force,
        lpbKindLabel: LPB_KIND_LABELS[force.lpbKind as LpbKind],
        countryLabel: COUNTRY_LABELS[force.country as Country],
        status: engageStatusOf(periods),
        statusLabel: ENGAGE_STATUS_LABELS[engageStatusOf(periods)],
        periods: [...periods].reverse(),
        similarByReason: asAt ? {} : await c.themes.similarForOpenPeriods(periods),
        responseStatuses: await c.responseTimeliness.byInspectionForForce(force.id, request.viewer),
        inspections,
        asAt,
      });
    },
  );
}

type ForceListRow = {
  name: string;
  slug: string;
  countryLabel: string;
  lpbName: string;
  statusLabel: string;
  since: string | null;
};
const FORCE_COLUMNS: Column<ForceListRow>[] = [
  { header: 'Force', value: (f) => f.name, width: 36 },
  { header: 'Slug', value: (f) => f.slug, width: 36 },
  { header: 'Country', value: (f) => f.countryLabel },
  { header: 'Local policing body', value: (f) => f.lpbName, width: 50 },
  { header: 'Engage', value: (f) => f.statusLabel, width: 26 },
  { header: 'In Engage since', value: (f) => (f.since ? partialDate(f.since) : '') },
];
