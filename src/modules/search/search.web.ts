import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { exportFormat, sendTable, type Column } from '../../web/exports.js';
import { dateTimeLabel } from '../../web/filters.js';
import { SEARCH_KINDS, SEARCH_KIND_LABELS } from './search.domain.js';
import { PAGE_SIZE, searchQuerySchema } from './search.schemas.js';
import type { SearchResult } from './search.service.js';

const SEARCH_COLUMNS: Column<SearchResult>[] = [
  { header: 'Kind', value: (r) => r.kindLabel, width: 24 },
  { header: 'Force', value: (r) => r.force.name, width: 30 },
  { header: 'Text', value: (r) => r.text, width: 90 },
  { header: 'Link', value: (r) => r.url, width: 50 },
  { header: 'Rank', value: (r) => r.rank },
];
/** Only those who may see embargoed material get this column, and only when it has something in it. */
const EMBARGO_COLUMN: Column<SearchResult> = {
  header: 'Embargoed until',
  value: (r) => dateTimeLabel(r.embargoedUntil),
};

export function registerSearchWeb(app: FastifyInstance, c: Container): void {
  app.get('/search', { schema: { hide: true } }, async (request, reply) => {
    const query = searchQuerySchema.parse(request.query ?? {});
    const [results, forces] = await Promise.all([
      c.search.search(query.q, { force: query.force, kind: query.kind, year: query.year }, request.viewer),
      c.forces.list(),
    ]);
    const format = exportFormat(request.query);
    if (format) {
      const columns = results.some((r) => r.embargoedUntil)
        ? [...SEARCH_COLUMNS, EMBARGO_COLUMN]
        : SEARCH_COLUMNS;
      return sendTable(reply, format, 'search', columns, results);
    }
    const pages = Math.max(1, Math.ceil(results.length / PAGE_SIZE));
    const page = Math.min(query.page, pages);
    const link = (p: number) => {
      const params = new URLSearchParams({
        q: query.q,
        ...(query.force ? { force: query.force } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
        page: String(p),
      });
      return `/search?${params.toString()}`;
    };
    return reply.view('search/views/search.njk', {
      title: query.q ? `Search: ${query.q}` : 'Search',
      currentSection: 'search',
      query,
      results: results.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
      downloads: {
        csv: `${link(1).replace(/&page=1$/, '')}&format=csv`,
        xlsx: `${link(1).replace(/&page=1$/, '')}&format=xlsx`,
      },
      total: results.length,
      forceOptions: [
        { value: '', text: 'All forces' },
        ...forces.map((f) => ({ value: f.slug, text: f.name, selected: f.slug === query.force })),
      ],
      kindOptions: [
        { value: '', text: 'Everything' },
        ...SEARCH_KINDS.map((k) => ({ value: k, text: SEARCH_KIND_LABELS[k], selected: k === query.kind })),
      ],
      pagination:
        pages > 1
          ? {
              ...(page > 1 ? { previous: { href: link(page - 1) } } : {}),
              ...(page < pages ? { next: { href: link(page + 1) } } : {}),
              items: Array.from({ length: pages }, (_, i) => ({
                number: i + 1,
                href: link(i + 1),
                current: i + 1 === page,
              })),
            }
          : null,
    });
  });
}
