import type { FastifyRequest } from 'fastify';
import { DEFAULT_PAGE_LIMIT, type Page, type PageRequest } from '../shared/paging.js';

/** What every list's query string carries besides its filters (validated by `listQuery`). */
export type ListQuery = { limit?: number; offset?: number; asAt?: string };

/** The window asked for, with the defaults of `pageQueryProperties`. */
export const pageRequest = (query: ListQuery): PageRequest => ({
  limit: query.limit ?? DEFAULT_PAGE_LIMIT,
  offset: query.offset ?? 0,
});

/**
 * The answer of a paged list: `{ data, page: { limit, offset, total, next } }`, where `next` is this
 * request's URL with the offset moved on, or null when this page reaches the end.
 */
export function paged<T, R>(
  request: FastifyRequest,
  page: PageRequest,
  result: Page<T>,
  present: (item: T) => R,
) {
  const nextOffset = page.offset + page.limit;
  let next: string | null = null;
  if (nextOffset < result.total) {
    const url = new URL(request.url, 'http://localhost');
    url.searchParams.set('limit', String(page.limit));
    url.searchParams.set('offset', String(nextOffset));
    next = `${url.pathname}${url.search}`;
  }
  return {
    data: result.items.map(present),
    page: { limit: page.limit, offset: page.offset, total: result.total, next },
  };
}
