import { load } from 'cheerio';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabaseKinds } from '../databases.js';

const text = (html: string, selector: string) => load(html)(selector).text().replace(/\s+/g, ' ').trim();

describe.each(testDatabaseKinds)('public pages on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());
  const get = (url: string, headers: Record<string, string> = { accept: 'text/html' }) =>
    t.app.inject({ method: 'GET', url, headers });

  it('the overview lists Lincolnshire Police in Engage since December 2024 and Cleveland Police as having left in September 2023', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(text(res.body, '#in-engage')).toMatch(/Lincolnshire Police in Engage since 6 December 2024/);
    expect(text(res.body, '#left-engage')).toMatch(
      /Cleveland Police left in September 2023, after entering in 2019/,
    );
    expect(text(res.body, 'head > title')).toBe(
      'Police inspection and accountability in England and Wales – Oversight',
    );
  });

  it('/forces lists all 43 forces, and filters by Engage status', async () => {
    const all = load((await get('/forces')).body);
    expect(all('#forces tbody tr')).toHaveLength(43);
    const current = load((await get('/forces?status=in-engage')).body);
    expect(
      current('#forces tbody tr')
        .map((_, el) => current(el).find('td').first().text().trim())
        .get(),
    ).toEqual(['Lincolnshire Police']);
    expect(current('input[name=status][value=in-engage]').attr('checked')).toBeDefined();
    const previous = load((await get('/forces?status=previously-in-engage')).body);
    expect(previous('#forces tbody tr')).toHaveLength(9);
    expect((await get('/forces?status=nonsense')).statusCode).toBe(200);
  });

  it("a force's page shows its local policing body, Engage history and PEEL grades", async () => {
    const res = await get('/forces/cleveland-police');
    expect(res.statusCode).toBe(200);
    const $ = load(res.body);
    expect($('h1').text()).toBe('Cleveland Police');
    expect($('.govuk-summary-list').first().text()).toMatch(/Police and Crime Commissioner/);
    expect(text(res.body, '#engage-history')).toMatch(/In Engage from 2019 to September 2023/);
    const grades = $('table tbody tr')
      .map((_, row) => $(row).text().replace(/\s+/g, ' ').trim())
      .get();
    expect(grades.join('\n')).toMatch(/Investigating crime.*Requires improvement/i);
    expect(res.body).toMatch(/PEEL 2016/);
    expect(grades.join('\n')).toMatch(/Preventing crime.* Good/);
  });

  it('/engage and /engage/previous are generated from the Engage periods', async () => {
    const current = load((await get('/engage')).body);
    expect(
      current('main h2')
        .map((_, el) => current(el).text().trim())
        .get(),
    ).toEqual(['Lincolnshire Police']);
    const previous = load((await get('/engage/previous')).body);
    const forces = previous('main h2')
      .map((_, el) => previous(el).text().trim())
      .get();
    expect(forces).toHaveLength(9);
    expect(forces.slice(0, 2)).toEqual(['Devon and Cornwall Police', 'Nottinghamshire Police']);
    expect(forces).toContain('Cleveland Police');
  });

  it('the frameworks, inspections and API docs pages render', async () => {
    for (const url of ['/frameworks', '/frameworks/peel-2021-22', '/inspections', '/api/docs']) {
      expect((await get(url)).statusCode, url).toBe(200);
    }
    expect(text((await get('/frameworks/peel-2021-22')).body, '.govuk-summary-list')).toMatch(/Adequate/);
  });

  it('the map shows all 43 forces as hexagons, coloured by Engage status or by a grade, with its table', async () => {
    const $ = load((await get('/forces/map')).body);
    expect($('figure svg[role="img"] title').text()).toMatch(/Map of the 43 forces: Engage status/);
    expect($('table tbody tr')).toHaveLength(43);
    const lincs = $('table tbody tr').filter((_, tr) => $(tr).text().includes('Lincolnshire Police'));
    expect(lincs.text()).toMatch(/In Engage/);
    const graded = load((await get('/forces/map?area=peel-2016:investigating-crime')).body);
    const cleveland = graded('table tbody tr').filter((_, tr) =>
      graded(tr).text().includes('Cleveland Police'),
    );
    expect(cleveland.text()).toMatch(/Good/);
  });

  it('an unknown page gets a GOV.UK 404 page', async () => {
    const res = await get('/forces/atlantis-police');
    expect(res.statusCode).toBe(404);
    expect(text(res.body, 'h1')).toBe('Page not found');
  });

  it('pages carry a CSP whose nonce matches the inline script', async () => {
    const res = await get('/');
    const csp = String(res.headers['content-security-policy']);
    const nonce = load(res.body)('script:not([src])').first().attr('nonce');
    expect(nonce).toBeTruthy();
    expect(csp).toContain(`'nonce-${nonce}'`);
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('/health checks the database and /ping answers', async () => {
    const health = await get('/health', {});
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', database: { kind, status: 'ok' } });
    expect((await get('/ping', {})).body).toBe('pong');
  });

  it('an inspection under embargo is hidden until its publication moment, then shown without a restart', async () => {
    await t.database.db.execute(sql`
      insert into inspection (slug, title, type, published_on, published_at)
      values ('embargo-test', 'An embargoed thematic inspection', 'thematic', '2099-01-01', now() + interval '1 hour')`);
    expect((await get('/inspections')).body).not.toContain('An embargoed thematic inspection');
    expect((await get('/inspections/embargo-test')).statusCode).toBe(404);
    await t.database.db.execute(
      sql`update inspection set published_at = now() - interval '1 second' where slug = 'embargo-test'`,
    );
    expect((await get('/inspections')).body).toContain('An embargoed thematic inspection');
  });
});
