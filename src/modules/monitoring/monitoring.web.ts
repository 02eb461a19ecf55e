import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';

export function registerMonitoringWeb(app: FastifyInstance, c: Container): void {
  app.get('/engage', { schema: { hide: true } }, async (_request, reply) =>
    reply.view('monitoring/views/current.njk', {
      title: 'Police forces in Engage',
      currentSection: 'engage',
      periods: await c.monitoring.current(),
    }),
  );
  app.get('/engage/previous', { schema: { hide: true } }, async (_request, reply) =>
    reply.view('monitoring/views/previous.njk', {
      title: 'Police forces previously in Engage',
      currentSection: 'engage',
      periods: await c.monitoring.previous(),
    }),
  );
}
