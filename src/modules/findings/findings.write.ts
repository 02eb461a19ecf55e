import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/index.js';
import { updateVersioned } from '../../db/versioned.js';
import { notFound } from '../../shared/errors.js';
import type { Viewer } from '../accounts/index.js';
import { assertCan } from '../accounts/index.js';
import { createForcesRepository } from '../forces/index.js';
import { forces } from '../forces/index.js';
import { inputProblem, parseInput } from '../../web/forms.js';
import { inspections } from '../inspections/index.js';
import { audited, lockRow } from '../../db/audit.js';
import { areaNamed, inspectionForRecording } from '../inspections/index.js';
import { createFindingSchema, updateFindingSchema } from './findings.write.schemas.js';
import { findingEvents, findings } from './findings.table.js';
import { UUID } from '../../shared/ids.js';

/** A finding as its edit form and the write API show it. */
export type FindingRecord = {
  id: string;
  force: string;
  inspection: string | null;
  kind: string;
  number: string | null;
  area: string | null;
  text: string;
  raisedOn: string | null;
  parent: string | null;
  status: string;
  version: number;
};

async function loadRecord(tx: DbOrTx, id: string): Promise<FindingRecord | undefined> {
  if (!UUID.test(id)) return undefined;
  const [row] = await tx
    .select({ finding: findings, force: forces.slug, inspection: inspections.slug })
    .from(findings)
    .innerJoin(forces, eq(forces.id, findings.forceId))
    .leftJoin(inspections, eq(inspections.id, findings.inspectionId))
    .where(eq(findings.id, id));
  if (!row) return undefined;
  const f = row.finding;
  return {
    id: f.id,
    force: row.force,
    inspection: row.inspection,
    kind: f.kind,
    number: f.number,
    area: f.areaLabel,
    text: f.text,
    raisedOn: f.raisedOn,
    parent: f.parentId,
    status: f.status,
    version: f.version,
  };
}

type Placement = { force: string; inspection: string | null; parent: string | null; area: string | null };

