import { load } from 'cheerio';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.js';
import { createImportService } from '../../src/modules/documents/import.service.js';
import { createTestApp, type TestApp } from '../app.js';
import { accountSession, apiAs, formPost, pageAs, type Session } from '../auth.js';
import { testDatabaseKinds } from '../databases.js';
import { insertInspectionWithFindings } from '../fixtures-db.js';
import { readSeed, seedsAvailable } from '../seeds.js';

type SubjectThemes = {
  themes: string[];
  ruleThemes: string[];
  override: { themes: string[]; reason: string; version: number } | null;
};

describe.each(testDatabaseKinds)('the inspectorate overrides themes on %s', (kind) => {
  let t: TestApp;
  let inspector: Session;
  let forceUser: Session;
  let findingId: string;
  const themesOfFinding = async () =>
    (await apiAs(t, null, 'GET', `/api/v1/findings/${findingId}/themes`)).json<SubjectThemes>();

  beforeAll(async () => {
    t = await createTestApp(kind);
    inspector = await accountSession(t, 'inspectorate');
    forceUser = await accountSession(t, 'force', 'durham-constabulary');
    const made = await insertInspectionWithFindings(t.database.db, {
      force: 'durham-constabulary',
      findingText: () => 'The force should answer 999 calls more quickly at busy times.',
    });
    findingId = made.findingIds[0]!;
  });
  afterAll(() => t.close());

  it('assigns by rule until the inspectorate chooses; the choice shows on /themes with who and why', async () => {
    const before = await themesOfFinding();
    expect(before.ruleThemes).toEqual(['call-handling']);
    expect(before.themes).toEqual(['call-handling']);
    expect(before.override).toBeNull();

    const res = await apiAs(t, inspector, 'PUT', `/api/v1/findings/${findingId}/themes`, {
      themes: ['workforce', 'call-handling'],
      reason: 'The shortfall is about staffing the control room',
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json<SubjectThemes>();
    expect(after.themes).toEqual(['call-handling', 'workforce']); // taxonomy order
    expect(after.ruleThemes).toEqual(['call-handling']);
    expect(after.override).toMatchObject({
      reason: 'The shortfall is about staffing the control room',
      version: 1,
    });

    const workforce = load((await t.app.inject({ url: '/themes/workforce' })).body);
    expect(workforce('main').text()).toContain('Durham Constabulary');
    expect(workforce('main').text()).toContain('theme chosen by the inspectorate');

    const page = load((await pageAs(t, null, `/findings/${findingId}`)).body);
    expect(page('#themes').nextAll('ul').first().text()).toMatch(/Workforce/);
    expect(page('main').text()).toContain('The shortfall is about staffing the control room');
    expect(page('form[action$="/themes"]')).toHaveLength(0); // the public sees no form

    const [audit] = await queryRows<{ action: string; actor: string; after: { themes: string[] } }>(
      t.database.db,
      sql`select action, actor, after from audit_event where entity = 'finding' and entity_id = ${findingId} and action like 'themes.%'`,
    );
    expect(audit).toMatchObject({ action: 'themes.override', actor: inspector.email });
  });

  it("a theme's Atom feed carries the inspections, Engage moves and status changes that concern it", async () => {
    await t.database.db.execute(
      sql`insert into finding_event (finding_id, status, occurred_on, actor, note) values (${findingId}, 'closed', '2025-05-01', 'test', 'Calls answered in time for six months')`,
    );
    const feed = await t.app.inject({ url: '/themes/workforce/feed.atom' });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toMatch(/application\/atom\+xml/);
    expect(feed.body).toContain('A made-up inspection of call handling');
    expect(feed.body).toContain('Durham Constabulary: a finding is now closed');
    const other = await t.app.inject({ url: '/themes/ethics-counter-corruption/feed.atom' });
    expect(other.body).not.toContain('A made-up inspection of call handling');
    expect((await t.app.inject({ url: '/themes/astrology/feed.atom' })).statusCode).toBe(404);
  });

  it('refuses a stale choice with 409 and the current one, bad themes with 422, others with 401/403', async () => {
    const stale = await apiAs(t, inspector, 'PUT', `/api/v1/findings/${findingId}/themes`, {
      themes: ['ethics-counter-corruption'],
      reason: 'Second thoughts',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ currentVersion: number }>().currentVersion).toBe(1);

    const bad = await apiAs(t, inspector, 'PUT', `/api/v1/findings/${findingId}/themes`, {
      themes: ['astrology'],
      reason: 'x',
      version: 1,
    });
    expect(bad.statusCode).toBe(400); // the JSON schema's enum
    const noReason = await apiAs(t, inspector, 'PUT', `/api/v1/findings/${findingId}/themes`, {
      themes: [],
      reason: '   ',
      version: 1,
    });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json<{ fields: Record<string, string> }>().fields.reason).toMatch(/why/);

    const body = { themes: [], reason: 'No', version: 1 };
    expect((await apiAs(t, null, 'PUT', `/api/v1/findings/${findingId}/themes`, body)).statusCode).toBe(401);
    expect((await apiAs(t, forceUser, 'PUT', `/api/v1/findings/${findingId}/themes`, body)).statusCode).toBe(
      403,
    );
    expect((await themesOfFinding()).override?.version).toBe(1);
  });

  it('the finding page form saves a choice, shows field errors, and goes back to the rules', async () => {
    const form = load((await pageAs(t, inspector, `/findings/${findingId}`)).body);
    expect(form('form[action$="/themes"] input[name="themes"][value="workforce"]').is(':checked')).toBe(true);

    const missing = await formPost(t, inspector, `/findings/${findingId}/themes`, {
      themes: 'ethics',
      reason: '',
      version: '1',
    });
    expect(missing.statusCode).toBe(422);
    expect(load(missing.body)('.govuk-error-summary').text()).toMatch(/Say why/);

    const none = await formPost(t, inspector, `/findings/${findingId}/themes`, {
      reason: 'Not a theme we track',
      version: '1',
    });
    expect(none.statusCode).toBe(303);
    expect((await themesOfFinding()).themes).toEqual([]);
    expect(load((await pageAs(t, null, `/findings/${findingId}`)).body)('main').text()).toContain(
      'No theme applies',
    );

    const reset = await formPost(t, inspector, `/findings/${findingId}/themes`, {
      useRules: 'yes',
      reason: 'The rules were right after all',
      version: '2',
    });
    expect(reset.statusCode).toBe(303);
    const back = await themesOfFinding();
    expect(back.override).toBeNull();
    expect(back.themes).toEqual(['call-handling']);
  });
});

describe.skipIf(!seedsAvailable).each(testDatabaseKinds)(
  'similar concerns and Engage reasons on %s',
  (kind) => {
    let t: TestApp;
    let inspector: Session;
    beforeAll(async () => {
      t = await createTestApp(kind);
      inspector = await accountSession(t, 'inspectorate');
      const imports = createImportService(t.database.db);
      for (const name of ['engage-current.txt', 'engage-previous.txt'])
        await imports.importDocument(new TextEncoder().encode(readSeed(name)), name);
      // Every force of the seed pages has left Engage by now (reference data), so record an open
      // period by hand, in our own words.
      const res = await apiAs(t, inspector, 'POST', '/api/v1/engage', {
        force: 'durham-constabulary',
        startedOn: '2025-06',
        reasons: [
          'Too little is done by the force to manage the risk from registered sex offenders in its area.',
        ],
      });
      expect(res.statusCode, res.body).toBe(201);
    });
    afterAll(() => t.close());

    it('an open Engage reason lists the forces that left Engage for a similar one, with what they improved', async () => {
      // West Midlands left Engage in September 2024, having entered it for managing registered
      // sex offenders.
      const $ = load((await t.app.inject({ url: '/engage' })).body);
      const offenders = $('#force-durham-constabulary li')
        .filter((_, li) => /registered sex offenders/.test($(li).text()))
        .first();
      const similar = offenders.find('details');
      expect(similar.find('summary').text()).toMatch(/Forces that overcame a similar concern/);
      expect(similar.text()).toMatch(/West Midlands Police, left Engage/);
      expect(similar.text()).toMatch(/What it improved/);
      expect(similar.text()).toMatch(/registered sex offenders/);
      // The same on the force page.
      const force = load((await t.app.inject({ url: '/forces/durham-constabulary' })).body);
      expect(force('#engage-history details').text()).toMatch(/West Midlands Police/);
    });

    it('the inspectorate changes the themes of an Engage reason on its page, and /themes follows', async () => {
      const [reason] = await queryRows<{ id: string }>(
        t.database.db,
        sql`select r.id from engage_reason r join engage_period p on p.id = r.period_id join force f on f.id = p.force_id
          where f.slug = 'durham-constabulary' and r.text like '%registered sex offenders%'`,
      );
      const url = `/engage/reasons/${reason!.id}`;
      const page = load((await pageAs(t, inspector, url)).body);
      expect(page('h1').text()).toMatch(/Themes of an Engage reason/);
      expect(page('#themes').nextAll('ul').first().text()).toMatch(/Managing offenders/);
      const saved = await formPost(t, inspector, `${url}/themes`, {
        themes: 'child-protection',
        reason: 'Mostly about online child abuse offenders',
        version: '',
      });
      expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
      const theme = load((await t.app.inject({ url: '/themes/child-protection' })).body);
      expect(theme('main').text()).toContain('Durham Constabulary');
      expect((await pageAs(t, null, url)).statusCode).toBe(200);
      expect(load((await pageAs(t, null, url)).body)('form[action$="/themes"]')).toHaveLength(0);
      expect((await pageAs(t, null, '/engage/reasons/00000000-0000-4000-8000-000000000000')).statusCode).toBe(
        404,
      );
    });
  },
);
