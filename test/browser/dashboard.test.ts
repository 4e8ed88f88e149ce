import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/sandbox.js';
import { base32Decode, totp } from '../../shared/auth/totp.js';
import { postJson, readOutbox, testSandbox, validRequest, waitFor } from '../support/sandbox.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const PASSWORD = 'Sandbox-Prescriber-Pass-1';

let sandbox: Sandbox;
let browser: Browser;

beforeAll(async () => {
  sandbox = await testSandbox({ prescriberPassword: PASSWORD });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
  ).toEqual([]);
}

/** The code the demo prescriber's authenticator app would show now. */
function currentCode(): string {
  return totp(base32Decode(sandbox.auth.prescriber.totpSecret ?? ''), Date.now() / 1000);
}

/** Password, then the authenticator's code, as a prescriber signs in. */
async function signIn(page: Page): Promise<void> {
  await page.locator('#email').fill(sandbox.auth.prescriber.email);
  await page.locator('#password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#code').fill(currentCode());
  await page.getByRole('button', { name: 'Continue' }).click();
}

describe('the prescriber in a real browser, on a phone-sized screen', () => {
  it('signs in, opens an escalation, assigns a volunteer, and the volunteer is emailed the details', async () => {
    // "Something else" in BA12 6 (Zeals): nobody offers it there, so it is escalated at once.
    const requester = validRequest({
      helpType: 'other',
      postcode: 'BA12 6ZZ',
      details: 'Help to put up a shelf',
    });
    const created = await postJson(`${sandbox.url}/requests`, requester);
    const reference = String(created.json.reference);
    await waitFor(async () => {
      const escalated = await sandbox.store.listRequestsByStatus('escalated');
      return escalated.some((r) => r.reference === reference) ? true : undefined;
    }, 'the escalation');

    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${sandbox.url}/admin`);
    // Not signed in: the CloudFront function's redirect lands on the sign-in page.
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    await expectNoAxeViolations(page);
    await page.locator('#email').fill(sandbox.auth.prescriber.email);
    await page.locator('#password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Two-step sign-in is required: the demo prescriber's authenticator gives the code.
    expect(await page.locator('label[for="code"]').innerText()).toContain('Code from your authenticator app');
    await expectNoAxeViolations(page);
    await page.locator('#code').fill(currentCode());
    await page.getByRole('button', { name: 'Continue' }).click();

    expect(new URL(page.url()).pathname).toBe('/admin');
    expect(await page.locator('h1').innerText()).toBe('What needs you now');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'ck_admin')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await expectNoAxeViolations(page);

    await page.locator('#escalated ~ ul a', { hasText: reference }).first().click();
    expect(await page.locator('h1').innerText()).toContain('Something else in BA12 6');
    const main = await page.locator('main').innerText();
    expect(main).toContain(String(requester.name));
    expect(main).toContain('Passed to the prescriber');
    await expectNoAxeViolations(page);

    // Nobody offers this help here: the prescriber finds a volunteer by name, and confirms the poor fit.
    expect(main).toContain('Nobody offers this help here');
    await page.locator('#who').fill('david clarke');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('David Clarke', { exact: true }).check();
    await page.getByRole('button', { name: 'Arrange this volunteer' }).click();
    expect(await page.locator('h1').innerText()).toBe('Arrange David Clarke anyway?');
    expect(await page.locator('main').innerText()).toContain('does not offer this help in this area');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Yes, arrange David Clarke' }).click();
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain(
      'David Clarke is being sent the person’s details by email',
    );
    expect(await page.locator('main').innerText()).toContain('Arranged by hand with David Clarke');

    const details = await waitFor(async () => {
      const emails = await readOutbox(sandbox.outboxUrl);
      return emails.find(
        (e) => e.destination.to.includes('david.clarke@example.org') && e.subject.includes(reference),
      );
    }, 'the details email to the volunteer');
    expect(details.body.text).toContain(String(requester.name));
    expect(details.body.text).toContain(String(requester.addressLine1));

    // On a narrow screen the menu folds under "More" once the header script runs.
    const more = page.locator('#toggle-menu');
    if (await more.isVisible()) await more.click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    await page.goto(`${sandbox.url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
  }, 90_000);

  it('takes a phone request, pauses a volunteer and shows the report, each page accessible', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${sandbox.url}/admin/sign-in`);
    await signIn(page);

    await page.goto(`${sandbox.url}/admin/requests/new`);
    await expectNoAxeViolations(page);
    const inFive = new Date(Date.now() + 5 * 86_400_000);
    await page.locator('#name').fill('Albert Nointernet');
    await page.locator('#phone').fill('01632 960123');
    await page.locator('#addressLine1').fill('9 Orchard Lane');
    await page.locator('#postcode').fill('SP8 4AA');
    await page.locator('input[name="helpType"][value="prescription"]').check();
    await page.locator('#neededBy-day').fill(String(inFive.getUTCDate()));
    await page.locator('#neededBy-month').fill(String(inFive.getUTCMonth() + 1));
    await page.locator('#neededBy-year').fill(String(inFive.getUTCFullYear()));
    await page.locator('#consent').check();
    await page.getByRole('button', { name: 'Send to volunteers' }).click();
    expect(await page.locator('main').innerText()).toContain('Albert Nointernet');
    await expectNoAxeViolations(page);

    await page.goto(`${sandbox.url}/admin/volunteers`);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Asha Patel' }).click();
    await expectNoAxeViolations(page);
    await page.locator('#until-day').fill('24');
    await page.locator('#until-month').fill('12');
    await page.locator('#until-year').fill(String(new Date().getUTCFullYear() + 1));
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    expect(await page.locator('main').innerText()).toContain('Paused until');
    // One button brings them back.
    await page.getByRole('button', { name: 'Resume now' }).click();
    expect(await page.locator('main').innerText()).not.toContain('Paused until');

    // The roster finds a volunteer by full name, and a request is found by the requester's phone.
    await page.goto(`${sandbox.url}/admin/volunteers?q=${encodeURIComponent('ASHA  patel')}`);
    expect(await page.getByRole('link', { name: 'Asha Patel' }).count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    await page.goto(`${sandbox.url}/admin/search?q=${encodeURIComponent('+44 1632 960123')}`);
    expect(await page.locator('main').innerText()).toContain('Albert Nointernet');
    await expectNoAxeViolations(page);

    await page.goto(`${sandbox.url}/admin/reports`);
    expect(await page.locator('svg.ck-chart').count()).toBe(1);
    await expectNoAxeViolations(page);
  }, 90_000);

  it('erases a requester only after a plain warning and a tick, and shows the set-up page for two-step sign-in', async () => {
    const created = await postJson(`${sandbox.url}/requests`, validRequest({ name: 'Ottilie Erasable' }));
    const id = await waitFor(
      () => sandbox.store.findRequestIdByReference(String(created.json.reference)),
      'the stored request',
    );
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${sandbox.url}/admin/sign-in`);
    await signIn(page);
    await page.goto(`${sandbox.url}/admin/requests/${id}`);
    expect(await page.locator('main').innerText()).toContain('Ottilie Erasable');

    // Erasure asks first, says plainly it cannot be undone, and needs the box ticked.
    await page.getByRole('link', { name: 'Erase this person’s details' }).click();
    expect(await page.locator('h1').innerText()).toBe('Erase this person’s details?');
    expect(await page.locator('main').innerText()).toContain('This cannot be undone');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Erase their details' }).click();
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('Tick the box');
    await expectNoAxeViolations(page);
    await page.locator('#confirm').check();
    await page.getByRole('button', { name: 'Erase their details' }).click();
    expect(await page.locator('h1').innerText()).toBe('This request was erased');
    const erased = await page.locator('main').innerText();
    expect(erased).not.toContain('Ottilie');
    expect(erased).not.toContain('Marmalade Crescent');
    await expectNoAxeViolations(page);

    await page.goto(`${sandbox.url}/admin/two-step`);
    expect(await page.locator('h1').innerText()).toBe('Set up two-step sign-in');
    await expectNoAxeViolations(page);
  }, 180_000);
});
