import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/sandbox.js';
import { readOutbox, validRequest } from '../support/sandbox.js';
import {
  AT_HUMAN_PACE,
  dateParts,
  focused,
  focusIsVisible,
  newPage,
  referenceFrom,
  useBrowserSandbox,
  waitForInvites,
} from './browser-support.js';

/**
 * The request form and the accept flow with the keyboard alone (Tab, arrow keys, Space, Enter and
 * typing), with JavaScript on and with it off, in English and in Arabic.
 */

let sandbox: Sandbox;
let browser: Browser;
const SLOW = 120_000;
const NO_JS: BrowserContextOptions = { javaScriptEnabled: false };

useBrowserSandbox(AT_HUMAN_PACE, (world) => ({ sandbox, browser } = world), 120_000);

const SUBMIT = /^(Send request|أرسل الطلب)$/;

/**
 * Tabs through the page from the top. At each stop the focus must be visible; the request's values
 * are typed into their boxes, radios are chosen with the arrow keys and the consent box ticked with
 * Space. Stops at the send button (pressing Enter) after at most 80 tabs.
 */
async function completeFormByKeyboard(page: Page, request: Record<string, string> | undefined) {
  const date = request ? dateParts(request.neededBy ?? '') : undefined;
  const typed: Record<string, string> = request
    ? {
        name: request.name ?? '',
        phone: request.phone ?? '',
        email: request.email ?? '',
        addressLine1: request.addressLine1 ?? '',
        postcode: request.postcode ?? '',
        details: request.details ?? '',
        'neededBy-day': date?.day ?? '',
        'neededBy-month': date?.month ?? '',
        'neededBy-year': date?.year ?? '',
      }
    : {};
  const visited = new Set<string>();
  for (let stop = 0; stop < 80; stop++) {
    await page.keyboard.press('Tab');
    const at = await focused(page);
    expect(await focusIsVisible(page), `focus indicator on ${at.id || at.tag}`).toBe(true);
    if (at.tag === 'button' && SUBMIT.test(at.text)) {
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      return;
    }
    if (!request || visited.has(at.id)) continue;
    visited.add(at.id);
    if (at.id in typed) await page.keyboard.type(typed[at.id] ?? '');
    // Tab lands on the first radio of a group; the arrow moves to, and selects, the next one.
    else if (at.id === 'onBehalf')
      await page.keyboard.press('ArrowDown'); // "No"
    else if (at.id === 'helpType')
      await page.keyboard.press('ArrowDown'); // "Shopping"
    else if (at.id === 'consent') await page.keyboard.press('Space');
  }
  throw new Error('never reached the send button with Tab');
}

/** Tabs to the button whose text matches and presses it with Enter. */
async function pressButtonByKeyboard(page: Page, name: RegExp): Promise<void> {
  for (let stop = 0; stop < 30; stop++) {
    await page.keyboard.press('Tab');
    const at = await focused(page);
    if (at.tag === 'button' && name.test(at.text)) {
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      return;
    }
  }
  throw new Error(`never reached the button ${name} with Tab`);
}

async function requestByReference(reference: string) {
  const open = [
    ...(await sandbox.store.listRequestsByStatus('received')),
    ...(await sandbox.store.listRequestsByStatus('matching')),
  ];
  return open.find((request) => request.reference === reference);
}

describe('with the keyboard alone (JavaScript on)', () => {
  it(
    'moves focus to the error summary after a failed send, and from an error to its box',
    async () => {
      const page = await newPage(browser);
      await page.goto(`${sandbox.url}/`);
      await completeFormByKeyboard(page, undefined);

      expect(await page.title()).toMatch(/^Error:/);
      // nhsuk-frontend's error summary (started by /assets/init.js) takes focus on load.
      await page.waitForFunction(() => document.activeElement?.classList.contains('nhsuk-error-summary'));
      expect(await page.evaluate(() => document.body.classList.contains('nhsuk-frontend-supported'))).toBe(
        true,
      );
      expect(await focusIsVisible(page)).toBe(true);

      await page.keyboard.press('Tab');
      const link = await focused(page);
      expect(link).toMatchObject({ tag: 'a', text: 'Enter the name of the person who needs help' });
      expect(await focusIsVisible(page)).toBe(true);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'name');
      await page.keyboard.type('Typed after the error');
      expect(await page.locator('#name').inputValue()).toBe('Typed after the error');
    },
    SLOW,
  );

  it(
    'files a request and accepts the invite',
    async () => {
      const request = validRequest({ email: 'keyboard.js@example.net' });
      const page = await newPage(browser);
      await page.goto(`${sandbox.url}/`);
      await completeFormByKeyboard(page, request);
      expect(await page.locator('h1').innerText()).toBe('Request received');
      const reference = referenceFrom(page);

      const [link] = await waitForInvites(sandbox.outboxUrl, reference, 1);
      const volunteer = await newPage(browser);
      await volunteer.goto(String(link));
      await pressButtonByKeyboard(volunteer, /^Yes, I can help$/);
      expect(await volunteer.locator('h1').innerText()).toBe('Thank you for saying yes');
      expect(await volunteer.locator('main').innerText()).toContain(String(request.addressLine1));
    },
    SLOW,
  );
});

