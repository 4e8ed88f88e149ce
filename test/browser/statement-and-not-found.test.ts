import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/sandbox.js';
import { linkIn, postJson, readOutbox, validRequest, waitFor } from '../support/sandbox.js';
import {
  AT_HUMAN_PACE,
  ensureScreenshotFolder,
  expectNoAxeViolations,
  fillRequestForm,
  newPage,
  SCREENSHOTS,
  submitRequestForm,
  useBrowserSandbox,
} from './browser-support.js';

/**
 * The accessibility statement, the not-found page (an unknown address, and a link whose token has a
 * malformed percent-escape) and an Arabic request's cancel page, on small phones (320 and 390 CSS
 * px): axe at WCAG 2.2 AA, no sideways scrolling, the footer's link to the statement, the right
 * language and direction.
 */
let sandbox: Sandbox;
let browser: Browser;
let arabicCancelLink: string;
const SLOW = 120_000;

useBrowserSandbox(
  AT_HUMAN_PACE,
  async (world) => {
    ({ sandbox, browser } = world);
    ensureScreenshotFolder();
    const { status, json } = await postJson(
      `${sandbox.url}/requests`,
      validRequest({ email: 'arabic.cancel@example.net', language: 'ar' }),
    );
    expect(status).toBe(201);
    arabicCancelLink = await waitFor(async () => {
      const emails = await readOutbox(sandbox.outboxUrl);
      return emails
        .filter((e) => (e.body.text ?? '').includes(String(json.reference)))
        .map((e) => linkIn(e.body.text, 'cancel'))
        .find(Boolean);
    }, 'the Arabic request’s cancel link');
  },
  180_000,
);

async function htmlAttributes(page: Page): Promise<{ lang: string | null; dir: string | null }> {
  return page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'),
    dir: document.documentElement.getAttribute('dir'),
  }));
}

async function checkPage(page: Page, width: number, name: string): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${name}: sideways scrolling at ${width}px`).toBeLessThanOrEqual(width);
  await expectNoAxeViolations(page, `${name} at ${width}px`);
  // Every page's footer links to the statement, in the page's language.
  const footerLink = page.locator('footer a[href^="/accessibility"]');
  expect(await footerLink.count(), name).toBe(1);
  expect(await footerLink.isVisible(), name).toBe(true);
  await page.screenshot({ path: `${SCREENSHOTS}/${width}px-${name}.png`, fullPage: true });
}

describe.each([320, 390])('at %i CSS px wide', (width) => {
  // An English browser: the pages that follow a stored or chosen language must not follow it.
  const phone = () =>
    newPage(browser, {
      viewport: { width, height: 740 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 1,
      locale: 'en-GB',
    });

  it.each([
    ['en', 'ltr', 'Accessibility statement for'],
    ['ar', 'rtl', 'بيان إمكانية الوصول'],
  ] as const)(
    'the accessibility statement (%s), reached from the footer',
    async (lang, dir, heading) => {
      const page = await phone();
      await page.goto(`${sandbox.url}/?lang=${lang}`);
      await page.locator('footer a[href^="/accessibility"]').click();
      await page.waitForLoadState('load');
      expect(new URL(page.url()).pathname).toBe('/accessibility');
      expect(await htmlAttributes(page)).toEqual({ lang, dir });
      expect(await page.locator('h1').innerText()).toContain(heading);
      expect(await page.locator('h2').count()).toBeGreaterThanOrEqual(6);
      await checkPage(page, width, `accessibility-${lang}`);
    },
    SLOW,
  );

  it.each([
    ['an unknown address', '/no-such-page', 'en', 'Page not found'],
    ['an unknown address, in Arabic', '/no-such-page?lang=ar', 'ar', 'الصفحة غير موجودة'],
    ['a respond link with a malformed escape', '/respond/%ff', 'en', 'This link is not valid'],
    ['a cancel link with a malformed escape', '/cancel/%e2%80', 'en', 'This link is not valid'],
  ] as const)(
    'the not-found page for %s',
    async (_label, path, lang, heading) => {
      const page = await phone();
      const response = await page.goto(`${sandbox.url}${path}`);
      expect(response?.status()).toBe(404);
      expect((await htmlAttributes(page)).lang).toBe(lang);
      expect(await page.locator('h1').innerText()).toBe(heading);
      expect(await page.locator('main').innerText()).toContain(sandbox.settings.schemePhone);
      await checkPage(page, width, `not-found-${path.replace(/[^a-z0-9]+/gi, '-')}`);
    },
    SLOW,
  );

  it.each(['en', 'ar'])(
    'the outside-area page keeps what was typed, and a corrected postcode sends it (%s)',
    async (lang) => {
      const page = await phone();
      await page.goto(`${sandbox.url}/?lang=${lang}`);
      const typed = validRequest({ postcode: 'SW1A 1AA', email: `outside.${lang}.${width}@example.net` });
      await fillRequestForm(page, typed);
      await submitRequestForm(page);
      expect(await page.locator('#postcode').inputValue()).toBe('SW1A 1AA');
      await checkPage(page, width, `outside-area-kept-${lang}`);

      await page.locator('#postcode').fill(validRequest().postcode ?? '');
      await Promise.all([
        page.waitForURL(/\/requests\/received\?ref=GCK-/),
        page.locator('main form button').click(),
      ]);
      expect((await htmlAttributes(page)).lang).toBe(lang);
      const reference = /ref=(GCK-[0-9A-Z]{5})/.exec(page.url())?.[1] ?? '';
      const id = await sandbox.store.findRequestIdByReference(reference);
      const stored = id ? await sandbox.store.getRequest(id) : undefined;
      expect(stored?.requester.name).toBe(typed.name);
      expect(stored?.details).toBe(typed.details);
    },
    SLOW,
  );

  it(
    'an Arabic request’s cancel page opens in Arabic in an English browser',
    async () => {
      const page = await phone();
      await page.goto(arabicCancelLink);
      expect(await htmlAttributes(page)).toEqual({ lang: 'ar', dir: 'rtl' });
      expect(await page.locator('h1').innerText()).toBe('هل تريد إلغاء طلبك؟');
      await checkPage(page, width, 'cancel-ar');
    },
    SLOW,
  );
});

describe('the dashboard', () => {
  it('links to the accessibility statement from its footer too', async () => {
    const page = await newPage(browser);
    await page.goto(`${sandbox.url}/admin/sign-in`);
    const footerLink = page.locator('footer a[href="/accessibility"]');
    expect(await footerLink.innerText()).toBe('Accessibility statement');
    await expectNoAxeViolations(page, 'dashboard sign-in');
  });
});
