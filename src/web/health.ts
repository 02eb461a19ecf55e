import type { FastifyInstance } from 'fastify';
import type { Container } from '../container.js';

export function registerHealth(app: FastifyInstance, container: Container): void {
  app.get('/ping', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/plain').send('pong'),
  );
  app.get('/health', { schema: { hide: true } }, async (request, reply) => {
    const started = performance.now();
    try {
      await container.database.ping();
      return reply.send({
        status: 'ok',
        database: {
          kind: container.database.kind,
          status: 'ok',
          ms: Math.round(performance.now() - started),
        },
      });
    } catch (error) {
      request.log.error({ err: error }, 'health check failed');
      return reply
        .status(503)
        .send({ status: 'unavailable', database: { kind: container.database.kind, status: 'unreachable' } });
    }
  });
}
