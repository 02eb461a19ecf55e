import { z } from 'zod';
import { ASSURANCE_LEVELS, FORCE_STATUSES } from './findings.domain.js';
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
  area: z.string().trim().min(1).max(200).optional().catch(undefined),
  forceStatus: z.enum(FORCE_STATUSES).optional().catch(undefined),
  assurance: z.enum(ASSURANCE_LEVELS).optional().catch(undefined),
  /** Only findings with an action past its agreed date. */
  overdue: z.preprocess(
    (v) => (v === true || v === 'true' || v === '1' || v === 'yes' ? true : undefined),
    z.literal(true).optional(),
  ),
  q: z.string().trim().min(1).max(200).optional().catch(undefined),
});
export type FindingFiltersInput = z.infer<typeof findingFiltersSchema>;
