import { load } from 'cheerio';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectionForces } from '../../src/modules/inspections/inspections.table.js';
import { forces } from '../../src/modules/forces/forces.table.js';
import { addDays, daysBetween, responseDeadline } from '../../src/modules/responses/responses.deadline.js';
import { responses } from '../../src/modules/responses/responses.table.js';
import { today as londonToday } from '../../src/shared/london-time.js';
import { partialDate } from '../../src/web/filters.js';
import { createTestApp, type TestApp } from '../app.js';
import { accountSession, pageAs } from '../auth.js';
import { testDatabaseKinds } from '../databases.js';
import { insertInspectionWithFindings } from '../fixtures-db.js';

/** The VEVENTs of an iCalendar text, unfolded, as maps of property name (without parameters) to value. */
function parseIcs(text: string): Array<Map<string, string>> {
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n');
  const events: Array<Map<string, string>> = [];
  let current: Map<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = new Map();
    else if (line === 'END:VEVENT') {
      events.push(current!);
      current = null;
    } else if (current) {
      const colon = line.indexOf(':');
      current.set(line.slice(0, colon).split(';')[0]!, line.slice(colon + 1));
    }
  }
  return events;
}

const readCsv = (body: string): string[][] => parse(body, { bom: true });

const KENT_LPB = 'Police and Crime Commissioner for Kent';
const ESSEX_LPB = 'Police, Fire and Crime Commissioner for Essex';

