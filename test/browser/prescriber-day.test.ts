import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SANDBOX_TEAM, secondPrescriberEmail, type Sandbox } from '../../sandbox/sandbox.js';
import type { LocalAccount } from '../../sandbox/auth.js';
import type { StoredText } from '../../sandbox/sms-outbox.js';
import { base32Decode, totp } from '../../shared/auth/totp.js';
import { postJson, readOutbox, validRequest, waitFor } from '../support/sandbox.js';
import { expectNoAxeViolations, newPage, useBrowserSandbox } from './browser-support.js';

/*
 * The prescriber's day, as a newcomer would live it: the demo roster plus a file of 100 more
 * volunteers, the second of the two prescribers signed in, an escalated request opened from the link
 * in its email, claimed, a volunteer arranged from the ranked list, another request found by the
 * requester's phone number, and the roster paged and searched by name. On a phone, checked with axe
 * at every page. The sandbox's short waves (a fraction of a second each) let a request escalate fast.
 */

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true } as const;
const JOURNEY_MS = 180_000;

const FIRST_NAMES = [
  'Ruth',
  'Olu',
  'Grace',
  'Kwame',
  'Nadia',
  'Owen',
  'Beth',
  'Ravi',
  'Lucy',
  'Tariq',
  'Megan',
  'Ioan',
  'Sophie',
  'Declan',
  'Amara',
  'Harriet',
  'Jonah',
  'Ffion',
  'Marek',
  'Evan',
];
// None is "Wood": the only Evan Woods are the three the file names on purpose.
const SURNAMES = ['Hale', 'Ashworth', 'Brennan', 'Fenwick', 'Garside'];
const AREAS = ['SP8 4', 'SP8 5', 'SP8 4;SP8 5', 'SP8'];
const HELP_MIXES = [
  'shopping',
  'shopping;prescription',
  'dog-walking;friendly-chat',
  'lift;practical-help',
  'prescription;other',
  'shopping;friendly-chat',
];
const EVAN_WOOD = 'Evan Wood';
const EVAN_AREAS = ['SP8 4', 'SP8', 'SP8 4;SP8 5'];

interface ImportedVolunteer {
  name: string;
  email: string;
}

/** A roster file of 100 Gillingham volunteers, three of them called Evan Wood, in the documented columns. */
function rosterFile(): { csv: string; volunteers: ImportedVolunteer[] } {
  const rows: string[][] = [];
  for (let i = 0; i < 100; i++) {
    const evan = i < 3;
    const name = evan ? EVAN_WOOD : `${FIRST_NAMES[i % 20]} ${SURNAMES[Math.floor(i / 20)]}`;
    const email = `${name.toLowerCase().replace(/ /g, '.')}.${i}@example.org`;
    const phone = `07700 901${String(i).padStart(3, '0')}`;
    // The Evan Woods all offer shopping in SP8 4, so the arrange list must tell them apart.
    const areas = evan ? (EVAN_AREAS[i] ?? 'SP8 4') : (AREAS[i % AREAS.length] ?? '');
    const helpTypes = evan ? 'shopping;prescription' : (HELP_MIXES[i % HELP_MIXES.length] ?? '');
    const dbs = i % 3 !== 0;
    const checkedOn = dbs ? `2025-0${(i % 9) + 1}-1${i % 10}` : '';
    rows.push([name, email, phone, `"${areas}"`, helpTypes, dbs ? 'yes' : 'no', checkedOn, 'email']);
  }
  const header = 'name,email,phone,areas,help_types,dbs_checked,dbs_checked_on,contact_by';
  return {
    csv: [header, ...rows.map((row) => row.join(','))].join('\r\n') + '\r\n',
    volunteers: rows.map(([name = '', email = '']) => ({ name, email })),
  };
}

const FILE = rosterFile();

/** How each volunteer asked to be contacted (the last column of both files), by email address. */
function contactByEmail(): Map<string, string> {
  const demo = readFileSync(new URL('../../sandbox/demo-volunteers.csv', import.meta.url), 'utf8');
  const lines = [...demo.split(/\r?\n/).slice(1), ...FILE.csv.split(/\r?\n/).slice(1)];
  return new Map(
    lines
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const cells = line.split(',');
        return [cells[1] ?? '', cells.at(-1) ?? ''];
      }),
  );
}

const CHANNEL_WORDS: Record<string, string> = {
  email: 'email',
  text: 'text message',
  both: 'email and text message',
};

let sandbox: Sandbox;
let browser: Browser;

useBrowserSandbox({}, (world) => {
  ({ sandbox, browser } = world);
});

