import { load } from 'cheerio';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportService } from '../../src/modules/documents/import.service.js';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabaseKinds } from '../databases.js';
import { readSeed, seedsAvailable } from '../seeds.js';

const readCsv = (body: string): string[][] => parse(body, { bom: true });

const cellsOf = (html: string) => {
  const $ = load(html);
  return $('#findings tbody tr')
    .map((_, tr) => [$(tr).find('td').eq(0).text().trim(), $(tr).find('td').eq(3).text().trim()].join(' | '))
    .get();
};

describe.skipIf(!seedsAvailable).each(testDatabaseKinds)('list downloads on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const imports = createImportService(t.database.db);
    for (const name of [
      'engage-previous.txt',
      'peel-2016-cleveland-effectiveness.txt',
      'pcc-response-cleveland-peel-2021-22.txt',
    ]) {
      await imports.importDocument(new TextEncoder().encode(readSeed(name)), name);
    }
  });
  afterAll(() => t.close());

  it('CSV and XLSX of /findings?force=cleveland-police contain exactly the rows shown', async () => {
    const page = await t.app.inject({ url: '/findings?force=cleveland-police' });
    const shown = cellsOf(page.body);
    expect(shown.length).toBeGreaterThan(20);
    expect(shown.every((r) => r.startsWith('Cleveland Police |'))).toBe(true);

    const csv = await t.app.inject({ url: '/findings?force=cleveland-police&format=csv' });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="findings-cleveland-police.csv"');
    const records = readCsv(csv.body);
    expect(records[0]).toEqual([
      'Force',
      'Kind',
      'Number',
      'Area',
      'Finding',
      'Status',
      'Status date',
      'Force’s rating',
      'Assurance',
      'Raised',
      'Inspection',
    ]);
    expect(records.slice(1).map((r) => `${r[0]} | ${r[4]}`)).toEqual(shown);

    const xlsx = await t.app.inject({ url: '/findings?force=cleveland-police&format=xlsx' });
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows: string[] = [];
    workbook.worksheets[0]!.eachRow((row, n) => {
      if (n > 1) rows.push(`${row.getCell(1).text} | ${row.getCell(5).text}`);
    });
    expect(rows).toEqual(shown);
  });

  it('the Engage lists and search results download too', async () => {
    const previous = readCsv((await t.app.inject({ url: '/engage/previous?format=csv' })).body);
    expect(previous[0]!.slice(0, 3)).toEqual(['Force', 'Entered Engage', 'Moved out of Engage']);
    expect(previous.slice(1).map((r) => r[0])).toContain('Cleveland Police');
    expect(previous.length - 1).toBe(9);
    const search = readCsv((await t.app.inject({ url: '/search?q=vulnerability&format=csv' })).body);
    expect(search.length).toBeGreaterThan(1);
    expect(search[0]).toEqual(['Kind', 'Force', 'Area', 'Status', 'Text', 'Link', 'Rank']);
  });

  it('the themes table and each theme page download with the rows they show', async () => {
    const page = load((await t.app.inject({ url: '/themes' })).body);
    const shown = page('#themes tbody tr')
      .map((_, tr) => page(tr).find('td').eq(0).text().trim())
      .get();
    const overview = readCsv((await t.app.inject({ url: '/themes?format=csv' })).body);
    expect(overview[0]).toEqual(['Theme', 'Open now', 'Forces that overcame it', 'Theme page']);
    expect(overview.slice(1).map((r) => r[0])).toEqual(shown);
    const withOpen = overview.slice(1).find((r) => r[1] !== 'None')!;
    expect(withOpen[1]).toMatch(/\(since [^)]+\)/);

    const slug = withOpen[3]!.replace('/themes/', '');
    const themePage = load((await t.app.inject({ url: `/themes/${slug}` })).body);
    const items = themePage('.app-theme-items > li')
      .map((_, li) => themePage(li).text().trim())
      .get();
    const res = await t.app.inject({ url: `/themes/${slug}?format=xlsx` });
    expect(res.headers['content-disposition']).toBe(`attachment; filename="theme-${slug}.xlsx"`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const texts: string[] = [];
    workbook.worksheets[0]!.eachRow((row, n) => {
      if (n > 1) texts.push(row.getCell(5).text);
    });
    expect(texts.length).toBeGreaterThan(0);
    expect(items).toHaveLength(texts.length);
    items.forEach((item, n) => expect(item.startsWith(texts[n]!)).toBe(true));
  });

  it('search filters by area, status, programme and year on the page, its download and its pages', async () => {
    const $ = load((await t.app.inject({ url: '/search?q=crime&status=open&area=investigat' })).body);
    for (const id of ['q', 'force', 'kind', 'area', 'status', 'programme', 'year'])
      expect($(`form[role=search] #${id}`).length, id).toBe(1);
    expect($('#status option[selected]').attr('value')).toBe('open');
    expect($('#area').val()).toBe('investigat');
    const metas = $('#results > li > span.govuk-body-s')
      .map((_, el) => $(el).text())
      .get();
    expect(metas.length).toBeGreaterThan(0);
    expect(metas.every((m) => /investigat/i.test(m) && /Open now/.test(m))).toBe(true);
    const download = $('a[download]').first().attr('href')!;
    expect(download).toMatch(/status=open/);
    expect(download).toMatch(/area=investigat/);
    const rows = readCsv((await t.app.inject({ url: download })).body).slice(1);
    expect(rows.length).toBe(Number(/^(\d+)/.exec($('#results-heading').text().trim())![1]));
    expect(rows.every((r) => r[3] === 'Open now' && /investigat/i.test(r[2]!))).toBe(true);
    expect(
      $('a.govuk-link[href^="/search?q=crime"]').filter((_, a) => $(a).text() === 'Clear filters').length,
    ).toBe(1);
  });

  it('filters apply to the download too', async () => {
    const csv = await t.app.inject({
      url: '/findings?force=cleveland-police&kind=cause-of-concern&format=csv',
    });
    const records = readCsv(csv.body).slice(1);
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r[1] === 'Cause of concern')).toBe(true);
  });

  it('a cell that a spreadsheet would run as a formula is written as text', async () => {
    const { sendTable } = await import('../../src/web/exports.js');
    const fastify = (await import('fastify')).default();
    fastify.get('/x', (_q, reply) =>
      sendTable(reply, 'csv', 'x', [{ header: 'A', value: (r: string) => r }], ['=HYPERLINK("http://evil")']),
    );
    const res = await fastify.inject({ url: '/x' });
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
    await fastify.close();
  });

  it('GET /api/v1/findings pages through the same findings', async () => {
    const first = (await t.app.inject({ url: '/api/v1/findings?force=cleveland-police&limit=5' })).json<{
      data: Array<{ id: string; force: string }>;
    }>();
    const second = (
      await t.app.inject({ url: '/api/v1/findings?force=cleveland-police&limit=5&offset=5' })
    ).json<{ data: Array<{ id: string }> }>();
    expect(first.data).toHaveLength(5);
    expect(first.data.every((f) => f.force === 'cleveland-police')).toBe(true);
    expect(second.data.map((f) => f.id)).not.toContain(first.data[0]!.id);
  });
});

describe.each(testDatabaseKinds)('the bulk download on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  it('is one ZIP with every table as JSON and CSV, counted in its README', async () => {
    const JSZip = (await import('jszip')).default;
    const res = await t.app.inject({ url: '/downloads/oversight.zip' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const zip = await JSZip.loadAsync(res.rawPayload);
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(
      expect.arrayContaining([
        'README.txt',
        'json/forces.json',
        'csv/forces.csv',
        'json/engage-periods.json',
        'csv/findings.csv',
      ]),
    );
    const forces = JSON.parse(await zip.file('json/forces.json')!.async('string')) as { data: unknown[] };
    expect(forces.data).toHaveLength(43);
    expect(readCsv(await zip.file('csv/forces.csv')!.async('string'))).toHaveLength(44);
    expect(await zip.file('README.txt')!.async('string')).toMatch(/forces: 43 rows/);
  });
});
