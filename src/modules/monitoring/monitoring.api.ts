import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { engagePeriodSchema, errorSchema } from '../../web/api-schemas.js';
import { presentEngagePeriod } from './monitoring.presenter.js';

export function registerMonitoringApi(api: FastifyInstance, c: Container): void {
  api.get<{ Querystring: { status?: 'current' | 'previous' } }>(
    '/engage',
    {
      schema: {
        tags: ['engage'],
        summary: 'Engage periods: forces in enhanced monitoring now, and those that have left',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: { type: 'string', enum: ['current', 'previous'] } },
        },
        response: {
          200: {
            type: 'object',
            required: ['data', 'current', 'previous'],
            properties: {
              data: { type: 'array', items: engagePeriodSchema, description: 'Every period, current first' },
              current: { type: 'array', items: engagePeriodSchema },
              previous: { type: 'array', items: engagePeriodSchema },
            },
          },
          400: errorSchema,
        },
      },
    },
    async (request) => {
      const [current, previous] = await Promise.all([
        c.monitoring.current(request.viewer),
        c.monitoring.previous(request.viewer),
      ]);
      const wanted = request.query.status;
      const cur = wanted === 'previous' ? [] : current.map(presentEngagePeriod);
      const prev = wanted === 'current' ? [] : previous.map(presentEngagePeriod);
      return { data: [...cur, ...prev], current: cur, previous: prev };
    },
  );
}
