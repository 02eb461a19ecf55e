import { and, asc, eq, inArray, like, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/index.js';
import { updateVersioned } from '../../db/versioned.js';
import { notFound } from '../../shared/errors.js';
import type { Viewer } from '../accounts/index.js';
import { assertCan } from '../accounts/index.js';
import { audited, lockRow } from '../../db/audit.js';
import { nameKey, slugify } from '../forces/index.js';
import { createForcesRepository } from '../forces/index.js';
import { forces } from '../forces/index.js';
import { GRADE_LABELS, isGradeOnScale, type Grade, type Scale } from './inspections.domain.js';
import { inputProblem, parseInput } from '../../web/forms.js';
import {
  createInspectionSchema,
  updateInspectionSchema,
  type JudgementInput,
} from './inspections.schemas.js';
import {
  inspectionForces,
  inspections,
  judgements,
  programmeAreas,
  programmes,
} from './inspections.table.js';

/** An inspection as its edit form and the write API show it, embargoed or not. */
export type InspectionRecord = {
  id: string;
  slug: string;
  title: string;
  type: string;
  programme: string | null;
  forces: string[];
  publishedOn: string | null;
  publishedAt: Date | null;
  embargoed: boolean;
  sourceUrl: string | null;
  version: number;
  /** area: the programme area's slug when the grade is on one of its areas, else the label. */
  judgements: Array<{ force: string; area: string; areaLabel: string; grade: string | null }>;
};

/** What a recording service offers the forms and the API: the record to edit, a new one, a change. */
export type RecordingService<R> = {
  get(viewer: Viewer, key: string): Promise<R>;
  create(viewer: Viewer, input: unknown): Promise<R>;
  update(viewer: Viewer, key: string, input: unknown): Promise<R>;
};

type ProgrammeRow = typeof programmes.$inferSelect;
type AreaRow = typeof programmeAreas.$inferSelect;
type ForceRef = { id: string; slug: string };

/** A programme's areas in order, named with their parent ("Effectiveness: preventing crime"). */
export type AreaOption = { slug: string; name: string; label: string; graded: boolean };

/** The programme area a hand-written area names: its slug, or its name in any case and spacing. */
export function areaNamed<T extends { slug: string; name: string }>(area: string, areas: T[]): T | null {
  const key = nameKey(area);
  return areas.find((a) => a.slug === area.trim().toLowerCase() || nameKey(a.name) === key) ?? null;
}

/** A slug not yet taken: the base, else the base with the first free number (as imports make them). */
async function uniqueSlug(tx: DbOrTx, base: string): Promise<string> {
  const stem = (base || 'inspection').slice(0, 96).replace(/-+$/, '');
  const taken = new Set(
    (
      await tx
        .select({ slug: inspections.slug })
        .from(inspections)
        .where(or(eq(inspections.slug, stem), like(inspections.slug, `${stem}-%`)))
    ).map((r) => r.slug),
  );
  let slug = stem;
  for (let n = 2; taken.has(slug); n++) slug = `${stem}-${n}`;
  return slug;
}

async function loadRecord(tx: DbOrTx, slug: string): Promise<InspectionRecord | undefined> {
  const [row] = await tx
    .select({ inspection: inspections, programmeSlug: programmes.slug })
    .from(inspections)
    .leftJoin(programmes, eq(programmes.id, inspections.programmeId))
    .where(eq(inspections.slug, slug));
  if (!row) return undefined;
  const i = row.inspection;
  const forceRows = await createForcesRepository(tx).list();
  const slugOf = new Map(forceRows.map((f) => [f.id, f.slug]));
  const covered = await tx.select().from(inspectionForces).where(eq(inspectionForces.inspectionId, i.id));
  const grades = await tx
    .select({ judgement: judgements, areaSlug: programmeAreas.slug })
    .from(judgements)
    .leftJoin(programmeAreas, eq(programmeAreas.id, judgements.areaId))
    .where(eq(judgements.inspectionId, i.id))
    .orderBy(asc(programmeAreas.position), asc(judgements.areaLabel));
  return {
    id: i.id,
    slug: i.slug,
    title: i.title,
    type: i.type,
    programme: row.programmeSlug,
    forces: covered.map((c) => slugOf.get(c.forceId)!).sort(),
    publishedOn: i.publishedOn,
    publishedAt: i.publishedAt,
    embargoed: i.publishedAt !== null && i.publishedAt.getTime() > Date.now(),
    sourceUrl: i.sourceUrl,
    version: i.version,
    judgements: grades.map((g) => ({
      force: slugOf.get(g.judgement.forceId)!,
      area: g.areaSlug ?? g.judgement.areaLabel,
      areaLabel: g.judgement.areaLabel,
      grade: g.judgement.grade,
    })),
  };
}

/** What findings recorded by hand need of an inspection: its id, forces and programme areas. */
export async function inspectionForRecording(
  tx: DbOrTx,
  slug: string,
): Promise<{ id: string; slug: string; forceIds: string[]; areas: AreaRow[] } | undefined> {
  const [row] = await tx.select().from(inspections).where(eq(inspections.slug, slug));
  if (!row) return undefined;
  const covered = await tx.select().from(inspectionForces).where(eq(inspectionForces.inspectionId, row.id));
  const areas = row.programmeId
    ? await tx.select().from(programmeAreas).where(eq(programmeAreas.programmeId, row.programmeId))
    : [];
  return { id: row.id, slug: row.slug, forceIds: covered.map((c) => c.forceId), areas };
}

export function createInspectionsWriteService(db: Db) {
  async function forcesNamed(tx: DbOrTx, slugs: string[]): Promise<ForceRef[]> {
    const all = await createForcesRepository(tx).list();
    return slugs.map((slug) => {
      const force = all.find((f) => f.slug === slug);
      if (!force) throw inputProblem(['forces'], `There is no force called "${slug}"`);
      return { id: force.id, slug: force.slug };
    });
  }

  async function programmeNamed(
    tx: DbOrTx,
    slug: string | null | undefined,
  ): Promise<{ programme: ProgrammeRow | null; areas: AreaRow[] }> {
    if (!slug) return { programme: null, areas: [] };
    const [programme] = await tx.select().from(programmes).where(eq(programmes.slug, slug));
    if (!programme) throw inputProblem(['programme'], `There is no programme called "${slug}"`);
    const areas = await tx
      .select()
      .from(programmeAreas)
      .where(eq(programmeAreas.programmeId, programme.id))
      .orderBy(asc(programmeAreas.position));
    return { programme, areas };
  }

  /** Judgements as rows: each on a force the inspection covers, an area, and a grade on the scale. */
  function judgementRows(
    list: JudgementInput[],
    covered: ForceRef[],
    programme: ProgrammeRow | null,
    areas: AreaRow[],
  ) {
    const seen = new Set<string>();
    return list.map((j, index) => {
      const at = (field: string) => ['judgements', index, field];
      const forceSlug = j.force ?? (covered.length === 1 ? covered[0]!.slug : undefined);
      const force = covered.find((f) => f.slug === forceSlug);
      if (!forceSlug) throw inputProblem(at('force'), 'Select the force this grade is for');
      if (!force) throw inputProblem(at('force'), `The inspection does not cover "${forceSlug}"`);
      const area = areaNamed(j.area, areas);
      const areaLabel = area?.name ?? j.area;
      if (j.grade !== null) {
        if (area && !area.graded) throw inputProblem(at('grade'), `${area.name} is not graded`);
        if (programme && !isGradeOnScale(j.grade, programme.scale as Scale))
          throw inputProblem(
            at('grade'),
            `${GRADE_LABELS[j.grade]} is not a grade on the scale of ${programme.name}`,
          );
      }
      const key = `${force.id}|${areaLabel.toLowerCase()}`;
      if (seen.has(key)) throw inputProblem(at('area'), `${areaLabel} is graded twice`);
      seen.add(key);
      return { forceId: force.id, areaId: area?.id ?? null, areaLabel, grade: j.grade };
    });
  }

  /** Makes the inspection's forces and judgements what was asked, row by row. */
  async function syncChildren(
    tx: DbOrTx,
    inspectionId: string,
    forces: ForceRef[],
    rows: ReturnType<typeof judgementRows> | null,
  ): Promise<void> {
    const covered = await tx
      .select()
      .from(inspectionForces)
      .where(eq(inspectionForces.inspectionId, inspectionId));
    const wanted = new Set(forces.map((f) => f.id));
    const gone = covered.filter((c) => !wanted.has(c.forceId)).map((c) => c.forceId);
    if (gone.length)
      await tx
        .delete(inspectionForces)
        .where(and(eq(inspectionForces.inspectionId, inspectionId), inArray(inspectionForces.forceId, gone)));
    const added = forces.filter((f) => !covered.some((c) => c.forceId === f.id));
    if (added.length)
      await tx.insert(inspectionForces).values(added.map((f) => ({ inspectionId, forceId: f.id })));

    const recorded = await tx.select().from(judgements).where(eq(judgements.inspectionId, inspectionId));
    if (rows === null) {
      // The judgements were not given: only those on forces no longer covered go.
      const orphaned = recorded.filter((r) => !wanted.has(r.forceId)).map((r) => r.id);
      if (orphaned.length) await tx.delete(judgements).where(inArray(judgements.id, orphaned));
      return;
    }
    const same = (r: (typeof recorded)[number], w: (typeof rows)[number]) =>
      r.forceId === w.forceId && r.areaLabel.toLowerCase() === w.areaLabel.toLowerCase();
    const removed = recorded.filter((r) => !rows.some((w) => same(r, w))).map((r) => r.id);
    if (removed.length) await tx.delete(judgements).where(inArray(judgements.id, removed));
    for (const w of rows) {
      const current = recorded.find((r) => same(r, w));
      if (!current) await tx.insert(judgements).values({ inspectionId, ...w });
      else if (current.grade !== w.grade || current.areaId !== w.areaId || current.areaLabel !== w.areaLabel)
        await updateVersioned(
          tx,
          judgements,
          current.id,
          current.version,
          {
            ...w,
            // A grade changed by hand no longer rests on the document it was imported from.
            ...(current.grade !== w.grade
              ? { sourceDocumentId: null, sourceStart: null, sourceEnd: null }
              : {}),
          },
          'judgement',
        );
    }
  }

  return {
    /** An inspection to edit, under embargo or not; only for those who may edit inspections. */
    async get(viewer: Viewer, slug: string): Promise<InspectionRecord> {
      assertCan(viewer, 'inspection.edit');
      const record = await loadRecord(db, slug);
      if (!record) throw notFound(`The inspection "${slug}"`);
      return record;
    },

    /** What the forms offer: every force, and every programme with its scale and areas. */
    async options() {
      const [forces, programmeRows, areaRows] = await Promise.all([
        createForcesRepository(db).list(),
        db.select().from(programmes).orderBy(asc(programmes.startYear), asc(programmes.name)),
        db.select().from(programmeAreas).orderBy(asc(programmeAreas.position)),
      ]);
      return {
        forces: forces.map((f) => ({ slug: f.slug, name: f.name })),
        programmes: programmeRows.map((p) => ({
          slug: p.slug,
          name: p.name,
          scale: p.scale as Scale,
          areas: areaRows
            .filter((a) => a.programmeId === p.id)
            .map((a): AreaOption => {
              const parent = a.parentId ? areaRows.find((x) => x.id === a.parentId) : undefined;
              return {
                slug: a.slug,
                name: a.name,
                label: parent ? `${parent.name}: ${a.name}` : a.name,
                graded: a.graded,
              };
            }),
        })),
      };
    },

    /** Every inspection, embargoed or not, newest first, with its forces: what a finding can come from. */
    async titles(): Promise<
      Array<{ slug: string; title: string; publishedOn: string | null; forces: string[] }>
    > {
      const [rows, covered] = await Promise.all([
        db
          .select({
            id: inspections.id,
            slug: inspections.slug,
            title: inspections.title,
            publishedOn: inspections.publishedOn,
          })
          .from(inspections)
          .orderBy(sql`${inspections.publishedOn} desc nulls last`, asc(inspections.title)),
        db
          .select({ inspectionId: inspectionForces.inspectionId, slug: forces.slug })
          .from(inspectionForces)
          .innerJoin(forces, eq(forces.id, inspectionForces.forceId)),
      ]);
      return rows.map(({ id, ...r }) => ({
        ...r,
        forces: covered.filter((f) => f.inspectionId === id).map((f) => f.slug),
      }));
    },

    /** Records an inspection with its forces and judgements; its slug is made from title and force. */
    async create(viewer: Viewer, input: unknown): Promise<InspectionRecord> {
      assertCan(viewer, 'inspection.create');
      const value = parseInput(createInspectionSchema, input);
      return db.transaction(async (tx) => {
        const chosen = await forcesNamed(tx, value.forces);
        const { programme, areas } = await programmeNamed(tx, value.programme);
        const rows = judgementRows(value.judgements ?? [], chosen, programme, areas);
        const slug = await uniqueSlug(
          tx,
          slugify(chosen.length === 1 ? `${value.title} ${chosen[0]!.slug}` : value.title),
        );
        const [row] = await tx
          .insert(inspections)
          .values({
            slug,
            title: value.title,
            type: value.type,
            programmeId: programme?.id ?? null,
            publishedOn: value.publishedOn ?? null,
            publishedAt: value.publishedAt ?? null,
            sourceUrl: value.sourceUrl ?? null,
          })
          .returning({ id: inspections.id });
        await syncChildren(tx, row!.id, chosen, rows);
        return audited(tx, viewer, 'inspection.create', 'inspection', await loadRecord(tx, slug));
      });
    },

    /**
     * Changes an inspection at the version the editor saw (409 otherwise). Fields left out stay as
     * they are; forces and judgements, when given, replace the lists.
     */
    async update(viewer: Viewer, slug: string, input: unknown): Promise<InspectionRecord> {
      assertCan(viewer, 'inspection.edit');
      const value = parseInput(updateInspectionSchema, input);
      return db.transaction(async (tx) => {
        await lockRow(tx, inspections, eq(inspections.slug, slug));
        const before = await loadRecord(tx, slug);
        if (!before) throw notFound(`The inspection "${slug}"`);
        const chosen = await forcesNamed(tx, value.forces ?? before.forces);
        const programmeSlug = value.programme === undefined ? before.programme : value.programme;
        const { programme, areas } = await programmeNamed(tx, programmeSlug);
        // Given judgements replace the list; on a new programme the recorded ones are checked again.
        const recheck =
          programmeSlug === before.programme
            ? null
            : before.judgements
                .filter((j) => chosen.some((f) => f.slug === j.force))
                .map((j) => ({ force: j.force, area: j.areaLabel, grade: j.grade as Grade | null }));
        const list = value.judgements ?? recheck;
        const rows = list === null ? null : judgementRows(list, chosen, programme, areas);
        await updateVersioned(
          tx,
          inspections,
          before.id,
          value.version,
          {
            ...(value.title !== undefined ? { title: value.title } : {}),
            ...(value.type !== undefined ? { type: value.type } : {}),
            programmeId: programme?.id ?? null,
            ...(value.publishedOn !== undefined ? { publishedOn: value.publishedOn } : {}),
            ...(value.publishedAt !== undefined ? { publishedAt: value.publishedAt } : {}),
            ...(value.sourceUrl !== undefined ? { sourceUrl: value.sourceUrl } : {}),
          },
          'inspection',
        );
        await syncChildren(tx, before.id, chosen, rows);
        return audited(tx, viewer, 'inspection.update', 'inspection', await loadRecord(tx, slug), before);
      });
    },
  };
}
export type InspectionsWriteService = ReturnType<typeof createInspectionsWriteService>;
