import { get, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { sandboxAuthenticatorKey } from '../../sandbox/auth.js';
import type { Sandbox } from '../../sandbox/sandbox.js';
import { REFRESH_COOKIE, SESSION_COOKIE } from '../../shared/auth/session.js';
import { base32Decode, totp } from '../../shared/auth/totp.js';
import { useSandbox } from '../support/sandbox.js';

const PASSWORD = 'Two-Step-Sandbox-Pass-4';
let sandbox: Sandbox;

useSandbox({ prescriberPassword: PASSWORD }, (started) => (sandbox = started), 300_000);

type Jar = Record<string, string>;

async function post(path: string, form: Record<string, string>, jar: Jar = {}): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
      cookie: cookieHeader(jar),
    },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
}

const getPage = (path: string, jar: Jar = {}) =>
  fetch(`${sandbox.url}${path}`, { headers: { cookie: cookieHeader(jar) }, redirect: 'manual' });

/** A browser navigation: fetch sets Sec-Fetch-Mode itself, so this goes through node:http. */
function navigate(path: string, jar: Jar): Promise<{ status?: number; location?: string }> {
  return new Promise((resolve, reject) => {
    get(
      `${sandbox.url}${path}`,
      { headers: { 'sec-fetch-mode': 'navigate', cookie: cookieHeader(jar) } },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode, location: res.headers.location });
      },
    ).on('error', reject);
  });
}

