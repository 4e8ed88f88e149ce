import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { HelpRequest } from '../../shared/domain/model.js';
import type { Sandbox } from '../../sandbox/sandbox.js';
import { SESSION_COOKIE } from '../../shared/auth/session.js';
import { postJson, readOutbox, validRequest, waitFor } from '../support/sandbox.js';
import {
  AT_HUMAN_PACE,
  expectNoAxeViolations,
  fillRequestForm,
  newPage,
  referenceFrom,
  submitRequestForm,
  useBrowserSandbox,
  waitForInvites,
} from './browser-support.js';

/**
 * Recurring help, in a real browser through the real sandbox: the "how often" question on
 * the form (with and without JavaScript), the volunteer's three answers, and what each answer shows.
 * Axe checks every state at WCAG 2.2 AA, at a phone's width as the volunteer would mostly see it.
 */
let sandbox: Sandbox;
let browser: Browser;
const SLOW = 180_000;
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 740 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 1,
};
const NO_JS: BrowserContextOptions = { ...PHONE, javaScriptEnabled: false };

useBrowserSandbox(AT_HUMAN_PACE, (world) => ({ sandbox, browser } = world), 300_000);

async function requestByReference(reference: string): Promise<HelpRequest> {
  return waitFor(async () => {
    for (const status of ['received', 'matching', 'assigned'] as const) {
      const found = (await sandbox.store.listRequestsByStatus(status)).find((r) => r.reference === reference);
      if (found) return found;
    }
    return undefined;
  }, `the request ${reference} in the store`);
}

/** A weekly request made through the JSON API, and its first invite link. */
/** Each request from its own address: one address gets only a few confirmations a day. */
let requestsMade = 0;

async function weeklyInvite(frequency: 'weekly' | 'fortnightly' = 'weekly') {
  requestsMade += 1;
  const request = validRequest({ frequency, email: `weekly.${requestsMade}@example.net` });
  const { status, json } = await postJson(`${sandbox.url}/requests`, request);
  expect(status).toBe(201);
  const reference = String(json.reference);
  const [link] = await waitForInvites(sandbox.outboxUrl, reference, 1);
  return { request, reference, link: String(link) };
}

async function press(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
}

async function signInAsPrescriber(page: Page): Promise<void> {
  const token = await sandbox.auth.issueAccessToken({
    sub: sandbox.auth.prescriber.sub,
    groups: ['prescribers'],
  });
  await page
    .context()
    .addCookies([
      { name: SESSION_COOKIE, value: token, url: `${sandbox.url}/admin`, httpOnly: true, sameSite: 'Strict' },
    ]);
}

