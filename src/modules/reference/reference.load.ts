import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { compare, latest, parseIso } from '../../shared/partial-date.js';
import { nameKey } from '../forces/index.js';
import { SCALES, isGradeOnScale } from '../inspections/index.js';
import {
  engageFileSchema,
  forcesFileSchema,
  inspectionsFileSchema,
  programmesFileSchema,
  type AreaInput,
  type ReferenceData,
} from './reference.schemas.js';

export const referenceFolder = fileURLToPath(new URL('../../../reference', import.meta.url));

export class ReferenceDataError extends Error {}

/** Reads, validates and cross-checks the bundled reference data. Pure apart from reading the files. */
export async function readReferenceData(
  folder = referenceFolder,
): Promise<{ data: ReferenceData; hash: string }> {
  const hash = createHash('sha256');
  async function readJson<T>(name: string, schema: z.ZodType<T>): Promise<T> {
    const raw = await readFile(join(folder, name), 'utf8');
    hash.update(name).update('\0').update(raw).update('\0');
    const parsed = schema.safeParse(JSON.parse(raw));
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 10).map((i) => `  ${i.path.join('.')}: ${i.message}`);
      throw new ReferenceDataError(`reference/${name} is invalid:\n${issues.join('\n')}`);
    }
    return parsed.data;
  }
  const data: ReferenceData = {
    forces: await readJson('forces.json', forcesFileSchema),
    programmes: await readJson('programmes.json', programmesFileSchema),
    engage: await readJson('engage.json', engageFileSchema),
    inspections: await readJson('inspections.json', inspectionsFileSchema),
  };
  const problems = checkReferenceData(data);
  if (problems.length > 0)
    throw new ReferenceDataError(`Reference data is inconsistent:\n  ${problems.join('\n  ')}`);
  return { data, hash: hash.digest('hex') };
}

export function flattenAreas(
  areas: AreaInput[],
  parent: string | null = null,
): Array<AreaInput & { parent: string | null }> {
  return areas.flatMap((a) => [{ ...a, parent }, ...flattenAreas(a.children ?? [], a.slug)]);
}

/** Cross-file rules zod cannot see. Returns the problems found, empty when consistent. */
export function checkReferenceData(data: ReferenceData): string[] {
  const problems: string[] = [];
  const forceSlugs = new Set<string>();
  const keys = new Map<string, string>();
  for (const force of data.forces.forces) {
    if (forceSlugs.has(force.slug)) problems.push(`force ${force.slug} appears twice`);
    forceSlugs.add(force.slug);
    for (const name of [force.name, ...force.aliases]) {
      const owner = keys.get(nameKey(name));
      if (owner && owner !== force.slug)
        problems.push(`name "${name}" of ${force.slug} is also a name of ${owner}`);
      keys.set(nameKey(name), force.slug);
    }
  }
  const programmes = new Map(data.programmes.programmes.map((p) => [p.slug, p]));
  for (const programme of data.programmes.programmes) {
    const slugs = flattenAreas(programme.areas).map((a) => a.slug);
    const dupes = slugs.filter((s, i) => slugs.indexOf(s) !== i);
    if (dupes.length > 0) problems.push(`programme ${programme.slug} repeats area ${dupes.join(', ')}`);
  }
  const periodsByForce = new Map<string, Array<{ entered: string; exited: string | null }>>();
  for (const period of data.engage.periods) {
    if (!forceSlugs.has(period.force)) problems.push(`Engage period names unknown force ${period.force}`);
    if (period.exited && compare(parseIso(period.exited), parseIso(period.entered)) < 0) {
      problems.push(
        `Engage period of ${period.force} leaves (${period.exited}) before it enters (${period.entered})`,
      );
    }
    const list = periodsByForce.get(period.force) ?? [];
    list.push(period);
    periodsByForce.set(period.force, list);
  }
  for (const [force, periods] of periodsByForce) {
    const sorted = [...periods].sort((a, b) => compare(parseIso(a.entered), parseIso(b.entered)));
    sorted.forEach((p, i) => {
      const next = sorted[i + 1];
      if (next && (p.exited === null || latest(parseIso(p.exited)) > latest(parseIso(next.entered)))) {
        problems.push(`Engage periods of ${force} overlap (${p.entered} and ${next.entered})`);
      }
    });
  }
  for (const inspection of data.inspections.inspections) {
    for (const force of inspection.forces) {
      if (!forceSlugs.has(force)) problems.push(`inspection ${inspection.slug} names unknown force ${force}`);
    }
    const programme = inspection.programme ? programmes.get(inspection.programme) : undefined;
    if (inspection.programme && !programme) {
      problems.push(`inspection ${inspection.slug} names unknown programme ${inspection.programme}`);
      continue;
    }
    if (!programme) continue;
    const areas = new Map(flattenAreas(programme.areas).map((a) => [a.slug, a]));
    for (const judgement of inspection.judgements) {
      const area = areas.get(judgement.area);
      if (!area) problems.push(`inspection ${inspection.slug} grades unknown area ${judgement.area}`);
      else if (judgement.grade && !area.graded)
        problems.push(`inspection ${inspection.slug} grades ungraded area ${area.slug}`);
      else if (judgement.grade && !isGradeOnScale(judgement.grade, programme.scale)) {
        problems.push(
          `grade ${judgement.grade} is not on the ${programme.scale} scale (${SCALES[programme.scale].join(', ')})`,
        );
      }
    }
  }
  return problems;
}
