import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

// Powertools reads its level when the logger module is first imported: keep test output quiet.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { handler } from '../../functions/volunteer-profile.js';
import { toVolunteer } from '../../shared/domain/messages.js';
import { setRuntimeForTests } from '../../shared/runtime.js';
import { newInviteToken } from '../../shared/util/ids.js';
import { httpEvent, installMemoryRuntime, lambdaContext } from '../support/handler-runtime.js';
import { aVolunteer, testSettings, type TestPorts } from '../support/memory-store.js';
import { deliverPending } from '../support/outbox.js';

/** A volunteer's own pages through the real handler, against the in-memory store and outbox. */
type Result = { statusCode: number; headers?: Record<string, string>; body?: string };

let ports: TestPorts;

beforeEach(async () => {
  ports = installMemoryRuntime();
  await ports.store.putVolunteer(
    aVolunteer({
      id: 'vol-asha',
      name: 'Asha Patel',
      email: 'asha@example.org',
      areas: ['GL50'],
      helpTypes: ['dog-walking'],
      availability: ['tue-morning', 'wed-morning'],
      weeklyLimit: 1,
    }),
  );
});

afterAll(() => setRuntimeForTests(undefined));

const SAME_ORIGIN = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };

async function call(
  method: 'GET' | 'POST',
  route: string,
  options: { token?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<Result> {
  const path = options.token === undefined ? route : route.replace('{token}', options.token);
  const event = httpEvent(method, path, {
    ...(options.token === undefined ? {} : { pathParameters: { token: options.token } }),
    ...(options.body === undefined ? {} : { body: options.body }),
    headers: method === 'POST' ? { ...SAME_ORIGIN, ...options.headers } : { ...options.headers },
  });
  event.routeKey = `${method} ${route}`;
  return (await handler(event, lambdaContext())) as Result;
}

function tokenIn(text: string | undefined, path: string): string {
  const match = new RegExp(`${path}/([A-Za-z0-9_-]{43})`).exec(text ?? '');
  if (!match?.[1]) throw new Error(`no ${path} link`);
  return match[1];
}

async function profileToken(): Promise<string> {
  await ports.store.putMessages([{ kind: 'applicant-welcome', to: toVolunteer('vol-asha') }]);
  await deliverPending(ports);
  return tokenIn(ports.mailer.to('asha@example.org').at(-1)?.text, '/volunteer/profile');
}

const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields))
    for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
  return body.toString();
};

const details = (overrides: Record<string, string | string[]> = {}) =>
  form({
    action: 'save',
    name: 'Asha Patel',
    email: 'asha@example.org',
    phone: '',
    contactBy: 'email',
    areas: 'GL50',
    helpTypes: ['dog-walking'],
    'availability-tue': ['morning'],
    'availability-wed': ['morning'],
    weeklyLimit: '1',
    ...overrides,
  });

describe('GET /volunteer/profile/{token}', () => {
  it('shows the volunteer their own details and changes nothing', async () => {
    const token = await profileToken();
    const writes = ports.store.writes().length;
    const result = await call('GET', '/volunteer/profile/{token}', { token });
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('Your details');
    expect(result.body).toContain('value="asha@example.org"');
    expect(result.body).toContain('value="GL50"');
    expect(result.body).toMatch(/name="availability-tue"[^>]*value="morning"[^>]*checked/);
    expect(result.body).toContain(`action="/volunteer/profile/${token}"`);
    expect(result.body).toContain('<meta name="robots" content="noindex');
    expect(ports.store.writes().length).toBe(writes);
  });

  it('speaks Arabic when asked, right to left', async () => {
    const token = await profileToken();
    const result = await call('GET', '/volunteer/profile/{token}', {
      token,
      headers: { 'accept-language': 'ar' },
    });
    expect(result.body).toContain('lang="ar" dir="rtl"');
    expect(result.body).toContain('بياناتك');
  });

  it('refuses a forged link, an expired one and one a newer link replaced, with the not-recognised page', async () => {
    const token = await profileToken();
    expect((await call('GET', '/volunteer/profile/{token}', { token: newInviteToken() })).statusCode).toBe(
      404,
    );
    const replaced = token;
    const newer = await profileToken();
    const old = await call('GET', '/volunteer/profile/{token}', { token: replaced });
    expect(old.statusCode).toBe(404);
    expect(old.body).toContain('This link is not valid');
    expect(old.body).toContain('href="/volunteer/profile"');
    ports.clock.advanceSeconds((testSettings().profileLinkDays + 1) * 86_400);
    expect((await call('GET', '/volunteer/profile/{token}', { token: newer })).statusCode).toBe(404);
  });
});