function secondPrescriber(): LocalAccount {
  const email = secondPrescriberEmail(sandbox.settings.prescriberEmail);
  const account = sandbox.auth.accounts.find((candidate) => candidate.email === email);
  if (!account) throw new Error(`the sandbox has no second prescriber ${email}`);
  return account;
}

/** Sam Taylor signs in as a person would: email, password, then the authenticator app's code. */
async function signInAsSam(page: Page): Promise<void> {
  const sam = secondPrescriber();
  await page.goto(`${sandbox.url}/admin`);
  expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
  await expectNoAxeViolations(page, 'sign-in');
  await page.locator('#email').fill(sam.email);
  await page.locator('#password').fill(sam.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#code').fill(totp(base32Decode(sam.totpSecret ?? ''), Date.now() / 1000));
  await page.getByRole('button', { name: 'Continue' }).click();
  expect(new URL(page.url()).pathname).toBe('/admin');
  expect(await page.locator('h1').innerText()).toBe('What needs you now');
  await expectNoAxeViolations(page, 'home');
}

/** On a narrow screen the menu folds under "More" once the header script runs. */
async function openMenuItem(page: Page, name: string): Promise<void> {
  const more = page.locator('#toggle-menu');
  if (await more.isVisible()) await more.click();
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name, exact: true }).click();
}

async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

async function rosterNames(page: Page): Promise<string[]> {
  return page.locator('.ck-roster__item h2 a').allInnerTexts();
}

