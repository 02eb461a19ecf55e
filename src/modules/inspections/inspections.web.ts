import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import {
  GRADE_LABELS,
  PROGRAMME_KIND_LABELS,
  SCALES,
  type ProgrammeKind,
  type Scale,
} from './inspections.domain.js';

export function registerInspectionsWeb(app: FastifyInstance, c: Container): void {
  app.get('/inspections', { schema: { hide: true } }, async (_request, reply) =>
    reply.view('inspections/views/list.njk', {
      title: 'Inspections',
      currentSection: 'inspections',
      inspections: await c.inspections.list(),
      kindLabels: PROGRAMME_KIND_LABELS,
    }),
  );
  app.get<{ Params: { slug: string } }>(
    '/inspections/:slug',
    { schema: { hide: true } },
    async (request, reply) => {
      const inspection = await c.inspections.get(request.params.slug);
      return reply.view('inspections/views/show.njk', {
        title: inspection.title,
        currentSection: 'inspections',
        backLink: { href: '/inspections', text: 'All inspections' },
        i: inspection,
        kindLabel: PROGRAMME_KIND_LABELS[inspection.type as ProgrammeKind],
      });
    },
  );
  app.get('/frameworks', { schema: { hide: true } }, async (_request, reply) =>
    reply.view('inspections/views/frameworks.njk', {
      title: 'PEEL frameworks',
      currentSection: 'frameworks',
      programmes: (await c.inspections.programmes()).filter((p) => p.kind === 'peel'),
      scaleLabel,
    }),
  );
  app.get<{ Params: { slug: string } }>(
    '/frameworks/:slug',
    { schema: { hide: true } },
    async (request, reply) => {
      const programme = await c.inspections.programme(request.params.slug);
      return reply.view('inspections/views/framework.njk', {
        title: programme.name,
        currentSection: 'frameworks',
        backLink: { href: '/frameworks', text: 'All PEEL frameworks' },
        programme,
        scale: scaleLabel(programme.scale),
      });
    },
  );
}

function scaleLabel(scale: string): string {
  const grades = SCALES[scale as Scale] ?? [];
  return grades.length === 0 ? 'Ungraded' : grades.map((g) => GRADE_LABELS[g]).join(', ');
}
