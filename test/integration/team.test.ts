import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalAccount } from '../../sandbox/auth.js';
import { SANDBOX_TEAM, type Sandbox } from '../../sandbox/sandbox.js';
import { base32Decode, totp } from '../../shared/auth/totp.js';
import { postJson, testSandbox, validRequest, waitFor } from '../support/sandbox.js';

/** Two prescribers in the sandbox: real sign-in (password and code), real handlers, the local user pool. */
const PASSWORD = 'Team-Sandbox-Pass-7x';
let sandbox: Sandbox;
const logLines: string[] = [];

beforeAll(async () => {
  sandbox = await testSandbox({ prescriberPassword: PASSWORD, log: (line) => logLines.push(line) });
}, 300_000);

afterAll(async () => {
  await sandbox?.stop();
});

type Jar = string;

async function post(path: string, form: Record<string, string>, jar: Jar = ''): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
      cookie: jar,
    },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
}

const page = async (path: string, jar: Jar) => {
  const response = await fetch(`${sandbox.url}${path}`, { headers: { cookie: jar }, redirect: 'manual' });
  return { status: response.status, html: await response.text() };
};

const hidden = (html: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
const cookiesOf = (response: Response): Jar =>
  response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');

/** Password, then the authenticator's code; the session cookies, or the status it stopped at. */
async function signIn(
  account: LocalAccount,
  password = account.password,
): Promise<{ status: number; jar: Jar }> {
  const first = await post('/admin/sign-in', { email: account.email, password });
  if (first.status !== 200) return { status: first.status, jar: '' };
  const session = hidden(await first.text(), 'session');
  if (session === '') return { status: 401, jar: '' };
  const code = totp(base32Decode(account.totpSecret ?? ''), Date.now() / 1000);
  const done = await post('/admin/sign-in', { email: account.email, session, code });
  return { status: done.status, jar: cookiesOf(done) };
}

/** The text of a timeline entry: who, then what. */
const entries = (html: string) =>
  [...html.matchAll(/<strong>[^<]*<\/strong>,\s*([^<]+?)\s*<\/p>\s*<p[^>]*>([^<]+)<\/p>/g)].map(
    ([, who, what]) => `${who?.trim()}: ${what?.trim()}`,
  );

describe('two prescribers share the queue in the sandbox', () => {
  it('starts with two prescribers, the first an admin, both on the team list', async () => {
    const [alex, sam] = sandbox.auth.accounts;
    expect(sandbox.auth.accounts).toHaveLength(2);
    expect(alex?.groups).toEqual(['prescribers', 'admins']);
    expect(sam?.groups).toEqual(['prescribers']);
    expect((await sandbox.store.listTeam()).map((m) => [m.name, m.admin, m.enabled])).toEqual([
      [SANDBOX_TEAM.admin, true, true],
      [SANDBOX_TEAM.second, false, true],
    ]);
  });

  it('A claims, B sees it claimed, the audit names each; a disabled prescriber cannot sign in or use a token they hold', async () => {
    const [alex, sam] = sandbox.auth.accounts;
    if (!alex || !sam) throw new Error('two accounts expected');
    // Nobody offers "something else" in Zeals: it escalates at once.
    const created = await postJson(
      `${sandbox.url}/requests`,
      validRequest({ helpType: 'other', postcode: 'BA12 6ZZ' }),
    );
    const reference = String(created.json.reference);
    const request = await waitFor(async () => {
      const escalated = await sandbox.store.listRequestsByStatus('escalated');
      return escalated.find((r) => r.reference === reference);
    }, 'the escalation');
    const path = `/admin/requests/${request.id}`;

    const a = await signIn(alex);
    const b = await signIn(sam);
    expect([a.status, b.status]).toEqual([303, 303]);

    // A claims it.
    const claimed = await post(`${path}/claim`, {}, a.jar);
    expect(claimed.status).toBe(303);

    // B sees it claimed, on the dashboard and the page, and cannot take it.
    const home = await page('/admin', b.jar);
    const card = home.html.slice(home.html.indexOf(reference), home.html.indexOf(reference) + 800);
    expect(card).toContain(`Handled by ${SANDBOX_TEAM.admin}`);
    expect((await page('/admin?show=mine', b.jar)).html).not.toContain(reference);
    expect((await page('/admin?show=unclaimed', b.jar)).html).not.toContain(reference);
    expect((await page('/admin?show=mine', a.jar)).html).toContain(reference);
    expect((await page(path, b.jar)).html).toContain(`${SANDBOX_TEAM.admin} is handling this`);
    const taken = await post(`${path}/claim`, {}, b.jar);
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain(`${SANDBOX_TEAM.admin} is already handling this.`);

    // A gives it back; B takes it.
    expect((await post(`${path}/give-back`, {}, a.jar)).status).toBe(303);
    expect((await post(`${path}/claim`, {}, b.jar)).status).toBe(303);

    // The audit names each, by name on the page and by id in the table.
    const timeline = entries((await page(path, a.jar)).html);
    expect(timeline).toEqual(
      expect.arrayContaining([
        `You (${SANDBOX_TEAM.admin}): Said they will handle this`,
        `You (${SANDBOX_TEAM.admin}): Gave it back to the team`,
        `${SANDBOX_TEAM.second}: Said they will handle this`,
      ]),
    );
    const audit = await sandbox.store.listAudit(request.id);
    expect(audit.filter((e) => e.type === 'claimed').map((e) => e.actor)).toEqual([alex.sub, sam.sub]);
    expect(JSON.stringify(audit)).not.toMatch(new RegExp(`${SANDBOX_TEAM.admin}|${SANDBOX_TEAM.second}|@`));

    // B is not an admin: the team page is closed to them.
    expect((await page('/admin/team', b.jar)).status).toBe(403);
    expect((await post(`/admin/team/${alex.sub}/disable`, {}, b.jar)).status).toBe(403);

    // A disables B: B's next sign-in is refused, and the token B already holds (still within its
    // hour) is refused at once, on a page and on an action, changing nothing.
    expect((await page('/admin', b.jar)).status).toBe(200);
    expect((await post(`/admin/team/${sam.sub}/disable`, {}, a.jar)).status).toBe(303);
    expect((await page('/admin/team', a.jar)).html).toMatch(/Sam Taylor[\s\S]*Disabled/);
    const refused = await post('/admin/sign-in', { email: sam.email, password: sam.password });
    expect(refused.status).toBe(401);
    expect(refused.headers.getSetCookie()).toEqual([]);
    const shut = await page('/admin', b.jar);
    expect(shut.status).toBe(403);
    expect(shut.html).toContain('Your account is disabled');
    expect(shut.html).not.toContain(reference);
    expect((await post(`${path}/give-back`, {}, b.jar)).status).toBe(403);
    expect((await sandbox.store.getRequest(request.id))?.claimedBy).toBe(sam.sub);

    // Enabled again, the same token is accepted, and B signs in.
    expect((await post(`/admin/team/${sam.sub}/enable`, {}, a.jar)).status).toBe(303);
    expect((await page('/admin', b.jar)).status).toBe(200);
    expect((await signIn(sam)).status).toBe(303);
  });

  it('an admin adds a prescriber, who signs in with the temporary password, chooses their own and sets up a code', async () => {
    const [alex] = sandbox.auth.accounts;
    if (!alex) throw new Error('no admin');
    const a = await signIn(alex);
    const added = await post(
      '/admin/team',
      { name: 'Jo Bloggs', email: 'jo.bloggs@practice.example.org' },
      a.jar,
    );
    expect(added.status).toBe(303);
    const line = logLines.find((l) => l.startsWith('New prescriber jo.bloggs@practice.example.org'));
    const temporary = /temporary password (\S+)/.exec(line ?? '')?.[1] ?? '';
    expect(temporary).not.toBe('');
    const jo = sandbox.auth.accounts.find((acc) => acc.email === 'jo.bloggs@practice.example.org');
    expect(jo?.groups).toEqual(['prescribers']);
    expect((await sandbox.store.listTeam()).find((m) => m.id === jo?.sub)?.name).toBe('Jo Bloggs');

    const first = await post('/admin/sign-in', {
      email: 'jo.bloggs@practice.example.org',
      password: temporary,
    });
    expect(first.status).toBe(200);
    const newPasswordSession = hidden(await first.text(), 'newPasswordSession');
    expect(newPasswordSession).not.toBe('');
    const chosen = await post('/admin/sign-in', {
      email: 'jo.bloggs@practice.example.org',
      newPasswordSession,
      newPassword: 'Jo-Chooses-Her-Own-1',
    });
    expect(chosen.status).toBe(200);
    const setup = await chosen.text();
    const secret = hidden(setup, 'secret');
    expect(secret).not.toBe('');
    const enrolled = await post('/admin/sign-in', {
      email: 'jo.bloggs@practice.example.org',
      setupSession: hidden(setup, 'setupSession'),
      secret,
      code: totp(base32Decode(secret), Date.now() / 1000),
    });
    expect(enrolled.status).toBe(303);
    // Not an admin: the dashboard, but not the team page.
    expect((await page('/admin', cookiesOf(enrolled))).status).toBe(200);
    expect((await page('/admin/team', cookiesOf(enrolled))).status).toBe(403);
  });
});
