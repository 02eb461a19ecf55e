import { z } from 'zod';
import { SEARCH_KINDS } from './search.domain.js';

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
  page: z.coerce.number().int().min(1).max(10).catch(1).default(1),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;
export const PAGE_SIZE = 20;
