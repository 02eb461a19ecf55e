import { z } from 'zod';
import { THEMES } from './themes.taxonomy.js';

const SLUGS = THEMES.map((t) => t.slug) as [string, ...string[]];

/**
 * The inspectorate's choice of themes for one finding or Engage reason, the same for the web form,
 * the API and the CLI. themes null goes back to the rules; an empty list says no theme applies.
 * version is the override's version the editor saw (absent when there was none).
 */
export const themeOverrideSchema = z.object({
  themes: z
    .array(z.enum(SLUGS, { error: 'Choose themes from the list' }))
    .max(SLUGS.length)
    .nullable(),
  reason: z
    .string({ error: 'Say why the rules are wrong here' })
    .trim()
    .min(1, 'Say why the rules are wrong here')
    .max(2000, 'Keep the reason to 2,000 characters or fewer'),
  version: z.coerce.number().int().positive().optional(),
});
export type ThemeOverrideInput = z.infer<typeof themeOverrideSchema>;
