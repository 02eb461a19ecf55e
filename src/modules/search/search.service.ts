import type { Db } from '../../db/index.js';
import { PUBLIC_VIEWER, type Viewer } from '../accounts/index.js';
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

/** The record a result is: a finding's page, an Engage period on its list, a meeting, a response. */
function urlOf(row: SearchRow): string {
  switch (row.kind) {
    case 'finding':
      return `/findings/${row.id}`;
    case 'engage-reason':
      return row.parentId
        ? `/engage${row.parentEnded ? '/previous' : ''}#period-${row.parentId}`
        : `/forces/${row.forceSlug}#engage-history`;
    case 'judgement':
      return row.inspectionSlug ? `/inspections/${row.inspectionSlug}` : `/forces/${row.forceSlug}`;
    case 'scrutiny-question':
      return row.parentId ? `/meetings/${row.parentId}` : `/forces/${row.forceSlug}/meetings`;
    case 'response-recommendation':
      return row.parentId ? `/responses/${row.parentId}` : `/forces/${row.forceSlug}`;
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
