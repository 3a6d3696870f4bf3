import { Page } from 'playwright-core';
import { createAccountWithUsers, TEST_PASSWORD } from '../factories/identity.factory';
import { BrowserSession, openBrowser, signInAs, withScreenshotOnFailure } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

describe('finance staff in a browser', () => {
  let t: TestApp;
  let browser: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp({}, { listen: true });
    await createAccountWithUsers(t.app, 'browser');
    browser = await openBrowser(t.url!);
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs in, adds a learner, invoices two lines, records a part payment, then the rest', async () => {
    await withScreenshotOnFailure(page, 'finance-flow', async () => {
      await signInAs(page, 'finance@browser.test', TEST_PASSWORD);

      await page.click('nav.site-nav >> text=Learners');
      await page.click('text=Add a learner');
      await page.fill('#firstName', 'Matilda');
      await page.fill('#lastName', 'Kelly');
      await page.fill('#email', 'not-an-email');
      await page.click('text=Save learner');
      await expectText(page, '#email-error', 'Enter a valid email address');
      expect(await page.inputValue('#firstName')).toBe('Matilda');
      await page.fill('#email', 'matilda.kelly@example.com.au');
      await page.fill('#suburb', 'Geelong');
      await page.fill('#state', 'VIC');
      await page.fill('#postcode', '3220');
      await page.click('text=Save learner');
      await expectText(page, 'h1', 'Matilda Kelly');
      await expectText(page, '.flash-success', 'was added as STU-');

      await page.click('text=New invoice');
      expect(await page.inputValue('#learner')).not.toBe('');
      await page.fill('#line-0-description', 'Certificate IV in Training and Assessment');
      await page.fill('#line-0-quantity', '1');
      await page.fill('#line-0-unitAmount', '2450.00');
      await page.selectOption('#line-0-taxType', 'EXEMPTOUTPUT');
      await page.fill('#line-1-description', 'Learner resource kit');
      await page.fill('#line-1-quantity', '2');
      await page.fill('#line-1-unitAmount', '89.95');
      await page.selectOption('#line-1-taxType', 'OUTPUT');
      await page.click('.actions button:has-text("Create invoice")');

      // 2450.00 + 2 x 89.95 = 2629.90; GST 10% of 179.90 = 17.99; total 2647.89
      await expectText(page, '#invoice-subtotal', '2,629.90');
      await expectText(page, '#invoice-tax', '17.99');
      await expectText(page, '#invoice-total', '2,647.89');
      await expectText(page, '#invoice-due', '2,647.89');
      await expectText(page, '#invoice-status', 'Awaiting payment');

      await page.click('text=Record a payment');
      await page.fill('#amount', '1000.00');
      await page.fill('#reference', 'First instalment');
      await page.click('button:has-text("Record payment")');
      await expectText(page, '#invoice-paid', '1,000.00');
      await expectText(page, '#invoice-due', '1,647.89');
      await expectText(page, '#invoice-status', 'Awaiting payment');

      await page.click('text=Record a payment');
      await page.fill('#amount', '1647.90');
      await page.click('button:has-text("Record payment")');
      await expectText(page, '#amount-error', 'more than the amount due of AUD 1,647.89');
      await page.fill('#amount', '1647.89');
      await page.click('button:has-text("Record payment")');
      await expectText(page, '#invoice-due', '0.00');
      await expectText(page, '#invoice-status', 'Paid');

      await page.click('nav.site-nav >> text=Invoices');
      await page.selectOption('#status', 'paid');
      await page.click('button:has-text("Filter")');
      await expectText(page, 'table', 'Matilda Kelly');
      expect(browser.policyViolations).toEqual([]);
    });
  });
});

async function expectText(page: Page, selector: string, text: string): Promise<void> {
  const locator = page.locator(selector).first();
  await locator.waitFor({ timeout: 10_000 });
  const deadline = Date.now() + 10_000;
  let content = '';
  while (Date.now() < deadline) {
    content = (await locator.textContent()) ?? '';
    if (content.includes(text)) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`expected ${selector} to contain "${text}", found "${content.trim()}"`);
}
