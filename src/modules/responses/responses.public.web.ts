import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Container } from '../../container.js';
import { exportFormat, sendTable, type Column } from '../../web/exports.js';
import { partialDate } from '../../web/filters.js';
import { registerResponseFeeds } from './responses.feeds.js';
import {
  RESPONSE_STATES,
  RESPONSE_STATE_LABELS,
  RESPONSE_STATUS_LABELS,
  sortForPage,
  type LpbTimeliness,
  type ResponseTimeliness,
} from './responses.timeliness.js';

const SLUG = /^[a-z0-9-]{1,120}$/;
const pageQuery = z.object({
  force: z.string().regex(SLUG).optional().catch(undefined),
  state: z
    .enum(['all', ...RESPONSE_STATES])
    .catch('all')
    .default('all'),
  table: z.enum(['responses', 'national']).catch('responses').default('responses'),
});

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "12 days overdue", "5 days left", "50 days after the report". */
export function daysText(r: ResponseTimeliness): string {
  if (r.state === 'overdue') return `${plural(r.daysOverdue!, 'day', 'days')} overdue`;
  if ((r.state === 'due-soon' || r.state === 'not-due') && r.daysOverdue !== null)
    return r.daysOverdue === 0 ? 'Due today' : `${plural(-r.daysOverdue, 'day', 'days')} left`;
  if (r.daysToRespond !== null) return `${plural(r.daysToRespond, 'day', 'days')} after the report`;
  return '';
}

/** The columns of the CSV and XLSX downloads: one row per row shown, in the order shown. */
export const RESPONSE_COLUMNS: Column<ResponseTimeliness>[] = [
  { header: 'State', value: (r) => RESPONSE_STATE_LABELS[r.state], width: 22 },
  { header: 'Local policing body', value: (r) => r.lpbName, width: 50 },
  { header: 'Force', value: (r) => r.forceName, width: 30 },
  { header: 'Inspection', value: (r) => r.inspectionTitle, width: 60 },
  { header: 'Inspection slug', value: (r) => r.inspectionSlug, width: 40 },
  { header: 'Report published', value: (r) => partialDate(r.publicationDay ?? r.inspectionPublishedOn, '') },
  { header: 'Deadline', value: (r) => partialDate(r.deadline, '') },
  { header: 'Response status', value: (r) => RESPONSE_STATUS_LABELS[r.status] },
  { header: 'Response published', value: (r) => partialDate(r.answeredOn, '') },
  { header: 'Days', value: (r) => daysText(r), width: 24 },
  { header: 'Status', value: (r) => r.headline, width: 60 },
  { header: 'Response page', value: (r) => (r.responseId ? `/responses/${r.responseId}` : ''), width: 50 },
  { header: 'Published response', value: (r) => r.publicUrl, width: 50 },
];

const NATIONAL_COLUMNS: Column<LpbTimeliness>[] = [
  { header: 'Local policing body', value: (l) => l.lpbName, width: 50 },
  { header: 'Force', value: (l) => l.forceName, width: 30 },
  { header: 'Due', value: (l) => l.due },
  { header: 'Published', value: (l) => l.published },
  { header: 'Overdue', value: (l) => l.overdue },
  { header: 'Percentage on time', value: (l) => l.percentOnTime },
  { header: 'Median days to respond', value: (l) => l.medianDays },
];

/** The public record of s55 response timeliness: /responses with its downloads, calendars and feed. */
export function registerResponsesPublicWeb(app: FastifyInstance, c: Container, config: Config): void {
  app.get('/responses', { schema: { hide: true } }, async (request, reply) => {
    const query = pageQuery.parse(request.query ?? {});
    const [forces, force] = await Promise.all([
      c.forces.list(),
      query.force ? c.forces.get(query.force) : undefined,
    ]);
    const format = exportFormat(request.query);
    if (format && query.table === 'national') {
      const national = await c.responseTimeliness.national(request.viewer);
      return sendTable(reply, format, 'response-timeliness-by-lpb', NATIONAL_COLUMNS, [
        ...national.lpbs,
        national.total,
      ]);
    }
    const all = await c.responseTimeliness.list(force ? { forceId: force.id } : {}, request.viewer);
    const rows = sortForPage(all.filter((r) => query.state === 'all' || r.state === query.state));
    if (format) {
      const name = ['responses', force?.slug, query.state === 'all' ? undefined : query.state]
        .filter(Boolean)
        .join('-');
      return sendTable(reply, format, name, RESPONSE_COLUMNS, rows);
    }
    const national = await c.responseTimeliness.national(request.viewer);
    const params = new URLSearchParams();
    if (force) params.set('force', force.slug);
    if (query.state !== 'all') params.set('state', query.state);
    const withFormat = (f: string) =>
      `/responses?${new URLSearchParams([...params, ['format', f]]).toString()}`;
    return reply.view('responses/views/timeliness.njk', {
      title: 'Responses to inspections',
      currentSection: 'responses',
      force: force ?? null,
      state: query.state,
      total: rows.length,
      sections: RESPONSE_STATES.map((state) => ({
        state,
        label: RESPONSE_STATE_LABELS[state],
        rows: rows
          .filter((r) => r.state === state)
          .map((r) => ({
            ...r,
            statusLabel: RESPONSE_STATUS_LABELS[r.status],
            days: daysText(r),
          })),
      })).filter((s) => s.rows.length > 0),
      national,
      csvUrl: withFormat('csv'),
      xlsxUrl: withFormat('xlsx'),
      nationalCsvUrl: '/responses?table=national&format=csv',
      nationalXlsxUrl: '/responses?table=national&format=xlsx',
      icsUrl: force ? `/forces/${force.slug}/responses/deadlines.ics` : '/responses/deadlines.ics',
      forceOptions: [
        { value: '', text: 'All forces' },
        ...forces.map((f) => ({ value: f.slug, text: f.name, selected: f.slug === force?.slug })),
      ],
      stateOptions: [
        { value: 'all', text: 'Every state', selected: query.state === 'all' },
        ...RESPONSE_STATES.map((s) => ({
          value: s,
          text: RESPONSE_STATE_LABELS[s],
          selected: s === query.state,
        })),
      ],
    });
  });
  registerResponseFeeds(app, c, config);
}
