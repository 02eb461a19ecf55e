import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Container } from '../../container.js';
import { exportFormat, sendTable, type Column } from '../../web/exports.js';
import { gradeHistory } from '../../web/view-charts.js';
import { partialDate } from '../../web/filters.js';
import { COUNTRY_LABELS, LPB_KIND_LABELS, type Country, type LpbKind } from './forces.domain.js';
import { ENGAGE_STATUSES, ENGAGE_STATUS_LABELS, engageStatusOf } from '../monitoring/monitoring.service.js';

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
    return reply.view('forces/views/list.njk', {
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

  app.get<{ Params: { slug: string } }>(
    '/forces/:slug',
    { schema: { hide: true } },
    async (request, reply) => {
      const force = await c.forces.get(request.params.slug);
      const [periods, inspections, conflicts] = await Promise.all([
        c.monitoring.periods({ forceId: force.id }),
        c.inspections.forForce(force.id),
        c.documents.conflicts(force.id),
      ]);
      const history = await gradeHistory(force.name, inspections);
      return reply.view('forces/views/show.njk', {
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
        inspections,
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
