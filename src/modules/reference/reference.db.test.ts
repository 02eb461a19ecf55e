import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../../test/databases.js';
import { queryRows } from '../../db/index.js';
import { auditEvents, engagePeriods, forces, judgements, provenance } from '../../db/schema.js';
import { loadReferenceData } from './reference.service.js';

describe.each(testDatabaseKinds)('reference data on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind, { reference: false });
  });
  afterAll(() => database.dispose());

  it('loads 43 forces, 10 Engage periods and the Cleveland judgements, each audited and sourced', async () => {
    const result = await loadReferenceData(database.db);
    expect(result.skipped).toBe(false);
    expect(result.counts.force).toEqual({ created: 43, updated: 0, unchanged: 0 });
    expect(result.counts.engage_period).toEqual({ created: 10, updated: 0, unchanged: 0 });
    const [audits] = await database.db
      .select({ n: count() })
      .from(auditEvents)
      .where(eq(auditEvents.entity, 'force'));
    expect(audits?.n).toBe(43);
    const unsourced = await queryRows(
      database.db,
      sql`select f.slug from ${forces} f where not exists (select 1 from ${provenance} p where p.entity = 'force' and p.entity_id = f.id)`,
    );
    expect(unsourced).toEqual([]);
    const [graded] = await database.db.select({ n: count() }).from(judgements);
    expect(graded?.n).toBeGreaterThanOrEqual(14);
  });

  it('changes nothing when loaded a second time', async () => {
    const audited = async () => (await database.db.select({ n: count() }).from(auditEvents))[0]?.n;
    const before = await audited();
    expect((await loadReferenceData(database.db)).skipped).toBe(true);
    const forced = await loadReferenceData(database.db, { force: true });
    for (const counts of Object.values(forced.counts)) {
      expect(counts.created + counts.updated).toBe(0);
    }
    expect(await audited()).toBe(before);
  });

  it('keeps a more precise date that a later source added, and does not reopen a closed period', async () => {
    const cleveland = (
      await database.db.select().from(forces).where(eq(forces.slug, 'cleveland-police'))
    )[0]!;
    await database.db
      .update(engagePeriods)
      .set({ exitedOn: '2023-09-20' })
      .where(eq(engagePeriods.forceId, cleveland.id));
    const lincolnshire = (
      await database.db.select().from(forces).where(eq(forces.slug, 'lincolnshire-police'))
    )[0]!;
    await database.db
      .update(engagePeriods)
      .set({ exitedOn: '2026-10' })
      .where(eq(engagePeriods.forceId, lincolnshire.id));
    await loadReferenceData(database.db, { force: true });
    const exit = async (forceId: string) =>
      (
        await database.db
          .select()
          .from(engagePeriods)
          .where(and(eq(engagePeriods.forceId, forceId)))
      )[0]?.exitedOn;
    expect(await exit(cleveland.id)).toBe('2023-09-20');
    expect(await exit(lincolnshire.id)).toBe('2026-10');
  });

  it('refuses to change or delete audit events', async () => {
    await expect(database.db.execute(sql`update audit_event set actor = 'someone else'`)).rejects.toThrow();
    await expect(database.db.execute(sql`delete from audit_event`)).rejects.toThrow();
  });

  it('refuses a partial date that is not an ISO prefix', async () => {
    await expect(
      database.db.execute(sql`update engage_period set entered_on = 'Sept 2023'`),
    ).rejects.toThrow();
  });

  it('applies the migrations again without error', async () => {
    await expect(database.migrate()).resolves.toBeUndefined();
  });
});