describe('asking for recurring help on the form', () => {
  it(
    'with JavaScript: keeps "Every week" through an error, then files weekly help and links the prescriber to the series',
    async () => {
      const page = await newPage(browser, PHONE);
      await page.goto(`${sandbox.url}/`);
      expect(await page.getByLabel('Just once').isChecked()).toBe(true);
      await expectNoAxeViolations(page, 'form: how often');

      // A first send with the name missing: the page comes back with "Every week" still chosen.
      const request = validRequest({ email: 'weekly.js@example.net' });
      await fillRequestForm(page, { ...request, name: '' });
      await page.getByLabel('Every week').check();
      await submitRequestForm(page);
      expect(await page.locator('.nhsuk-error-summary').innerText()).toContain(
        'Enter the name of the person who needs help',
      );
      expect(await page.getByLabel('Every week').isChecked()).toBe(true);
      expect(await page.getByLabel('Just once').isChecked()).toBe(false);
      await expectNoAxeViolations(page, 'form: error, every week kept');

      await page.locator('#name').fill(String(request.name));
      await submitRequestForm(page);
      expect(await page.locator('h1').innerText()).toBe('Request received');
      await expectNoAxeViolations(page, 'form: received');
      const stored = await requestByReference(referenceFrom(page));
      expect(stored).toMatchObject({ frequency: 'weekly', occurrence: 1, seriesId: stored.id });

      // The prescriber's view of that request says which visit it is and links to the series.
      const staff = await newPage(browser);
      await signInAsPrescriber(staff);
      await staff.goto(`${sandbox.url}/admin/requests/${encodeURIComponent(stored.id)}`);
      expect(await staff.locator('main').innerText()).toContain('Visit 1 of weekly help');
      expect(await staff.getByRole('link', { name: 'See every visit' }).getAttribute('href')).toBe(
        `/admin/series/${encodeURIComponent(stored.id)}`,
      );
      await expectNoAxeViolations(staff, 'admin: request page of a series');
    },
    SLOW,
  );

  it(
    'without JavaScript: files help every two weeks, and just once when left alone',
    async () => {
      const page = await newPage(browser, NO_JS);
      await page.goto(`${sandbox.url}/`);
      await fillRequestForm(page, validRequest({ email: 'fortnightly.nojs@example.net' }));
      await page.getByLabel('Every two weeks').check();
      await submitRequestForm(page);
      expect(await page.locator('h1').innerText()).toBe('Request received');
      const fortnightly = referenceFrom(page);
      expect(await requestByReference(fortnightly)).toMatchObject({
        frequency: 'fortnightly',
        occurrence: 1,
      });

      // The volunteer's three buttons work without JavaScript too: each posts its own value.
      const [link] = await waitForInvites(sandbox.outboxUrl, fortnightly, 1);
      const volunteer = await newPage(browser, NO_JS);
      await volunteer.goto(String(link));
      await press(volunteer, 'Yes, just this once');
      expect(await volunteer.locator('h1').innerText()).toBe('Thank you for saying yes');
      expect(await volunteer.locator('main').innerText()).toContain('You said yes to this visit only');

      await page.goto(`${sandbox.url}/`);
      await fillRequestForm(page, validRequest({ email: 'once.nojs@example.net' }));
      await submitRequestForm(page);
      expect(await page.locator('h1').innerText()).toBe('Request received');
      const once = await requestByReference(referenceFrom(page));
      expect(once.seriesId).toBeUndefined();
      expect(once.frequency === undefined || once.frequency === 'once').toBe(true);
    },
    SLOW,
  );
});

describe('the volunteer’s answer to recurring help', () => {
  it(
    'offers every week, just this once and no on the open page',
    async () => {
      const { link } = await weeklyInvite();
      const page = await newPage(browser, PHONE);
      await page.goto(link);
      const buttons = await page
        .locator('main form button[name="action"]')
        .evaluateAll((all) => all.map((b) => [b.textContent?.trim(), b.getAttribute('value')]));
      expect(buttons).toEqual([
        ['Yes, I can help every week', 'accept-series'],
        ['Yes, just this once', 'accept'],
        ['No, I cannot help this time', 'decline'],
      ]);
      const main = await page.locator('main').innerText();
      expect(main).toMatch(/How often\s+Every week/);
      expect(main).toContain('we will email you the details before each visit and ask nobody else');
      // The buttons stack rather than push the page sideways on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await expectNoAxeViolations(page, 'respond: open, weekly');
    },
    SLOW,
  );

  it(
    '"Yes, just this once" shows the details and says the next visit will be asked for again',
    async () => {
      const { request, link } = await weeklyInvite('fortnightly');
      // JavaScript on, so axe can run in the page; the test above presses this button without it.
      const page = await newPage(browser, PHONE);
      await page.goto(link);
      await press(page, 'Yes, just this once');
      expect(await page.locator('h1').innerText()).toBe('Thank you for saying yes');
      const main = await page.locator('main').innerText();
      expect(main).toContain(String(request.addressLine1));
      expect(main).toContain('You said yes to this visit only');
      expect(main).not.toContain('You have said you will help');
      await expectNoAxeViolations(page, 'respond: accepted once');
    },
    SLOW,
  );

  it(
    '"Yes, I can help every week" shows the details and the promise of each visit’s email',
    async () => {
      const { request, reference, link } = await weeklyInvite();
      const page = await newPage(browser, PHONE);
      await page.goto(link);
      await press(page, 'Yes, I can help every week');
      expect(await page.locator('h1').innerText()).toBe('Thank you for saying yes');
      const main = await page.locator('main').innerText();
      expect(main).toContain(String(request.name));
      expect(main).toContain(String(request.addressLine1));
      expect(main).toContain(
        'You have said you will help every week: we will email you the details before each visit.',
      );
      await expectNoAxeViolations(page, 'respond: accepted every week');

      const stored = await requestByReference(reference);
      expect(stored.status).toBe('assigned');
      const series = await sandbox.store.getSeries(String(stored.seriesId));
      expect(series?.committedVolunteerId).toBe(stored.assignedVolunteerId);
    },
    SLOW,
  );
});

