import { z } from 'zod';
import { SEARCH_KINDS, SEARCH_STATUSES } from './search.domain.js';

/** The search query, shared by the page and the API. Unknown filter values are ignored, not errors. */
export const searchQuerySchema = z.object({
  q: z.string().trim().max(200).catch('').default(''),
  force: z
    .string()
    .regex(/^[a-z0-9-]{1,120}$/)
    .optional()
    .catch(undefined),
  kind: z.enum(SEARCH_KINDS).optional().catch(undefined),
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  area: z.string().trim().min(1).max(200).optional().catch(undefined),
  status: z.enum(SEARCH_STATUSES).optional().catch(undefined),
  programme: z
    .string()
    .regex(/^[a-z0-9-]{1,120}$/)
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(10).catch(1).default(1),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;
export const PAGE_SIZE = 20;

/** The filters of a parsed query, as the search service takes them (asAt comes from the API only). */
export const searchFiltersOf = (query: SearchQuery) => ({
  force: query.force,
  kind: query.kind,
  year: query.year,
  area: query.area,
  status: query.status,
  programme: query.programme,
});
