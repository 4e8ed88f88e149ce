import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/sandbox.js';
import { hashToken, newInviteToken } from '../../shared/util/ids.js';
import { renderErrorPage } from '../../shared/web/pages.js';
import { renderSelfService } from '../../shared/web/self-service.js';
import type { Language } from '../../shared/web/i18n.js';
import { validRequest } from '../support/sandbox.js';
import {
  AT_HUMAN_PACE,
  expectNoAxeViolations,
  fillRequestForm,
  newPage,
  referenceFrom,
  submitRequestForm,
  type AxeCounts,
  useBrowserSandbox,
  waitForInvites,
} from './browser-support.js';

/**
 * axe-core at WCAG 2.2 AA on every public page in every state, in English and in Arabic
 * (right to left). The counts go to test-results/axe-summary.json for the closing note.
 */

let sandbox: Sandbox;
let browser: Browser;
const counts: AxeCounts[] = [];
/** Generous: this 2-core machine is often busy with other suites at the same time. */
const SLOW = 120_000;

// Invites are answered by hand here, so the wave must not end under the test.
useBrowserSandbox(AT_HUMAN_PACE, (world) => ({ sandbox, browser } = world), 120_000);

afterAll(async () => {
  if (counts.length > 0) {
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/axe-summary.json', `${JSON.stringify(counts, null, 2)}\n`);
  }
});

async function audit(page: Page, name: string): Promise<void> {
  counts.push(await expectNoAxeViolations(page, name));
}

async function htmlAttributes(page: Page): Promise<{ lang: string | null; dir: string | null }> {
  return page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'),
    dir: document.documentElement.getAttribute('dir'),
  }));
}

describe.each<[Language, 'ltr' | 'rtl']>([
  ['en', 'ltr'],
  ['ar', 'rtl'],
])('the public pages in %s', (lang, dir) => {
  it(
    'the form: empty, with errors, the confirmation and the outside-area page',
    async () => {
      const page = await newPage(browser);
      await page.goto(`${sandbox.url}/?lang=${lang}`);
      expect(await htmlAttributes(page)).toEqual({ lang, dir });
      await audit(page, `form, empty (${lang})`);

      await submitRequestForm(page);
      expect(await page.locator('.nhsuk-error-summary').isVisible()).toBe(true);
      expect(await htmlAttributes(page)).toEqual({ lang, dir });
      await audit(page, `form, with errors (${lang})`);

      await page.goto(`${sandbox.url}/?lang=${lang}`);
      await fillRequestForm(page, validRequest({ postcode: 'SW1A 1AA' }));
      await submitRequestForm(page);
      expect(await page.locator('h1').innerText()).toBe(
        lang === 'en' ? 'Sorry, our volunteers do not cover your area' : 'عذرًا، متطوعونا لا يغطّون منطقتك',
      );
      await audit(page, `outside area (${lang})`);

      await page.goto(`${sandbox.url}/?lang=${lang}`);
      await fillRequestForm(page, validRequest({ email: `confirm.${lang}@example.net` }));
      await submitRequestForm(page);
      expect(page.url()).toContain('/requests/received?ref=GCK-');
      expect(await htmlAttributes(page)).toEqual({ lang, dir });
      await audit(page, `confirmation (${lang})`);
    },
    SLOW,
  );

  it(
    'the not-found page',
    async () => {
      const page = await newPage(browser);
      const response = await page.goto(`${sandbox.url}/requests/received?ref=nonsense&lang=${lang}`);
      expect(response?.status()).toBe(404);
      expect(await htmlAttributes(page)).toEqual({ lang, dir });
      await audit(page, `error 404 (${lang})`);
    },
    SLOW,
  );
});

