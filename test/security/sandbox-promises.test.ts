import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/sandbox.js';
import {
  clearOutbox,
  inviteLinks,
  postJson,
  readOutbox,
  respond,
  testSandbox,
  validRequest,
  waitFor,
} from '../support/sandbox.js';

/**
 * Promises of the security issue that need the whole system: email scanners spend no token,
 * a repeated submission makes one request and one workflow, every page sends the headers, and
 * no personal data reaches a log line or an execution input.
 */
let sandbox: Sandbox;
const captured: string[] = [];
const originalWrite = process.stdout.write.bind(process.stdout);
const originalErrWrite = process.stderr.write.bind(process.stderr);
const DISTINCTIVE = validRequest({
  name: 'Perpetua Quillfeather-Oyelaran',
  phone: '07700900713',
  email: 'perpetua.qo@example.net',
  addressLine1: '93 Thistlewood Gardens',
  details: 'Collect the tangerine-coloured parcel from the depot',
});

beforeAll(async () => {
  // Every log line the handlers write is kept, at the most verbose level, for the grep below.
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  const capture =
    (original: typeof process.stdout.write) =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return (original as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    };
  process.stdout.write = capture(originalWrite) as typeof process.stdout.write;
  process.stderr.write = capture(originalErrWrite) as typeof process.stderr.write;
  sandbox = await testSandbox({ timeScale: 1, settings: { responseWindowSeconds: 600 } });
}, 120_000);

afterAll(async () => {
  process.stdout.write = originalWrite;
  process.stderr.write = originalErrWrite;
  await sandbox?.stop();
});

async function inviteLinksFor(count: number): Promise<string[]> {
  return waitFor(async () => {
    const links = inviteLinks(await readOutbox(sandbox.outboxUrl));
    return links.length >= count ? links : undefined;
  }, `${count} invites`);
}

describe('the whole system', () => {
  it('spends no token and assigns nothing when scanners fetch fresh links with HEAD, GET and a browser', async () => {
    await clearOutbox(sandbox.outboxUrl);
    const { json } = await postJson(`${sandbox.url}/requests`, validRequest());
    const links = await inviteLinksFor(2);
    for (const link of links) {
      expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);
      expect((await fetch(link)).status).toBe(200);
    }
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    try {
      const page = await (await browser.newContext()).newPage();
      for (const link of links) {
        await page.goto(link, { waitUntil: 'networkidle' });
        await page.waitForTimeout(300);
      }
    } finally {
      await browser.close();
    }
    const execution = [...sandbox.workflow.executions.values()].at(-1);
    const requestId = String(execution?.name);
    const request = await sandbox.store.getRequest(requestId);
    expect(request?.reference).toBe(json.reference);
    expect(request?.status).toBe('matching');
    const statuses = (await sandbox.store.listInvites(requestId)).map((i) => i.status);
    expect(statuses.length).toBeGreaterThanOrEqual(links.length);
    expect(statuses.every((status) => status === 'sent')).toBe(true);
    // A cross-site POST, as a hostile page or a form-submitting scanner would make, is refused.
    const crossSite = await fetch(String(links[0]), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      body: 'action=accept',
    });
    expect(crossSite.status).toBe(403);
    expect((await sandbox.store.getRequest(requestId))?.status).toBe('matching');
  });

  it('stores one request and starts one workflow for a double click', async () => {
    const before = sandbox.workflow.executions.size;
    const body = new URLSearchParams({ ...validRequest(), idempotencyKey: 'double-click-1' });
    body.delete('neededBy');
    const [day, month, year] = [...String(validRequest().neededBy).split('-')].reverse();
    body.set('neededBy-day', String(day));
    body.set('neededBy-month', String(month));
    body.set('neededBy-year', String(year));
    const post = () =>
      fetch(`${sandbox.url}/requests`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      });
    const responses = await Promise.all([post(), post(), post()]);
    const locations = new Set(responses.map((r) => r.headers.get('location')));
    expect(responses.map((r) => r.status)).toEqual([303, 303, 303]);
    expect(locations.size).toBe(1);
    await waitFor(async () => (sandbox.workflow.executions.size > before ? true : undefined), 'a workflow');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(sandbox.workflow.executions.size).toBe(before + 1);
  });

  it('sends the security headers on every page', async () => {
    const [link] = await inviteLinksFor(1);
    const pages = [
      `${sandbox.url}/`,
      `${sandbox.url}/requests/received?ref=GCK-ABCDE`,
      `${sandbox.url}/requests/received?ref=nonsense`,
      String(link),
      `${sandbox.url}/respond/not-a-token`,
    ];
    for (const page of pages) {
      const response = await fetch(page);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, page).toContain("default-src 'self'");
      expect(csp, page).toContain("script-src 'self'");
      expect(csp, page).toContain("frame-ancestors 'none'");
      expect(csp, page).not.toContain('unsafe-inline');
      expect(response.headers.get('x-content-type-options'), page).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), page).toBe('same-origin');
      expect(response.headers.get('x-frame-options'), page).toBe('DENY');
      expect(response.headers.get('cache-control'), page).toBe('no-store');
    }
  });

  it('keeps every submitted personal detail out of the logs and the execution input through the whole flow', async () => {
    await clearOutbox(sandbox.outboxUrl);
    const before = captured.length;
    const { status } = await postJson(`${sandbox.url}/requests`, DISTINCTIVE);
    expect(status).toBe(201);
    const [link, other] = await inviteLinksFor(2);
    expect((await respond(String(link), 'accept')).status).toBe(200);
    expect((await respond(String(other), 'accept')).status).toBe(200);
    await waitFor(
      async () =>
        (await readOutbox(sandbox.outboxUrl)).some((e) => e.destination.to.includes(DISTINCTIVE.email ?? ''))
          ? true
          : undefined,
      'the requester email',
    );
    const logs = captured.slice(before).join('');
    // The flow did log: the grep below would be empty-handed otherwise.
    expect(logs).toContain('request stored');
    expect(logs).toContain('invite accepted');
    const secrets = [
      DISTINCTIVE.name,
      'Quillfeather',
      DISTINCTIVE.phone,
      '07700 900713',
      DISTINCTIVE.email,
      DISTINCTIVE.addressLine1,
      'Thistlewood',
      DISTINCTIVE.details,
      'tangerine',
    ];
    const inputs = JSON.stringify([...sandbox.workflow.executions.values()].map((e) => e.input));
    for (const secret of secrets) {
      expect(logs, `log lines contain ${secret}`).not.toContain(String(secret));
      expect(inputs).not.toContain(String(secret));
    }
  });
});
