import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';

export function registerThemesWeb(app: FastifyInstance, c: Container): void {
  app.get('/themes', { schema: { hide: true } }, async (_request, reply) =>
    reply.view('themes/views/list.njk', {
      title: 'Themes across forces',
      currentSection: 'themes',
      themes: await c.themes.overview(),
    }),
  );
  app.get<{ Params: { slug: string } }>(
    '/themes/:slug',
    { schema: { hide: true } },
    async (request, reply) => {
      const theme = await c.themes.theme(request.params.slug);
      return reply.view('themes/views/show.njk', {
        title: theme.name,
        currentSection: 'themes',
        backLink: { href: '/themes', text: 'All themes' },
        theme,
      });
    },
  );
}