/** A form posted by a browser navigation, redirects not followed. */
function navigatePost(
  path: string,
  form: Record<string, string>,
  jar: Jar,
): Promise<{ status?: number; location?: string; cookies: Jar }> {
  return new Promise((resolve, reject) => {
    const body = new URLSearchParams(form).toString();
    const req = request(
      `${sandbox.url}${path}`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'sec-fetch-mode': 'navigate',
          'sec-fetch-site': 'same-origin',
          cookie: cookieHeader(jar),
        },
      },
      (res) => {
        res.resume();
        const cookies = Object.fromEntries(
          (res.headers['set-cookie'] ?? []).map((line) => {
            const [name = '', ...value] = (line.split(';')[0] ?? '').split('=');
            return [name, value.join('=')];
          }),
        );
        resolve({ status: res.statusCode, location: res.headers.location, cookies });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** What a browser keeps from Set-Cookie: a Max-Age=0 cookie is dropped. */
function remember(response: Response, jar: Jar = {}): Jar {
  const next = new Map(Object.entries(jar));
  for (const line of response.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const [name = '', ...value] = pair.split('=');
    if (/Max-Age=0(;|$)/.test(line)) next.delete(name);
    else next.set(name, value.join('='));
  }
  return Object.fromEntries(next);
}

const cookieHeader = (jar: Jar) =>
  Object.entries(jar)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
const hidden = (page: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? '';
const now = () => Date.now() / 1000;
const codeNow = (key: string) => totp(base32Decode(key), now());
const codeLongAgo = (key: string) => totp(base32Decode(key), now() - 3600);

/** Password, then the code step; answers the final response and the cookies it set. */
async function signIn(email: string, key: string): Promise<{ response: Response; jar: Jar }> {
  const first = await post('/admin/sign-in', { email, password: PASSWORD });
  expect(first.status).toBe(200);
  const session = hidden(await first.text(), 'session');
  const response = await post('/admin/sign-in', { email, session, code: codeNow(key) });
  return { response, jar: remember(response) };
}

describe('two-step sign-in in the sandbox, with real TOTP codes', () => {
  it('the demo prescriber comes enrolled: the password alone gets the code step, and a wrong code is refused', async () => {
    const { email } = sandbox.auth.prescriber;
    const key = sandboxAuthenticatorKey(email);
    expect(sandbox.auth.prescriber.totpSecret).toBe(key);

    const first = await post('/admin/sign-in', { email, password: PASSWORD });
    expect(first.status).toBe(200);
    expect(first.headers.getSetCookie()).toEqual([]);
    const codePage = await first.text();
    expect(codePage).toContain('Code from your authenticator app');
    const session = hidden(codePage, 'session');
    expect(session).not.toBe('');

    const refused = await post('/admin/sign-in', { email, session, code: codeLongAgo(key) });
    expect(refused.status).toBe(401);
    expect(refused.headers.getSetCookie()).toEqual([]);

    const again = await post('/admin/sign-in', { email, password: PASSWORD });
    const retry = hidden(await again.text(), 'session');
    const accepted = await post('/admin/sign-in', { email, session: retry, code: codeNow(key) });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe('/admin');
    const jar = remember(accepted);
    expect(Object.keys(jar).sort()).toEqual([SESSION_COOKIE, REFRESH_COOKIE].sort());
    expect((await getPage('/admin', jar)).status).toBe(200);
    // The session was spent: the same code step cannot be used twice.
    expect((await post('/admin/sign-in', { email, session: retry, code: codeNow(key) })).status).toBe(401);
  });

  it('when the access token has expired, a navigation refreshes it and returns to the page', async () => {
    const { email } = sandbox.auth.prescriber;
    const { jar } = await signIn(email, sandboxAuthenticatorKey(email));
    // The browser drops the access token's cookie when the token expires; the refresh token's stays.
    const expired: Jar = { [REFRESH_COOKIE]: jar[REFRESH_COOKIE] ?? '' };
    const bounced = await navigate('/admin/volunteers', expired);
    expect(bounced).toEqual({ status: 303, location: '/admin/sign-in?next=%2Fadmin%2Fvolunteers' });

    const refreshed = await getPage(bounced.location ?? '', expired);
    expect(refreshed.status).toBe(303);
    expect(refreshed.headers.get('location')).toBe('/admin/volunteers');
    const renewed = remember(refreshed, expired);
    expect(renewed[SESSION_COOKIE]).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(renewed[SESSION_COOKIE]).not.toBe(jar[SESSION_COOKIE]);
    expect((await getPage('/admin/volunteers', renewed)).status).toBe(200);
  });

  it('a form posted after the access token expired is refreshed and posted again, nothing lost', async () => {
    const { email } = sandbox.auth.prescriber;
    const { jar } = await signIn(email, sandboxAuthenticatorKey(email));
    const expired: Jar = { [REFRESH_COOKIE]: jar[REFRESH_COOKIE] ?? '' };
    // A code that cannot match: the answer shows whether the signed-in handler saw the form.
    const form = { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', code: '000000' };
    const bounced = await navigatePost('/admin/two-step', form, expired);
    expect(bounced).toMatchObject({ status: 307, location: '/admin/sign-in?next=%2Fadmin%2Ftwo-step' });

    const refreshed = await navigatePost(bounced.location ?? '', form, expired);
    expect(refreshed).toMatchObject({ status: 307, location: '/admin/two-step' });
    const renewed = { ...expired, ...refreshed.cookies };
    expect(renewed[SESSION_COOKIE]).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const reposted = await post('/admin/two-step', form, renewed);
    expect(reposted.status).toBe(400);
    expect(await reposted.text()).toContain('That code did not match');
  });

  it('signing out revokes the tokens at the pool: the refresh token no longer works, nor Cognito calls with the access token', async () => {
    const { email } = sandbox.auth.prescriber;
    const { jar } = await signIn(email, sandboxAuthenticatorKey(email));
    const signedOut = await post('/admin/sign-out', {}, jar);
    expect(signedOut.status).toBe(303);
    expect(remember(signedOut, jar)).toEqual({});

    // Someone who had copied the cookies cannot refresh with them...
    const replayed = await getPage('/admin/sign-in?next=%2Fadmin', {
      [REFRESH_COOKIE]: jar[REFRESH_COOKIE] ?? '',
    });
    expect(replayed.status).toBe(200);
    expect(await replayed.text()).toContain('name="password"');
    expect(remember(replayed, { [REFRESH_COOKIE]: 'x' })).toEqual({});
    // ...nor use the access token for Cognito's own calls (here: a new authenticator key).
    expect((await getPage('/admin/two-step', { [SESSION_COOKIE]: jar[SESSION_COOKIE] ?? '' })).status).toBe(
      401,
    );
  });

  it('a prescriber with no authenticator sets one up during sign-in, and from then on needs its code', async () => {
    const { email } = sandbox.auth.prescriber;
    sandbox.auth.resetAuthenticator(email);
    try {
      const first = await post('/admin/sign-in', { email, password: PASSWORD });
      expect(first.status).toBe(200);
      expect(first.headers.getSetCookie()).toEqual([]);
      const page = await first.text();
      expect(page).toContain('Set up two-step sign-in');
      const secret = hidden(page, 'secret');
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(page).toContain(`secret=${secret}`);
      const setupSession = hidden(page, 'setupSession');

      const wrong = await post('/admin/sign-in', { email, setupSession, secret, code: codeLongAgo(secret) });
      expect(wrong.status).toBe(400);
      expect(wrong.headers.getSetCookie()).toEqual([]);
      expect(await wrong.text()).toContain('That code did not match');
      expect(sandbox.auth.prescriber.totpSecret).toBeUndefined();

      const accepted = await post('/admin/sign-in', { email, setupSession, secret, code: codeNow(secret) });
      expect(accepted.status).toBe(303);
      expect((await getPage('/admin', remember(accepted))).status).toBe(200);
      expect(sandbox.auth.prescriber.totpSecret).toBe(secret);

      const { response } = await signIn(email, secret);
      expect(response.status).toBe(303);
    } finally {
      sandbox.auth.prescriber.totpSecret = sandboxAuthenticatorKey(email);
    }
  });

  it('a signed-in prescriber moves to a new authenticator; the old key stops working', async () => {
    const { email } = sandbox.auth.prescriber;
    const oldKey = sandboxAuthenticatorKey(email);
    try {
      const { jar } = await signIn(email, oldKey);
      const setup = await getPage('/admin/two-step', jar);
      expect(setup.status).toBe(200);
      const page = await setup.text();
      const secret = hidden(page, 'secret');
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(page).toContain('otpauth://totp/');

      const wrong = await post('/admin/two-step', { secret, code: codeLongAgo(secret) }, jar);
      expect(wrong.status).toBe(400);
      expect(sandbox.auth.prescriber.totpSecret).toBe(oldKey);

      const enabled = await post('/admin/two-step', { secret, code: codeNow(secret) }, jar);
      expect(enabled.status).toBe(200);
      expect(await enabled.text()).toContain('Two-step sign-in is on');

      const first = await post('/admin/sign-in', { email, password: PASSWORD });
      const session = hidden(await first.text(), 'session');
      expect((await post('/admin/sign-in', { email, session, code: codeNow(oldKey) })).status).toBe(401);
      expect((await signIn(email, secret)).response.status).toBe(303);
    } finally {
      sandbox.auth.prescriber.totpSecret = oldKey;
    }
  });
});
