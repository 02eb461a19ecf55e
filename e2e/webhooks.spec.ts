/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app.js';
import { addAccount, TEST_PASSWORD } from '../test/auth.js';
import { testDatabaseKinds } from '../test/databases.js';
import { startReceiver, type Receiver } from '../test/webhook-receiver.js';
import { axeViolations, chromiumAvailable, launchBrowser, listen, signInAs } from './browser.js';

/**
 * An administrator adds a webhook, copies its secret, sends a test event, changes it, tries a failed
 * delivery again and deletes it:
 * every page on the way passes axe (WCAG 2.2 AA), errors included.
 */
describe.skipIf(!chromiumAvailable).each(testDatabaseKinds)('webhooks in Chromium, on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let browser: BrowserContext;
  let page: Page;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await createTestApp(kind);
    receiver = await startReceiver();
    base = await listen(t.app);
    browser = await launchBrowser();
    page = browser.pages()[0] ?? (await browser.newPage());
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await t?.close();
  });

  const accessible = async () => {
    expect(await page.title()).toMatch(/– Oversight$/);
    expect(await axeViolations(page), page.url()).toEqual([]);
  };

  it('an administrator adds, tests, changes and deletes a webhook', async () => {
    await signInAs(page, base, await addAccount(t, 'admin'), TEST_PASSWORD);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.waitForURL(/\/admin\/webhooks$/);
    await accessible();

    await page.getByRole('button', { name: 'Add a webhook' }).click();
    await page.waitForURL(/\/admin\/webhooks\/new$/);
    await accessible();
    await page.getByLabel('Address to send events to').fill('gopher://example.org/');
    await page.getByRole('button', { name: 'Add the webhook' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('.govuk-error-summary').innerText()).toMatch(
      /starts with https:\/\/ or http:\/\//,
    );
    expect(await page.title()).toMatch(/^Error: /);
    await accessible();

    await page.getByLabel('Address to send events to').fill(receiver.url('/browser'));
    await page.getByLabel('Description (optional)').fill('Browser journey');
    await page.getByText('Limit to some forces').click();
    await page.getByLabel('Cleveland Police').check();
    await page.getByRole('button', { name: 'Add the webhook' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1').innerText()).toBe('Webhook added');
    expect(await page.locator('#secret').innerText()).toMatch(/^whsec_/);
    await accessible();

    await page.getByRole('link', { name: 'Go to the webhook' }).click();
    await page.waitForURL(/\/admin\/webhooks\/[0-9a-f-]+$/);
    await accessible();
    await page.getByRole('button', { name: 'Send a test event' }).click();
    await page.waitForURL(/tested=delivered/);
    expect(await page.locator('#deliveries-table').innerText()).toMatch(/Test event/);
    expect(receiver.on('/browser')).toHaveLength(1);
    await accessible();

    await page.getByRole('button', { name: 'Change the webhook' }).click();
    await page.waitForURL(/\/edit$/);
    await accessible();
    await page.getByLabel('Address to send events to').fill(receiver.url('/status/500'));
    await page.getByLabel('Pause: queue and send nothing').check();
    await page.getByRole('button', { name: 'Save the webhook' }).click();
    await page.waitForURL(/saved=changed/);
    expect(await page.locator('main').innerText()).toMatch(/Paused/);
    await accessible();

    // A test event to the new address fails; "Try again" sends it once more.
    await page.getByRole('button', { name: 'Send a test event' }).click();
    await page.waitForURL(/tested=failed/);
    await accessible();
    await page.getByRole('button', { name: /^Try again/ }).click();
    await page.waitForURL(/retried=failed/);
    expect(receiver.on('/status/500')).toHaveLength(2);
    await accessible();

    await page.getByRole('button', { name: 'Delete the webhook' }).click();
    await page.waitForURL(/\/delete$/);
    await accessible();
    await page.getByRole('button', { name: 'Delete the webhook' }).click();
    await page.waitForURL(/deleted=1/);
    expect(await page.locator('#webhooks-none').innerText()).toMatch(/no webhooks yet/);
    await accessible();
  });
});