export function createFindingsWriteService(db: Db) {
  /**
   * Where the finding sits, checked: a force that exists, an inspection covering it, a parent of
   * the same force and inspection that is not the finding itself or one of its own parts.
   */
  async function place(tx: DbOrTx, p: Placement, self?: string) {
    const force = await createForcesRepository(tx).findBySlug(p.force);
    if (!force) throw inputProblem(['force'], `There is no force called "${p.force}"`);
    const inspection = p.inspection ? await inspectionForRecording(tx, p.inspection) : null;
    if (p.inspection && !inspection)
      throw inputProblem(['inspection'], `There is no inspection called "${p.inspection}"`);
    if (inspection && !inspection.forceIds.includes(force.id))
      throw inputProblem(['force'], `The inspection does not cover ${force.name}`);
    if (p.parent) {
      const [parent] = await tx.select().from(findings).where(eq(findings.id, p.parent));
      if (!parent) throw inputProblem(['parent'], 'There is no finding with that id');
      if (parent.forceId !== force.id)
        throw inputProblem(['parent'], 'The finding it belongs to is about another force');
      if (parent.inspectionId !== (inspection?.id ?? null))
        throw inputProblem(['parent'], 'The finding it belongs to is from another inspection');
      for (let up: string | null = parent.id; up;) {
        if (up === self)
          throw inputProblem(['parent'], 'A finding cannot belong to itself or to one of its parts');
        const [next]: Array<{ parentId: string | null }> = await tx
          .select({ parentId: findings.parentId })
          .from(findings)
          .where(eq(findings.id, up));
        up = next?.parentId ?? null;
      }
    }
    const area = p.area ? areaNamed(p.area, inspection?.areas ?? []) : null;
    return {
      forceId: force.id,
      inspectionId: inspection?.id ?? null,
      parentId: p.parent,
      areaId: area?.id ?? null,
      areaLabel: area?.name ?? p.area,
    };
  }

  return {
    /** A finding to edit; only for those who may edit findings. */
    async get(viewer: Viewer, id: string): Promise<FindingRecord> {
      assertCan(viewer, 'finding.edit');
      const record = await loadRecord(db, id);
      if (!record) throw notFound('The finding');
      return record;
    },

    /** The causes of concern of an inspection, which a recommendation may belong to. */
    async parentOptions(
      inspectionSlug: string,
    ): Promise<Array<{ id: string; number: string | null; text: string }>> {
      return db
        .select({ id: findings.id, number: findings.number, text: findings.text })
        .from(findings)
        .innerJoin(inspections, eq(inspections.id, findings.inspectionId))
        .where(and(eq(inspections.slug, inspectionSlug), eq(findings.kind, 'cause-of-concern')))
        .orderBy(findings.position);
    },

    /** Records a finding, open from the day it was raised, after its siblings. */
    async create(viewer: Viewer, input: unknown): Promise<FindingRecord> {
      assertCan(viewer, 'finding.create');
      const value = parseInput(createFindingSchema, input);
      return db.transaction(async (tx) => {
        const placed = await place(tx, {
          force: value.force,
          inspection: value.inspection ?? null,
          parent: value.parent ?? null,
          area: value.area ?? null,
        });
        const [{ next } = { next: 0 }] = await tx
          .select({ next: sql<number>`coalesce(max(${findings.position}) + 1, 0)::int` })
          .from(findings)
          .where(
            and(
              placed.inspectionId
                ? eq(findings.inspectionId, placed.inspectionId)
                : isNull(findings.inspectionId),
              placed.parentId ? eq(findings.parentId, placed.parentId) : isNull(findings.parentId),
              eq(findings.forceId, placed.forceId),
            ),
          );
        const [row] = await tx
          .insert(findings)
          .values({
            ...placed,
            kind: value.kind,
            number: value.number ?? null,
            position: next,
            text: value.text,
            raisedOn: value.raisedOn ?? null,
          })
          .returning({ id: findings.id });
        await tx.insert(findingEvents).values({
          findingId: row!.id,
          status: 'open',
          occurredOn: value.raisedOn ?? null,
          actor: viewer.actor,
          note: 'Recorded by hand',
        });
        return audited(tx, viewer, 'finding.create', 'finding', await loadRecord(tx, row!.id));
      });
    },

    /** Changes a finding at the version the editor saw (409 otherwise); its status stays as it is. */
    async update(viewer: Viewer, id: string, input: unknown): Promise<FindingRecord> {
      assertCan(viewer, 'finding.edit');
      const value = parseInput(updateFindingSchema, input);
      return db.transaction(async (tx) => {
        if (UUID.test(id)) await lockRow(tx, findings, eq(findings.id, id));
        const before = await loadRecord(tx, id);
        if (!before) throw notFound('The finding');
        const merged: Placement = {
          force: value.force ?? before.force,
          inspection: value.inspection === undefined ? before.inspection : value.inspection,
          parent: value.parent === undefined ? before.parent : value.parent,
          area: value.area === undefined ? before.area : value.area,
        };
        const moved = merged.force !== before.force || merged.inspection !== before.inspection;
        if (moved) {
          const [child] = await tx
            .select({ id: findings.id })
            .from(findings)
            .where(eq(findings.parentId, id))
            .limit(1);
          if (child)
            throw inputProblem(
              [merged.force !== before.force ? 'force' : 'inspection'],
              'Findings belong to this one: move or change them first',
            );
        }
        const placed = await place(tx, merged, id);
        await updateVersioned(
          tx,
          findings,
          id,
          value.version,
          {
            ...placed,
            ...(value.kind !== undefined ? { kind: value.kind } : {}),
            ...(value.number !== undefined ? { number: value.number } : {}),
            ...(value.text !== undefined ? { text: value.text } : {}),
            ...(value.raisedOn !== undefined ? { raisedOn: value.raisedOn } : {}),
          },
          'finding',
        );
        return audited(tx, viewer, 'finding.update', 'finding', await loadRecord(tx, id), before);
      });
    },
  };
}
export type FindingsWriteService = ReturnType<typeof createFindingsWriteService>;
