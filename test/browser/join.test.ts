import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/sandbox.js';
import type { Language } from '../../shared/web/i18n.js';
import { readOutbox, waitFor } from '../support/sandbox.js';
import {
  ensureScreenshotFolder,
  expectNoAxeViolations,
  SCREENSHOTS,
  useBrowserSandbox,
} from './browser-support.js';

/**
 * Join the team in Chromium: the form, its errors and the thank-you page pass axe at WCAG 2.2 AA, in
 * English and Arabic, on 320 and 390 px phones; with JavaScript off the same pages work (axe itself
 * needs JavaScript, so it runs with it on), and the application arrives (its confirmation email is in
 * the sandbox's outbox).
 */
let sandbox: Sandbox;
let browser: Browser;
const SLOW = 180_000;

useBrowserSandbox(
  { timeScale: 1 },
  async (world) => {
    ({ sandbox, browser } = world);
    ensureScreenshotFolder();
  },
  180_000,
);

async function noSidewaysScrolling(page: Page, width: number, name: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(innerWidth, name).toBe(width);
  expect(scrollWidth, `${name}: sideways scrolling at ${width}px`).toBeLessThanOrEqual(innerWidth);
}

/** axe runs in the page, so only where the page runs scripts; the markup is the same either way. */
async function audit(page: Page, javaScriptEnabled: boolean, name: string): Promise<void> {
  if (javaScriptEnabled) await expectNoAxeViolations(page, name);
}

async function submit(page: Page): Promise<void> {
  await Promise.all([
    page.waitForNavigation(),
    page.locator('form[action="/volunteer"] button[type="submit"]').click(),
  ]);
}

describe.each<[Language, 'ltr' | 'rtl', number, boolean]>([
  ['en', 'ltr', 320, true],
  ['en', 'ltr', 390, true],
  ['ar', 'rtl', 320, true],
  ['ar', 'rtl', 390, true],
  ['en', 'ltr', 390, false],
  ['ar', 'rtl', 320, false],
])('the join form in %s (%s) at %i px, JavaScript %s', (lang, dir, width, javaScriptEnabled) => {
  it(
    'is accessible empty, with errors and once sent, and the application arrives',
    async () => {
      const context = await browser.newContext({ viewport: { width, height: 740 }, javaScriptEnabled });
      const page = await context.newPage();
      const name = `join ${lang} ${width}px ${javaScriptEnabled ? 'js' : 'no-js'}`;
      await page.goto(`${sandbox.url}/volunteer?lang=${lang}`);
      expect(
        await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
      ).toEqual([lang, dir]);
      await noSidewaysScrolling(page, width, `${name}, empty`);
      await audit(page, javaScriptEnabled, `${name}, empty`);

      await submit(page);
      expect(await page.locator('.nhsuk-error-summary').isVisible()).toBe(true);
      expect(await page.locator('.nhsuk-error-summary a').count()).toBeGreaterThanOrEqual(5);
      await noSidewaysScrolling(page, width, `${name}, errors`);
      await audit(page, javaScriptEnabled, `${name}, errors`);
      await page.screenshot({
        path: `${SCREENSHOTS}/${width}px-${name.replace(/ /g, '-')}-errors.png`,
        fullPage: true,
      });

      const email = `join.${lang}.${width}.${javaScriptEnabled ? 'js' : 'nojs'}@example.net`;
      await page.locator('#name').fill('Sam Newcomer');
      await page.locator('#email').fill(email);
      await page.locator('#postcode').fill('SP8 4AB');
      await page.locator('#areas').fill('SP8 4');
      await page.locator('input[name="helpTypes"][value="dog-walking"]').check();
      await page.locator('input[name="availability-tue"][value="morning"]').check();
      await page.locator('input[name="availability-wed"][value="morning"]').check();
      await page.locator('#weeklyLimit').fill('1');
      await page.locator('input[name="dbsChecked"][value="no"]').check();
      await page.locator('input[name="consent"][value="yes"]').check();
      await submit(page);
      expect(new URL(page.url()).pathname).toBe('/volunteer/received');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      await noSidewaysScrolling(page, width, `${name}, sent`);
      await audit(page, javaScriptEnabled, `${name}, sent`);

      const confirmation = await waitFor(
        async () =>
          (await readOutbox(sandbox.outboxUrl)).find((message) => message.destination.to.includes(email)),
        'the applicant’s confirmation',
      );
      expect(confirmation?.subject).toContain(
        lang === 'en' ? 'Thank you for offering to help' : 'شكرًا لعرضك المساعدة',
      );
      await context.close();
    },
    SLOW,
  );
});
