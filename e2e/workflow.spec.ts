/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app.js';
import { addAccount, TEST_PASSWORD } from '../test/auth.js';
import { testDatabaseKinds } from '../test/databases.js';
import { insertInspectionWithFindings } from '../test/fixtures-db.js';
import { axeViolations, chromiumAvailable, launchBrowser, listen, signInAs } from './browser.js';

/**
 * The workflow issue's journey: a force user adds an action, moves its date with a reason, posts
 * progress with evidence and requests closure; the inspectorate closes it; the public sees it
 * closed, with its history. axe runs on every page on the way.
 */
describe.skipIf(!chromiumAvailable).each(testDatabaseKinds)(
  'the findings workflow in Chromium, on %s',
  (kind) => {
    let t: TestApp;
    let base: string;
    let browser: BrowserContext;
    let page: Page;
    let findingUrl: string;
    let forceEmail: string;
    let inspectorEmail: string;

    beforeAll(async () => {
      t = await createTestApp(kind);
      const { findingIds } = await insertInspectionWithFindings(t.database.db);
      findingUrl = `/findings/${findingIds[0]}`;
      forceEmail = await addAccount(t, 'force', 'cleveland-police');
      inspectorEmail = await addAccount(t, 'inspectorate');
      base = await listen(t.app);
      browser = await launchBrowser();
      page = browser.pages()[0] ?? (await browser.newPage());
    });
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    const accessible = async () => expect(await axeViolations(page), page.url()).toEqual([]);

    it('a force user signs in, plans an action, moves its date with a reason, posts evidence and requests closure', async () => {
      await page.goto(`${base}/sign-in`);
      await accessible();
      await signInAs(page, base, forceEmail, TEST_PASSWORD);
      expect(await page.locator('h1').innerText()).toBe('My work');
      await accessible();

      await page.goto(base + findingUrl);
      await accessible();
      await page.getByText('Add an action').click();
      await page.getByLabel('What will be done').fill('Recruit twenty call handlers and train them');
      await page.locator('#new-action-owner').fill('Head of contact management');
      await page.locator('#new-action-dueOn').fill('2026-03-31');
      await page.getByRole('button', { name: 'Add action' }).click();
      await page.waitForURL(/#actions$/);
      expect(await page.locator('.app-action h3').innerText()).toBe(
        'Recruit twenty call handlers and train them',
      );
      await accessible();

      await page.getByText('Change this action').click();
      await page.locator('[id$="-dueOn"]').first().fill('2026-06-30');
      await page.getByLabel('Reason for the change').fill('The training provider cancelled the March course');
      await page.getByRole('button', { name: 'Save changes to this action' }).click();
      await page.waitForURL(/#action-/);
      expect(await page.locator('.app-action table').innerText()).toMatch(
        /Second agreed date\s+30 June 2026\s+The training provider cancelled the March course/,
      );
      await accessible();

      await page
        .getByLabel('Post a progress update')
        .fill('Eleven new call handlers finished training in May.');
      await page.setInputFiles('#update-evidence', {
        name: 'training-register.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('name,finished\nA,2026-05-01\n'),
      });
      await page.getByRole('button', { name: 'Post update' }).click();
      await page.waitForURL(/#updates$/);
      expect(await page.getByRole('link', { name: 'training-register.csv' }).count()).toBe(1);
      await accessible();

      await page
        .getByLabel('Ask the inspectorate to close this finding')
        .fill('Answer times met the target for three months.');
      expect(await page.getByLabel('training-register.csv').isChecked()).toBe(true);
      await page.getByRole('button', { name: 'Request closure' }).click();
      await page.waitForURL(/#closure$/);
      expect(await page.locator('.app-status-views').innerText()).toMatch(/Closure requested/);
      await accessible();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/signed-out/);
    });

    it('the inspectorate finds the request in My work and closes the finding', async () => {
      await signInAs(page, base, inspectorEmail, TEST_PASSWORD);
      await accessible();
      await page.locator('#waiting a').first().click();
      await page.waitForURL(/#closure$/);
      await accessible();
      await page.getByLabel('Close the finding').check();
      await page.getByRole('button', { name: 'Save decision' }).last().click();
      await page.waitForURL(/#closure$/);
      expect(await page.locator('.app-status-views').innerText()).toMatch(/Closed/);
      await accessible();
      await page.goto(`${base}/admin/audit`);
      expect(await page.locator('main').innerText()).toMatch(/closure\.accept/);
      await accessible();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/signed-out/);
    });

    it('the public finding page shows it closed, with its history, and none of the working papers', async () => {
      await page.goto(base + findingUrl);
      const statuses = await page.locator('.app-status-views').innerText();
      expect(statuses).toMatch(/Closed/);
      const history = await page.locator('#history ~ table').innerText();
      expect(history).toMatch(/Status: Closed/);
      expect(history).toMatch(/Status: Closure requested/);
      expect(await page.getByRole('link', { name: 'training-register.csv' }).count()).toBe(0);
      await accessible();
    });
  },
);
