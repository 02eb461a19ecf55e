import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { exportFormat, sendTable, type Column } from '../../web/exports.js';
import { dateTimeLabel, labelled, selectItems } from '../../web/filters.js';
import { SEARCH_KINDS, SEARCH_KIND_LABELS, SEARCH_STATUSES, SEARCH_STATUS_LABELS } from './search.domain.js';
import { PAGE_SIZE, searchFiltersOf, searchQuerySchema } from './search.schemas.js';

/** Years a search can be narrowed to: from the first PEEL year to this one, newest first. */
const years = (): number[] => {
  const now = new Date().getFullYear();
  return Array.from({ length: now - 2014 + 1 }, (_, i) => now - i);
};
import type { SearchResult } from './search.service.js';

const SEARCH_COLUMNS: Column<SearchResult>[] = [
  { header: 'Kind', value: (r) => r.kindLabel, width: 24 },
  { header: 'Force', value: (r) => r.force.name, width: 30 },
  { header: 'Area', value: (r) => r.area, width: 30 },
  { header: 'Status', value: (r) => r.statusLabel },
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
    const [results, forces, programmes] = await Promise.all([
      c.search.search(query.q, searchFiltersOf(query), request.viewer),
      c.forces.list(),
      c.inspections.programmes(),
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
      const filters = Object.entries(searchFiltersOf(query)).flatMap(([key, value]) =>
        value === undefined ? [] : [[key, String(value)]],
      );
      const params = new URLSearchParams([['q', query.q], ...filters, ['page', String(p)]]);
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
      forceOptions: selectItems(
        'All forces',
        forces.map((f) => [f.slug, f.name] as const),
        query.force,
      ),
      kindOptions: selectItems('Everything', labelled(SEARCH_KINDS, SEARCH_KIND_LABELS), query.kind),
      statusOptions: selectItems('Any status', labelled(SEARCH_STATUSES, SEARCH_STATUS_LABELS), query.status),
      programmeOptions: selectItems(
        'Any programme',
        programmes.map((pr) => [pr.slug, pr.name] as const),
        query.programme,
      ),
      yearOptions: selectItems(
        'Any year',
        years().map((y) => [y, String(y)] as const),
        query.year,
      ),
      filtered: [query.force, query.kind, query.year, query.area, query.status, query.programme].some(
        (v) => v !== undefined,
      ),
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
