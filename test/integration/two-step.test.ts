import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/sandbox.js';
import { base32Decode, totp } from '../../shared/auth/totp.js';
import { testSandbox } from '../support/sandbox.js';

const PASSWORD = 'Two-Step-Sandbox-Pass-4';
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await testSandbox({ prescriberPassword: PASSWORD });
}, 300_000);

afterAll(async () => {
  await sandbox?.stop();
});

async function post(path: string, form: Record<string, string>, cookie?: string): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
}

const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
const hidden = (page: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? '';
const now = () => Date.now() / 1000;

describe('two-step sign-in in the sandbox, with real TOTP codes', () => {
  it('enrols an authenticator, then sign-in needs its code and refuses a wrong one', async () => {
    const email = sandbox.auth.prescriber.email;
    const signedIn = await post('/admin/sign-in', { email, password: PASSWORD });
    expect(signedIn.status).toBe(303);
    const cookie = cookieOf(signedIn);

    const setup = await fetch(`${sandbox.url}/admin/two-step`, { headers: { cookie } });
    expect(setup.status).toBe(200);
    const page = await setup.text();
    expect(page).toContain('Set up two-step sign-in');
    const secret = hidden(page, 'secret');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(page).toContain(`otpauth://totp/`);
    expect(page).toContain(`secret=${secret}`);
    const key = base32Decode(secret);

    // A code from long ago is refused, and two-step stays off.
    const wrong = await post('/admin/two-step', { secret, code: totp(key, now() - 3600) }, cookie);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('That code did not match');
    expect(sandbox.auth.prescriber.mfaEnabled).toBeFalsy();

    const enabled = await post('/admin/two-step', { secret, code: totp(key, now()) }, cookie);
    expect(enabled.status).toBe(200);
    expect(await enabled.text()).toContain('Two-step sign-in is on');
    expect((await post('/admin/sign-out', {}, cookie)).status).toBe(303);

    // The password alone now gets the code step, not a session.
    const first = await post('/admin/sign-in', { email, password: PASSWORD });
    expect(first.status).toBe(200);
    expect(first.headers.get('set-cookie')).toBeNull();
    const codePage = await first.text();
    expect(codePage).toContain('Code from your authenticator app');
    const session = hidden(codePage, 'session');
    expect(session).not.toBe('');

    const refused = await post('/admin/sign-in', { email, session, code: totp(key, now() - 3600) });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('set-cookie')).toBeNull();

    const again = await post('/admin/sign-in', { email, password: PASSWORD });
    const retry = hidden(await again.text(), 'session');
    const accepted = await post('/admin/sign-in', { email, session: retry, code: totp(key, now()) });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe('/admin');
    const home = await fetch(`${sandbox.url}/admin`, { headers: { cookie: cookieOf(accepted) } });
    expect(home.status).toBe(200);
    // The session was spent: the same code step cannot be used twice.
    expect((await post('/admin/sign-in', { email, session: retry, code: totp(key, now()) })).status).toBe(
      401,
    );
  });
});
