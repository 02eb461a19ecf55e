import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { errorSchema, forceDetailSchema, forceSchema, listOf, slugParams } from '../../web/api-schemas.js';
import { ENGAGE_STATUSES, engageStatusOf } from '../monitoring/monitoring.service.js';
import { presentForce, presentForceDetail } from './forces.presenter.js';

export function registerForcesApi(api: FastifyInstance, c: Container): void {
  api.get<{ Querystring: { engageStatus?: string } }>(
    '/forces',
    {
      schema: {
        tags: ['forces'],
        summary: 'All 43 forces, with their local policing body and Engage status',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { engageStatus: { type: 'string', enum: [...ENGAGE_STATUSES] } },
        },
        response: { 200: listOf(forceSchema), 400: errorSchema },
      },
    },
    async (request) => {
      const [forces, statuses] = await Promise.all([c.forces.list(), c.monitoring.statusByForce()]);
      const data = forces.map((f) => presentForce(f, statuses.get(f.id)?.status ?? 'never-in-engage'));
      const wanted = request.query.engageStatus;
      return { data: wanted ? data.filter((f) => f.engageStatus === wanted) : data };
    },
  );

  api.get<{ Params: { slug: string } }>(
    '/forces/:slug',
    {
      schema: {
        tags: ['forces'],
        summary: "One force, with its Engage periods and its inspections' grades",
        params: slugParams,
        response: { 200: forceDetailSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const force = await c.forces.get(request.params.slug);
      const [periods, inspections] = await Promise.all([
        c.monitoring.periods({ forceId: force.id }, request.viewer),
        c.inspections.forForce(force.id, request.viewer),
      ]);
      return presentForceDetail(force, engageStatusOf(periods), periods, inspections);
    },
  );
}
