import { afterAll, beforeAll } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/sandbox.js';
import { clearOutbox, readOutbox, type OutboxEmail } from '../../sandbox/services.js';
import { freePort } from './ports.js';

/** A whole sandbox on free ports, in memory, with short windows so a wave passes in a fraction of a second. */
export async function testSandbox(options: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  return startSandbox({
    port: await freePort(),
    outboxPort: await freePort(),
    dynamoDbPort: await freePort(),
    timeScale: 200,
    retryIntervalMs: 5,
    ...options,
    settings: { responseWindowSeconds: 60, urgentResponseWindowSeconds: 60, ...options.settings },
  });
}

/**
 * One sandbox for a file of tests: started before its first test and stopped after its last. `onStart`
 * hands it to the file (which keeps its own name for it) and may prepare more before the tests run.
 */
export function useSandbox(
  options: Partial<SandboxOptions>,
  onStart: (sandbox: Sandbox) => unknown,
  timeoutMs = 300_000,
): void {
  let started: Sandbox | undefined;
  beforeAll(async () => {
    started = await testSandbox(options);
    await onStart(started);
  }, timeoutMs);
  afterAll(async () => {
    await started?.stop();
  });
}

export { clearOutbox, readOutbox, type OutboxEmail };

export function inviteLinks(emails: OutboxEmail[]): string[] {
  return emails
    .map((e) => /https?:\/\/[^\s"<]+\/respond\/[A-Za-z0-9_-]{43}/.exec(e.body.text ?? '')?.[0])
    .filter((link): link is string => link !== undefined);
}

/** Letters a UK postcode's inward code may use. */
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
let requestsMade = 0;

/**
 * A valid form, for a different person each call: the same name, postcode and phone twice would be held
 * as a possible duplicate, which only the duplicate tests want. They pass explicit values.
 */
export function validRequest(overrides: Record<string, string> = {}): Record<string, string> {
  const inFiveDays = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
  const n = requestsMade++;
  const letter = (i: number) => INWARD_LETTERS[i % INWARD_LETTERS.length] ?? 'A';
  const suffix = `${letter(Math.floor(n / INWARD_LETTERS.length))}${letter(n)}`;
  return {
    name: `Winifred Zanzibar-Quill-${suffix.toLowerCase()}`,
    onBehalf: 'no',
    phone: `07700900${String(n % 1000).padStart(3, '0')}`,
    // One address per request: the daily cap on confirmations to one address would otherwise hold
    // back the fourth and later confirmations of a test that files many.
    email: `winifred.zq+${n}@example.net`,
    addressLine1: '77 Marmalade Crescent',
    // Gillingham's town sector, where the demo roster has three shopping volunteers.
    postcode: `SP8 4${suffix}`,
    helpType: 'shopping',
    details: 'Porridge oats and a pint of milk',
    neededBy: inFiveDays,
    consent: 'yes',
    ...overrides,
  };
}

export async function postJson(
  url: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Accepts or declines as a browser would: a same-origin form post. */
export async function respond(
  link: string,
  action: 'accept' | 'accept-series' | 'decline',
): Promise<{ status: number; html: string }> {
  const response = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ action }).toString(),
  });
  return { status: response.status, html: await response.text() };
}

export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The first link to `/path/<token>` in a message's text, or undefined. */
export function linkIn(text: string | undefined, path: string): string | undefined {
  return new RegExp(`https?://[^\\s"<]+/${path}/[A-Za-z0-9_-]{22,}`).exec(text ?? '')?.[0];
}
