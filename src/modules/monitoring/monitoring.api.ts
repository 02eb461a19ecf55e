import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { pageOf } from '../../shared/paging.js';
import { engagePeriodSchema, errorSchema, listQuery, pagedListOf } from '../../web/api-schemas.js';
import { paged, pageRequest, type ListQuery } from '../../web/api-paging.js';
import { presentEngagePeriod } from './monitoring.presenter.js';

type Query = ListQuery & { force?: string; status?: 'current' | 'previous' };

export function registerMonitoringApi(api: FastifyInstance, c: Container): void {
  api.get<{ Querystring: Query }>(
    '/engage',
    {
      schema: {
        tags: ['engage'],
        summary: 'Engage periods: forces in enhanced monitoring now, and those that have left',
        description:
          'Current periods first (alphabetical by force), then those that have ended, latest exit first. current and previous split the page given in data. With asAt, the periods as they stood at the end of that day: entered by then, and a period that ended later shown as still open, without its exit reasons.',
        querystring: listQuery({
          force: { type: 'string', pattern: '^[a-z0-9-]{1,120}$', description: 'slug of a force' },
          status: { type: 'string', enum: ['current', 'previous'] },
        }),
        response: {
          200: pagedListOf(
            { ...engagePeriodSchema, description: 'Every period, current first' },
            {
              current: { type: 'array', items: engagePeriodSchema },
              previous: { type: 'array', items: engagePeriodSchema },
            },
          ),
          400: errorSchema,
        },
      },
    },
    async (request) => {
      const { force, status, asAt } = request.query;
      const page = pageRequest(request.query);
      const periods = await c.monitoring.list({ force, status, asAt }, request.viewer);
      const body = paged(request, page, pageOf(periods, page), presentEngagePeriod);
      return {
        ...body,
        current: body.data.filter((p) => p.current),
        previous: body.data.filter((p) => !p.current),
      };
    },
  );
}
