import { and, asc, eq, isNotNull, isNull, max } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/index.js';
import { updateVersioned } from '../../db/versioned.js';
import { notFound } from '../../shared/errors.js';
import { format, parseIso, relation } from '../../shared/partial-date.js';
import type { Viewer } from '../accounts/index.js';
import { assertCan } from '../accounts/index.js';
import { createForcesRepository } from '../forces/index.js';
import { inputProblem, parseInput } from '../../web/forms.js';
import { audited, lockRow } from '../../db/audit.js';
import { createEngagePeriodSchema, updateEngagePeriodSchema } from './monitoring.schemas.js';
import { engagePeriods, engageReasons, type EngageReasonDirection } from './monitoring.table.js';
import { UUID } from '../../shared/ids.js';

/**
 * An Engage period as its edit form and the write API show it. reasons and exitReasons are the
 * reasons recorded by hand (worded, from no document); imported and reference reasons stay as
 * they are, and the pages show the newest worded list.
 */
export type EngagePeriodRecord = {
  id: string;
  force: string;
  startedOn: string;
  endedOn: string | null;
  reasons: string[];
  exitReasons: string[];
  version: number;
};

/** Reasons written by hand: worded, top-level, from no document. */
const byHand = (periodId: string, direction?: EngageReasonDirection) =>
  and(
    eq(engageReasons.periodId, periodId),
    isNull(engageReasons.parentId),
    isNull(engageReasons.sourceDocumentId),
    isNotNull(engageReasons.text),
    direction ? eq(engageReasons.direction, direction) : undefined,
  );

async function loadRecord(tx: DbOrTx, id: string): Promise<EngagePeriodRecord | undefined> {
  if (!UUID.test(id)) return undefined;
  const [period] = await tx.select().from(engagePeriods).where(eq(engagePeriods.id, id));
  if (!period) return undefined;
  const force = (await createForcesRepository(tx).list()).find((f) => f.id === period.forceId)!;
  const reasons = await tx
    .select()
    .from(engageReasons)
    .where(byHand(id))
    .orderBy(asc(engageReasons.position));
  const worded = (direction: EngageReasonDirection) =>
    reasons.filter((r) => r.direction === direction).map((r) => r.text!);
  return {
    id: period.id,
    force: force.slug,
    startedOn: period.enteredOn,
    endedOn: period.exitedOn,
    reasons: worded('entry'),
    exitReasons: worded('exit'),
    version: period.version,
  };
}

type Dates = { force: string; startedOn: string; endedOn: string | null; exitReasons: string[] };

export function createMonitoringWriteService(db: Db) {
  /** A force that exists, an end not before the start, no second period starting then or open at once. */
  async function check(tx: DbOrTx, d: Dates, self?: string): Promise<string> {
    const force = await createForcesRepository(tx).findBySlug(d.force);
    if (!force) throw inputProblem(['force'], `There is no force called "${d.force}"`);
    const started = parseIso(d.startedOn);
    if (d.endedOn && relation(parseIso(d.endedOn), started) === 'before')
      throw inputProblem(['endedOn'], 'The date the force left Engage must be after the date it entered');
    if (!d.endedOn && d.exitReasons.length > 0)
      throw inputProblem(['exitReasons'], 'Enter the date the force left Engage, or remove the exit reasons');
    const others = (await tx.select().from(engagePeriods).where(eq(engagePeriods.forceId, force.id))).filter(
      (p) => p.id !== self,
    );
    const sameStart = others.find((p) =>
      ['same', 'overlaps'].includes(relation(parseIso(p.enteredOn), started)),
    );
    if (sameStart)
      throw inputProblem(
        ['startedOn'],
        `${force.name} already has an Engage period starting ${format(parseIso(sameStart.enteredOn))}`,
      );
    const open = others.find((p) => p.exitedOn === null);
    if (open && !d.endedOn)
      throw inputProblem(
        ['endedOn'],
        `${force.name} is already in Engage (since ${format(parseIso(open.enteredOn))}): enter the date this period ended`,
      );
    return force.id;
  }

  /** Replaces the reasons written by hand in one direction, after every other reason of the period. */
  async function writeReasons(
    tx: DbOrTx,
    periodId: string,
    direction: EngageReasonDirection,
    list: string[],
    current: string[],
  ): Promise<void> {
    if (list.length === current.length && list.every((r, i) => r === current[i])) return;
    await tx.delete(engageReasons).where(byHand(periodId, direction));
    if (list.length === 0) return;
    const [{ last } = { last: null }] = await tx
      .select({ last: max(engageReasons.position) })
      .from(engageReasons)
      .where(and(eq(engageReasons.periodId, periodId), eq(engageReasons.direction, direction)));
    await tx
      .insert(engageReasons)
      .values(list.map((text, i) => ({ periodId, direction, position: (last ?? -1) + 1 + i, text })));
  }

  return {
    /** An Engage period to edit; only for those who may edit Engage periods. */
    async get(viewer: Viewer, id: string): Promise<EngagePeriodRecord> {
      assertCan(viewer, 'engage.edit');
      const record = await loadRecord(db, id);
      if (!record) throw notFound('The Engage period');
      return record;
    },

    async create(viewer: Viewer, input: unknown): Promise<EngagePeriodRecord> {
      assertCan(viewer, 'engage.edit');
      const value = parseInput(createEngagePeriodSchema, input);
      return db.transaction(async (tx) => {
        const dates = {
          force: value.force,
          startedOn: value.startedOn,
          endedOn: value.endedOn ?? null,
          exitReasons: value.exitReasons ?? [],
        };
        const forceId = await check(tx, dates);
        const [row] = await tx
          .insert(engagePeriods)
          .values({ forceId, enteredOn: dates.startedOn, exitedOn: dates.endedOn })
          .returning({ id: engagePeriods.id });
        await writeReasons(tx, row!.id, 'entry', value.reasons ?? [], []);
        await writeReasons(tx, row!.id, 'exit', dates.exitReasons, []);
        return audited(tx, viewer, 'engage.create', 'engage_period', await loadRecord(tx, row!.id));
      });
    },

    /** Changes a period at the version the editor saw (409 otherwise); fields left out stay as they are. */
    async update(viewer: Viewer, id: string, input: unknown): Promise<EngagePeriodRecord> {
      assertCan(viewer, 'engage.edit');
      const value = parseInput(updateEngagePeriodSchema, input);
      return db.transaction(async (tx) => {
        if (UUID.test(id)) await lockRow(tx, engagePeriods, eq(engagePeriods.id, id));
        const before = await loadRecord(tx, id);
        if (!before) throw notFound('The Engage period');
        const dates = {
          force: value.force ?? before.force,
          startedOn: value.startedOn ?? before.startedOn,
          endedOn: value.endedOn === undefined ? before.endedOn : value.endedOn,
          exitReasons: value.exitReasons ?? before.exitReasons,
        };
        const forceId = await check(tx, dates, id);
        await updateVersioned(
          tx,
          engagePeriods,
          id,
          value.version,
          { forceId, enteredOn: dates.startedOn, exitedOn: dates.endedOn },
          'Engage period',
        );
        await writeReasons(tx, id, 'entry', value.reasons ?? before.reasons, before.reasons);
        await writeReasons(tx, id, 'exit', dates.exitReasons, before.exitReasons);
        return audited(tx, viewer, 'engage.update', 'engage_period', await loadRecord(tx, id), before);
      });
    },
  };
}
export type MonitoringWriteService = ReturnType<typeof createMonitoringWriteService>;
