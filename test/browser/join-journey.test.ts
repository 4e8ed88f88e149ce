import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/sandbox.js';
import { weekdayOf } from '../../shared/domain/availability.js';
import { addDaysToDate, londonDate } from '../../shared/vocabulary/time.js';
import { base32Decode, totp } from '../../shared/auth/totp.js';
import { inviteLinks, postJson, readOutbox, respond, validRequest, waitFor } from '../support/sandbox.js';
import { expectNoAxeViolations, newPage, useBrowserSandbox } from './browser-support.js';

/**
 * The whole story in the sandbox: a newcomer applies at /volunteer for dog walking on one morning a
 * week with a limit of one job, is not invited while they wait, is approved on the dashboard, is then
 * invited to a walk needed by that day but not to one needed the day before, and after saying yes is
 * not invited again that week.
 */
let sandbox: Sandbox;
let browser: Browser;
const SLOW = 300_000;
const PASSWORD = 'Sandbox-Prescriber-Pass-1';
const NEWCOMER = 'newcomer.walker@example.net';

// Every dog walker nearby in the first wave, and windows long enough that nothing moves on meanwhile.
useBrowserSandbox(
  {
    timeScale: 1,
    prescriberPassword: PASSWORD,
    settings: { responseWindowSeconds: 600, waveSize: 10 },
  },
  (world) => ({ sandbox, browser } = world),
  180_000,
);

async function signIn(page: Page): Promise<void> {
  await page.locator('#email').fill(sandbox.auth.prescriber.email);
  await page.locator('#password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page
    .locator('#code')
    .fill(totp(base32Decode(sandbox.auth.prescriber.totpSecret ?? ''), Date.now() / 1000));
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** Files a dog walk needed by `neededBy`; waits until its first wave's invites are out; who got one. */
async function walkNeededBy(
  neededBy: string,
  expectInvites = 1,
): Promise<{ reference: string; invited: string[] }> {
  const { status, json } = await postJson(
    `${sandbox.url}/requests`,
    validRequest({ helpType: 'dog-walking', neededBy, details: 'A walk round the park' }),
  );
  expect(status).toBe(201);
  const reference = String(json.reference);
  const invites = await waitFor(async () => {
    const found = (await readOutbox(sandbox.outboxUrl)).filter(
      (email) => email.body.text?.includes(reference) && inviteLinks([email]).length > 0,
    );
    return found.length >= expectInvites ? found : undefined;
  }, `invites for ${reference}`);
  // The wave's invites are written together and sent one by one: give the rest time to arrive, so a
  // name missing from the list is missing from the wave, not still on its way.
  await new Promise((settle) => setTimeout(settle, 3000));
  const all = (await readOutbox(sandbox.outboxUrl)).filter(
    (email) => email.body.text?.includes(reference) && inviteLinks([email]).length > 0,
  );
  expect(all.length).toBeGreaterThanOrEqual(invites.length);
  return { reference, invited: all.flatMap((email) => email.destination.to) };
}

describe('join, approval, and matching that respects the week and the limit', () => {
  it(
    'invites the newcomer only once approved, only in time, and not past their weekly limit',
    async () => {
      const today = londonDate(new Date());
      const theirDay = addDaysToDate(today, 2);
      const dayBefore = addDaysToDate(today, 1);

      // 1. The newcomer applies.
      const page = await newPage(browser, { viewport: { width: 390, height: 740 } });
      await page.goto(`${sandbox.url}/volunteer`);
      await page.locator('#name').fill('Nia Newcomer');
      await page.locator('#email').fill(NEWCOMER);
      await page.locator('#postcode').fill('SP8 4QQ');
      await page.locator('#areas').fill('SP8 4');
      await page.locator('input[name="helpTypes"][value="dog-walking"]').check();
      await page.locator(`input[name="availability-${weekdayOf(theirDay)}"][value="morning"]`).check();
      await page.locator('#weeklyLimit').fill('1');
      await page.locator('input[name="dbsChecked"][value="no"]').check();
      await page.locator('input[name="consent"][value="yes"]').check();
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: 'Send application' }).click(),
      ]);
      expect(new URL(page.url()).pathname).toBe('/volunteer/received');

      // 2. While they wait, they are not asked, even for a walk on their day.
      const waiting = await walkNeededBy(theirDay);
      expect(waiting.invited).not.toContain(NEWCOMER);

      // 3. The prescriber approves them.
      await page.goto(`${sandbox.url}/admin/sign-in`);
      await signIn(page);
      await page.goto(`${sandbox.url}/admin/applicants`);
      expect(await page.locator('h1').innerText()).toBe('People who want to volunteer');
      await expectNoAxeViolations(page, 'applicants queue');
      await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Nia Newcomer' }).click()]);
      await expectNoAxeViolations(page, 'an application');
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: 'Approve and add to the roster' }).click(),
      ]);
      expect(new URL(page.url()).pathname).toMatch(/^\/admin\/volunteers\//);
      const welcome = await waitFor(
        async () =>
          (await readOutbox(sandbox.outboxUrl)).find(
            (email) => email.destination.to.includes(NEWCOMER) && email.subject.startsWith('Welcome'),
          ),
        'the welcome',
      );
      expect(welcome.subject).toMatch(/^Welcome to the .+ team$/);

      // 4. Invited to a walk needed by their day; not to one needed the day before.
      const onTheirDay = await walkNeededBy(theirDay, 2);
      expect(onTheirDay.invited).toContain(NEWCOMER);
      const tooSoon = await walkNeededBy(dayBefore);
      expect(tooSoon.invited).not.toContain(NEWCOMER);

      // 5. They say yes; a week's limit of one means no more invites this week.
      const invite = (await readOutbox(sandbox.outboxUrl)).find(
        (email) => email.destination.to.includes(NEWCOMER) && email.body.text?.includes(onTheirDay.reference),
      );
      const [link] = inviteLinks(invite ? [invite] : []);
      expect(link).toBeDefined();
      const answer = await respond(link ?? '', 'accept');
      expect(answer.status).toBe(200);
      const afterYes = await walkNeededBy(theirDay);
      expect(afterYes.invited).not.toContain(NEWCOMER);
    },
    SLOW,
  );
});
