import { z } from 'zod';
import { tryParseIso } from '../../shared/partial-date.js';
import { COUNTRIES, LPB_KINDS } from '../forces/index.js';
import { GRADES, PROGRAMME_KINDS } from '../inspections/index.js';

/** The bundled reference data (reference/*.json): facts with their sources, no prose. */
const isoPrefix = z
  .string()
  .refine((s) => tryParseIso(s) !== null, 'must be an ISO date or prefix: 2019, 2023-09, 2024-07-23');
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lower-case hyphenated slug');
const url = z.url({ protocol: /^https?$/ });

export const forcesFileSchema = z.object({
  forces: z.array(
    z.object({
      slug,
      name: z.string().min(1),
      country: z.enum(COUNTRIES),
      aliases: z.array(z.string().min(1)),
      lpb: z.object({
        name: z.string().min(1),
        kind: z.enum(LPB_KINDS),
        title: z.string().min(1),
        since: isoPrefix.optional(),
      }),
      sources: z.array(url).min(1),
    }),
  ),
});

type AreaInput = { slug: string; name: string; graded: boolean; children?: AreaInput[] | undefined };
const areaSchema: z.ZodType<AreaInput> = z.lazy(() =>
  z.object({ slug, name: z.string().min(1), graded: z.boolean(), children: z.array(areaSchema).optional() }),
);

export const programmesFileSchema = z.object({
  programmes: z.array(
    z.object({
      slug,
      name: z.string().min(1),
      kind: z.enum(PROGRAMME_KINDS),
      cycle: z.string().min(1).optional(),
      startYear: z.number().int().min(2000).max(2100).optional(),
      endYear: z.number().int().min(2000).max(2100).optional(),
      scale: z.enum(['four-tier', 'five-tier', 'ungraded']),
      areasComplete: z.boolean().default(true),
      comparability: z.string().min(1).optional(),
      areas: z.array(areaSchema),
      sources: z.array(url).min(1),
    }),
  ),
});

export const engageFileSchema = z.object({
  periods: z.array(
    z.object({
      force: slug,
      entered: isoPrefix,
      exited: isoPrefix.nullable(),
      entryReasons: z.array(z.object({ theme: z.string().min(1).max(80) })),
      exitReasons: z.array(z.object({ theme: z.string().min(1).max(80) })),
      openCausesOfConcernAtExit: z.number().int().min(0).optional(),
      sources: z.array(z.object({ url, supports: z.array(z.enum(['entered', 'exited'])).min(1) })).min(1),
    }),
  ),
});

export const inspectionsFileSchema = z.object({
  inspections: z.array(
    z.object({
      slug,
      title: z.string().min(1),
      programme: slug.nullable(),
      type: z.enum(PROGRAMME_KINDS),
      forces: z.array(slug).min(1),
      published: isoPrefix.nullable(),
      sourceUrl: url.nullable(),
      judgements: z.array(
        z.object({ area: slug, grade: z.enum(GRADES).nullable(), basis: z.string().min(1).optional() }),
      ),
    }),
  ),
});

export type ForcesFile = z.infer<typeof forcesFileSchema>;
export type ProgrammesFile = z.infer<typeof programmesFileSchema>;
export type EngageFile = z.infer<typeof engageFileSchema>;
export type InspectionsFile = z.infer<typeof inspectionsFileSchema>;
export type ReferenceData = {
  forces: ForcesFile;
  programmes: ProgrammesFile;
  engage: EngageFile;
  inspections: InspectionsFile;
};
export type { AreaInput };
