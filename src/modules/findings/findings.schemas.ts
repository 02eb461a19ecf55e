import { z } from 'zod';
import { FINDING_KINDS, FINDING_STATUSES } from './findings.domain.js';

/** Filters of the findings list: the page, its downloads and the API share them. */
export const findingFiltersSchema = z.object({
  force: z
    .string()
    .regex(/^[a-z0-9-]{1,120}$/)
    .optional()
    .catch(undefined),
  kind: z.enum(FINDING_KINDS).optional().catch(undefined),
  status: z.enum(FINDING_STATUSES).optional().catch(undefined),
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
});
export type FindingFiltersInput = z.infer<typeof findingFiltersSchema>;
