import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { exportFormat, sendTable, type Column } from '../../web/exports.js';
import { duration, partialDate } from '../../web/filters.js';
import type { EngagePeriod, EngageReason } from './monitoring.repository.js';

const reasonsText = (reasons: EngageReason[]): string =>
  reasons
    .map((r) =>
      [r.text ?? r.theme ?? '', ...r.children.map((c) => `  - ${c.text ?? c.theme ?? ''}`)].join('\n'),
    )
    .join('\n');

const PERIOD_COLUMNS: Column<EngagePeriod>[] = [
  { header: 'Force', value: (p) => p.force.name, width: 32 },
  { header: 'Entered Engage', value: (p) => partialDate(p.enteredOn) },
  { header: 'Moved out of Engage', value: (p) => (p.exitedOn ? partialDate(p.exitedOn) : '') },
  { header: 'Time in Engage', value: (p) => duration(p.enteredOn, p.exitedOn) },
  { header: 'Entry reasons', value: (p) => reasonsText(p.entryReasons), width: 80 },
  { header: 'Exit reasons', value: (p) => reasonsText(p.exitReasons), width: 80 },
  { header: 'Causes of concern open at exit', value: (p) => p.openCausesOfConcernAtExit },
];

export function registerMonitoringWeb(app: FastifyInstance, c: Container): void {
  app.get('/engage', { schema: { hide: true } }, async (request, reply) => {
    const periods = await c.monitoring.current(request.viewer);
    const format = exportFormat(request.query);
    if (format) return sendTable(reply, format, 'forces-in-engage', PERIOD_COLUMNS, periods);
    return reply.view('monitoring/views/current.njk', {
      title: 'Police forces in Engage',
      currentSection: 'engage',
      periods,
      similarByReason: await c.themes.similarForOpenPeriods(periods),
    });
  });
  app.get('/engage/previous', { schema: { hide: true } }, async (request, reply) => {
    const periods = await c.monitoring.previous(request.viewer);
    const format = exportFormat(request.query);
    if (format) return sendTable(reply, format, 'forces-previously-in-engage', PERIOD_COLUMNS, periods);
    return reply.view('monitoring/views/previous.njk', {
      title: 'Police forces previously in Engage',
      currentSection: 'engage',
      periods,
    });
  });
}