/** A link of this kind in the newest email that has one and mentions the reference. */
async function linkFor(reference: string, kind: string): Promise<string> {
  return waitFor(async () => {
    const emails = (await readOutbox(sandbox.outboxUrl)).filter((e) => e.body.text?.includes(reference));
    const pattern = new RegExp(`https?://[^\\s"<]+/${kind}/[A-Za-z0-9_-]{43}`);
    return emails
      .map((e) => pattern.exec(e.body.text ?? '')?.[0])
      .filter(Boolean)
      .at(-1);
  }, `the ${kind} link for ${reference}`);
}

describe('stopping and ending recurring help', () => {
  it(
    'the volunteer’s stop page, the requester’s two-choice cancel page and the prescriber’s series page have no violations',
    async () => {
      // The volunteer takes every visit, then stops after this one.
      const { reference, link } = await weeklyInvite();
      const page = await newPage(browser, PHONE);
      await page.goto(link);
      await press(page, 'Yes, I can help every week');
      await page.goto(await linkFor(reference, 'stop'));
      expect(await page.locator('h1').innerText()).toBe('Stop helping every time?');
      await expectNoAxeViolations(page, 'stop: question');
      await press(page, 'Stop helping every time');
      expect(await page.locator('main').innerText()).toContain('You will not be asked every time');
      await expectNoAxeViolations(page, 'stop: done');
      const stored = await requestByReference(reference);
      expect((await sandbox.store.getSeries(String(stored.seriesId)))?.committedVolunteerId).toBeUndefined();

      // The requester of another weekly request cancels just the next visit, after forgetting to choose.
      const other = await weeklyInvite();
      await page.goto(await linkFor(other.reference, 'cancel'));
      expect(await page.locator('h1').innerText()).toBe('Cancel your regular help?');
      await expectNoAxeViolations(page, 'cancel recurring: question');
      await press(page, 'Cancel');
      expect(await page.locator('.nhsuk-error-summary').innerText()).toContain(
        'Select what you want to cancel',
      );
      await expectNoAxeViolations(page, 'cancel recurring: error');
      await page.getByLabel(/Just the next visit/).check();
      await press(page, 'Cancel');
      expect(await page.locator('main').innerText()).toContain('We will arrange the next one');
      await expectNoAxeViolations(page, 'cancel recurring: one visit cancelled');

      // The prescriber sees both visits of that series, and ends it.
      // The first visit is cancelled now, so it is found by its reference.
      const seriesId = String(await sandbox.store.findRequestIdByReference(other.reference));
      await waitFor(async () => {
        const series = await sandbox.store.getSeries(seriesId);
        return (series?.requestIds.length ?? 0) >= 2 ? series : undefined;
      }, 'the next visit');
      await signInAsPrescriber(page);
      await page.goto(`${sandbox.url}/admin/series/${seriesId}`);
      expect(await page.locator('h1').innerText()).toBe(`Regular help – ${other.reference}`);
      expect(await page.locator('table').innerText()).toContain(other.reference);
      await expectNoAxeViolations(page, 'series page');
      await press(page, 'End this regular help');
      expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain(
        'The regular help has ended',
      );
      await expectNoAxeViolations(page, 'series page: ended');
      expect((await sandbox.store.getSeries(seriesId))?.status).toBe('ended');
    },
    SLOW,
  );
});
