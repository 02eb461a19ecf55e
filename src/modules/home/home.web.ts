import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { engageTimeline } from '../../web/view-charts.js';

export function registerHomeWeb(app: FastifyInstance, c: Container): void {
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const [current, previous, latest, forces] = await Promise.all([
      c.monitoring.current(request.viewer),
      c.monitoring.previous(request.viewer),
      c.inspections.latest(8, request.viewer),
      c.forces.list(),
    ]);
    const timeline = await engageTimeline([...current, ...previous]);
    return reply.view('home/views/home.njk', {
      timeline,
      title: 'Police inspection and accountability in England and Wales',
      currentSection: 'home',
      current,
      previous,
      latest,
      forceCount: forces.length,
    });
  });
}
