import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { pageOf } from '../../shared/paging.js';
import {
  asAtProperty,
  errorSchema,
  forceDetailSchema,
  forceSchema,
  listQuery,
  pagedListOf,
  slugParams,
} from '../../web/api-schemas.js';
import { paged, pageRequest, type ListQuery } from '../../web/api-paging.js';
import { publishedBy } from '../../shared/as-at.js';
import { ENGAGE_STATUSES, engageStatusOf, type EngageStatus } from '../monitoring/index.js';
import { presentForce, presentForceDetail } from './profiles.presenter.js';

export function registerForcesApi(api: FastifyInstance, c: Container): void {
  api.get<{ Querystring: ListQuery & { engageStatus?: EngageStatus; country?: string } }>(
    '/forces',
    {
      schema: {
        tags: ['forces'],
        summary: 'All 43 forces, with their local policing body and Engage status',
        description:
          "Alphabetical. With asAt, each force's Engage status as it stood at the end of that day.",
        querystring: listQuery({
          engageStatus: { type: 'string', enum: [...ENGAGE_STATUSES] },
          country: { type: 'string', enum: ['england', 'wales'] },
        }),
        response: { 200: pagedListOf(forceSchema), 400: errorSchema },
      },
    },
    async (request) => {
      const { engageStatus, country, asAt } = request.query;
      const [forces, statuses] = await Promise.all([c.forces.list(), c.monitoring.statusByForce(asAt)]);
      const statusOf = (id: string) => statuses.get(id)?.status ?? 'never-in-engage';
      const wanted = forces.filter(
        (f) => (!engageStatus || statusOf(f.id) === engageStatus) && (!country || f.country === country),
      );
      const page = pageRequest(request.query);
      return paged(request, page, pageOf(wanted, page), (f) => presentForce(f, statusOf(f.id)));
    },
  );

  api.get<{ Params: { slug: string }; Querystring: { asAt?: string } }>(
    '/forces/:slug',
    {
      schema: {
        tags: ['forces'],
        summary: "One force, with its Engage periods and its inspections' grades",
        description:
          'With asAt, the force as it stood at the end of that day: Engage periods entered by then (one that ended later shown as still open, without its exit reasons) and inspections published by then.',
        params: slugParams,
        querystring: { type: 'object', additionalProperties: false, properties: { ...asAtProperty } },
        response: { 200: forceDetailSchema, 400: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const force = await c.forces.get(request.params.slug);
      const { asAt } = request.query;
      const [allPeriods, allInspections] = await Promise.all([
        c.monitoring.periods({ forceId: force.id }, request.viewer),
        c.inspections.forForce(force.id, request.viewer),
      ]);
      // The same as-at rules as the force page.
      const periods = asAt ? await c.monitoring.atEndOf(allPeriods, asAt) : allPeriods;
      const inspections = asAt ? publishedBy(allInspections, asAt) : allInspections;
      return presentForceDetail(force, engageStatusOf(periods), periods, inspections);
    },
  );
}
