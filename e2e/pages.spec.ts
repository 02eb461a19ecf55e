/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app.js';
import { testDatabaseKinds } from '../test/databases.js';
import { readSeed, seedsAvailable } from '../test/seeds.js';
import { createImportService } from '../src/modules/documents/import.service.js';
import { axeViolations, chromiumAvailable, launchBrowser, listen, signInAs } from './browser.js';
import { addAccount, TEST_PASSWORD } from '../test/auth.js';

const PAGES = [
  '/',
  '/forces',
  '/forces?status=in-engage',
  '/forces/map',
  '/forces/map?area=peel-2021-22:investigating-crime',
  '/forces/cleveland-police',
  '/forces/lincolnshire-police',
  '/forces/dorset-police',
  '/engage',
  '/engage/previous',
  '/inspections',
  '/inspections/peel-2016-effectiveness-cleveland-police',
  '/frameworks',
  '/frameworks/peel-2016',
  '/frameworks/peel-2025-27',
  '/api/docs',
  '/import',
  '/findings',
  '/themes',
  '/themes/vulnerability-at-first-contact',
  '/findings?force=cleveland-police&kind=area-for-improvement',
  '/search',
  '/search?q=vulnerability+first+point+of+contact',
  '/search?q=vulnerabilty',
  '/inspections/peel-2021-22-cleveland-police',
  '/no-such-page',
];

describe.skipIf(!chromiumAvailable).each(testDatabaseKinds)('in Chromium, on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let browser: BrowserContext;
  let page: Page;
  const documentPages: string[] = [];
  beforeAll(async () => {
    t = await createTestApp(kind);
    if (seedsAvailable) {
      const imports = createImportService(t.database.db);
      for (const name of [
        'engage-previous.txt',
        'pcc-response-cleveland-peel-2021-22.txt',
        'news-cleveland-2023-03.txt',
      ]) {
        const report = await imports.importDocument(new TextEncoder().encode(readSeed(name)), name);
        documentPages.push(`/documents/${report.documentId}?start=0&end=40`);
      }
    }
    base = await listen(t.app);
    browser = await launchBrowser();
    page = browser.pages()[0] ?? (await browser.newPage());
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it.each(PAGES)('%s passes axe (WCAG 2.2 AA) with no console errors', async (path) => {
    const errors: string[] = [];
    const onConsole = (m: { type(): string; text(): string }) => {
      if (m.type() === 'error' && !m.text().includes('404')) errors.push(m.text());
    };
    page.on('console', onConsole);
    await page.goto(base + path, { waitUntil: 'load' });
    expect(await page.title()).toMatch(/– Oversight$/);
    expect(await axeViolations(page)).toEqual([]);
    page.off('console', onConsole);
    expect(errors, 'console errors (CSP or script failures)').toEqual([]);
  });

  it('imported document pages, with a highlighted passage, pass axe', async () => {
    for (const path of documentPages) {
      await page.goto(base + path);
      expect(await page.locator('mark#passage').count(), path).toBe(1);
      expect(await axeViolations(page), path).toEqual([]);
    }
  });

  it('a member of the inspectorate signs in, checks a document on the upload page, sees what would change, then imports it', async () => {
    if (!seedsAvailable) return;
    await signInAs(page, base, await addAccount(t, 'inspectorate'), TEST_PASSWORD);
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${base}/import`);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toMatch(/Select a document to import/);
    expect(await axeViolations(page)).toEqual([]);
    await page.setInputFiles('#document', {
      name: 'peel-2016.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(readSeed('peel-2016-cleveland-effectiveness.txt')),
    });
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('h1').innerText()).toBe('Check the import');
    expect(await page.locator('main').innerText()).toMatch(/area-for-improvement/);
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${base}/import`);
    await page.setInputFiles('#document', {
      name: 'peel-2016.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(readSeed('peel-2016-cleveland-effectiveness.txt')),
    });
    await page.getByLabel('Import now').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('h1').innerText()).toBe('Import result');
    await page.goto(`${base}/inspections/peel-2016-effectiveness-cleveland-police`);
    expect(await page.locator('main').innerText()).toMatch(/Due: 1 May 2017, 1 June 2017/);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/signed-out/);
  });

  it('a visitor filters the forces to those in Engage and opens one', async () => {
    await page.goto(`${base}/forces`);
    await page.getByLabel('In Engage', { exact: true }).check();
    await page.getByRole('button', { name: 'Show forces' }).click();
    await page.waitForURL(/status=in-engage/);
    const rows = page.locator('#forces tbody tr');
    expect(await rows.count()).toBe(1);
    await page.getByRole('link', { name: 'Lincolnshire Police' }).click();
    await page.waitForURL(/\/forces\/lincolnshire-police$/);
    expect(await page.locator('#engage-history').innerText()).toMatch(/In Engage since 6 December 2024/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('GOV.UK Frontend JavaScript runs under the CSP', async () => {
    await page.goto(`${base}/`);
    expect(await page.evaluate(() => document.body.classList.contains('govuk-frontend-supported'))).toBe(
      true,
    );
  });
});
