import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_TEAM, type Sandbox } from '../../sandbox/sandbox.js';
import { base32Decode, totp } from '../../shared/auth/totp.js';
import { formatDateLong } from '../../shared/web/format.js';
import { postJson, readOutbox, testSandbox, validRequest, waitFor } from '../support/sandbox.js';

/** The team page, a claimed card, and a held duplicate's page in Chromium, checked with axe. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const PASSWORD = 'Team-Browser-Pass-3q';
const SCREENS = [
  { name: 'a 390 px phone', viewport: { width: 390, height: 844 }, isMobile: true },
  { name: 'a desktop', viewport: { width: 1280, height: 900 }, isMobile: false },
] as const;

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

async function signIn(page: Page, account = sandbox.auth.prescriber): Promise<void> {
  await page.goto(`${sandbox.url}/admin/sign-in`);
  await page.locator('#email').fill(account.email);
  await page.locator('#password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#code').fill(totp(base32Decode(account.totpSecret ?? ''), Date.now() / 1000));
  await page.getByRole('button', { name: 'Continue' }).click();
  expect(new URL(page.url()).pathname).toBe('/admin');
}

/** A request nobody offers to help with (Zeals, "something else"): it escalates at once. */
async function escalatedRequest(): Promise<{ id: string; reference: string }> {
  const created = await postJson(
    `${sandbox.url}/requests`,
    validRequest({ helpType: 'other', postcode: 'BA12 6ZZ' }),
  );
  const reference = String(created.json.reference);
  const request = await waitFor(async () => {
    const escalated = await sandbox.store.listRequestsByStatus('escalated');
    return escalated.find((r) => r.reference === reference);
  }, 'the escalation');
  return { id: request.id, reference };
}

