import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/sandbox.js';
import type { Language } from '../../shared/web/i18n.js';
import { readOutbox, testSandbox, waitFor } from '../support/sandbox.js';
import {
  dateParts,
  ensureScreenshotFolder,
  expectNoAxeViolations,
  launchChromium,
  SCREENSHOTS,
} from './browser-support.js';

/**
 * A volunteer's own details in Chromium: "send me a link", the link from the email, the details page
 * with its errors, a change saved, a break, and leaving. Every page passes axe at WCAG 2.2 AA in English
 * and Arabic on 320 and 390 px phones; with JavaScript off the same journey works (axe needs
 * JavaScript, so it runs with it on).
 */
let sandbox: Sandbox;
let browser: Browser;
const SLOW = 180_000;

beforeAll(async () => {
  sandbox = await testSandbox({ timeScale: 1 });
  browser = await launchChromium();
  ensureScreenshotFolder();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

async function noSidewaysScrolling(page: Page, width: number, name: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(innerWidth, name).toBe(width);
  expect(scrollWidth, `${name}: sideways scrolling at ${width}px`).toBeLessThanOrEqual(innerWidth);
}

async function check(page: Page, javaScriptEnabled: boolean, width: number, name: string): Promise<void> {
  await noSidewaysScrolling(page, width, name);
  if (javaScriptEnabled) await expectNoAxeViolations(page, name);
}

async function press(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.locator(selector).click()]);
}

describe.each<[Language, 'ltr' | 'rtl', number, boolean]>([
  ['en', 'ltr', 320, true],
  ['en', 'ltr', 390, true],
  ['ar', 'rtl', 320, true],
  ['ar', 'rtl', 390, true],
  ['en', 'ltr', 390, false],
  ['ar', 'rtl', 320, false],
])('a volunteer’s details in %s (%s) at %i px, JavaScript %s', (lang, dir, width, javaScriptEnabled) => {
  it(
    'asks for a link, opens it, fixes an error, saves, takes a break and leaves, accessibly',
    async () => {
      const id = `vol-profile-${lang}-${width}-${javaScriptEnabled ? 'js' : 'nojs'}`;
      const email = `${id}@example.net`;
      await sandbox.store.putVolunteer({
        id,
        name: 'Sam Newcomer',
        email,
        areas: ['SP8'],
        helpTypes: ['dog-walking'],
        dbsChecked: false,
        availability: ['tue-morning', 'wed-morning'],
        weeklyLimit: 1,
        recentInvites: [],
        createdAt: new Date().toISOString(),
      });
      const context = await browser.newContext({ viewport: { width, height: 740 }, javaScriptEnabled });
      const page = await context.newPage();
      const name = `profile ${lang} ${width}px ${javaScriptEnabled ? 'js' : 'no-js'}`;

      await page.goto(`${sandbox.url}/volunteer/profile?lang=${lang}`);
      expect(
        await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
      ).toEqual([lang, dir]);
      await check(page, javaScriptEnabled, width, `${name}, ask`);
      await page.locator('#address').fill(email);
      await press(page, 'form button[type="submit"]');
      expect(await page.locator('.nhsuk-panel').isVisible()).toBe(true);
      await check(page, javaScriptEnabled, width, `${name}, sent`);

      const message = await waitFor(
        async () => (await readOutbox(sandbox.outboxUrl)).find((m) => m.destination.to.includes(email)),
        'the email with the link',
      );
      const link = /https?:\/\/[^\s"<]+\/volunteer\/profile\/[A-Za-z0-9_-]{43}/.exec(
        message.body.text ?? '',
      )?.[0];
      expect(link).toBeDefined();
      const own = new URL(link ?? '').pathname;
      await page.goto(`${sandbox.url}${own}?lang=${lang}`);
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(dir);
      expect(await page.locator('#email').inputValue()).toBe(email);
      await check(page, javaScriptEnabled, width, `${name}, details`);

      await page.locator('#areas').fill('SP8 4, SW1A');
      await press(page, 'button[value="save"]');
      expect(await page.locator('.nhsuk-error-summary').isVisible()).toBe(true);
      expect(await page.locator('.nhsuk-error-summary').textContent()).toContain('SW1A');
      await check(page, javaScriptEnabled, width, `${name}, errors`);
      await page.screenshot({
        path: `${SCREENSHOTS}/${width}px-${name.replace(/ /g, '-')}-errors.png`,
        fullPage: true,
      });

      await page.locator('#areas').fill('SP8 4');
      await press(page, 'button[value="save"]');
      expect(await page.locator('.nhsuk-error-summary').count()).toBe(0);
      expect((await sandbox.store.getVolunteer(id))?.areas).toEqual(['SP8 4']);
      await check(page, javaScriptEnabled, width, `${name}, saved`);

      const tomorrow = dateParts(new Date(Date.now() + 86_400_000).toISOString().slice(0, 10));
      await page.locator('#pausedUntil-day').fill(tomorrow.day);
      await page.locator('#pausedUntil-month').fill(tomorrow.month);
      await page.locator('#pausedUntil-year').fill(tomorrow.year);
      await press(page, 'button[value="pause"]');
      expect((await sandbox.store.getVolunteer(id))?.pausedUntil).toBeDefined();
      expect(await page.locator('button[value="resume"]').isVisible()).toBe(true);
      await check(page, javaScriptEnabled, width, `${name}, paused`);

      await press(page, 'button[value="leave"]');
      await check(page, javaScriptEnabled, width, `${name}, leave?`);
      expect(await sandbox.store.getVolunteer(id)).toBeDefined();
      await press(page, 'button[value="leave-confirmed"]');
      expect(await page.locator('.nhsuk-panel').isVisible()).toBe(true);
      expect(await sandbox.store.getVolunteer(id)).toBeUndefined();
      await check(page, javaScriptEnabled, width, `${name}, left`);
      await context.close();
    },
    SLOW,
  );
});
