import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/sandbox.js';
import { inviteLinks, readOutbox, validRequest, waitFor } from '../support/sandbox.js';
import {
  AT_HUMAN_PACE,
  expectNoAxeViolations as axeCheck,
  newPage as newContextPage,
  useBrowserSandbox,
} from './browser-support.js';

let sandbox: Sandbox;
let browser: Browser;

// A long window: this journey answers the invite by hand, so the wave must not end under it.
useBrowserSandbox(AT_HUMAN_PACE, (world) => ({ sandbox, browser } = world), 120_000);

const newPage = () => newContextPage(browser);

async function expectNoAxeViolations(page: Page): Promise<void> {
  await axeCheck(page, page.url());
}

describe('a requester and two volunteers in a real browser', () => {
  it('files a request on the form, and the first volunteer to accept sees the details while the second is told it is taken', async () => {
    const request = validRequest();
    const [year, month, day] = request.neededBy?.split('-') ?? [];
    const page = await newPage();
    await page.goto(`${sandbox.url}/`);
    await expectNoAxeViolations(page);

    await page.locator('#name').fill(String(request.name));
    await page.locator('input[name="onBehalf"][value="no"]').check();
    await page.locator('#phone').fill(String(request.phone));
    await page.locator('#email').fill(String(request.email));
    await page.locator('#addressLine1').fill(String(request.addressLine1));
    await page.locator('#postcode').fill(String(request.postcode));
    await page.locator('input[name="helpType"][value="shopping"]').check();
    await page.locator('#details').fill(String(request.details));
    await page.locator('#neededBy-day').fill(String(day));
    await page.locator('#neededBy-month').fill(String(month));
    await page.locator('#neededBy-year').fill(String(year));
    await page.locator('#consent').check();
    await page.locator('form[action="/requests"] button[type="submit"]').click();

    expect(await page.locator('h1').innerText()).toContain('Request received');
    const reference = (await page.locator('body').innerText()).match(/GCK-[0-9A-Z]{5}/)?.[0];
    expect(reference).toBeDefined();
    await expectNoAxeViolations(page);

    const links = await waitFor(async () => {
      const found = inviteLinks(await readOutbox(sandbox.outboxUrl));
      return found.length >= 2 ? found : undefined;
    }, 'two invites in the outbox');

    const first = await newPage();
    await first.goto(String(links[0]));
    const invitePage = await first.locator('main').innerText();
    expect(invitePage).toContain('SP8 4');
    expect(invitePage).not.toContain(String(request.name));
    expect(invitePage).not.toContain(String(request.addressLine1));
    await expectNoAxeViolations(first);
    await first.getByRole('button', { name: /yes, i can help/i }).click();
    const details = await first.locator('main').innerText();
    expect(details).toContain(String(request.name));
    expect(details).toContain(String(request.addressLine1));
    await expectNoAxeViolations(first);

    const second = await newPage();
    await second.goto(String(links[1]));
    const secondText = (await second.locator('main').innerText()).toLowerCase();
    expect(secondText).toContain('someone has already said yes');
    expect(secondText).not.toContain(String(request.addressLine1).toLowerCase());

    const emails = await readOutbox(sandbox.outboxUrl);
    expect(
      emails.some((e) => e.destination.to.includes(String(request.email)) && /volunteer/i.test(e.subject)),
    ).toBe(true);
  });

  it('shows the errors in a summary and keeps what was typed, escaped', async () => {
    const page = await newPage();
    await page.goto(`${sandbox.url}/`);
    await page.locator('#addressLine1').fill('<script>alert(1)</script>');
    await page.locator('form[action="/requests"] button[type="submit"]').click();
    expect(await page.locator('.nhsuk-error-summary').isVisible()).toBe(true);
    expect(await page.title()).toMatch(/^Error:/);
    expect(await page.locator('#addressLine1').inputValue()).toBe('<script>alert(1)</script>');
    await expectNoAxeViolations(page);
  });
});
