import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportService } from '../../src/modules/documents/import.service.js';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabaseKinds } from '../databases.js';
import { readSeed, seedsAvailable } from '../seeds.js';

describe.skipIf(!seedsAvailable).each(testDatabaseKinds)('themes across forces on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const imports = createImportService(t.database.db);
    for (const name of [
      'engage-current.txt',
      'engage-previous.txt',
      'pcc-response-cleveland-peel-2021-22.txt',
    ]) {
      await imports.importDocument(new TextEncoder().encode(readSeed(name)), name);
    }
  });
  afterAll(() => t.close());

  it('/themes lists each theme with the forces that have it open now, since when', async () => {
    const $ = load((await t.app.inject({ url: '/themes' })).body);
    const row = $('#themes tbody tr').filter((_, tr) =>
      $(tr).find('th, td').first().text().includes('Investigation quality'),
    );
    expect(row.text()).toMatch(/Cleveland Police \(since 17 March 2023\)/);
  });

  it('a theme page shows the forces that overcame a similar concern, with what they improved', async () => {
    const $ = load((await t.app.inject({ url: '/themes/vulnerability-at-first-contact' })).body);
    const overcame = $('h2:contains("Forces that overcame")')
      .nextAll('h3')
      .map((_, h) => $(h).text().trim())
      .get();
    expect(overcame).toEqual(expect.arrayContaining(['Staffordshire Police', 'Wiltshire Police']));
    expect($('main').text()).toMatch(/What it improved/);
  });

  it('a theme page and its API show the rule that assigns the theme, as the taxonomy has it', async () => {
    const { THEME_BY_SLUG } = await import('../../src/modules/themes/themes.taxonomy.js');
    const theme = THEME_BY_SLUG.get('investigation-quality')!;
    const $ = load((await t.app.inject({ url: '/themes/investigation-quality' })).body);
    const rules = $('details:contains("How Oversight assigns this theme") code')
      .map((_, c) => $(c).text())
      .get();
    expect(rules).toEqual(
      expect.arrayContaining([...theme.patterns, ...theme.exclude!].map((p) => p.source)),
    );
    const api = (await t.app.inject({ url: '/api/v1/themes/investigation-quality' })).json<{
      rules: { patterns: string[]; exclude: string[] };
    }>();
    expect(api.rules).toEqual({
      patterns: theme.patterns.map((p) => p.source),
      exclude: theme.exclude!.map((p) => p.source),
    });
  });

  it('an unknown theme is a 404', async () => {
    expect((await t.app.inject({ url: '/themes/astrology' })).statusCode).toBe(404);
  });
});