describe('a prescriber’s day with the demo roster and 100 more volunteers, on a 390 px phone', () => {
  it(
    'imports 100 volunteers, finds an escalation from its email, claims it, arranges the best fit, finds a request by phone and pages the roster',
    async () => {
      // 2. (first, since importing needs a signed-in prescriber) Sam Taylor, the second prescriber.
      const page = await newPage(browser, PHONE);
      await signInAsSam(page);

      // 1. The roster file, chosen with the import page's file control (pasting is tested below).
      await openMenuItem(page, 'Volunteers');
      // The sandbox starts with the demo roster's 12, all on one page.
      expect(await rosterNames(page)).toHaveLength(12);
      expect(await page.getByRole('link', { name: 'Next page' }).count()).toBe(0);
      await page.getByRole('link', { name: 'Import a roster (CSV)' }).click();
      expect(await page.locator('h1').innerText()).toBe('Import a roster');
      await expectNoAxeViolations(page, 'import');
      await page
        .getByLabel('Roster file (CSV)')
        .setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(FILE.csv) });
      await page.getByRole('button', { name: 'Check the roster' }).click();
      const preview = await page.locator('main').innerText();
      expect(preview).toContain('100 to add, 0 to update');
      expect(preview).toContain(`${EVAN_WOOD} (evan.wood.2@example.org)`);
      await expectNoAxeViolations(page, 'import preview');
      // The long header line once widened this page to about 700 px on a phone, which hid the button.
      expect(await scrollsSideways(page), 'the import page scrolls sideways').toBe(false);
      await page.getByRole('button', { name: 'Import these changes' }).click();
      expect(new URL(page.url()).pathname).toBe('/admin/volunteers');
      expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain(
        'The roster has been imported.',
      );
      await expectNoAxeViolations(page, 'roster after import');

      // 3. A shopping request in SP8 4: a few of the many who offer it are asked over two short
      // rounds, nobody answers, and it is passed to the prescribers by email.
      const requester = validRequest({
        name: 'Dorothy Pennycook',
        postcode: 'SP8 4PQ',
        helpType: 'shopping',
      });
      const created = await postJson(`${sandbox.url}/requests`, requester);
      expect(created.status).toBe(201);
      const reference = String(created.json.reference);
      const escalation = await waitFor(
        async () =>
          (await readOutbox(sandbox.outboxUrl)).find(
            (email) =>
              email.destination.to.includes(sandbox.settings.prescriberEmail) &&
              email.subject.includes(`Needs you: ${reference}`),
          ),
        'the escalation email',
        60_000,
      );
      const emailText = escalation.body.text ?? '';
      expect(emailText).toMatch(/\d+ volunteers were asked over 2 rounds and nobody said yes\./);
      expect(emailText).not.toContain(String(requester.name));
      const link = /https?:\/\/[^\s"<>]+\/admin\/requests\/[A-Za-z0-9_-]+/.exec(emailText)?.[0];
      expect(link, 'a link to the request in the escalation email').toBeDefined();
      const requestUrl = String(link);
      expect(requestUrl.startsWith(sandbox.url)).toBe(true);

      await page.goto(requestUrl);
      expect(page.url()).toBe(requestUrl);
      expect(await page.locator('.nhsuk-caption-l').innerText()).toBe(reference);
      expect(await page.locator('h1').innerText()).toContain('Shopping in SP8 4');
      const opened = await page.locator('main').innerText();
      expect(opened).toContain(String(requester.name));
      expect(opened).toContain('Nobody yet');
      await expectNoAxeViolations(page, 'escalated request');
      expect(await scrollsSideways(page), 'the request page scrolls sideways').toBe(false);

      // 4. Sam claims it.
      await page.getByRole('button', { name: 'I’ll handle this' }).click();
      expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain(
        'You are handling this request',
      );
      expect(await page.locator('main').innerText()).toContain(`You (${SANDBOX_TEAM.second})`);
      await expectNoAxeViolations(page, 'claimed request');

      // The three Evan Woods, found by name from the arrange form, each with what tells them apart.
      await page.getByLabel('Someone else: search by full name').fill('evan wood');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      const evans = page.locator('.nhsuk-radios__item', {
        has: page.getByText(EVAN_WOOD, { exact: true }),
      });
      expect(await evans.count()).toBe(3);
      const evanHints = await evans.locator('.nhsuk-radios__hint').allInnerTexts();
      const evanEmails = evanHints.map((hint) => /evan\.wood\.\d@example\.org/.exec(hint)?.[0]);
      expect(new Set(evanEmails)).toEqual(
        new Set(['evan.wood.0@example.org', 'evan.wood.1@example.org', 'evan.wood.2@example.org']),
      );
      await expectNoAxeViolations(page, 'arrange search');

      // 5. The ranked list, from the link again: every good fit before any poor one, each line with
      // the facts that tell candidates apart, and the first never asked lately.
      await page.goto(requestUrl);
      const arrangeForm = page.locator('form', { has: page.locator('input[name="volunteerId"]') });
      const choices = arrangeForm.locator('.nhsuk-radios__item');
      expect(await choices.count()).toBe(10);
      const hints = await choices.locator('.nhsuk-radios__hint').allInnerTexts();
      expect(hints).toHaveLength(10);
      for (const hint of hints) {
        expect(hint).toMatch(/\d+ jobs? this week/);
        expect(hint).toMatch(/last helped|no job recorded/);
        expect(hint).toMatch(/@example\.org/);
      }
      const fits = hints.map((hint) => hint.includes('Good fit'));
      expect(fits[0], 'the first candidate is a good fit').toBe(true);
      const firstPoorFit = fits.indexOf(false);
      if (firstPoorFit !== -1) expect(fits.slice(firstPoorFit)).not.toContain(true);
      // Those asked for this request said nothing: someone not asked lately comes first.
      expect(hints[0]).toContain('Not invited lately');
      const firstChoice = choices.first();
      const chosenName = (await firstChoice.locator('label').innerText()).trim();
      const chosenEmail = /^([^\s,]+@example\.org)(?:, (\S.*))?$/m.exec(hints[0] ?? '');
      expect(chosenName).not.toBe('');
      expect(chosenEmail, 'the first candidate’s email address').not.toBeNull();
      const [, email = '', phone = ''] = chosenEmail ?? [];
      const contactBy = contactByEmail().get(email) ?? '';
      expect(Object.keys(CHANNEL_WORDS)).toContain(contactBy);
      await expectNoAxeViolations(page, 'arrange list');

      await firstChoice.locator('input').check();
      await page.getByRole('button', { name: 'Arrange this volunteer' }).click();
      expect(new URL(page.url()).pathname).toBe(new URL(requestUrl).pathname);
      expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain(
        `${chosenName} is being sent the person’s details by ${CHANNEL_WORDS[contactBy]}. ` +
          `${requester.name} is being told by email that a volunteer will be in touch.`,
      );
      expect(await page.locator('main').innerText()).toContain(`Arranged by hand with ${chosenName}`);
      await expectNoAxeViolations(page, 'arranged request');
      // And they were: the details go out by the channel the banner named.
      if (contactBy !== 'text') {
        const details = await waitFor(
          async () =>
            (await readOutbox(sandbox.outboxUrl)).find(
              (sent) => sent.destination.to.includes(email) && sent.subject.includes(reference),
            ),
          'the details email to the chosen volunteer',
        );
        expect(details.body.text).toContain(String(requester.addressLine1));
      }
      if (contactBy !== 'email') {
        const mobile = phone.replace(/\s/g, '').replace(/^0/, '+44');
        const text = await waitFor(async () => {
          const texts = (await (await fetch(`${sandbox.smsOutboxUrl}/store`)).json()) as StoredText[];
          return texts.find((sent) => sent.to === mobile && sent.body.includes(reference));
        }, 'the details text to the chosen volunteer');
        expect(text.body).toContain(reference);
      }

      // 6. Another request, found by the requester's phone typed another way, from the search box.
      const other = validRequest({
        name: 'Norma Fairweather',
        phone: '07700900123',
        postcode: 'SP8 5LT',
        helpType: 'dog-walking',
      });
      const otherCreated = await postJson(`${sandbox.url}/requests`, other);
      expect(otherCreated.status).toBe(201);
      const otherReference = String(otherCreated.json.reference);
      await openMenuItem(page, 'Search');
      expect(await page.locator('h1').innerText()).toBe('Search');
      await expectNoAxeViolations(page, 'search');
      await page.getByLabel('Reference, phone number, email address or full name').fill('+44 7700 900123');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      expect(new URL(page.url()).pathname).toBe('/admin/search');
      expect(new URL(page.url()).searchParams.get('q')).toBe('+44 7700 900123');
      expect(await page.locator('h2').first().innerText()).toBe('1 found by phone number');
      await expectNoAxeViolations(page, 'search by phone');
      await page.getByRole('link', { name: otherReference }).click();
      expect(await page.locator('.nhsuk-caption-l').innerText()).toBe(otherReference);
      const otherPage = await page.locator('main').innerText();
      expect(otherPage).toContain('Norma Fairweather');
      expect(otherPage).not.toContain(String(requester.name));
      await expectNoAxeViolations(page, 'request found by phone');

      // 7. The roster: a search by name in lower case finds all three, and page 2 follows page 1.
      await openMenuItem(page, 'Volunteers');
      await page.getByLabel('Find a volunteer by full name').fill('evan wood');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      expect(await rosterNames(page)).toEqual([EVAN_WOOD, EVAN_WOOD, EVAN_WOOD]);
      expect(await page.locator('main').innerText()).toContain('3 volunteers called evan wood');
      await expectNoAxeViolations(page, 'roster search');
      expect(await scrollsSideways(page), 'the roster search scrolls sideways').toBe(false);

      await page.goto(`${sandbox.url}/admin/volunteers`);
      const firstPage = await rosterNames(page);
      expect(firstPage).toHaveLength(25);
      expect(await page.locator('main').innerText()).toContain('25 on this page, by name');
      expect(await scrollsSideways(page), 'the roster scrolls sideways').toBe(false);
      await page.getByRole('link', { name: 'Next page' }).click();
      expect(new URL(page.url()).searchParams.get('after')).toBeTruthy();
      const secondPage = await rosterNames(page);
      expect(secondPage).toHaveLength(25);
      const both = new Set([...firstPage, ...secondPage]);
      expect(secondPage.filter((name) => !firstPage.includes(name)).length).toBeGreaterThan(20);
      expect(both.size).toBeGreaterThan(45);
      await expectNoAxeViolations(page, 'roster page 2');
      expect(await scrollsSideways(page), 'roster page 2 scrolls sideways').toBe(false);
      expect(await page.getByRole('link', { name: 'First page' }).count()).toBe(1);
      await page.context().close();
    },
    JOURNEY_MS,
  );

  it(
    'imports a roster pasted as text, as well as one chosen as a file',
    async () => {
      const page = await newPage(browser, PHONE);
      await signInAsSam(page);
      await page.goto(`${sandbox.url}/admin/volunteers/import`);
      const small = [
        'name,email,phone,areas,help_types,dbs_checked,dbs_checked_on,contact_by',
        'Winston Pasted,winston.pasted@example.org,07700 902001,SP8 4,shopping,no,,email',
        'Greta Pasted,greta.pasted@example.org,07700 902002,SP8 5,dog-walking,no,,email',
      ].join('\r\n');
      await page.getByLabel('Or paste the CSV here').fill(small);
      await page.getByRole('button', { name: 'Check the roster' }).click();
      const preview = await page.locator('main').innerText();
      expect(preview).toContain('2 to add, 0 to update');
      expect(preview).toContain('Winston Pasted (winston.pasted@example.org)');
      await expectNoAxeViolations(page, 'import preview of pasted text');
      await page.getByRole('button', { name: 'Import these changes' }).click();
      expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain(
        'The roster has been imported.',
      );
      await page.context().close();
    },
    JOURNEY_MS,
  );
});
