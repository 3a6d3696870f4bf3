import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(__dirname, '../../test-results');

/** Debian's Chromium, headless, with nothing that would reach out to the network on its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Runs a browser scenario; when it fails, the page as it was lands in test-results/ for a look. */
export async function withScreenshotOnFailure(page: Page, name: string, scenario: () => Promise<void>) {
  try {
    await scenario();
  } catch (error) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    throw error;
  }
}

export interface BrowserSession {
  page: Page;
  /** Content-Security-Policy violations Chromium reported on the console. */
  policyViolations: string[];
  close(): Promise<void>;
}

/** Chromium with a fresh, empty profile (no cookies, no cache) pointed at a listening test app. */
export async function openBrowser(baseURL: string): Promise<BrowserSession> {
  const browser = await launchChromium();
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const policyViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) policyViolations.push(message.text());
  });
  return {
    page,
    policyViolations,
    close: async () => {
      await context.close();
      await browser.close();
    },
  };
}

/** Signs in through the sign-in page and waits for the dashboard. */
export async function signInAs(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.click('button[type=submit]')]);
}
