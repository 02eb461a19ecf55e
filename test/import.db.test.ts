import { and, count, eq, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/index.js';
import {
  documents,
  engagePeriodSources,
  engagePeriods,
  engageReasons,
  findingAsks,
  findings,
  forces,
  judgements,
  provenance,
  responseRecommendations,
  responses,
  scrutinyMeetings,
  scrutinyQuestions,
  sourceConflicts,
} from '../src/db/schema.js';
import { createImportService } from '../src/modules/documents/import.service.js';
import { createMonitoringService } from '../src/modules/monitoring/monitoring.service.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from './databases.js';
import { readSeed, seedsAvailable } from './seeds.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const seed = (name: string) => bytes(readSeed(name));

describe.skipIf(!seedsAvailable).each(testDatabaseKinds)('importing the seed documents on %s', (kind) => {
  let database: TestDatabase;
  let service: ReturnType<typeof createImportService>;
  const rows = async (table: PgTable) => (await database.db.select({ n: count() }).from(table))[0]!.n;
  const forceId = async (slug: string) =>
    (await database.db.select().from(forces).where(eq(forces.slug, slug)))[0]!.id;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    service = createImportService(database.db);
    // Start from the forces alone, as a newcomer would before any Engage page was imported.
    for (const table of [engageReasons, engagePeriodSources, engagePeriods]) await database.db.delete(table);
  });
  afterAll(() => database.dispose());

  it('a dry run reports what would change and writes nothing', async () => {
    const before = await rows(documents);
    const report = await service.importDocument(seed('engage-current.txt'), 'engage-current.txt', {
      dryRun: true,
    });
    expect(report).toMatchObject({
      status: 'would-import',
      kind: 'engage-current',
      format: 'text',
      documentId: null,
    });
    expect(report.changes.created).toBeGreaterThanOrEqual(6);
    expect(await rows(documents)).toBe(before);
    expect(await rows(engagePeriods)).toBe(0);
  });

  it('the current list opens six Engage periods with their reasons, each pointing at its passage', async () => {
    const report = await service.importDocument(seed('engage-current.txt'), 'engage-current.txt');
    expect(report.status).toBe('imported');
    expect(report.problems).toEqual([]);
    const current = await createMonitoringService(database.db).current();
    expect(current.map((p) => p.force.slug)).toEqual([
      'cleveland-police',
      'devon-and-cornwall-police',
      'gloucestershire-constabulary',
      'metropolitan-police-service',
      'staffordshire-police',
      'wiltshire-police',
    ]);
    const cleveland = current[0]!;
    expect(cleveland.enteredOn).toBe('2019');
    expect(cleveland.entryReasons).toHaveLength(6);
    const [document] = await database.db.select().from(documents).where(eq(documents.id, report.documentId!));
    const first = cleveland.entryReasons[0]!;
    expect(document!.text!.slice(first.source!.start!, first.source!.end!)).toContain(
      first.text!.slice(0, 30),
    );
  });

  it('importing the same content again is a no-op', async () => {
    const report = await service.importDocument(seed('engage-current.txt'), 'copy-of-engage-current.txt');
    expect(report.status).toBe('unchanged');
  });

  it('the previous list closes the periods of forces that have left, with their exit reasons and causes of concern', async () => {
    const report = await service.importDocument(seed('engage-previous.txt'), 'engage-previous.txt');
    expect(report.status).toBe('imported');
    const monitoring = createMonitoringService(database.db);
    expect((await monitoring.current()).map((p) => p.force.slug)).toEqual(['devon-and-cornwall-police']);
    const previous = await monitoring.previous();
    const cleveland = previous.find((p) => p.force.slug === 'cleveland-police')!;
    expect(cleveland).toMatchObject({ enteredOn: '2019', exitedOn: '2023-09' });
    expect(cleveland.exitReasons).toHaveLength(4);
    const met = previous.find((p) => p.force.slug === 'metropolitan-police-service')!;
    expect(met.exitedOn).toBe('2025-01');
    const metCauses = await database.db
      .select()
      .from(findings)
      .where(
        and(
          eq(findings.forceId, await forceId('metropolitan-police-service')),
          eq(findings.kind, 'cause-of-concern'),
        ),
      );
    expect(metCauses.filter((f) => f.status === 'closed')).toHaveLength(9);
    const wmp = await database.db
      .select()
      .from(findings)
      .where(
        and(
          eq(findings.forceId, await forceId('west-midlands-police')),
          eq(findings.kind, 'cause-of-concern'),
        ),
      );
    expect(wmp.filter((f) => f.status === 'open')).toHaveLength(1);
    expect(wmp.filter((f) => f.status === 'closed' && f.statusOn === '2024-07-23')).toHaveLength(3);
  });

  it('the older current list, imported again in another layout, cannot reopen a closed period', async () => {
    const reworded = `${readSeed('engage-current.txt')}\n`;
    const report = await service.importDocument(bytes(reworded), 'engage-current-again.txt');
    expect(report.status).toBe('imported');
    const cleveland = (
      await database.db
        .select()
        .from(engagePeriods)
        .where(eq(engagePeriods.forceId, await forceId('cleveland-police')))
    )[0]!;
    expect(cleveland.exitedOn).toBe('2023-09');
  });

  it('the PEEL 2016 report adds its areas for improvement and dated asks to the recorded inspection', async () => {
    const report = await service.importDocument(
      seed('peel-2016-cleveland-effectiveness.txt'),
      'peel-2016.txt',
    );
    expect(report.status).toBe('imported');
    const cleveland = await forceId('cleveland-police');
    const [inspection] = await queryRows<{ id: string }>(
      database.db,
      sql`select id from inspection where slug = 'peel-2016-effectiveness-cleveland-police'`,
    );
    const afis = await database.db
      .select()
      .from(findings)
      .where(and(eq(findings.inspectionId, inspection!.id), eq(findings.forceId, cleveland)));
    expect(afis.filter((f) => f.parentId === null)).toHaveLength(9);
    expect(afis.filter((f) => f.parentId !== null)).toHaveLength(3);
    const asks = await database.db.select().from(findingAsks);
    expect(asks.map((a) => a.dueOn).sort()).toEqual(expect.arrayContaining(['2017-05-01', '2017-06-01']));
    const grades = await database.db
      .select()
      .from(judgements)
      .where(eq(judgements.inspectionId, inspection!.id));
    expect(grades).toHaveLength(5);
  });

  it('the PCC response becomes a response record with its recommendations and scrutiny meeting', async () => {
    const report = await service.importDocument(
      seed('pcc-response-cleveland-peel-2021-22.txt'),
      'pcc-response.txt',
    );
    expect(report.status).toBe('imported');
    const [response] = await database.db.select().from(responses);
    expect(response).toMatchObject({ deadline: '2023-05-11', forceQuoted: 'unknown' });
    expect(await rows(responseRecommendations)).toBeGreaterThanOrEqual(12);
    const [meeting] = await database.db.select().from(scrutinyMeetings);
    expect(meeting!.heldOn).toBe('2023-04-14');
    expect(await rows(scrutinyQuestions)).toBe(3);
    const [inspection] = await queryRows<{ id: string }>(
      database.db,
      sql`select id from inspection where slug = 'peel-2021-22-cleveland-police'`,
    );
    const found = await database.db.select().from(findings).where(eq(findings.inspectionId, inspection!.id));
    expect(found.filter((f) => f.kind === 'cause-of-concern')).toHaveLength(2);
    expect(found.filter((f) => f.kind === 'recommendation')).toHaveLength(5);
    expect(found.filter((f) => f.kind === 'area-for-improvement')).toHaveLength(13);
  });

  it('the news article is recorded, and its grade counts that disagree with the judgements are a conflict', async () => {
    const report = await service.importDocument(seed('news-cleveland-2023-03.txt'), 'news.txt');
    expect(report.status).toBe('imported');
    const conflicts = await database.db.select().from(sourceConflicts);
    expect(conflicts.some((c) => /4 area\(s\) graded adequate; 3 recorded/.test(c.description))).toBe(true);
    const mention = report.extracted!.mentions.find((m) => m.event === 'report-published')!;
    expect(mention.conflicts.length).toBeGreaterThan(0);
  });

  it('every value it created points at its document and a character range', async () => {
    const orphans = await queryRows(
      database.db,
      sql`select f.id from finding f where f.source_document_id is not null and not exists (
            select 1 from provenance p where p.entity = 'finding' and p.entity_id = f.id and p.source_start is not null)`,
    );
    expect(orphans).toEqual([]);
    expect(await rows(provenance)).toBeGreaterThan(50);
    const unaudited = await queryRows(
      database.db,
      sql`select f.id from finding f where f.source_document_id is not null and not exists (
            select 1 from audit_event a where a.entity = 'finding' and a.entity_id = f.id and a.action = 'create')`,
    );
    expect(unaudited).toEqual([]);
    expect(await rows(engageReasons)).toBeGreaterThan(30);
  });

  it('a document of no known kind is rejected with a reason, and nothing is written', async () => {
    const before = await rows(documents);
    const report = await service.importDocument(
      bytes('Minutes of the allotment society.\nAgenda: marrows.'),
      'minutes.txt',
    );
    expect(report.status).toBe('rejected');
    expect(report.error).toMatch(/Not a document Oversight can import/);
    expect(await rows(documents)).toBe(before);
  });

  it('a force it does not know is an error on that item, never a new force', async () => {
    const page =
      'Police forces in Engage\nAtlantis Constabulary\nEntered Engage\n2024\nReasons\n- Invented for this test.\n';
    const report = await service.importDocument(bytes(page), 'atlantis.txt');
    expect(report.status).toBe('rejected');
    expect(report.error).toMatch(/Atlantis Constabulary/);
    expect(await rows(forces)).toBe(43);
  });
});
