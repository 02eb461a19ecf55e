/**
 * Paging of the API's lists: which window of a list to give, and how long the whole list is. Pure;
 * the query string's schema (src/web/api-schemas.ts) bounds the numbers before they get here.
 */
export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 500;

export type PageRequest = { limit: number; offset: number };
export type Page<T> = { items: T[]; total: number };

/** The window of a list already in memory (small lists, or lists worked out on read). */
export function pageOf<T>(all: readonly T[], page: PageRequest): Page<T> {
  return { items: all.slice(page.offset, page.offset + page.limit), total: all.length };
}