describe('without JavaScript', () => {
  it(
    'shows the errors in a summary at the top, each linked to its box',
    async () => {
      const page = await newPage(browser, NO_JS);
      await page.goto(`${sandbox.url}/`);
      await completeFormByKeyboard(page, undefined);
      expect(await page.title()).toMatch(/^Error:/);
      const summary = page.locator('.nhsuk-error-summary');
      expect(await summary.isVisible()).toBe(true);
      const hrefs = await summary
        .locator('a')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
      expect(hrefs[0]).toBe('#name');
      for (const href of hrefs) expect(await page.locator(href).count(), href).toBe(1);
      expect(await page.evaluate(() => document.body.classList.contains('nhsuk-frontend-supported'))).toBe(
        false,
      );
    },
    SLOW,
  );

  it(
    'files a request with the keyboard and accepts the invite',
    async () => {
      const request = validRequest({ email: 'keyboard.nojs@example.net' });
      const page = await newPage(browser, NO_JS);
      await page.goto(`${sandbox.url}/`);
      await completeFormByKeyboard(page, request);
      expect(await page.locator('h1').innerText()).toBe('Request received');
      const reference = referenceFrom(page);

      const [link] = await waitForInvites(sandbox.outboxUrl, reference, 1);
      const volunteer = await newPage(browser, NO_JS);
      await volunteer.goto(String(link));
      await pressButtonByKeyboard(volunteer, /^Yes, I can help$/);
      expect(await volunteer.locator('h1').innerText()).toBe('Thank you for saying yes');
      expect(await volunteer.locator('main').innerText()).toContain(String(request.name));
    },
    SLOW,
  );

  it(
    'in Arabic: keeps the language through a failed send, stores it, and tells the volunteer',
    async () => {
      const page = await newPage(browser, NO_JS);
      await page.goto(`${sandbox.url}/`);
      // The visible link, in Arabic script, switches the page.
      await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'العربية' }).click()]);
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
      await completeFormByKeyboard(page, undefined);
      expect(await page.locator('html').getAttribute('lang')).toBe('ar');
      expect(await page.title()).toMatch(/^خطأ: /);
      expect(await page.locator('.nhsuk-error-summary').innerText()).toContain(
        'اكتب اسم الشخص الذي يحتاج المساعدة',
      );

      const email = 'arabic.nojs@example.net';
      await page.goto(`${sandbox.url}/?lang=ar`);
      await completeFormByKeyboard(page, validRequest({ email }));
      expect(await page.locator('html').getAttribute('lang')).toBe('ar');
      expect(await page.locator('h1').innerText()).toBe('وصلنا طلبك');
      const reference = referenceFrom(page);
      expect((await requestByReference(reference))?.language).toBe('ar');

      await waitForInvites(sandbox.outboxUrl, reference, 1);
      const emails = await readOutbox(sandbox.outboxUrl);
      const invite = emails.find((e) => e.body.text?.includes(reference) && /can you help/i.test(e.subject));
      expect(invite?.body.text).toContain('The person prefers to speak Arabic.');
      const confirmation = emails.find((e) => e.destination.to.includes(email));
      expect(confirmation?.subject).toBe(`وصلنا طلبك للمساعدة – ${reference}`);
      expect(confirmation?.body.html).toContain('<html lang="ar" dir="rtl">');
      expect(confirmation?.body.text).toContain('ماذا يحدث بعد ذلك');
    },
    SLOW,
  );

  it(
    'follows the browser’s Accept-Language, and the English link switches back',
    async () => {
      const page = await newPage(browser, { ...NO_JS, locale: 'ar-SY' });
      await page.goto(`${sandbox.url}/`);
      expect(await page.locator('html').getAttribute('lang')).toBe('ar');
      expect(await page.locator('h1').innerText()).toBe('اطلب المساعدة من متطوع');
      await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'English' }).click()]);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('input[name="language"]').inputValue()).toBe('en');
    },
    SLOW,
  );
});