describe.each(SCREENS)('the team’s pages on $name', (screen) => {
  it('claims a request, shows it handled on its card and under "Mine", and the team page', async () => {
    const { id, reference } = await escalatedRequest();
    const context = await browser.newContext({ viewport: screen.viewport, isMobile: screen.isMobile });
    const page = await context.newPage();
    await signIn(page);

    await page.goto(`${sandbox.url}/admin/requests/${id}`);
    expect(await page.locator('main').innerText()).toContain('Nobody yet');
    await page.getByRole('button', { name: 'I’ll handle this' }).click();
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain(
      'You are handling this request',
    );
    expect(await page.locator('main').innerText()).toContain(`You (${SANDBOX_TEAM.admin})`);
    await expectNoAxeViolations(page);

    await page.goto(`${sandbox.url}/admin`);
    const card = page.locator('.nhsuk-card', { hasText: reference });
    expect(await card.innerText()).toContain('Handled by you');
    await expectNoAxeViolations(page);
    await page
      .getByRole('navigation', { name: 'Whose requests' })
      .getByRole('link', { name: 'Mine' })
      .click();
    expect(new URL(page.url()).search).toBe('?show=mine');
    expect(await page.locator('main').innerText()).toContain(reference);
    await page
      .getByRole('navigation', { name: 'Whose requests' })
      .getByRole('link', { name: 'Nobody’s yet' })
      .click();
    expect(await page.locator('main').innerText()).not.toContain(reference);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Everyone’s' }).click();
    await page.getByRole('link', { name: 'The team' }).click();
    expect(await page.locator('h1').innerText()).toBe('The team');
    const main = await page.locator('main').innerText();
    expect(main).toContain(`${SANDBOX_TEAM.admin} (you)`);
    expect(main).toContain(SANDBOX_TEAM.second);
    await expectNoAxeViolations(page);
    // Nothing scrolls sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    // The add form's errors are linked and announced.
    await page.getByRole('button', { name: 'Add prescriber' }).click();
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('Enter their name');
    await expectNoAxeViolations(page);
    await context.close();
  }, 120_000);

  it('shows a prescriber disabled while signed in a page that says so, and nothing else', async () => {
    const sam = sandbox.auth.accounts.find((account) => account !== sandbox.auth.prescriber);
    if (!sam) throw new Error('a second prescriber expected');
    const admins = await browser.newContext({ viewport: screen.viewport, isMobile: screen.isMobile });
    const theirs = await browser.newContext({ viewport: screen.viewport, isMobile: screen.isMobile });
    const admin = await admins.newPage();
    const page = await theirs.newPage();
    await signIn(admin);
    await signIn(page, sam);

    await admin.goto(`${sandbox.url}/admin/team`);
    await admin.getByRole('button', { name: `Disable ${SANDBOX_TEAM.second}` }).click();
    await page.goto(`${sandbox.url}/admin`);
    expect(await page.locator('h1').innerText()).toBe('Your account is disabled');
    expect(await page.locator('main').innerText()).toContain("ask the scheme's admin");
    expect(await page.getByRole('navigation', { name: 'Menu' }).count()).toBe(0);
    await expectNoAxeViolations(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    // Enabled again (the next screen's run needs them), the same session works.
    await admin.getByRole('button', { name: `Enable ${SANDBOX_TEAM.second}` }).click();
    await page.goto(`${sandbox.url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin');
    expect(await page.locator('h1').innerText()).not.toBe('Your account is disabled');
    await admins.close();
    await theirs.close();
  }, 120_000);

  it('shows a held duplicate beside the earlier request, and merges it keeping the later date, telling its volunteer', async () => {
    const person = validRequest();
    const first = await postJson(`${sandbox.url}/requests`, person);
    const firstReference = String(first.json.reference);
    // Nobody answers the invites in time, so the prescriber arranges a volunteer by hand: they are sent
    // the first request's date and details.
    const firstId = await waitFor(async () => {
      const escalated = await sandbox.store.listRequestsByStatus('escalated');
      return escalated.find((r) => r.reference === firstReference)?.id;
    }, 'the first request to escalate');
    const inNine = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10);
    const second = await postJson(`${sandbox.url}/requests`, {
      ...person,
      neededBy: inNine,
      details: 'Porridge oats, milk and my prescription',
    });
    const heldId = await waitFor(async () => {
      const held = await sandbox.store.listRequestsByStatus('on-hold');
      return held.find((r) => r.reference === String(second.json.reference))?.id;
    }, 'the held request');
    const context = await browser.newContext({ viewport: screen.viewport, isMobile: screen.isMobile });
    const page = await context.newPage();
    await signIn(page);

    await page.goto(`${sandbox.url}/admin/requests/${firstId}`);
    await page.locator('#who').fill('david clarke');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByLabel('David Clarke', { exact: true }).check();
    await page.getByRole('button', { name: 'Arrange this volunteer' }).click();
    const anyway = page.getByRole('button', { name: 'Yes, arrange David Clarke' });
    if (await anyway.isVisible()) await anyway.click();
    expect(await page.locator('main').innerText()).toContain('Arranged by hand with David Clarke');
    const helper = { name: 'David Clarke', email: 'david.clarke@example.org' };

    await page.goto(`${sandbox.url}/admin/requests/${heldId}`);
    const main = await page.locator('main').innerText();
    expect(main).toContain('The earlier request');
    expect(main).toContain(String(first.json.reference));
    expect(main).toContain('Held as a possible repeat of an earlier request');
    expect(main).not.toContain('duplicate suspected');
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Merge into the earlier request' }).click();
    expect(await page.locator('.nhsuk-caption-l').innerText()).toBe(String(first.json.reference));
    const banner = await page.locator('.nhsuk-notification-banner').innerText();
    expect(banner).toContain('merged into this one');
    // Who was told, and how: the details always go by email.
    expect(banner).toContain(`${helper.name} is being told by email`);
    expect(banner).toContain('that the date or details have changed');
    const earlier = await page.locator('main').innerText();
    expect(earlier).toContain(formatDateLong(inNine));
    expect(earlier).toContain('Porridge oats, milk and my prescription');
    expect(earlier).toContain('A later request for the same help was merged into this one');
    await expectNoAxeViolations(page);

    const changed = await waitFor(async () => {
      const emails = await readOutbox(sandbox.outboxUrl);
      return emails.find(
        (e) =>
          e.destination.to.includes(helper.email) &&
          e.subject === `The date or details have changed – ${firstReference}`,
      );
    }, 'the volunteer’s email saying the date and details changed');
    expect(changed.body.text).toContain(formatDateLong(inNine));
    expect(changed.body.text).toContain('Porridge oats, milk and my prescription');
    await context.close();
  }, 120_000);
});
