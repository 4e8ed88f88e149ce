import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Sandbox, SandboxOptions } from '../../sandbox/sandbox.js';
import { inviteLinks, readOutbox, testSandbox, waitFor } from '../support/sandbox.js';

/** Debian's Chromium (apt-get install chromium); .ci/run installs it. Playwright never downloads a browser here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const SCREENSHOTS = 'test-results/screenshots';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

/** A sandbox at a person's pace: real time, and a wave that waits ten minutes for an answer by hand. */
export const AT_HUMAN_PACE: Partial<SandboxOptions> = {
  timeScale: 1,
  settings: { responseWindowSeconds: 600 },
};

export interface BrowserWorld {
  sandbox: Sandbox;
  browser: Browser;
}

/**
 * One sandbox and one Chromium for a file of browser tests: started before its first test and closed
 * after its last. `onStart` hands them to the file (which keeps its own names for them) and may prepare
 * more before the tests run.
 */
export function useBrowserSandbox(
  options: Partial<SandboxOptions>,
  onStart: (world: BrowserWorld) => unknown,
  timeoutMs = 300_000,
): void {
  let world: Partial<BrowserWorld> = {};
  beforeAll(async () => {
    world = { sandbox: await testSandbox(options) };
    world.browser = await launchChromium();
    await onStart(world as BrowserWorld);
  }, timeoutMs);
  afterAll(async () => {
    await world.browser?.close();
    await world.sandbox?.stop();
  });
}

/** axe needs a page from its own context (browser.newPage() pages are not supported by it). */
export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  return context.newPage();
}

export interface AxeCounts {
  page: string;
  passes: number;
  violations: number;
  incomplete: number;
  /** Rules axe could not decide (for example contrast over a background image): for a person to look at. */
  incompleteRules: string[];
}

/** Runs axe at WCAG 2.2 AA and fails with the rule ids and the elements if anything is violated. */
export async function expectNoAxeViolations(page: Page, name: string): Promise<AxeCounts> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const found = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(found, name).toEqual([]);
  expect(results.passes.length, `${name}: axe checked nothing`).toBeGreaterThan(10);
  return {
    page: name,
    passes: results.passes.length,
    violations: results.violations.length,
    incomplete: results.incomplete.length,
    incompleteRules: results.incomplete.map((rule) => rule.id),
  };
}

export function ensureScreenshotFolder(): void {
  mkdirSync(SCREENSHOTS, { recursive: true });
}

/** The date parts of a YYYY-MM-DD string, as the form's three boxes want them. */
export function dateParts(isoDate: string): { day: string; month: string; year: string } {
  const [year = '', month = '', day = ''] = isoDate.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}

/** Fills the request form with the mouse and keyboard as most people would. */
export async function fillRequestForm(page: Page, request: Record<string, string>): Promise<void> {
  const date = dateParts(request.neededBy ?? '');
  await page.locator('#name').fill(request.name ?? '');
  await page.locator(`input[name="onBehalf"][value="${request.onBehalf ?? 'no'}"]`).check();
  await page.locator('#phone').fill(request.phone ?? '');
  await page.locator('#email').fill(request.email ?? '');
  await page.locator('#addressLine1').fill(request.addressLine1 ?? '');
  await page.locator('#postcode').fill(request.postcode ?? '');
  await page.locator(`input[name="helpType"][value="${request.helpType ?? 'shopping'}"]`).check();
  await page.locator('#details').fill(request.details ?? '');
  await page.locator('#neededBy-day').fill(date.day);
  await page.locator('#neededBy-month').fill(date.month);
  await page.locator('#neededBy-year').fill(date.year);
  await page.locator('#consent').check();
}

export async function submitRequestForm(page: Page): Promise<void> {
  await Promise.all([
    page.waitForNavigation(),
    page.locator('form[action="/requests"] button[type="submit"]').click(),
  ]);
}

/** Waits for `count` invite links for one request (its reference is in each invite) and returns them. */
export async function waitForInvites(outboxUrl: string, reference: string, count: number): Promise<string[]> {
  return waitFor(async () => {
    const emails = (await readOutbox(outboxUrl)).filter((email) => email.body.text?.includes(reference));
    const links = inviteLinks(emails);
    return links.length >= count ? links : undefined;
  }, `${count} invites for ${reference} in the outbox`);
}

/** The reference on the confirmation page the browser was sent to. */
export function referenceFrom(page: Page): string {
  const reference = new URL(page.url()).searchParams.get('ref');
  expect(reference).toMatch(/^GCK-[0-9A-Z]{5}$/);
  return String(reference);
}

/** What the element with focus is, in words a failing assertion can show. */
export async function focused(page: Page): Promise<{ id: string; tag: string; text: string; type: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      id: el?.id ?? '',
      tag: el?.tagName.toLowerCase() ?? '',
      text: (el?.innerText ?? '').trim(),
      type: el?.getAttribute('type') ?? '',
    };
  });
}

/** True when the focused element draws a visible focus indicator (outline, box shadow or a changed background). */
export async function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return false;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== 'none';
    // Radios and checkboxes draw their focus ring on the label's ::before.
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
    const labelRing = label ? getComputedStyle(label, '::before').boxShadow !== 'none' : false;
    return outline || shadow || labelRing;
  });
}