describe('POST /volunteer/profile/{token}', () => {
  it('refuses a cross-site post with 403 and changes nothing', async () => {
    const token = await profileToken();
    const refused: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': '', origin: 'https://evil.example' },
    ];
    for (const headers of refused) {
      const result = await call('POST', '/volunteer/profile/{token}', {
        token,
        body: form({ action: 'leave-confirmed' }),
        headers: { ...headers },
      });
      expect(result.statusCode).toBe(403);
    }
    expect(await ports.store.getVolunteer('vol-asha')).toBeDefined();
  });

  it('saves changed areas from the same origin, and shows them saved', async () => {
    const token = await profileToken();
    const result = await call('POST', '/volunteer/profile/{token}', {
      token,
      body: details({ areas: 'GL51 2' }),
    });
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('Your changes are saved.');
    expect((await ports.store.getVolunteer('vol-asha'))?.areas).toEqual(['GL51 2']);
  });

  it('answers errors with the join form’s error summary, and an area outside the service by name', async () => {
    const token = await profileToken();
    const result = await call('POST', '/volunteer/profile/{token}', {
      token,
      body: details({ areas: 'GL50, SW1A', weeklyLimit: 'lots' }),
    });
    expect(result.statusCode).toBe(400);
    expect(result.body).toContain('nhsuk-error-summary');
    expect(result.body).toContain('We do not cover SW1A');
    expect(result.body).toContain('href="#areas"');
    expect(result.body).toContain('<title>Error:');
    expect((await ports.store.getVolunteer('vol-asha'))?.areas).toEqual(['GL50']);
  });

  it('keeps the old email until the new one is confirmed through its own link (GET shows, POST acts)', async () => {
    const token = await profileToken();
    const saved = await call('POST', '/volunteer/profile/{token}', {
      token,
      body: details({ email: 'asha.new@example.org' }),
    });
    expect(saved.body).toContain('We have sent a link to your new email address');
    expect((await ports.store.getVolunteer('vol-asha'))?.email).toBe('asha@example.org');
    await deliverPending(ports);
    const confirmToken = tokenIn(ports.mailer.to('asha.new@example.org')[0]?.text, '/volunteer/confirm');

    const shown = await call('GET', '/volunteer/confirm/{token}', { token: confirmToken });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('asha.new@example.org');
    expect((await ports.store.getVolunteer('vol-asha'))?.email).toBe('asha@example.org');
    const crossSite = await call('POST', '/volunteer/confirm/{token}', {
      token: confirmToken,
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.statusCode).toBe(403);
    expect((await ports.store.getVolunteer('vol-asha'))?.email).toBe('asha@example.org');

    const confirmed = await call('POST', '/volunteer/confirm/{token}', { token: confirmToken });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('Your email address is changed');
    expect((await ports.store.getVolunteer('vol-asha'))?.email).toBe('asha.new@example.org');
  });

  it('leaves only after the confirm step; the link then stops working', async () => {
    const token = await profileToken();
    const asked = await call('POST', '/volunteer/profile/{token}', {
      token,
      body: form({ action: 'leave' }),
    });
    expect(asked.body).toContain('Are you sure you want to leave?');
    expect(await ports.store.getVolunteer('vol-asha')).toBeDefined();
    const left = await call('POST', '/volunteer/profile/{token}', {
      token,
      body: form({ action: 'leave-confirmed' }),
    });
    expect(left.body).toContain('You have left the scheme');
    expect(await ports.store.getVolunteer('vol-asha')).toBeUndefined();
    expect((await call('GET', '/volunteer/profile/{token}', { token })).statusCode).toBe(404);
  });
});

describe('GET and POST /volunteer/profile: "send me a link"', () => {
  it('shows the form', async () => {
    const result = await call('GET', '/volunteer/profile');
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('Get a link to your details');
    expect(result.body).toContain('name="address"');
  });

  it('answers a known and an unknown address with the same page and status; only the known one is sent a link', async () => {
    const unknown = await call('POST', '/volunteer/profile', {
      body: form({ address: 'nobody@example.org' }),
    });
    const known = await call('POST', '/volunteer/profile', { body: form({ address: 'asha@example.org' }) });
    expect(known.statusCode).toBe(unknown.statusCode);
    expect(known.statusCode).toBe(200);
    expect(known.body).toBe(unknown.body);
    expect(known.body).toContain('Check your messages');
    await deliverPending(ports);
    expect(ports.mailer.to('nobody@example.org')).toEqual([]);
    const token = tokenIn(ports.mailer.to('asha@example.org')[0]?.text, '/volunteer/profile');
    expect((await call('GET', '/volunteer/profile/{token}', { token })).statusCode).toBe(200);
  });

  it('asks again for something that is neither an email address nor a mobile number', async () => {
    const result = await call('POST', '/volunteer/profile', { body: form({ address: 'asha' }) });
    expect(result.statusCode).toBe(400);
    expect(result.body).toContain('nhsuk-error-summary');
    expect(ports.store.messageIntents()).toEqual([]);
  });

  it('refuses a cross-site post', async () => {
    const result = await call('POST', '/volunteer/profile', {
      body: form({ address: 'asha@example.org' }),
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(result.statusCode).toBe(403);
    expect(ports.store.messageIntents()).toEqual([]);
  });
});
