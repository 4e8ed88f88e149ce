import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/sandbox.js';
import { SESSION_COOKIE } from '../../shared/auth/session.js';
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

/** The care pages: the volunteer's concern form in every state, and the dashboard's care sections. */
let sandbox: Sandbox;
let browser: Browser;

useBrowserSandbox(AT_HUMAN_PACE, (world) => ({ sandbox, browser } = world), 300_000);

describe('concern pages in a real browser', () => {
  it('shows the concern form, its error, the thank-you page and the dashboard with no accessibility violations', async () => {
    const requester = validRequest({
      name: 'Cordelia Fenwick',
      phone: '07700900654',
      email: 'cordelia@example.net',
    });
    expect((await postJson(`${sandbox.url}/requests`, requester)).status).toBe(201);
    const [invite] = await waitFor(async () => {
      const links = inviteLinks(await readOutbox(sandbox.outboxUrl));
      return links.length > 0 ? links : undefined;
    }, 'an invite');
    expect((await respond(String(invite), 'accept')).status).toBe(200);
    const concernLink = await waitFor(async () => {
      const emails = await readOutbox(sandbox.outboxUrl);
      return emails.map((e) => linkIn(e.body.text, 'concern')).find(Boolean);
    }, 'the concern link');
    // The same request again: held as a possible duplicate, so the dashboard shows that section too.
    expect((await postJson(`${sandbox.url}/requests`, requester)).status).toBe(201);

    const page = await newPage(browser);
    await page.goto(concernLink);
    expect(await page.locator('main').innerText()).toContain('If someone is in immediate danger, call 999');
    await expectNoAxeViolations(page, 'concern: form');

    await page.getByRole('button', { name: 'Send to the social prescriber' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('Tick what worried you');
    await expectNoAxeViolations(page, 'concern: error');

    await page.getByLabel('I could not get an answer').check();
    await page.getByLabel('Tell us more (optional)').fill('Curtains closed all day');
    await page.getByRole('button', { name: 'Send to the social prescriber' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1').innerText()).toContain('Thank you for telling us');
    await expectNoAxeViolations(page, 'concern: raised');

    await waitFor(
      async () => ((await sandbox.store.listRequestsByStatus('on-hold')).length > 0 ? true : undefined),
      'the held duplicate',
    );
    const token = await sandbox.auth.issueAccessToken({
      sub: sandbox.auth.prescriber.sub,
      groups: ['prescribers'],
    });
    await page.context().addCookies([
      {
        name: SESSION_COOKIE,
        value: token,
        url: `${sandbox.url}/admin`,
        httpOnly: true,
        sameSite: 'Strict',
      },
    ]);
    await page.goto(`${sandbox.url}/admin`);
    const main = await page.locator('main').innerText();
    expect(main).toContain('Concerns raised by volunteers');
    expect(main).toContain('Possible duplicates');
    await expectNoAxeViolations(page, 'dashboard: concerns and duplicates');
  });
});
