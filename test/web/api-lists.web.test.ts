import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.js';
import { findingEvents, findings } from '../../src/modules/findings/findings.table.js';
import { inspections, judgements } from '../../src/modules/inspections/inspections.table.js';
import { responses } from '../../src/modules/responses/responses.table.js';
import { latest, parseIso } from '../../src/shared/partial-date.js';
import { lastDayOf } from '../../src/db/partial-date-sql.js';
import { createTestApp, type TestApp } from '../app.js';
import { accountSession, apiAs, type Session } from '../auth.js';
import { testDatabaseKinds } from '../databases.js';
import { insertInspectionWithFindings } from '../fixtures-db.js';

type Page = { limit: number; offset: number; total: number; next: string | null };
type List<T = Record<string, unknown>> = { data: T[]; page: Page };

/**
 * The open-data lists of /api/v1: one envelope and one paging for all, filters checked by the
 * schema (400 with the parameter named), `asAt` for the record as it stood, and the embargo.
 */
describe.each(testDatabaseKinds)('API lists on %s', (kind) => {
  let t: TestApp;
  let inspector: Session;
  // Made-up records: an inspection of Cleveland published on 3 February 2025 with two findings (one
  // closed "in June 2025"), one dated only "2024-07", one under embargo, each with a judgement.
  let published: { slug: string; inspectionId: string; forceId: string; findingIds: string[] };
  let monthOnly: { slug: string; inspectionId: string };
  let embargoed: { slug: string; inspectionId: string };

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.database.db;
    inspector = await accountSession(t, 'inspectorate');
    published = await insertInspectionWithFindings(db, {
      slug: 'made-up-call-handling-2025',
      findings: 2,
      findingText: (i) => `Invented concern ${i + 1}: the zanzibarian switchboard drops calls at night.`,
    });
    const [closed] = published.findingIds;
    await db.insert(findingEvents).values({
      findingId: closed!,
      status: 'closed',
      occurredOn: '2025-06',
      actor: 'test',
    });
    await db.update(findings).set({ status: 'closed', statusOn: '2025-06' }).where(eq(findings.id, closed!));
    const made = await insertInspectionWithFindings(db, {
      slug: 'made-up-month-only-2024',
      findings: 0,
      publishedAt: null,
    });
    await db.update(inspections).set({ publishedOn: '2024-07' }).where(eq(inspections.id, made.inspectionId));
    monthOnly = made;
    embargoed = await insertInspectionWithFindings(db, {
      slug: 'made-up-embargoed-report',
      title: 'A made-up report still under embargo',
      publishedAt: new Date(Date.now() + 7 * 24 * 3600 * 1000),
      findingText: () => 'Invented embargoed concern about the zanzibarian switchboard.',
    });
    for (const [inspectionId, grade] of [
      [published.inspectionId, 'inadequate'],
      [monthOnly.inspectionId, 'good'],
      [embargoed.inspectionId, 'outstanding'],
    ] as const)
      await db.insert(judgements).values({
        inspectionId,
        forceId: published.forceId,
        areaLabel: 'Answering calls from the public',
        grade,
      });
  });
  afterAll(() => t.close());

  const get = async <T = Record<string, unknown>>(url: string, session: Session | null = null) => {
    const res = await apiAs(t, session, 'GET', url);
    expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
    return res.json<List<T>>();
  };
  const slugs = async (url: string, session: Session | null = null) =>
    (await get<{ slug: string }>(url, session)).data.map((i) => i.slug);

  const LISTS = [
    '/api/v1/forces',
    '/api/v1/engage',
    '/api/v1/inspections',
    '/api/v1/judgements',
    '/api/v1/findings',
    '/api/v1/responses',
    '/api/v1/search?q=zanzibarian',
  ];

  it('every list answers { data, page: { limit, offset, total, next } }, 100 at a time by default', async () => {
    for (const url of LISTS) {
      const body = await get(url);
      expect(Object.keys(body.page).sort(), url).toEqual(['limit', 'next', 'offset', 'total']);
      expect(body.page).toMatchObject({ limit: 100, offset: 0 });
      expect(body.data.length, url).toBe(Math.min(100, body.page.total));
      expect(body.data.length, url).toBeGreaterThan(0);
    }
  });

  it('pages: limit and offset give a window, total counts the whole list, next leads on to the end', async () => {
    const first = await get<{ slug: string }>('/api/v1/forces?country=england&limit=10');
    expect(first.data).toHaveLength(10);
    expect(first.page).toEqual({
      limit: 10,
      offset: 0,
      total: 39,
      next: '/api/v1/forces?country=england&limit=10&offset=10',
    });
    const seen = first.data.map((f) => f.slug);
    let next = first.page.next;
    let pages = 1;
    while (next) {
      const body = await get<{ slug: string }>(next);
      seen.push(...body.data.map((f) => f.slug));
      next = body.page.next;
      pages++;
    }
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(39);
    const last = await get('/api/v1/forces?limit=5&offset=40');
    expect(last.data).toHaveLength(3);
    expect(last.page).toEqual({ limit: 5, offset: 40, total: 43, next: null });
    expect((await get('/api/v1/forces?offset=100')).data).toEqual([]);

    for (const url of LISTS) {
      const all = await get(url);
      const sep = url.includes('?') ? '&' : '?';
      const second = await get(`${url}${sep}limit=1&offset=1`);
      expect(second.page.total, url).toBe(all.page.total);
      expect(second.data, url).toEqual(all.data.slice(1, 2));
    }
  });

  it('bad parameters get a 400 that names the parameter and what it may be', async () => {
    const bad = async (url: string, message: RegExp) => {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json(), url).toMatchObject({ code: 'bad-request' });
      expect(res.json<{ detail: string }>().detail, url).toMatch(message);
    };
    await bad('/api/v1/forces?limit=501', /limit must be <= 500/);
    await bad('/api/v1/inspections?limit=0', /limit must be >= 1/);
    await bad('/api/v1/findings?offset=-1', /offset must be >= 0/);
    await bad('/api/v1/judgements?colour=red', /unknown parameter "colour"/);
    await bad('/api/v1/engage?status=sometimes', /status must be one of: current, previous/);
    await bad('/api/v1/judgements?grade=brilliant', /grade must be one of: outstanding, good/);
    await bad('/api/v1/inspections?type=secret', /type must be one of/);
    await bad('/api/v1/responses?state=lost', /state must be one of/);
    await bad('/api/v1/forces?asAt=2019-07', /asAt must be a date in the format YYYY-MM-DD/);
    await bad('/api/v1/findings?asAt=2019-02-30', /asAt must be a date/);
    await bad('/api/v1/inspections?publishedFrom=yesterday', /publishedFrom must be a date/);
    await bad('/api/v1/findings?force=Not A Slug', /force must match pattern/);
    await bad('/api/v1/search?q=calls&year=1066', /year must be >= 2000/);
    await bad('/api/v1/search?q=calls&status=shut', /status must be one of: open, closed/);
    await bad('/api/v1/findings?overdue=true&asAt=2025-01-01', /overdue .* asAt/);
  });

  it('forces: by country and Engage status, and each status as it stood on a day', async () => {
    expect(await slugs('/api/v1/forces?country=wales')).toEqual([
      'dyfed-powys-police',
      'gwent-police',
      'north-wales-police',
      'south-wales-police',
    ]);
    const cleveland = async (asAt?: string) =>
      (
        await get<{ slug: string; engageStatus: string }>(`/api/v1/forces${asAt ? `?asAt=${asAt}` : ''}`)
      ).data.find((f) => f.slug === 'cleveland-police')!.engageStatus;
    // Cleveland entered Engage in "2019" and left in "2023-09".
    expect(await cleveland()).toBe('previously-in-engage');
    expect(await cleveland('2019-06-30')).toBe('never-in-engage');
    expect(await cleveland('2020-01-01')).toBe('in-engage');
    expect(await cleveland('2023-09-15')).toBe('in-engage');
    expect(await cleveland('2023-10-01')).toBe('previously-in-engage');
    expect(await slugs('/api/v1/forces?engageStatus=in-engage&asAt=2023-09-15')).toContain(
      'cleveland-police',
    );
    expect(await slugs('/api/v1/forces?engageStatus=in-engage')).not.toContain('cleveland-police');
  });

  it('engage: by force and status; a period that ended after asAt shows open, without its exit', async () => {
    type Period = {
      force: { slug: string };
      exited: string | null;
      current: boolean;
      exitReasons: unknown[];
    };
    const now = await get<Period>('/api/v1/engage?force=cleveland-police');
    expect(now.data).toHaveLength(1);
    expect(now.data[0]).toMatchObject({ exited: '2023-09', current: false });
    const then = (await get<Period>(
      '/api/v1/engage?force=cleveland-police&asAt=2023-09-15',
    )) as List<Period> & {
      current: Period[];
      previous: Period[];
    };
    expect(then.data[0]).toMatchObject({ entered: '2019', exited: null, current: true, exitReasons: [] });
    expect(then.current).toHaveLength(1);
    expect(then.previous).toEqual([]);
    expect((await get('/api/v1/engage?force=cleveland-police&asAt=2019-12-30')).data).toEqual([]);
    const current = await get<Period>('/api/v1/engage?status=current&asAt=2023-09-15');
    expect(current.data.map((p) => p.force.slug)).toContain('cleveland-police');
    expect(current.data.every((p) => p.current)).toBe(true);
    const previous = await get<Period>('/api/v1/engage?status=previous');
    expect(previous.data.every((p) => p.exited !== null)).toBe(true);
    expect(previous.page.total).toBe(9);
  });

  it('one force as it stood: asAt gives its Engage status, periods and inspections of that day', async () => {
    type Detail = {
      engageStatus: string;
      engagePeriods: Array<{ exited: string | null; exitReasons: unknown[] }>;
      inspections: Array<{ slug: string }>;
    };
    const force = async (query = '') => {
      const res = await apiAs(t, null, 'GET', `/api/v1/forces/cleveland-police${query}`);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      return res.json<Detail>();
    };
    const now = await force();
    expect(now.engageStatus).toBe('previously-in-engage');
    expect(now.inspections.map((i) => i.slug)).toContain(published.slug);
    const then = await force('?asAt=2023-09-15');
    expect(then.engageStatus).toBe('in-engage');
    expect(then.engagePeriods[0]).toMatchObject({ exited: null, exitReasons: [] });
    expect(then.inspections.map((i) => i.slug)).not.toContain(published.slug);
    expect(then.inspections.length).toBeGreaterThan(0);
    const before = await force('?asAt=2019-12-30');
    expect(before.engageStatus).toBe('never-in-engage');
    expect(before.engagePeriods).toEqual([]);
    const bad = await apiAs(t, null, 'GET', '/api/v1/forces/cleveland-police?asAt=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ detail: string }>().detail).toMatch(/asAt/);
  });

  it('inspections: by force, programme, type, year and dates; asAt leaves out those published later', async () => {
    const peel = await get<{ slug: string; programme: { slug: string } | null; forces: string[] }>(
      '/api/v1/inspections?programme=peel-2016',
    );
    expect(peel.data.length).toBeGreaterThan(0);
    expect(peel.data.every((i) => i.programme?.slug === 'peel-2016')).toBe(true);
    const cleveland = await get<{ forces: string[] }>('/api/v1/inspections?force=cleveland-police');
    expect(cleveland.data.every((i) => i.forces.includes('cleveland-police'))).toBe(true);
    expect(await slugs('/api/v1/inspections?force=kent-police')).not.toContain(published.slug);
    const specific = await get<{ type: string }>('/api/v1/inspections?type=force-specific');
    expect(specific.data.every((i) => i.type === 'force-specific')).toBe(true);
    expect(await slugs('/api/v1/inspections?year=2025')).toEqual([published.slug]);
    expect(await slugs('/api/v1/inspections?year=2023')).toContain('peel-2021-22-cleveland-police');
    expect(await slugs('/api/v1/inspections?publishedFrom=2024-01-01&publishedTo=2024-12-31')).toEqual([
      monthOnly.slug,
    ]);

    expect(await slugs('/api/v1/inspections?asAt=2025-02-02')).not.toContain(published.slug);
    expect(await slugs('/api/v1/inspections?asAt=2025-02-03')).toContain(published.slug);
    // Dated only "2024-07": published by the end of July, not before.
    expect(await slugs('/api/v1/inspections?asAt=2024-07-30')).not.toContain(monthOnly.slug);
    expect(await slugs('/api/v1/inspections?asAt=2024-07-31')).toContain(monthOnly.slug);
    const old = await slugs('/api/v1/inspections?asAt=2018-01-01');
    expect(old).toContain('peel-2016-effectiveness-cleveland-police');
    expect(old).not.toContain('peel-2021-22-cleveland-police');
  });

  it('inspections, judgements, findings and search keep an embargoed report from those who may not see it', async () => {
    const mentions = async (url: string, session: Session | null) => {
      const { body } = await apiAs(t, session, 'GET', url);
      return body.includes(embargoed.slug) || body.includes('Invented embargoed concern');
    };
    for (const url of [
      '/api/v1/inspections',
      '/api/v1/judgements?force=cleveland-police',
      '/api/v1/findings?force=cleveland-police',
      '/api/v1/search?q=zanzibarian',
    ]) {
      expect(await mentions(url, null), `${url} as the public`).toBe(false);
      expect(await mentions(url, inspector), `${url} as the inspectorate`).toBe(true);
    }
    const totals = async (session: Session | null) =>
      (await get('/api/v1/judgements?area=answering calls', session)).page.total;
    expect(await totals(null)).toBe(2);
    expect(await totals(inspector)).toBe(3);
  });

  it('judgements: force, inspection, programme, area, grade and year; asAt by the inspection’s publication', async () => {
    type Judgement = {
      force: string;
      inspection: string;
      area: string;
      areaSlug: string | null;
      grade: string | null;
      publishedOn: string | null;
      url: string;
    };
    const peel2016 = await get<Judgement>('/api/v1/judgements?force=cleveland-police&programme=peel-2016');
    expect(peel2016.data.map((j) => j.grade)).toEqual(['good', 'good', 'requires-improvement', 'good', null]);
    expect(peel2016.data[0]).toMatchObject({
      force: 'cleveland-police',
      inspection: 'peel-2016-effectiveness-cleveland-police',
      publishedOn: '2017-03-02',
      url: '/api/v1/inspections/peel-2016-effectiveness-cleveland-police',
    });
    const ungraded = await get<Judgement>('/api/v1/judgements?grade=ungraded');
    expect(ungraded.data.length).toBeGreaterThan(0);
    expect(ungraded.data.every((j) => j.grade === null)).toBe(true);
    const good = await get<Judgement>('/api/v1/judgements?grade=good');
    expect(good.data.every((j) => j.grade === 'good')).toBe(true);
    const bySlug = peel2016.data.find((j) => j.areaSlug)!;
    const area = await get<Judgement>(`/api/v1/judgements?area=${bySlug.areaSlug}`);
    expect(area.data.every((j) => j.areaSlug === bySlug.areaSlug || j.area.includes(bySlug.areaSlug!))).toBe(
      true,
    );
    expect((await get<Judgement>(`/api/v1/judgements?inspection=${published.slug}`)).data).toEqual([
      expect.objectContaining({ area: 'Answering calls from the public', grade: 'inadequate' }),
    ]);
    expect((await get('/api/v1/judgements?year=2025')).page.total).toBe(1);
    expect(
      (await get('/api/v1/judgements?force=kent-police&inspection=peel-2016-effectiveness-cleveland-police'))
        .data,
    ).toEqual([]);

    const inspectionsOf = async (url: string) =>
      new Set((await get<Judgement>(url)).data.map((j) => j.inspection));
    const in2018 = await inspectionsOf('/api/v1/judgements?force=cleveland-police&asAt=2018-01-01');
    expect(in2018.has('peel-2016-effectiveness-cleveland-police')).toBe(true);
    expect(in2018.has('peel-2021-22-cleveland-police')).toBe(false);
    expect(in2018.has(published.slug)).toBe(false);
    expect((await get('/api/v1/judgements?force=cleveland-police&asAt=2016-12-31')).data).toEqual([]);
  });

  it('findings: by inspection and status; asAt gives the status as it stood, and leaves out what was not yet raised', async () => {
    type Finding = { id: string; status: string; statusOn: string | null; inspection: string };
    const [closedId, openId] = published.findingIds;
    const statusOf = async (query: string) =>
      Object.fromEntries(
        (await get<Finding>(`/api/v1/findings?inspection=${published.slug}${query}`)).data.map((f) => [
          f.id,
          `${f.status} ${f.statusOn}`,
        ]),
      );
    expect(await statusOf('')).toEqual({ [closedId!]: 'closed 2025-06', [openId!]: 'open null' });
    // Closed "in June 2025": not yet closed in the middle of June.
    expect(await statusOf('&asAt=2025-06-15')).toEqual({
      [closedId!]: 'open 2025-02-03',
      [openId!]: 'open 2025-02-03',
    });
    expect(await statusOf('&asAt=2025-06-30')).toEqual({
      [closedId!]: 'closed 2025-06',
      [openId!]: 'open 2025-02-03',
    });
    expect(await statusOf('&asAt=2025-02-02')).toEqual({});
    const open = await get<Finding>(
      `/api/v1/findings?inspection=${published.slug}&status=open&asAt=2025-06-15`,
    );
    expect(open.page.total).toBe(2);
    const closed = await get<Finding>(`/api/v1/findings?inspection=${published.slug}&status=closed`);
    expect(closed.data.map((f) => f.id)).toEqual([closedId]);
    const byKind = await get<{ kind: string }>(
      '/api/v1/findings?kind=cause-of-concern&force=cleveland-police',
    );
    expect(byKind.data.every((f) => f.kind === 'cause-of-concern')).toBe(true);
    expect((await get('/api/v1/findings?force=kent-police')).data).toEqual([]);
  });

  it('responses: by force, inspection, status and state; asAt shows a response published later as not yet published', async () => {
    type Due = {
      id: string | null;
      inspection: string;
      status: string;
      state: string;
      onTime: boolean | null;
    };
    const one = async (query: string) =>
      (await get<Due>(`/api/v1/responses?inspection=${published.slug}${query}`)).data;
    expect(await one('')).toEqual([
      expect.objectContaining({ id: null, status: 'not-started', state: 'overdue', onTime: false }),
    ]);
    const [row] = await t.database.db
      .insert(responses)
      .values({
        inspectionId: published.inspectionId,
        forceId: published.forceId,
        status: 'published',
        publishedOn: '2025-03-20',
        publishedAt: new Date('2025-03-20T10:00:00Z'),
      })
      .returning({ id: responses.id });
    expect(await one('')).toEqual([
      expect.objectContaining({ id: row!.id, status: 'published', state: 'on-time', onTime: true }),
    ]);
    // On 10 March the record of the response did not exist yet (it was made today).
    expect(await one('&asAt=2025-03-10')).toEqual([
      expect.objectContaining({ id: null, status: 'not-started', state: 'not-due', onTime: null }),
    ]);
    expect(await one('&asAt=2025-03-21')).toEqual([
      expect.objectContaining({ id: row!.id, status: 'published', state: 'on-time' }),
    ]);
    expect(await one('&asAt=2025-02-02')).toEqual([]);
    expect(await one('&status=published')).toHaveLength(1);
    expect(await one('&status=published&asAt=2025-03-10')).toEqual([]);
    expect(await one('&state=on-time&force=cleveland-police')).toHaveLength(1);
    expect(await one('&force=kent-police')).toEqual([]);
    const overdue = await get<Due>('/api/v1/responses?state=overdue');
    expect(overdue.data.every((r) => r.state === 'overdue')).toBe(true);
  });

  it('search: pages, keeps its filters, and asAt leaves out what came later', async () => {
    const all = await get<{ kind: string; text: string }>('/api/v1/search?q=zanzibarian');
    expect(all.page.total).toBe(2);
    expect((await get('/api/v1/search?q=zanzibarian&asAt=2025-02-02')).data).toEqual([]);
    expect((await get('/api/v1/search?q=zanzibarian&asAt=2025-02-03')).page.total).toBe(2);
    expect((await get('/api/v1/search?q=zanzibarian&force=kent-police')).data).toEqual([]);
    expect((await get('/api/v1/search?q=zanzibarian&kind=judgement')).data).toEqual([]);
    // One of the two made-up findings was closed in June 2025.
    const open = await get<{ status: string }>('/api/v1/search?q=zanzibarian&status=open');
    const closed = await get<{ status: string }>('/api/v1/search?q=zanzibarian&status=closed');
    expect([open.page.total, closed.page.total]).toEqual([1, 1]);
    expect(open.data[0]!.status).toBe('open');
    expect(closed.data[0]!.status).toBe('closed');
    expect((await get('/api/v1/search?q=zanzibarian&area=zzz')).data).toEqual([]);
    // As at March 2025, before the closure in June, both were open.
    const then = await get<{ status: string }>('/api/v1/search?q=zanzibarian&asAt=2025-03-01');
    expect(then.data.map((r) => r.status)).toEqual(['open', 'open']);
    expect((await get('/api/v1/search?q=zanzibarian&status=closed&asAt=2025-03-01')).data).toEqual([]);
    expect((await get('/api/v1/search?q=zanzibarian&status=closed&asAt=2025-06-30')).page.total).toBe(1);
    const old = await get<{ kind: string }>('/api/v1/search?q=vulnerable&asAt=2018-01-01');
    const now = await get<{ kind: string }>('/api/v1/search?q=vulnerable');
    expect(old.page.total).toBeGreaterThan(0);
    expect(old.page.total).toBeLessThan(now.page.total);
    // The old page= (20 a page) still works.
    const legacy = await get('/api/v1/search?q=vulnerable&page=1');
    expect(legacy.page).toMatchObject({ limit: 20, offset: 0 });
  });

  it('the SQL "last day" of a partial date agrees with latest() in partial-date.ts', async () => {
    for (const value of ['2024', '2023-02', '2024-02', '2024-12', '2025-06', '2024-07-23']) {
      const [row] = await queryRows<{ day: string }>(
        t.database.db,
        sql`select ${lastDayOf(sql`${value}::text`)} as day`,
      );
      expect(row!.day, value).toBe(latest(parseIso(value)));
    }
  });
});
