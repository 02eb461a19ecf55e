/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/index.js';
import { createImportService } from '../src/modules/documents/import.service.js';
import { createTestApp, type TestApp } from '../test/app.js';
import { accountSession, addAccount, apiAs, TEST_PASSWORD } from '../test/auth.js';
import { testDatabaseKinds } from '../test/databases.js';
import { insertInspectionWithFindings } from '../test/fixtures-db.js';
import { readSeed, seedsAvailable } from '../test/seeds.js';
import { axeViolations, chromiumAvailable, launchBrowser, listen, signInAs } from './browser.js';

/**
 * The inspectorate corrects the themes the rules gave a finding and an Engage reason, in
 * Chromium; every page on the way passes axe, and the public sees the correction with its reason.
 */
describe.skipIf(!chromiumAvailable || !seedsAvailable).each(testDatabaseKinds)(
  'themes in Chromium, on %s',
  (kind) => {
    let t: TestApp;
    let base: string;
    let browser: BrowserContext;
    let page: Page;
    let findingId: string;
    let reasonId: string;
    beforeAll(async () => {
      t = await createTestApp(kind);
      const imports = createImportService(t.database.db);
      for (const name of ['engage-current.txt', 'engage-previous.txt'])
        await imports.importDocument(new TextEncoder().encode(readSeed(name)), name);
      const inspector = await accountSession(t, 'inspectorate');
      // An open Engage period and an open cause of concern, in our own words.
      const res = await apiAs(t, inspector, 'POST', '/api/v1/engage', {
        force: 'durham-constabulary',
        startedOn: '2025-06',
        reasons: [
          'Too little is done by the force to manage the risk from registered sex offenders in its area.',
        ],
      });
      expect(res.statusCode, res.body).toBe(201);
      [reasonId] = (
        await queryRows<{ id: string }>(
          t.database.db,
          sql`select r.id from engage_reason r join engage_period p on p.id = r.period_id join force f on f.id = p.force_id where f.slug = 'durham-constabulary'`,
        )
      ).map((r) => r.id) as [string];
      const made = await insertInspectionWithFindings(t.database.db, {
        force: 'durham-constabulary',
        findingText: () => 'The force should answer 999 calls more quickly at busy times.',
      });
      findingId = made.findingIds[0]!;
      base = await listen(t.app);
      browser = await launchBrowser();
      page = browser.pages()[0] ?? (await browser.newPage());
    });
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    it('an Engage reason shows the forces that overcame it, and the inspectorate changes its themes', async () => {
      await page.goto(`${base}/engage`);
      const durham = page.locator('#force-durham-constabulary');
      await durham.getByText('Forces that overcame a similar concern').first().click();
      expect(await durham.innerText()).toMatch(/West Midlands Police, left Engage/);
      expect(await axeViolations(page)).toEqual([]);

      await signInAs(
        page,
        base,
        await addAccount(t, 'inspectorate', undefined, 'themes@example.org'),
        TEST_PASSWORD,
      );
      await page.goto(`${base}/engage/reasons/${reasonId}`);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Save themes' }).click();
      expect(await page.locator('.govuk-error-summary').innerText()).toMatch(
        /Say why the rules are wrong here/,
      );
      expect(await axeViolations(page)).toEqual([]);
      await page.getByLabel('Child protection').check();
      await page.getByLabel('Why').fill('Online child abuse offenders are the heart of it');
      await page.getByRole('button', { name: 'Save themes' }).click();
      await page.waitForURL(/\/engage\/reasons\/.*#themes$/);
      expect(await page.locator('main').innerText()).toMatch(
        /Online child abuse offenders are the heart of it/,
      );
      expect(await axeViolations(page)).toEqual([]);
    });

    it('on a finding page the inspectorate chooses themes; the theme page lists it and offers its feed', async () => {
      await page.goto(`${base}/findings/${findingId}`);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByLabel('Workforce').check();
      await page.getByLabel('Why').fill('Staffing the control room');
      await page.getByRole('button', { name: 'Save themes' }).click();
      await page.waitForURL(/#themes$/);
      expect(await page.locator('#themes + ul').innerText()).toMatch(/Workforce/);
      await page.goto(`${base}/themes/workforce`);
      expect(await page.locator('main').innerText()).toMatch(/Durham Constabulary/);
      expect(await page.locator('main').innerText()).toMatch(/theme chosen by the inspectorate/);
      expect(await axeViolations(page)).toEqual([]);
      const feed = await page.request.get(`${base}/themes/workforce/feed.atom`);
      expect(feed.headers()['content-type']).toMatch(/atom/);
    });
  },
);
