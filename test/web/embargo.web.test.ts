import { load } from 'cheerio';
import { and, eq, sql } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findings } from '../../src/modules/findings/findings.table.js';
import { forces } from '../../src/modules/forces/forces.table.js';
import {
  inspectionForces,
  inspections,
  judgements,
  programmeAreas,
  programmes,
} from '../../src/modules/inspections/inspections.table.js';
import { engagePeriodInspections, engagePeriods } from '../../src/modules/monitoring/monitoring.table.js';
import { dateTimeLabel } from '../../src/web/filters.js';
import { createTestApp, type TestApp } from '../app.js';
import { accountSession, apiAs, pageAs, type Session } from '../auth.js';
import { testDatabaseKinds } from '../databases.js';

const SLUG = 'peel-2025-27-quillwort-cleveland-police';
const TITLE = 'PEEL 2025–27 Quillwort inspection of Cleveland Police';
const WORD = 'quillwort';

type Who =
  | 'the public'
  | 'a Cleveland force account'
  | 'a Cleveland lpb account'
  | 'a Durham force account'
  | 'the inspectorate';
const ALLOWED: Who[] = ['a Cleveland force account', 'a Cleveland lpb account', 'the inspectorate'];
const HIDDEN: Who[] = ['the public', 'a Durham force account'];
/** For the shared URLs: no one, and the account that sees the most. */
const SHARED: Who[] = ['the public', 'the inspectorate'];

type ApiInspection = { slug: string; publishedAt: string | null; embargoed: boolean };

