/// <reference lib="dom" />
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app.js';
import { testDatabaseKinds } from '../test/databases.js';
import { axeViolations, chromiumAvailable, launchBrowser } from './browser.js';

const PAGES = [
  '/',
  '/forces',
  '/forces?status=in-engage',
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
  '/no-such-page',
];

describe.skipIf(!chromiumAvailable).each(testDatabaseKinds)('in Chromium, on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let browser: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    t = await createTestApp(kind);
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

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}
