/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app.js';
import { addAccount, TEST_PASSWORD } from '../test/auth.js';
import { testDatabaseKinds } from '../test/databases.js';
import { insertInspectionWithFindings } from '../test/fixtures-db.js';
import { axeViolations, chromiumAvailable, launchBrowser, listen, signInAs } from './browser.js';

/**
 * The s55 journey: the LPB office drafts its response to a report, answers every cause of
 * concern, publishes it, and the public finds it on the timeliness table and in the Atom feed.
 */
describe.skipIf(!chromiumAvailable).each(testDatabaseKinds)('an s55 response in Chromium, on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let browser: BrowserContext;
  let page: Page;
  let slug: string;
  let lpbEmail: string;
  const title = 'A made-up inspection of custody, for the response journey';

  beforeAll(async () => {
    t = await createTestApp(kind);
    slug = (await insertInspectionWithFindings(t.database.db, { title, findings: 2 })).slug;
    lpbEmail = await addAccount(t, 'lpb', 'cleveland-police');
    base = await listen(t.app);
    browser = await launchBrowser();
    page = browser.pages()[0] ?? (await browser.newPage());
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const accessible = async () => expect(await axeViolations(page), page.url()).toEqual([]);

  it('the LPB drafts, completes and publishes its response', async () => {
    await signInAs(page, base, lpbEmail, TEST_PASSWORD);
    await page.goto(`${base}/inspections/${slug}`);
    await accessible();
    await page.getByRole('button', { name: 'Write or open our response to this report' }).click();
    await page.waitForURL(/\/responses\/[0-9a-f-]+\/edit/);
    await accessible();

    // Marking it ready and publishing before every cause of concern is answered is refused, by name.
    await page.getByRole('button', { name: 'Mark as ready to publish' }).click();
    await page.waitForLoadState('load');
    const publish = page.getByRole('button', { name: 'Publish the response' });
    if ((await publish.count()) > 0) {
      await publish.click();
      await page.waitForLoadState('load');
      expect(await page.locator('main').innerText()).toMatch(/Cause of concern 1 has no response/);
      await accessible();
      const back = page.getByRole('button', { name: 'Return to draft' });
      if ((await back.count()) > 0) await back.click();
      await page.waitForLoadState('load');
    }

    const answers = page.locator('textarea[id^="action-"]');
    for (let i = 0; i < (await answers.count()); i++)
      await answers.nth(i).fill(`The force has answered point ${i + 1} with a new plan, reviewed monthly.`);
    await page
      .locator('#lpbComment')
      .fill('The commissioner welcomes the report and will follow the plan closely.');
    await page.getByRole('button', { name: 'Save the response' }).click();
    await page.waitForLoadState('load');
    await accessible();
    const ready = page.getByRole('button', { name: 'Mark as ready to publish' });
    if ((await ready.count()) > 0) {
      await ready.click();
      await page.waitForLoadState('load');
    }
    await page.getByRole('button', { name: 'Publish the response' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('main').innerText()).toMatch(/Published|published/);
    await accessible();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/signed-out/);
  });

  it('the public finds it on the timeliness table and in the Atom feed', async () => {
    await page.goto(`${base}/responses?force=cleveland-police`);
    expect(await page.locator('main').innerText()).toContain(title);
    await accessible();
    const hrefs = await page
      .locator('main a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    const response = hrefs.find((h) => /^\/responses\/[0-9a-f-]{36}$/.test(h));
    expect(response, 'a link to the published response').toBeTruthy();
    await page.goto(base + response!);
    expect(await page.locator('main').innerText()).toMatch(/The commissioner welcomes the report/);
    await accessible();
    const feed = await (await fetch(`${base}/feeds/responses.atom`)).text();
    expect(feed).toContain(title);
  });
});