describe('the volunteer’s respond page', () => {
  it(
    'fresh, declined, accepted, already accepted, taken, and an invalid link',
    async () => {
      const page = await newPage(browser);
      await page.goto(`${sandbox.url}/`);
      await fillRequestForm(page, validRequest({ email: 'respond.states@example.net' }));
      await submitRequestForm(page);
      // The demo roster has three volunteers offering shopping in SP8 4: one wave invites all three.
      const [first, second, third] = await waitForInvites(sandbox.outboxUrl, referenceFrom(page), 3);

      const fresh = await newPage(browser);
      await fresh.goto(String(first));
      expect(await fresh.locator('h1').innerText()).toBe('Can you help?');
      await audit(fresh, 'respond, fresh');

      const decliner = await newPage(browser);
      await decliner.goto(String(third));
      await decliner.getByRole('button', { name: /no, i cannot help/i }).click();
      await decliner.waitForLoadState();
      expect(await decliner.locator('h1').innerText()).toBe('Thank you for letting us know');
      await audit(decliner, 'respond, declined');

      await fresh.getByRole('button', { name: /yes, i can help/i }).click();
      await fresh.waitForLoadState();
      expect(await fresh.locator('h1').innerText()).toBe('Thank you for saying yes');
      await audit(fresh, 'respond, accepted');

      await fresh.goto(String(first));
      expect(await fresh.locator('h1').innerText()).toBe('You have already said yes');
      await audit(fresh, 'respond, already accepted');

      const other = await newPage(browser);
      await other.goto(String(second));
      expect(await other.locator('h1').innerText()).toBe('Someone has already said yes – thank you');
      await audit(other, 'respond, taken');

      const invalid = await newPage(browser);
      const invalidResponse = await invalid.goto(`${sandbox.url}/respond/${newInviteToken()}`);
      expect(invalidResponse?.status()).toBe(404);
      expect(await invalid.locator('h1').innerText()).toBe('This link is not valid');
      await audit(invalid, 'respond, invalid link');
    },
    SLOW,
  );

  it(
    'expired',
    async () => {
      // An open request with an invite whose time ran out: made directly in the table.
      const page = await newPage(browser);
      await page.goto(`${sandbox.url}/`);
      await fillRequestForm(page, validRequest({ email: 'expired.state@example.net' }));
      await submitRequestForm(page);
      const reference = referenceFrom(page);
      const open = [
        ...(await sandbox.store.listRequestsByStatus('received')),
        ...(await sandbox.store.listRequestsByStatus('matching')),
      ].find((request) => request.reference === reference);
      expect(open, 'the request just filed').toBeDefined();
      const token = newInviteToken();
      await sandbox.store.createInvite({
        requestId: String(open?.id),
        volunteerId: 'V-EXPIRED-TEST',
        wave: 1,
        tokenHash: hashToken(token),
        status: 'sent',
        createdAt: new Date(Date.now() - 7_200_000).toISOString(),
        expiresAt: Math.floor(Date.now() / 1000) - 60,
      });
      const response = await page.goto(`${sandbox.url}/respond/${token}`);
      expect(response?.status()).toBe(410);
      expect(await page.locator('h1').innerText()).toBe('This link has expired');
      await audit(page, 'respond, expired');
    },
    SLOW,
  );
});

describe('a texted volunteer’s details page', () => {
  it.each([
    ['en', 390],
    ['ar', 390],
    ['en', 320],
  ] as const)(
    '%s at %i px',
    async (lang, width) => {
      const view = {
        kind: 'details' as const,
        summary: { reference: 'GCK-7K3QD', helpType: 'shopping' as const, neededBy: '2026-12-03' },
        details: {
          reference: 'GCK-7K3QD',
          helpType: 'shopping' as const,
          area: 'SP8 4',
          neededBy: '2026-12-03',
          urgent: false,
          details: 'Milk, bread and the paper',
          requester: {
            name: 'Mary Smith',
            phone: '07700 900982',
            addressLine1: '1 High Street',
            postcode: 'SP8 4AB',
          },
        },
      };
      const page = await newPage(browser, { viewport: { width, height: 800 } });
      await page.goto(`${sandbox.url}/`);
      const { body } = renderSelfService(view, {
        path: '/details/x',
        contact: sandbox.settings,
        lang: lang as Language,
      });
      await page.setContent(body, { waitUntil: 'load' });
      expect(await page.locator('h1').count()).toBe(1);
      expect(await page.locator('a[href^="tel:"]').count()).toBeGreaterThan(0);
      // Nothing wider than the screen: a phone user never scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await audit(page, `details page, ${lang}, ${width}px`);
    },
    SLOW,
  );
});

describe('error pages the browser cannot easily reach', () => {
  it.each([400, 403, 500] as const)(
    '%s',
    async (status) => {
      // Rendered by the same function the handlers use, shown from the sandbox's origin so the
      // stylesheet and script load as they do for real.
      const page = await newPage(browser);
      await page.goto(`${sandbox.url}/`);
      await page.setContent(renderErrorPage({ status, contact: sandbox.settings }), { waitUntil: 'load' });
      expect(await page.locator('h1').count()).toBe(1);
      expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/Frutiger|Arial/);
      await audit(page, `error ${status}`);
    },
    SLOW,
  );
});
