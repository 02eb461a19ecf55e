import type { Db } from '../../db/index.js';
import { PUBLIC_VIEWER, type Viewer } from '../accounts/accounts.domain.js';
import { SEARCH_KIND_LABELS, SEARCH_STATUS_LABELS, snippetHtml } from './search.domain.js';
import { createSearchRepository, type SearchFilters, type SearchRow } from './search.repository.js';

export type SearchResult = {
  kind: SearchRow['kind'];
  kindLabel: string;
  force: { slug: string; name: string };
  /** The graded area of a finding, judgement or response to a recommendation. */
  area: string | null;
  /** Whether a finding or Engage reason is open now; null for other kinds. */
  status: SearchRow['status'];
  statusLabel: string | null;
  /** slug of the inspection programme, where the result comes from an inspection in one. */
  programme: string | null;
  text: string;
  snippetHtml: string;
  url: string;
  sourceUrl: string | null;
  rank: number;
  nearMatch: boolean;
  /** When the result comes from an inspection still under embargo: its publication moment. */
  embargoedUntil: Date | null;
};

/** Where a result lives on the site. */
function urlOf(row: SearchRow): string {
  switch (row.kind) {
    case 'finding':
      return row.inspectionSlug
        ? `/inspections/${row.inspectionSlug}#finding-${row.id}`
        : `/forces/${row.forceSlug}#engage-history`;
    case 'judgement':
    case 'response-recommendation':
      return row.inspectionSlug ? `/inspections/${row.inspectionSlug}` : `/forces/${row.forceSlug}`;
    default:
      return `/forces/${row.forceSlug}#engage-history`;
  }
}

export function createSearchService(db: Db) {
  const repository = createSearchRepository(db);
  return {
    async search(
      query: string,
      filters: SearchFilters = {},
      viewer: Viewer = PUBLIC_VIEWER,
    ): Promise<SearchResult[]> {
      const q = query.trim().slice(0, 200);
      if (q === '') return [];
      return (await repository.search(q, filters, viewer)).map((row) => ({
        kind: row.kind,
        kindLabel: SEARCH_KIND_LABELS[row.kind],
        force: { slug: row.forceSlug, name: row.forceName },
        area: row.area,
        status: row.status,
        statusLabel: row.status ? SEARCH_STATUS_LABELS[row.status] : null,
        programme: row.programme,
        text: row.text,
        snippetHtml: snippetHtml(row.snippet),
        url: urlOf(row),
        sourceUrl: row.documentId
          ? `/documents/${row.documentId}?start=${row.sourceStart ?? 0}&end=${row.sourceEnd ?? 0}#passage`
          : null,
        rank: Math.round(row.rank * 10000) / 10000,
        nearMatch: row.fuzzy,
        embargoedUntil: row.embargoedUntil,
      }));
    },
  };
}
export type SearchService = ReturnType<typeof createSearchService>;