describe.each(testDatabaseKinds)('embargo by role on %s', (kind) => {
  let t: TestApp;
  let as: Record<Who, Session | null>;
  let publishedAt: Date;

  const page = async (who: Who, url: string) => {
    const res = await pageAs(t, as[who], url);
    expect([200, 404]).toContain(res.statusCode);
    return res;
  };
  const api = async <T>(who: Who, url: string) => {
    const res = await apiAs(t, as[who], 'GET', url);
    expect(res.statusCode).toBe(200);
    return res.json<T>();
  };
  const embargoLabel = () => `Embargoed until ${dateTimeLabel(publishedAt)}`;
  /** What a signed-in person downloads from a shared URL, whoever they are. */
  const zipText = async (who: Who) => {
    const res = await pageAs(t, as[who], '/downloads/oversight.zip');
    expect(res.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(res.rawPayload);
    const files = await Promise.all(Object.values(zip.files).map((f) => f.async('string')));
    return files.join('\n');
  };
  const mapCategory = async (who: Who) => {
    const $ = load((await page(who, '/forces/map?area=peel-2025-27:leadership')).body);
    const row = $('tbody tr').filter(
      (_, tr) => $(tr).find('td, th').first().text().trim() === 'Cleveland Police',
    );
    return row.find('td').last().text().trim();
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.database.db;
    publishedAt = new Date(Date.now() + 60 * 60 * 1000);
    publishedAt.setUTCSeconds(0, 0);
    const [cleveland] = await db.select().from(forces).where(eq(forces.slug, 'cleveland-police'));
    const [area] = await db
      .select({ id: programmeAreas.id, programmeId: programmes.id })
      .from(programmeAreas)
      .innerJoin(programmes, eq(programmes.id, programmeAreas.programmeId))
      .where(and(eq(programmes.slug, 'peel-2025-27'), eq(programmeAreas.slug, 'leadership')));
    const [inspection] = await db
      .insert(inspections)
      .values({
        slug: SLUG,
        title: TITLE,
        type: 'peel',
        programmeId: area!.programmeId,
        publishedOn: publishedAt.toISOString().slice(0, 10),
        publishedAt,
      })
      .returning();
    await db.insert(inspectionForces).values({ inspectionId: inspection!.id, forceId: cleveland!.id });
    await db.insert(judgements).values({
      inspectionId: inspection!.id,
      forceId: cleveland!.id,
      areaId: area!.id,
      areaLabel: 'Quillwort leadership and culture',
      grade: 'good',
    });
    await db.insert(findings).values({
      forceId: cleveland!.id,
      inspectionId: inspection!.id,
      kind: 'area-for-improvement',
      areaLabel: 'Leadership',
      text: 'Invented for this test: the quillwort rota leaves the control room short on Sunday mornings.',
      raisedOn: publishedAt.toISOString().slice(0, 10),
    });
    const [period] = await db
      .select({ id: engagePeriods.id })
      .from(engagePeriods)
      .where(eq(engagePeriods.forceId, cleveland!.id))
      .limit(1);
    await db.insert(engagePeriodInspections).values({ periodId: period!.id, inspectionId: inspection!.id });
    const [force, lpb, durham, inspectorate] = await Promise.all([
      accountSession(t, 'force', 'cleveland-police'),
      accountSession(t, 'lpb', 'cleveland-police'),
      accountSession(t, 'force', 'durham-constabulary'),
      accountSession(t, 'inspectorate'),
    ]);
    as = {
      'the public': null,
      'a Cleveland force account': force,
      'a Cleveland lpb account': lpb,
      'a Durham force account': durham,
      'the inspectorate': inspectorate,
    };
  });
  afterAll(() => t.close());

  // The public goes first, so its pages are in the page cache before anyone signed in asks.
  describe.each(HIDDEN)('before publication, %s', (who) => {
    it('does not see the inspection in the lists, the force page, the home page or the map', async () => {
      for (const url of ['/', '/inspections', '/forces/cleveland-police', '/engage/previous', '/engage']) {
        const res = await page(who, url);
        expect(res.statusCode).toBe(200);
        expect(res.body, url).not.toContain(TITLE);
        expect(res.body, url).not.toContain(SLUG);
      }
      const csv = (await page(who, '/inspections?format=csv')).body;
      expect(csv).toContain('PEEL 2021/22');
      expect(csv).not.toContain(TITLE);
      expect(csv).not.toContain('Embargoed until');
      expect(await mapCategory(who)).toBe('No grade recorded');
    });

    it('gets "not found" for the inspection page and its API record', async () => {
      expect((await page(who, `/inspections/${SLUG}`)).statusCode).toBe(404);
      expect((await apiAs(t, as[who], 'GET', `/api/v1/inspections/${SLUG}`)).statusCode).toBe(404);
    });

    it('finds nothing from it by searching, on the page or through the API', async () => {
      const res = await page(who, `/search?q=${WORD}`);
      expect(res.body).not.toContain(SLUG);
      expect(res.body).toContain('Nothing matched');
      expect((await api<{ data: unknown[] }>(who, `/api/v1/search?q=${WORD}`)).data).toEqual([]);
    });

    it('does not get it from the API lists', async () => {
      const list = await api<{ data: ApiInspection[] }>(who, '/api/v1/inspections');
      expect(list.data.length).toBeGreaterThan(0);
      expect(list.data.map((i) => i.slug)).not.toContain(SLUG);
      const force = await api<{ inspections: ApiInspection[] }>(who, '/api/v1/forces/cleveland-police');
      expect(force.inspections.map((i) => i.slug)).not.toContain(SLUG);
      expect(JSON.stringify(await api(who, '/api/v1/engage'))).not.toContain(SLUG);
    });
  });

  describe.each(ALLOWED)('before publication, %s', (who) => {
    it('sees it in the inspection lists, the force page and the home page, marked as embargoed', async () => {
      for (const url of ['/', '/inspections', '/forces/cleveland-police']) {
        const $ = load((await page(who, url)).body);
        expect($(`a[href="/inspections/${SLUG}"]`).first().text(), url).toBe(TITLE);
        expect($('.govuk-tag--red').text(), url).toContain(embargoLabel());
      }
      const csv = (await page(who, '/inspections?format=csv')).body;
      expect(csv).toContain(TITLE);
      expect(csv).toContain(dateTimeLabel(publishedAt));
      expect(await mapCategory(who)).toBe('Good');
    });

    it('sees it among the reports related to the Engage period', async () => {
      const $ = load((await page(who, '/forces/cleveland-police')).body);
      const related = $(`#engage-history a[href="/inspections/${SLUG}"]`);
      expect(related.text()).toBe(TITLE);
      expect(related.parent().find('.govuk-tag--red').text().trim()).toBe(embargoLabel());
      const engage = JSON.stringify(await api(who, '/api/v1/engage'));
      expect(engage).toContain(`"slug":"${SLUG}"`);
    });

    it('opens the inspection page, with an inset saying until when it is embargoed', async () => {
      const res = await page(who, `/inspections/${SLUG}`);
      expect(res.statusCode).toBe(200);
      const $ = load(res.body);
      expect($('h1').text()).toBe(TITLE);
      expect($('.govuk-inset-text').text()).toContain(`${embargoLabel()}.`);
      expect(res.body).toContain('Quillwort leadership and culture');
      expect(res.headers['x-cache']).toBeUndefined();
    });

    it('finds its judgement and finding by searching, marked as embargoed', async () => {
      const $ = load((await page(who, `/search?q=${WORD}`)).body);
      const results = $('#results li');
      expect(results.length).toBe(2);
      results.each((_, li) => {
        // The judgement links to its inspection, the finding to its own page.
        expect($(li).find('a').first().attr('href')).toMatch(
          new RegExp(`^/(inspections/${SLUG}$|findings/[0-9a-f-]{36}$)`),
        );
        expect($(li).find('.govuk-tag--red').text().trim()).toBe(embargoLabel());
      });
      const found = await api<{ data: Array<{ url: string; embargoed: boolean }> }>(
        who,
        `/api/v1/search?q=${WORD}`,
      );
      expect(found.data).toHaveLength(2);
      const csv = (await page(who, `/search?q=${WORD}&format=csv`)).body;
      expect(csv.split('\n')[0]).toContain('Embargoed until');
      expect(csv).toContain(dateTimeLabel(publishedAt));
      expect(found.data.every((r) => r.embargoed)).toBe(true);
      // Each link opens for this viewer (the finding's page too, while the report is embargoed).
      for (const r of found.data) expect((await page(who, r.url)).statusCode, r.url).toBe(200);
    });

    it('gets it from the API with embargoed: true beside publishedAt', async () => {
      const one = await api<ApiInspection & { judgements: Array<{ grade: string }> }>(
        who,
        `/api/v1/inspections/${SLUG}`,
      );
      expect(one).toMatchObject({ slug: SLUG, embargoed: true, publishedAt: publishedAt.toISOString() });
      expect(one.judgements).toEqual([
        { area: 'Quillwort leadership and culture', areaSlug: 'leadership', grade: 'good' },
      ]);
      const list = await api<{ data: ApiInspection[] }>(who, '/api/v1/inspections');
      expect(list.data.find((i) => i.slug === SLUG)).toMatchObject({ embargoed: true });
      expect(list.data.filter((i) => i.embargoed)).toHaveLength(1);
      const force = await api<{ inspections: ApiInspection[] }>(who, '/api/v1/forces/cleveland-police');
      expect(force.inspections.find((i) => i.slug === SLUG)).toMatchObject({ embargoed: true });
    });
  });

  describe.each(SHARED)('before publication, for %s, the shared URLs', (who) => {
    it('leave it out of the feeds and the bulk download, signed in or not', async () => {
      for (const url of ['/feeds/inspections.atom', '/forces/cleveland-police/feed.atom']) {
        const res = await page(who, url);
        expect(res.statusCode).toBe(200);
        expect(res.body, url).toContain('<feed');
        expect(res.body, url).not.toContain(SLUG);
      }
      const zip = await zipText(who);
      expect(zip).toContain('peel-2021-22-cleveland-police');
      expect(zip).not.toContain(SLUG);
      expect(zip).not.toContain(WORD);
    });
  });

  describe('once its publication moment has passed, without a restart', () => {
    beforeAll(async () => {
      await t.database.db
        .update(inspections)
        .set({ publishedAt: sql`now() - interval '1 minute'` })
        .where(eq(inspections.slug, SLUG));
    });

    it('the public sees it everywhere', async () => {
      const who: Who = 'the public';
      for (const url of ['/', '/inspections', '/forces/cleveland-police', `/inspections/${SLUG}`]) {
        const res = await page(who, url);
        expect(res.statusCode, url).toBe(200);
        expect(res.body, url).toContain(TITLE);
        expect(res.body, url).not.toContain('Embargoed until');
      }
      expect((await page(who, '/inspections?format=csv')).body).toContain(TITLE);
      expect(await mapCategory(who)).toBe('Good');
      const $ = load((await page(who, `/search?q=${WORD}`)).body);
      expect($(`#results a[href^="/inspections/${SLUG}"]`).length).toBeGreaterThan(0);
      expect($('#results .govuk-tag--red').length).toBe(0);

      const list = await api<{ data: ApiInspection[] }>(who, '/api/v1/inspections');
      expect(list.data.find((i) => i.slug === SLUG)).toMatchObject({ embargoed: false });
      expect(await api<ApiInspection>(who, `/api/v1/inspections/${SLUG}`)).toMatchObject({
        embargoed: false,
      });
      const found = await api<{ data: Array<{ url: string; embargoed: boolean }> }>(
        who,
        `/api/v1/search?q=${WORD}`,
      );
      expect(found.data.some((r) => r.url.startsWith(`/inspections/${SLUG}`))).toBe(true);
      expect(found.data.every((r) => !r.embargoed)).toBe(true);
      expect(JSON.stringify(await api(who, '/api/v1/engage'))).toContain(`"slug":"${SLUG}"`);

      expect((await page(who, '/feeds/inspections.atom')).body).toContain(TITLE);
      expect((await page(who, '/forces/cleveland-police/feed.atom')).body).toContain(TITLE);
      expect(await zipText(who)).toContain(SLUG);
    });

    it.each(ALLOWED)('%s no longer sees it marked as embargoed', async (who) => {
      for (const url of ['/inspections', `/inspections/${SLUG}`, '/forces/cleveland-police']) {
        const res = await page(who, url);
        expect(res.body, url).toContain(TITLE);
        expect(res.body, url).not.toContain('Embargoed until');
      }
      expect(await api<ApiInspection>(who, `/api/v1/inspections/${SLUG}`)).toMatchObject({
        embargoed: false,
      });
    });
  });
});
