import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { createAccountWithUsers, TEST_PASSWORD } from '../factories/identity.factory';
import {
  BrowserSession,
  openBrowser,
  SCREENSHOT_DIR,
  signInAs,
  withScreenshotOnFailure,
} from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

describe('the Account Owner connects Xero in a browser', () => {
  let t: TestApp;
  let browser: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp({}, { listen: true });
    await createAccountWithUsers(t.app, 'seed');
    browser = await openBrowser(t.url!);
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('walks Settings > Integration > Connected Apps > Connect > Xero sign-in > organisation > Authorise', async () => {
    await withScreenshotOnFailure(page, 'connect-xero', async () => {
      await signInAs(page, 'owner@seed.test', TEST_PASSWORD);

      await page.click('nav.site-nav >> text=Settings');
      await page.click('text=Connected Apps');
      await page.waitForURL((url) => url.pathname === '/settings/integrations');
      await page.click('button:has-text("Connect")');

      // Xero's sign-in page (the sandbox), then its consent page.
      await page.waitForURL((url) => url.pathname.startsWith('/xero-sandbox/login/'));
      await page.fill('#email', 'multi@sandbox.test');
      await page.fill('#password', 'sandbox');
      await page.click('button:has-text("Log in")');
      await page.check('label:has-text("Demo Training Co (Xero)") input');
      await page.click('button[value=authorise]');

      await page.waitForURL((url) => url.pathname === '/settings/integrations/xero');
      expect(await page.textContent('.flash-success')).toContain('Connection Successful!');
      expect(await page.textContent('#connection-status')).toBe('Connected Successfully');
      expect(await page.textContent('#xero-account-name')).toBe('Demo Training Co (Xero)');

      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'connect-xero-connected.png'), fullPage: true });
    });
    expect(browser.policyViolations).toEqual([]);
  });
});