describe.each(testDatabaseKinds)('public timeliness of s55 responses on %s', (kind) => {
  let t: TestApp;
  const today = londonToday();
  const noon = (day: string) => new Date(`${day}T12:00:00Z`);
  const dueSoonPublished = addDays(today, -50); // deadline in 5 days
  const notDuePublished = addDays(today, -5); // deadline in 50 days
  const ids: Record<string, { inspectionId: string; forceId: string; responseId?: string }> = {};

  async function inspection(slug: string, force: string, publishedAt: Date) {
    const made = await insertInspectionWithFindings(t.database.db, {
      slug,
      force,
      title: `Made-up inspection ${slug}`,
      publishedAt,
      findings: 0,
    });
    ids[slug] = { inspectionId: made.inspectionId, forceId: made.forceId };
    return made;
  }
  async function response(
    slug: string,
    values: { status: 'draft' | 'ready' | 'published'; publishedOn?: string; answeredThrough?: string },
  ) {
    const { inspectionId, forceId } = ids[slug]!;
    const [row] = await t.database.db
      .insert(responses)
      .values({
        inspectionId,
        forceId,
        status: values.status,
        publishedOn: values.publishedOn ?? null,
        answeredThroughId: values.answeredThrough ? ids[values.answeredThrough]!.responseId! : null,
        answeredThroughReason: values.answeredThrough ? 'One response serves both reports' : null,
      })
      .returning({ id: responses.id });
    ids[slug]!.responseId = row!.id;
  }

  beforeAll(async () => {
    t = await createTestApp(kind, { PUBLIC_URL: 'https://oversight.example' });
    // Kent: one in each of the four states.
    await inspection('kent-overdue', 'kent-police', new Date('2023-03-17T09:30:00Z'));
    await inspection('kent-on-time', 'kent-police', noon('2024-01-10'));
    await response('kent-on-time', { status: 'published', publishedOn: '2024-02-20' });
    await inspection('kent-late', 'kent-police', noon('2024-06-03'));
    await response('kent-late', { status: 'published', publishedOn: '2024-08-06' }); // deadline 28 July
    await inspection('kent-due-soon', 'kent-police', noon(dueSoonPublished));
    await response('kent-due-soon', { status: 'draft' });
    // Essex: on time on the last day; one answered through a later response (so late); one not yet due.
    await inspection('essex-on-time', 'essex-police', new Date('2023-03-17T09:30:00Z'));
    await response('essex-on-time', { status: 'published', publishedOn: '2023-05-11' });
    await inspection('essex-national', 'essex-police', noon('2024-01-15'));
    await response('essex-national', { status: 'published', publishedOn: '2024-03-10' }); // deadline 10 March
    await inspection('essex-answered-through', 'essex-police', noon('2024-01-10')); // deadline 5 March
    await response('essex-answered-through', { status: 'draft', answeredThrough: 'essex-national' });
    await inspection('essex-not-due', 'essex-police', noon(notDuePublished));
    // A report on two forces needs two responses; Dorset's is under embargo until the day after tomorrow.
    const [dorset] = await t.database.db.select().from(forces).where(eq(forces.slug, 'dorset-police'));
    await t.database.db
      .insert(inspectionForces)
      .values({ inspectionId: ids['kent-overdue']!.inspectionId, forceId: dorset!.id });
    await inspection('dorset-embargoed', 'dorset-police', new Date(Date.now() + 2 * 86_400_000));
  });
  afterAll(() => t.close());

  const page = async (url: string) => {
    const res = await t.app.inject({ url, headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    return load(res.body);
  };
  /** The rows of the section tables, as "state | inspection title | LPB". */
  const rowsShown = ($: ReturnType<typeof load>) =>
    $('table[data-state] tbody tr')
      .map((_, tr) => {
        const state = $(tr).closest('table').attr('data-state');
        const cells = $(tr).find('td');
        return `${state} | ${cells.eq(1).find('a').first().text().trim()} | ${cells.eq(0).find('a').first().text().trim()}`;
      })
      .get();

  it('lists Kent’s responses in the four states, each in its own table', async () => {
    const $ = await page('/responses?force=kent-police');
    expect(rowsShown($)).toEqual([
      `overdue | Made-up inspection kent-overdue | ${KENT_LPB}`,
      `due-soon | Made-up inspection kent-due-soon | ${KENT_LPB}`,
      `late | Made-up inspection kent-late | ${KENT_LPB}`,
      `on-time | Made-up inspection kent-on-time | ${KENT_LPB}`,
    ]);
    const overdue = $('#responses-overdue tbody tr').first().find('td');
    expect(overdue.eq(2).text().trim()).toBe('17 March 2023');
    expect(overdue.eq(3).text().trim()).toBe('11 May 2023');
    expect(overdue.eq(4).text()).toContain('Response due by 11 May 2023 — overdue');
    expect(overdue.eq(5).text().trim()).toBe(`${daysBetween('2023-05-11', today)} days overdue`);
    expect($('#responses-due-soon td').eq(5).text().trim()).toBe('5 days left');
    expect($('#responses-late td').eq(4).text()).toContain('Published on 6 August 2024, 9 days late');
    const onTime = $('#responses-on-time td').eq(4);
    expect(onTime.text()).toContain('Published on 20 February 2024, on time');
    expect(onTime.find('a').attr('href')).toBe(`/responses/${ids['kent-on-time']!.responseId}`);
    expect($('#responses-overdue a[href^="/responses/"]')).toHaveLength(0); // no response row yet
    expect(
      $('#response-feeds a')
        .map((_, a) => $(a).attr('href'))
        .get(),
    ).toEqual(['/forces/kent-police/responses/deadlines.ics', '/feeds/responses.atom']);
  });

  it('filters by state, and by force and state together', async () => {
    const overdueEverywhere = rowsShown(await page('/responses?state=overdue'));
    expect(overdueEverywhere.every((r) => r.startsWith('overdue |'))).toBe(true);
    expect(overdueEverywhere).toEqual(
      expect.arrayContaining([
        `overdue | Made-up inspection kent-overdue | ${KENT_LPB}`,
        'overdue | Made-up inspection kent-overdue | Police and Crime Commissioner for Dorset',
      ]),
    );
    expect(rowsShown(await page('/responses?force=essex-police&state=late'))).toEqual([
      `late | Made-up inspection essex-answered-through | ${ESSEX_LPB}`,
    ]);
    const none = await page('/responses?force=essex-police&state=overdue');
    expect(none('#no-responses').text()).toBe('No responses match these choices.');
  });

  it('counts a response given through another report from that response’s publication', async () => {
    const $ = await page('/responses?force=essex-police');
    const row = $('#responses-late tbody tr').first().find('td');
    expect(row.eq(4).text()).toContain(
      'Answered through the response to Made-up inspection essex-national: published on 10 March 2024, 5 days late',
    );
    expect(row.eq(5).text().trim()).toBe('60 days after the report');
  });

  it('the national table gives each LPB’s due, published, share on time and median days', async () => {
    const $ = await page('/responses');
    const cells = (lpb: string) =>
      $('#national-table tbody tr')
        .filter((_, tr) => $(tr).find('th, td').first().find('a').text().trim() === lpb)
        .find('td')
        .map((_, td) => $(td).text().trim())
        .get();
    expect($('#national-table tbody tr')).toHaveLength(44); // 43 LPBs and the total
    // Kent: on time (41 days), late (64 days), overdue; due soon not yet counted.
    expect(cells(KENT_LPB)).toEqual(['3', '2', '1', '33%', '52.5']);
    // Essex: on time (55), national on time (55), answered through it late (60); not yet due not counted.
    expect(cells(ESSEX_LPB)).toEqual(['3', '3', '0', '67%', '55']);
    // Dorset: the shared report is overdue; its own embargoed report is not counted.
    expect(cells('Police and Crime Commissioner for Dorset')).toEqual(['1', '0', '1', '0%', '–']);
    expect(cells('Police and Crime Commissioner for Surrey')).toEqual(['0', '0', '0', '–', '–']);
    expect($('#national-summary').text()).toMatch(
      /^Of \d+ responses past their deadline or published, 3 were published on time \(\d+%\)/,
    );
  });

  it('the CSV and XLSX downloads hold exactly the rows shown', async () => {
    for (const url of ['/responses?force=kent-police', '/responses?state=overdue', '/responses']) {
      const shown = rowsShown(await page(url));
      const csv = await t.app.inject({ url: `${url}${url.includes('?') ? '&' : '?'}format=csv` });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const [header, ...rows] = readCsv(csv.body);
      expect(header!.slice(0, 4)).toEqual(['State', 'Local policing body', 'Force', 'Inspection']);
      const labels: Record<string, string> = {
        Overdue: 'overdue',
        'Due soon': 'due-soon',
        'Not yet due': 'not-due',
        'Published late': 'late',
        'Published on time': 'on-time',
        'Timeliness not known': 'unknown',
      };
      expect(rows.map((r) => `${labels[r[0]!]} | ${r[3]} | ${r[1]}`)).toEqual(shown);
    }
    const xlsx = await t.app.inject({ url: '/responses?force=kent-police&format=xlsx' });
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    const national = await t.app.inject({ url: '/responses?table=national&format=csv' });
    const nationalRows = readCsv(national.body);
    expect(nationalRows).toHaveLength(45); // header, 43 LPBs, total
    expect(nationalRows.find((r) => r[0] === KENT_LPB)).toEqual([
      KENT_LPB,
      'Kent Police',
      '3',
      '2',
      '1',
      '33',
      '52.5',
    ]);
  });

  it('the force page gives each inspection’s response status with a link', async () => {
    const $ = await page('/forces/kent-police');
    const lines = $('[data-response-state]')
      .map((_, p) => $(p).find('.app-response-status').text().trim())
      .get();
    expect(lines).toEqual(
      expect.arrayContaining([
        'Response due by 11 May 2023 — overdue',
        'Published on 20 February 2024, on time',
        'Published on 6 August 2024, 9 days late',
        `Response due by ${partialDate(responseDeadline(dueSoonPublished))} — 5 days left`,
      ]),
    );
    expect($('[data-response-state="on-time"] a').attr('href')).toBe(
      `/responses/${ids['kent-on-time']!.responseId}`,
    );
    expect($('[data-response-state="overdue"] a').attr('href')).toBe('/responses?force=kent-police');
    expect($('a[href="/forces/kent-police/responses/deadlines.ics"]')).toHaveLength(1);
  });

  it('the inspection page gives the status of each force’s response', async () => {
    const $ = await page('/inspections/kent-overdue');
    expect(
      $('#response-statuses li')
        .map((_, li) => $(li).text().replace(/\s+/g, ' ').trim())
        .get(),
    ).toEqual([
      'Police and Crime Commissioner for Dorset: Response due by 11 May 2023 — overdue · Responses of Police and Crime Commissioner for Dorset',
      `${KENT_LPB}: Response due by 11 May 2023 — overdue · Responses of ${KENT_LPB}`,
    ]);
    const onTime = await page('/inspections/essex-on-time');
    expect(onTime('#response-statuses li .app-response-status').text()).toBe(
      'Published on 11 May 2023, on time',
    );
    expect(onTime('#response-statuses li a').attr('href')).toBe(
      `/responses/${ids['essex-on-time']!.responseId}`,
    );
  });

  it('the calendars have an all-day event on the deadline of each unanswered response', async () => {
    const kent = await t.app.inject({ url: '/forces/kent-police/responses/deadlines.ics' });
    expect(kent.statusCode).toBe(200);
    expect(kent.headers['content-type']).toMatch(/^text\/calendar/);
    expect(kent.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
    const events = parseIcs(kent.body);
    expect(events.map((e) => e.get('DTSTART'))).toEqual([
      '20230511',
      responseDeadline(dueSoonPublished).replaceAll('-', ''),
    ]);
    expect(kent.body).toContain('DTSTART;VALUE=DATE:20230511');
    expect(events.map((e) => e.get('DTEND'))).toEqual([
      '20230512',
      addDays(responseDeadline(dueSoonPublished), 1).replaceAll('-', ''),
    ]);
    expect(events[0]!.get('UID')).toBe(
      `s55-response-${ids['kent-overdue']!.inspectionId}-${ids['kent-overdue']!.forceId}@oversight`,
    );
    expect(events[0]!.get('SUMMARY')).toBe(
      `s55 response due: ${KENT_LPB}\\, Made-up inspection kent-overdue`,
    );

    // Every unanswered response with a known deadline, as the API lists them; the same UIDs again.
    const all = await t.app.inject({ url: '/responses/deadlines.ics' });
    const allEvents = parseIcs(all.body);
    const api = (await t.app.inject({ url: '/api/v1/responses?limit=500' })).json<{
      data: Array<{ status: string; deadline: string | null }>;
    }>().data;
    expect(allEvents).toHaveLength(api.filter((r) => r.status !== 'published' && r.deadline).length);
    expect(allEvents.map((e) => e.get('UID'))).toEqual(expect.arrayContaining([events[0]!.get('UID')]));
    expect(new Set(allEvents.map((e) => e.get('UID'))).size).toBe(allEvents.length);
    expect(all.body).not.toContain('dorset-embargoed');
    expect((await t.app.inject({ url: '/forces/no-such-force/responses/deadlines.ics' })).statusCode).toBe(
      404,
    );
  });

  it('the Atom feed lists published responses, newest first', async () => {
    const res = await t.app.inject({ url: '/feeds/responses.atom' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/atom\+xml/);
    const $ = load(res.body, { xml: true });
    expect(
      $('entry > title')
        .map((_, e) => $(e).text())
        .get(),
    ).toEqual([
      `${KENT_LPB}: response to Made-up inspection kent-late`,
      `${ESSEX_LPB}: response to Made-up inspection essex-national`,
      `${KENT_LPB}: response to Made-up inspection kent-on-time`,
      `${ESSEX_LPB}: response to Made-up inspection essex-on-time`,
    ]);
    expect($('entry > id').first().text()).toBe(
      `https://oversight.example/responses/${ids['kent-late']!.responseId}`,
    );
    const essex = load((await t.app.inject({ url: '/feeds/responses.atom?force=essex-police' })).body, {
      xml: true,
    });
    expect(essex('entry')).toHaveLength(2);
  });

  it('GET /api/v1/responses gives each due response, with paging and filters', async () => {
    const res = await t.app.inject({ url: '/api/v1/responses?force=kent-police' });
    expect(res.statusCode).toBe(200);
    const { data } = res.json<{ data: Array<Record<string, unknown>> }>();
    expect(data).toHaveLength(4);
    expect(data.find((r) => r.inspection === 'kent-overdue')).toEqual({
      id: null,
      inspection: 'kent-overdue',
      force: 'kent-police',
      published: '2023-03-17',
      deadline: '2023-05-11',
      status: 'not-started',
      state: 'overdue',
      publishedOn: null,
      onTime: false,
    });
    expect(data.find((r) => r.inspection === 'kent-late')).toEqual({
      id: ids['kent-late']!.responseId,
      inspection: 'kent-late',
      force: 'kent-police',
      published: '2024-06-03',
      deadline: '2024-07-28',
      status: 'published',
      state: 'late',
      publishedOn: '2024-08-06',
      onTime: false,
    });
    expect(data.find((r) => r.inspection === 'kent-due-soon')).toMatchObject({
      status: 'draft',
      onTime: null,
    });

    const paged = (await t.app.inject({ url: '/api/v1/responses?force=kent-police&limit=2&offset=1' })).json<{
      data: unknown[];
    }>().data;
    expect(paged).toEqual(data.slice(1, 3));
    const published = (
      await t.app.inject({ url: '/api/v1/responses?force=essex-police&status=published' })
    ).json<{
      data: Array<{ inspection: string; onTime: boolean }>;
    }>().data;
    expect(published.map((r) => `${r.inspection} ${r.onTime}`).sort()).toEqual([
      'essex-answered-through false',
      'essex-national true',
      'essex-on-time true',
    ]);
    const notStarted = (
      await t.app.inject({ url: '/api/v1/responses?force=essex-police&status=not-started' })
    ).json<{
      data: Array<{ inspection: string; onTime: boolean | null }>;
    }>().data;
    expect(notStarted).toEqual([expect.objectContaining({ inspection: 'essex-not-due', onTime: null })]);
    expect((await t.app.inject({ url: '/api/v1/responses?status=lost' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/responses?force=no-such-force' })).statusCode).toBe(404);
    const spec = (await t.app.inject({ url: '/api/docs/openapi.json' })).json<{
      paths: Record<string, { get?: { tags?: string[] } }>;
      tags: Array<{ name: string }>;
    }>();
    expect(spec.paths['/api/v1/responses']?.get?.tags).toEqual(['responses']);
    expect(spec.tags.map((x) => x.name)).toContain('responses');
  });

  it('the public never sees a response owed for an embargoed inspection; the inspectorate does', async () => {
    const publicPage = await t.app.inject({ url: '/responses?force=dorset-police' });
    expect(publicPage.body).not.toContain('dorset-embargoed');
    const api = (await t.app.inject({ url: '/api/v1/responses?limit=500' })).json<{
      data: Array<{ inspection: string }>;
    }>();
    expect(api.data.map((r) => r.inspection)).not.toContain('dorset-embargoed');
    const csv = await t.app.inject({ url: '/responses?format=csv' });
    expect(csv.body).not.toContain('dorset-embargoed');
    const inspectorate = await accountSession(t, 'inspectorate');
    const seen = await pageAs(t, inspectorate, '/responses?force=dorset-police');
    expect(seen.body).toContain('Made-up inspection dorset-embargoed');
  });

  it('leaves out reports published before the 56-day duty came into force on 2 May 2017', async () => {
    await inspection('kent-before-the-act', 'kent-police', noon('2017-04-20'));
    await inspection('kent-after-the-act', 'kent-police', noon('2017-05-02'));
    const body = (await t.app.inject({ url: '/responses?force=kent-police&format=csv' })).body;
    expect(body).not.toContain('Made-up inspection kent-before-the-act');
    expect(body).toContain('Made-up inspection kent-after-the-act');
    const page = load((await t.app.inject({ url: '/inspections/kent-before-the-act' })).body);
    expect(page('main').text()).not.toMatch(/overdue/);
  });
});
