import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/sandbox.js';
import { postJson, validRequest } from '../support/sandbox.js';
import {
  AT_HUMAN_PACE,
  ensureScreenshotFolder,
  fillRequestForm,
  newPage,
  SCREENSHOTS,
  submitRequestForm,
  useBrowserSandbox,
  waitForInvites,
} from './browser-support.js';

/**
 * The public pages on small phones: no sideways scrolling at 320 and 390 CSS px, and every target
 * at least 24 by 24 CSS px (WCAG 2.2, 2.5.8) unless it is a link inside a sentence or has room
 * around it. Full-page screenshots go to test-results/screenshots/ for people to look at.
 */

let sandbox: Sandbox;
let browser: Browser;
/** Two requests, so each width can say yes to its own. */
const invites: string[][] = [];
const SLOW = 180_000;

useBrowserSandbox(
  AT_HUMAN_PACE,
  async (world) => {
    ({ sandbox, browser } = world);
    ensureScreenshotFolder();
    const created = await Promise.all(
      [1, 2].map((n) =>
        postJson(`${sandbox.url}/requests`, validRequest({ email: `phone.${n}@example.net` })),
      ),
    );
    for (const { json } of created) {
      invites.push(await waitForInvites(sandbox.outboxUrl, String(json.reference), 2));
    }
  },
  180_000,
);

interface Problem {
  what: string;
  size: string;
}

/** Every target that is visible, smaller than 24×24, not inline in a sentence and without room around it. */
async function undersizedTargets(page: Page): Promise<Problem[]> {
  return page.evaluate(() => {
    const MIN = 24;
    const candidates = Array.from(
      document.querySelectorAll<HTMLElement>('a[href], button, input:not([type="hidden"]), select, textarea'),
    );
    const visible = candidates.filter((el) => {
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return (
        rect.width > 1 &&
        rect.height > 1 &&
        style.visibility !== 'hidden' &&
        !el.closest('.nhsuk-u-visually-hidden, [aria-hidden="true"]')
      );
    });
    const rects = visible.map((el) => el.getBoundingClientRect());
    const inSentence = (el: HTMLElement) => {
      if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
      const block = el.parentElement;
      return (block?.textContent ?? '').trim().length > (el.textContent ?? '').trim().length;
    };
    const distanceToRect = (x: number, y: number, r: DOMRect) => {
      const dx = Math.max(r.left - x, 0, x - r.right);
      const dy = Math.max(r.top - y, 0, y - r.bottom);
      return Math.hypot(dx, dy);
    };
    const problems: { what: string; size: string }[] = [];
    visible.forEach((el, index) => {
      const rect = rects[index] as DOMRect;
      if ((rect.width >= MIN && rect.height >= MIN) || inSentence(el)) return;
      // WCAG 2.5.8's spacing exception: a 24 px circle on the target's centre touches no other target.
      const cx = rect.left + rect.width / 2;
      const cy = rect.top + rect.height / 2;
      const crowded = rects.some((other, otherIndex) => {
        if (otherIndex === index) return false;
        const otherEl = visible[otherIndex] as HTMLElement;
        // A label's own input (the radios' big invisible input) is the same target.
        if (otherEl.contains(el) || el.contains(otherEl)) return false;
        return distanceToRect(cx, cy, other) < MIN / 2;
      });
      if (crowded) {
        problems.push({
          what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`,
          size: `${Math.round(rect.width)}×${Math.round(rect.height)}`,
        });
      }
    });
    return problems;
  });
}

async function checkPhonePage(page: Page, width: number, name: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(innerWidth, name).toBe(width);
  expect(scrollWidth, `${name}: sideways scrolling at ${width}px`).toBeLessThanOrEqual(innerWidth);
  expect(await undersizedTargets(page), `${name} at ${width}px`).toEqual([]);
  // Something to tap was measured: the check is not passing on an empty page.
  expect(await page.locator('a[href], button').count(), name).toBeGreaterThan(0);
  await page.screenshot({ path: `${SCREENSHOTS}/${width}px-${name}.png`, fullPage: true });
}

describe.each([320, 390])('at %i CSS px wide', (width) => {
  const phone = () =>
    newPage(browser, {
      viewport: { width, height: 740 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 1,
    });

  it.each(['en', 'ar'])(
    'the form, its errors, the confirmation and the outside-area page (%s)',
    async (lang) => {
      const page = await phone();
      await page.goto(`${sandbox.url}/?lang=${lang}`);
      await checkPhonePage(page, width, `form-${lang}`);

      await submitRequestForm(page);
      expect(await page.locator('.nhsuk-error-summary').isVisible()).toBe(true);
      await checkPhonePage(page, width, `form-errors-${lang}`);

      await page.goto(`${sandbox.url}/?lang=${lang}`);
      await fillRequestForm(page, validRequest({ postcode: 'SW1A 1AA' }));
      await submitRequestForm(page);
      await checkPhonePage(page, width, `outside-area-${lang}`);

      await page.goto(`${sandbox.url}/requests/received?ref=GCK-7F3K2&lang=${lang}`);
      await checkPhonePage(page, width, `confirmation-${lang}`);
    },
    SLOW,
  );

  it(
    'the respond page, open and accepted, and the not-found page',
    async () => {
      const [link] = invites[width === 320 ? 0 : 1] ?? [];
      const page = await phone();
      await page.goto(String(link));
      await checkPhonePage(page, width, 'respond-open');
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: /yes, i can help/i }).click(),
      ]);
      expect(await page.locator('h1').innerText()).toBe('Thank you for saying yes');
      await checkPhonePage(page, width, 'respond-accepted');

      await page.goto(`${sandbox.url}/requests/received?ref=nonsense`);
      await checkPhonePage(page, width, 'not-found');
    },
    SLOW,
  );
});
