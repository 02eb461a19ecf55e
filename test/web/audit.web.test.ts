import { load, type CheerioAPI } from 'cheerio';
import { parse } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/db/audit.js';
import { auditEvents } from '../../src/db/audit.table.js';
import { forces } from '../../src/modules/forces/forces.table.js';
import { judgements } from '../../src/modules/inspections/inspections.table.js';
import { createTestApp, type TestApp } from '../app.js';
import { accountSession, apiAs, pageAs, type Session } from '../auth.js';
import { testDatabaseKinds } from '../databases.js';
import { insertInspectionWithFindings } from '../fixtures-db.js';

const readCsv = (body: string): string[][] => parse(body, { bom: true });

/** The audit table's rows as text: when | who | what | record | changes. */
const rowsOf = ($: CheerioAPI): string[][] =>
  $('#audit-events tbody tr')
    .map((_, tr) => [
      $(tr)
        .find('td')
        .map((__, td) => {
          $(td).find('br').replaceWith(' ');
          return $(td).text().replace(/\s+/g, ' ').trim();
        })
        .get(),
    ])
    .get<string[]>();

describe.each(testDatabaseKinds)('the audit log and record histories on %s', (kind) => {
  let t: TestApp;
  let admin: Session;
  let inspector: Session;
  let force: Session;
  let lpb: Session;
  let published: Awaited<ReturnType<typeof insertInspectionWithFindings>>;
  let embargoed: Awaited<ReturnType<typeof insertInspectionWithFindings>>;
  let judgementId: string;
  let clevelandId: string;
  const page = (session: Session | null, url: string) => pageAs(t, session, url);
  /** A record's page links to its history, which the public may read and which names no one. */
  const publicHistory = async (recordUrl: string) => {
    const record = load((await page(null, recordUrl)).body);
    expect(record(`a[href="${recordUrl}/history"]`).length).toBe(1);
    const response = await page(null, `${recordUrl}/history`);
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('@example.org');
    return { body: response.body, rows: rowsOf(load(response.body)) };
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    // Adding accounts and their tokens is audited by the accounts service itself.
    [admin, inspector, force, lpb] = await Promise.all([
      accountSession(t, 'admin'),
      accountSession(t, 'inspectorate'),
      accountSession(t, 'force', 'cleveland-police'),
      accountSession(t, 'lpb', 'cleveland-police'),
    ]);
    const db = t.database.db;
    published = await insertInspectionWithFindings(db, { slug: 'audit-published', findings: 2 });
    embargoed = await insertInspectionWithFindings(db, {
      slug: 'audit-embargoed',
      title: 'An embargoed made-up inspection',
      publishedAt: new Date(Date.now() + 7 * 86_400_000),
    });
    const [judgement] = await db
      .insert(judgements)
      .values({
        inspectionId: published.inspectionId,
        forceId: published.forceId,
        areaLabel: 'Answering calls',
        grade: 'good',
      })
      .returning({ id: judgements.id });
    judgementId = judgement!.id;
    clevelandId = (
      await db.select({ id: forces.id }).from(forces).where(eq(forces.slug, 'cleveland-police'))
    )[0]!.id;
    await recordAudit(
      db,
      {
        actor: 'system:import',
        action: 'create',
        entity: 'judgement',
        entityId: judgementId,
        after: { areaLabel: 'Answering calls', grade: 'good' },
      },
      {
        actor: inspector.email,
        action: 'update',
        entity: 'inspection',
        entityId: published.inspectionId,
        before: { title: 'A draft title', publishedOn: '2025-02' },
        after: { title: 'A made-up inspection of call handling', publishedOn: '2025-02' },
      },
      {
        actor: inspector.email,
        action: 'finding.status',
        entity: 'finding',
        entityId: published.findingIds[0],
        before: { status: 'open', statusOn: '2025-02-03' },
        after: { status: 'closed', statusOn: '2025-06-01', note: 'Evidence seen' },
      },
      {
        actor: force.email,
        action: 'finding.force-status',
        entity: 'finding',
        entityId: published.findingIds[1],
        before: { forceStatus: 'not-started' },
        after: { forceStatus: 'on-track' },
      },
      {
        actor: admin.email,
        action: 'update',
        entity: 'force',
        entityId: clevelandId,
        before: { lpbTitle: 'Commissioner', lpbSince: '2012', version: 1 },
        after: { lpbTitle: 'Police and Crime Commissioner', lpbSince: '2012', version: 2 },
      },
      {
        actor: admin.email,
        action: 'update',
        entity: 'force',
        entityId: clevelandId,
        before: { a: '1', b: '2', c: '3', d: '4' },
        after: { a: 'one', b: 'two', c: 'three', d: 'four' },
      },
    );
    // Written by a later statement than the events above, so it is newer.
    await recordAudit(db, {
      actor: inspector.email,
      action: 'update',
      entity: 'inspection',
      entityId: embargoed.inspectionId,
      before: { title: 'Secret draft' },
      after: { title: 'An embargoed made-up inspection' },
    });
    // 120 events of one made-up kind, to page through.
    await recordAudit(
      db,
      ...Array.from({ length: 120 }, (_, n) => ({
        actor: 'pager@example.org',
        action: 'paging.test',
        entity: 'paging_test',
        after: { n },
      })),
    );
    // Two events at chosen moments: 23:30 in London in winter (GMT) and 00:30 in summer (BST).
    await db.insert(auditEvents).values([
      {
        at: new Date('2020-01-15T23:30:00Z'),
        actor: 'dated@example.org',
        action: 'dated.test',
        entity: 'dated_test',
        after: { on: 'winter' },
      },
      {
        at: new Date('2020-07-15T23:30:00Z'),
        actor: 'dated@example.org',
        action: 'dated.test',
        entity: 'dated_test',
        after: { on: 'summer' },
      },
    ]);
  });
  afterAll(() => t.close());

  it('the audit log needs audit.view: the public is sent to sign in, force and lpb staff get 403', async () => {
    const anonymous = await page(null, '/admin/audit');
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toBe('/sign-in?next=%2Fadmin%2Faudit');
    expect((await page(force, '/admin/audit')).statusCode).toBe(403);
    expect((await page(lpb, '/admin/audit')).statusCode).toBe(403);
    expect((await page(force, '/admin/audit?format=csv')).statusCode).toBe(403);
    for (const who of [inspector, admin]) {
      const response = await page(who, '/admin/audit');
      expect(response.statusCode).toBe(200);
      const $ = load(response.body);
      expect($('h1').text()).toBe('Audit log');
      expect(rowsOf($)).toHaveLength(50);
    }
  });

  it('lists events newest first, with the actor, a link to the record and only the fields that changed', async () => {
    const $ = load((await page(inspector, '/admin/audit?entity=inspection&actor=' + inspector.email)).body);
    const rows = rowsOf($);
    expect(rows).toHaveLength(2);
    // Newest first: the embargoed inspection's event was recorded after the published one's.
    const [embargoedRow, publishedRow] = rows as [string[], string[]];
    expect(embargoedRow[3]).toContain('An embargoed made-up inspection');
    expect(publishedRow[1]).toContain(inspector.email);
    expect(publishedRow[1]).toContain('Inspectorate');
    expect(publishedRow[2]).toBe('update');
    expect(publishedRow[4]).toMatch(
      /title: changed from A draft title → to A made-up inspection of call handling/,
    );
    expect(publishedRow[4]).not.toContain('published on');
    expect($(`#audit-events a[href="/inspections/audit-published"]`).length).toBe(1);
    expect($('time, td').first().text()).toMatch(/\d{4} at \d{1,2}:\d{2}(am|pm)/);

    const findingsPage = load((await page(admin, '/admin/audit?entity=finding')).body);
    expect(findingsPage(`#audit-events a[href="/findings/${published.findingIds[0]}"]`).length).toBe(1);
    const forcePage = load((await page(admin, `/admin/audit?entity=force&actor=${admin.email}`)).body);
    expect(forcePage('#audit-events a[href="/forces/cleveland-police"]').length).toBe(2);
    // Many changes fold into a details component; the version column is not a change worth showing.
    expect(forcePage('#audit-events .govuk-details').text()).toContain('4 fields changed');
    expect(forcePage('#audit-events').text()).not.toContain('version');
  });

  it('filters by kind, action, actor (any part, any case), record id and days in Europe/London', async () => {
    const count = async (query: string) => {
      const $ = load((await page(admin, `/admin/audit?${query}`)).body);
      return { rows: rowsOf($), summary: $('#audit-summary').text() };
    };
    expect((await count('action=finding.status')).rows).toHaveLength(1);
    const byActor = await count(`actor=${force.email.slice(0, 8).toUpperCase()}`);
    expect(byActor.rows.length).toBeGreaterThan(0);
    expect(byActor.rows.every((r) => r[1]!.includes(force.email))).toBe(true);
    const byId = await count(`entityId=${published.findingIds[1]}`);
    expect(byId.rows).toHaveLength(1);
    expect(byId.rows[0]![2]).toBe('finding.force-status');
    expect((await count('entity=judgement')).rows.length).toBeGreaterThanOrEqual(1);
    // 00:30 on 16 July 2020 in London is 23:30 on 15 July in UTC.
    const july16 = await count('entity=dated_test&from=2020-07-16&to=2020-07-16');
    expect(july16.rows).toHaveLength(1);
    expect(july16.rows[0]![4]).toContain('summer');
    expect((await count('entity=dated_test&from=2020-07-15&to=2020-07-15')).rows).toHaveLength(0);
    expect((await count('entity=dated_test&from=2020-01-15&to=2020-01-15')).rows).toHaveLength(1);
    expect((await count('entity=dated_test&to=2020-12-31')).rows).toHaveLength(2);
    expect((await count('entity=dated_test&from=2021-01-01')).rows).toHaveLength(0);
  });

  it('says what is wrong with a filter that is not valid, and ignores it', async () => {
    const response = await page(admin, '/admin/audit?entityId=not-an-id&from=2024-02-30&entity=dated_test');
    expect(response.statusCode).toBe(200);
    const $ = load(response.body);
    expect($('title').text()).toMatch(/^Error: /);
    const summary = $('.govuk-error-summary').text();
    expect(summary).toContain('Enter a record ID in the correct format');
    expect(summary).toContain('Changes from must be a real date');
    expect($('#entityId-error').text()).toContain('Enter a record ID');
    expect(rowsOf($)).toHaveLength(2);
  });

  it('pages 50 at a time with the GOV.UK pagination, keeping the filters', async () => {
    const seen: number[] = [];
    for (const n of [1, 2, 3]) {
      const $ = load((await page(admin, `/admin/audit?entity=paging_test${n > 1 ? `&page=${n}` : ''}`)).body);
      const rows = rowsOf($);
      expect(rows).toHaveLength(n < 3 ? 50 : 20);
      expect($('#audit-summary').text()).toContain(
        `Showing ${(n - 1) * 50 + 1} to ${Math.min(120, n * 50)} of 120`,
      );
      expect($('.govuk-pagination__item--current').text().trim()).toBe(String(n));
      if (n < 3)
        expect($('.govuk-pagination__next a').attr('href')).toBe(
          `/admin/audit?entity=paging_test&page=${n + 1}`,
        );
      else expect($('.govuk-pagination__next').length).toBe(0);
      seen.push(...rows.map((r) => Number(/n: (\d+)/.exec(r[4]!)![1])));
    }
    expect(new Set(seen).size).toBe(120);
    // A page past the end shows the last page.
    expect(rowsOf(load((await page(admin, '/admin/audit?entity=paging_test&page=99')).body))).toHaveLength(
      20,
    );
  });

  it('CSV and XLSX downloads hold exactly the filtered rows, in the order the pages show them', async () => {
    const query = `actor=${encodeURIComponent('example.org')}&entity=finding`;
    const $ = load((await page(admin, `/admin/audit?${query}`)).body);
    const shown = rowsOf($);
    expect(shown.length).toBe(2);
    expect($(`a[href="/admin/audit?entity=finding&actor=example.org&format=csv"]`).length).toBe(1);

    const csv = await page(admin, `/admin/audit?${query}&format=csv`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="audit-log.csv"');
    const records = readCsv(csv.body);
    expect(records[0]!.slice(0, 10)).toEqual([
      'When',
      'Time (UTC)',
      'Who',
      'Organisation',
      'Action',
      'Kind of record',
      'Record',
      'Record ID',
      'Link',
      'Changes',
    ]);
    const body = records.slice(1);
    expect(body.map((r) => [r[0], r[2], r[4]])).toEqual(shown.map((r) => [r[0], r[1]!.split(' ')[0], r[2]]));
    // Both events were written in one transaction, so they share their moment; the set is what matters.
    expect(body.map((r) => r[7]).sort()).toEqual([...published.findingIds].sort());
    expect(body.find((r) => r[4] === 'finding.status')![9]).toBe(
      'note: – → Evidence seen; status: open → closed; status on: 2025-02-03 → 2025-06-01',
    );

    const xlsx = await page(admin, `/admin/audit?${query}&format=xlsx`);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ids: string[] = [];
    workbook.worksheets[0]!.eachRow((row, n) => {
      if (n > 1) ids.push(row.getCell(8).text);
    });
    expect(ids).toEqual(body.map((r) => r[7]));

    // Every row of the filter, not just the page's 50.
    const all = readCsv((await page(admin, '/admin/audit?entity=paging_test&format=csv')).body);
    expect(all.length - 1).toBe(120);
  });

  it('a force’s history is public and names organisations, never people', async () => {
    const { body, rows } = await publicHistory('/forces/cleveland-police');
    expect(
      rows.some((r) => r[1] === 'Oversight administrator' && r[4]!.includes('Police and Crime Commissioner')),
    ).toBe(true);
    // The reference data created the force and its Engage periods.
    expect(rows.some((r) => r[1] === 'Reference data')).toBe(true);
    expect(rows.every((r) => r[3]!.includes('Cleveland Police'))).toBe(true);
    // Other forces' events are not part of this history.
    expect(body).not.toContain('Durham Constabulary');

    const asInspector = await page(inspector, '/forces/cleveland-police/history');
    expect(asInspector.body).toContain(admin.email);
    expect((await page(null, '/forces/no-such-force/history')).statusCode).toBe(404);
  });

  it('an inspection’s history covers it, its judgements and its findings, with organisations for the public', async () => {
    const { body, rows } = await publicHistory('/inspections/audit-published');
    expect(rows.map((r) => r[2]).sort()).toEqual([
      'create',
      'finding.force-status',
      'finding.status',
      'update',
    ]);
    expect(rows.find((r) => r[2] === 'finding.status')![1]).toBe('Inspectorate');
    expect(rows.find((r) => r[2] === 'finding.force-status')![1]).toBe('Cleveland Police');
    expect(rows.find((r) => r[2] === 'create')![1]).toBe('Import');
    expect(rows.find((r) => r[2] === 'create')![3]).toContain('Answering calls');
    expect(body).not.toContain('Secret draft');

    const asAdmin = await page(admin, '/inspections/audit-published/history');
    expect(asAdmin.body).toContain(inspector.email);
    expect(asAdmin.body).toContain(force.email);
  });

  it('an embargoed inspection’s history is 404 for the public and other forces, shown to its force and the inspectorate', async () => {
    expect((await page(null, '/inspections/audit-embargoed/history')).statusCode).toBe(404);
    const durham = await accountSession(t, 'force', 'durham-constabulary');
    expect((await page(durham, '/inspections/audit-embargoed/history')).statusCode).toBe(404);
    for (const who of [force, inspector]) {
      const response = await page(who, '/inspections/audit-embargoed/history');
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('Secret draft');
    }
  });

  it('GET /api/v1/audit needs an API token of someone who may view the audit log', async () => {
    expect((await apiAs(t, null, 'GET', '/api/v1/audit')).statusCode).toBe(401);
    const withCookie = await t.app.inject({ url: '/api/v1/audit', headers: { cookie: admin.cookie } });
    expect(withCookie.statusCode).toBe(401);
    expect(withCookie.json()).toMatchObject({ code: 'unauthorised' });
    // Who is asking is checked before the query string.
    expect((await apiAs(t, null, 'GET', '/api/v1/audit?entityId=nonsense')).statusCode).toBe(401);
    expect((await apiAs(t, force, 'GET', '/api/v1/audit')).statusCode).toBe(403);
    expect((await apiAs(t, lpb, 'GET', '/api/v1/audit')).statusCode).toBe(403);

    const response = await apiAs(t, inspector, 'GET', '/api/v1/audit?entity=finding&action=finding.status');
    expect(response.statusCode).toBe(200);
    const { data } = response.json<{ data: Array<Record<string, unknown>> }>();
    expect(data).toHaveLength(1);
    expect(Object.keys(data[0]!)).toEqual([
      'id',
      'at',
      'actor',
      'organisation',
      'action',
      'entity',
      'entityId',
      'before',
      'after',
    ]);
    expect(new Date(String(data[0]!.at)).getTime()).toBeGreaterThan(Date.now() - 3_600_000);
    expect(data[0]).toMatchObject({
      actor: inspector.email,
      organisation: 'Inspectorate',
      action: 'finding.status',
      entity: 'finding',
      entityId: published.findingIds[0],
      before: { status: 'open', statusOn: '2025-02-03' },
      after: { status: 'closed', statusOn: '2025-06-01', note: 'Evidence seen' },
    });

    const first = (await apiAs(t, admin, 'GET', '/api/v1/audit?entity=paging_test&limit=30')).json<{
      data: Array<{ id: string }>;
    }>().data;
    const next = (await apiAs(t, admin, 'GET', '/api/v1/audit?entity=paging_test&limit=100&offset=30')).json<{
      data: Array<{ id: string }>;
    }>().data;
    expect(first).toHaveLength(30);
    expect(next).toHaveLength(90);
    expect(new Set([...first, ...next].map((e) => e.id)).size).toBe(120);
    const envelope = (await apiAs(t, admin, 'GET', '/api/v1/audit?entity=paging_test&limit=30')).json<{
      page: { limit: number; offset: number; total: number; next: string | null };
    }>().page;
    expect(envelope).toEqual({
      limit: 30,
      offset: 0,
      total: 120,
      next: '/api/v1/audit?entity=paging_test&limit=30&offset=30',
    });
    const dated = (
      await apiAs(t, admin, 'GET', '/api/v1/audit?entity=dated_test&from=2020-07-16&to=2020-07-16')
    ).json<{
      data: Array<{ after: unknown }>;
    }>().data;
    expect(dated.map((e) => e.after)).toEqual([{ on: 'summer' }]);
    expect((await apiAs(t, admin, 'GET', '/api/v1/audit?entityId=nonsense')).statusCode).toBe(400);
    expect((await apiAs(t, admin, 'GET', '/api/v1/audit?from=2024-02-30')).statusCode).toBe(400);
  });

  it('audit_event refuses UPDATE and DELETE', async () => {
    const db = t.database.db;
    await expect(db.execute(sql`update audit_event set actor = 'someone else'`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_event where entity = 'paging_test'`)).rejects.toThrow();
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(eq(auditEvents.entity, 'paging_test'));
    expect(Number(row!.n)).toBe(120);
  });
});
