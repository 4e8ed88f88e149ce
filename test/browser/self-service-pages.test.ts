import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/sandbox.js';
import {
  inviteLinks,
  linkIn,
  postJson,
  readOutbox,
  respond,
  validRequest,
  waitFor,
} from '../support/sandbox.js';
import { AT_HUMAN_PACE, expectNoAxeViolations, newPage, useBrowserSandbox } from './browser-support.js';

/** The cancel, done, release and pause pages: axe at WCAG 2.2 AA, before and after acting. */
let sandbox: Sandbox;
let browser: Browser;

useBrowserSandbox(AT_HUMAN_PACE, (world) => ({ sandbox, browser } = world), 120_000);

describe('self-service pages in a real browser', () => {
  it('shows the cancel and done pages, and what follows them, with no accessibility violations', async () => {
    const requester = validRequest({ email: 'self.service@example.net' });
    const { status } = await postJson(`${sandbox.url}/requests`, requester);
    expect(status).toBe(201);

    const cancelLink = await waitFor(async () => {
      const emails = await readOutbox(sandbox.outboxUrl);
      return emails.map((e) => linkIn(e.body.text, 'cancel')).find(Boolean);
    }, 'the cancel link');
    const page = await newPage(browser);
    await page.goto(cancelLink);
    await expectNoAxeViolations(page, 'cancel: confirm');

    const [invite] = await waitFor(async () => {
      const links = inviteLinks(await readOutbox(sandbox.outboxUrl));
      return links.length > 0 ? links : undefined;
    }, 'an invite');
    expect((await respond(String(invite), 'accept')).status).toBe(200);
    const doneLink = await waitFor(async () => {
      const emails = await readOutbox(sandbox.outboxUrl);
      return emails.map((e) => linkIn(e.body.text, 'done')).find(Boolean);
    }, 'the done link');

    // Now that a volunteer is arranged, the cancel page asks the requester to phone instead.
    await page.goto(cancelLink);
    await expectNoAxeViolations(page, 'cancel: volunteer arranged');

    await page.goto(doneLink);
    await expectNoAxeViolations(page, 'done: confirm');
    await page.locator('main form button').first().click();
    await page.waitForLoadState('load');
    expect((await page.locator('main').innerText()).length).toBeGreaterThan(0);
    await expectNoAxeViolations(page, 'done: finished');
  });

  it('shows the release and pause pages, and what follows them, with no accessibility violations', async () => {
    const { json } = await postJson(
      `${sandbox.url}/requests`,
      validRequest({ email: 'release@example.net' }),
    );
    const reference = String(json.reference);
    const ofThisRequest = async () =>
      (await readOutbox(sandbox.outboxUrl)).filter((e) => (e.body.text ?? '').includes(reference));
    const inviteEmail = await waitFor(
      async () => (await ofThisRequest()).find((e) => inviteLinks([e]).length > 0),
      'an invite for this request',
    );
    const pauseLink = linkIn(inviteEmail.body.text, 'pause');
    expect(pauseLink).toBeDefined();
    expect((await respond(String(inviteLinks([inviteEmail])[0]), 'accept')).status).toBe(200);
    const releaseLink = await waitFor(
      async () => (await ofThisRequest()).map((e) => linkIn(e.body.text, 'release')).find(Boolean),
      'the release link',
    );

    const page = await newPage(browser);
    await page.goto(releaseLink);
    await expectNoAxeViolations(page, 'release: confirm');
    await page.locator('main form button').first().click();
    await page.waitForLoadState('load');
    expect(await page.locator('main').innerText()).toContain('Thank you for telling us');
    await expectNoAxeViolations(page, 'release: released');

    await page.goto(String(pauseLink));
    await expectNoAxeViolations(page, 'pause: choose');
    // Without a choice: the error summary and the marked question, as the NHS pattern has them.
    await page.locator('main form button').first().click();
    await page.waitForLoadState('load');
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('Select how long');
    await expectNoAxeViolations(page, 'pause: no choice');
    await page.getByLabel('2 weeks').check();
    await page.locator('main form button').first().click();
    await page.waitForLoadState('load');
    expect(await page.locator('main').innerText()).toContain('Your invites are paused');
    await expectNoAxeViolations(page, 'pause: paused');
  });
});
