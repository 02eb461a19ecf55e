import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../src/db/index.js';
import { findingEvents, findings } from '../src/modules/findings/findings.table.js';
import { forces } from '../src/modules/forces/forces.table.js';
import { inspectionForces, inspections } from '../src/modules/inspections/inspections.table.js';

/**
 * Records written by hand for tests that need an inspection with findings, without importing a
 * real document. The wording is our own.
 */
export async function insertInspectionWithFindings(
  db: DbOrTx,
  opts: {
    force?: string;
    slug?: string;
    title?: string;
    publishedAt?: Date | null;
    findings?: number;
    findingText?: (i: number) => string;
  } = {},
): Promise<{ inspectionId: string; slug: string; forceId: string; findingIds: string[] }> {
  const [force] = await db
    .select()
    .from(forces)
    .where(eq(forces.slug, opts.force ?? 'cleveland-police'));
  if (!force) throw new Error(`no force ${opts.force}`);
  const slug = opts.slug ?? `test-inspection-${Math.random().toString(36).slice(2, 8)}`;
  const [inspection] = await db
    .insert(inspections)
    .values({
      slug,
      title: opts.title ?? 'A made-up inspection of call handling',
      type: 'force-specific',
      publishedOn: '2025-02-03',
      publishedAt: opts.publishedAt === undefined ? new Date('2025-02-03T00:01:00Z') : opts.publishedAt,
    })
    .returning();
  await db.insert(inspectionForces).values({ inspectionId: inspection!.id, forceId: force.id });
  const findingIds: string[] = [];
  for (let i = 0; i < (opts.findings ?? 1); i++) {
    const [row] = await db
      .insert(findings)
      .values({
        forceId: force.id,
        inspectionId: inspection!.id,
        kind: 'cause-of-concern',
        number: String(i + 1),
        position: i,
        areaLabel: 'Responding to the public',
        text:
          opts.findingText?.(i) ??
          `Invented concern ${i + 1}: the force does not answer emergency calls fast enough on weekend nights.`,
        raisedOn: '2025-02-03',
      })
      .returning({ id: findings.id });
    await db
      .insert(findingEvents)
      .values({ findingId: row!.id, status: 'open', occurredOn: '2025-02-03', actor: 'test' });
    findingIds.push(row!.id);
  }
  return { inspectionId: inspection!.id, slug, forceId: force.id, findingIds };
}
