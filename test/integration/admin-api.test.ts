import { get } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../infra/catalogue.js';
import type { Sandbox } from '../../sandbox/sandbox.js';
import { startLocalAuth, type LocalAuth } from '../../sandbox/auth.js';
import { base32Decode, totp } from '../../shared/auth/totp.js';
import { epochSeconds } from '../../shared/vocabulary/time.js';
import { postJson, readOutbox, useSandbox, validRequest, waitFor } from '../support/sandbox.js';

let sandbox: Sandbox;
/** Another issuer's keys: a token it signs must never pass, however well-formed. */
let stranger: LocalAuth;
let token: string;

useSandbox(
  { prescriberPassword: 'Correct-Horse-Battery-9' },
  async (started) => {
    sandbox = started;
    stranger = await startLocalAuth({ email: 'someone@example.org' });
    token = await sandbox.auth.issueAccessToken({
      sub: sandbox.auth.prescriber.sub,
      groups: ['prescribers'],
    });
  },
  300_000,
);

afterAll(async () => {
  await stranger?.stop();
});

const ADMIN_ROUTES = ROUTES.filter((r) => r.auth === 'prescriber');

function urlOf(path: string): string {
  return `${sandbox.url}${path.replace('{id}', 'req-does-not-exist')}`;
}

async function call(
  method: string,
  path: string,
  options: {
    token?: string;
    cookie?: string;
    form?: Record<string, string>;
    headers?: Record<string, string>;
  } = {},
): Promise<Response> {
  const headers: Record<string, string> = { 'sec-fetch-site': 'same-origin', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  return fetch(path.startsWith('http') ? path : urlOf(path), {
    method,
    headers,
    body: options.form ? new URLSearchParams(options.form).toString() : undefined,
    redirect: 'manual',
  });
}

function tamper(jwt: string): string {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  claims['cognito:groups'] = ['prescribers', 'admins'];
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

describe('every /admin route refuses a bad token', () => {
  it('marks every dashboard route but sign-in and sign-out as needing a prescriber', () => {
    const adminPaths = ROUTES.filter((r) => r.path.startsWith('/admin'));
    const open = adminPaths.filter((r) => r.auth !== 'prescriber').map((r) => `${r.method} ${r.path}`);
    expect(open.sort()).toEqual(['GET /admin/sign-in', 'POST /admin/sign-in', 'POST /admin/sign-out']);
    expect(ADMIN_ROUTES.length).toBeGreaterThan(5);
  });

  it.each(ADMIN_ROUTES.map((r) => [r.method, r.path] as const))(
    '%s %s: missing, expired, tampered, foreign → 401; wrong group → 403',
    async (method, path) => {
      const expired = await sandbox.auth.issueAccessToken({
        sub: sandbox.auth.prescriber.sub,
        groups: ['prescribers'],
        expiresInSeconds: -60,
      });
      const foreign = await stranger.issueAccessToken({
        sub: sandbox.auth.prescriber.sub,
        groups: ['prescribers'],
      });
      const otherClient = await sandbox.auth.issueAccessToken({
        sub: sandbox.auth.prescriber.sub,
        groups: ['prescribers'],
        clientId: 'some-other-app',
      });
      const wrongGroup = await sandbox.auth.issueAccessToken({ sub: 'someone-else', groups: ['volunteers'] });
      const noGroup = await sandbox.auth.issueAccessToken({ sub: 'someone-else', groups: [] });

      for (const bad of [undefined, expired, tamper(token), foreign, otherClient, 'not-a-jwt']) {
        const response = await call(method, path, { token: bad, form: method === 'POST' ? {} : undefined });
        expect(response.status, `token ${bad?.slice(0, 20) ?? 'missing'}`).toBe(401);
        expect(await response.json()).toEqual({ message: 'Unauthorized' });
      }
      for (const bad of [wrongGroup, noGroup]) {
        const response = await call(method, path, { token: bad, form: method === 'POST' ? {} : undefined });
        expect(response.status).toBe(403);
        expect(response.headers.get('cache-control')).toBe('no-store');
      }
      // The same expired token in the cookie is refused just the same.
      const viaCookie = await call(method, path, { cookie: `ck_admin=${expired}` });
      expect(viaCookie.status).toBe(401);
    },
  );

  it('sends a browser that is not signed in to the sign-in page instead of a bare 401', async () => {
    // fetch sets Sec-Fetch-Mode itself, so this one is sent as a browser navigation would be.
    const response = await new Promise<{ status?: number; location?: string }>((resolve, reject) => {
      get(`${sandbox.url}/admin`, { headers: { 'sec-fetch-mode': 'navigate' } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode, location: res.headers.location });
      }).on('error', reject);
    });
    expect(response).toEqual({ status: 303, location: '/admin/sign-in' });
  });
});

describe('signing in', () => {
  it('signs in with the right password and authenticator code into an HttpOnly, SameSite=Strict cookie that opens the dashboard', async () => {
    const email = sandbox.auth.prescriber.email.toUpperCase();
    const codeStep = await call('POST', '/admin/sign-in', {
      form: { email, password: 'Correct-Horse-Battery-9' },
    });
    expect(codeStep.status).toBe(200);
    expect(codeStep.headers.get('set-cookie')).toBeNull();
    const session = /name="session" value="([^"]*)"/.exec(await codeStep.text())?.[1] ?? '';
    const key = base32Decode(sandbox.auth.prescriber.totpSecret ?? '');
    const response = await call('POST', '/admin/sign-in', {
      form: { email, session, code: totp(key, Date.now() / 1000) },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin');
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^ck_admin=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/admin');
    const cookie = setCookie.split(';')[0] ?? '';
    const home = await call('GET', '/admin', { cookie });
    expect(home.status).toBe(200);
    expect(home.headers.get('cache-control')).toBe('no-store');
    expect(await home.text()).toContain('What needs you now');
  });

  it('refuses a wrong password without saying whether the account exists', async () => {
    const wrong = await call('POST', '/admin/sign-in', {
      form: { email: sandbox.auth.prescriber.email, password: 'not-the-password' },
    });
    const unknown = await call('POST', '/admin/sign-in', {
      form: { email: 'nobody@example.org', password: 'not-the-password' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await wrong.text()).toContain('Enter a correct email address and password');
  });

  it('signs out by clearing the cookie', async () => {
    const response = await call('POST', '/admin/sign-out', { form: {} });
    expect(response.status).toBe(303);
    expect(response.headers.get('set-cookie')).toMatch(/^ck_admin=;.*Max-Age=0/);
  });

  it('refuses a cross-site post even with a good token', async () => {
    const response = await call('POST', '/admin/requests', {
      token,
      form: {},
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(response.status).toBe(403);
  });
});

async function escalatedRequest(
  overrides: Record<string, string> = {},
): Promise<{ id: string; reference: string }> {
  // Nobody offers "other" in BA12 6 (Zeals), so it is escalated at once.
  const created = await postJson(
    `${sandbox.url}/requests`,
    validRequest({ helpType: 'other', postcode: 'BA12 6AA', details: 'Change a light bulb', ...overrides }),
  );
  const reference = String(created.json.reference);
  const request = await waitFor(async () => {
    const list = await sandbox.store.listRequestsByStatus('escalated');
    return list.find((r) => r.reference === reference);
  }, 'the escalation');
  // The status changes first and its audit entry is written just after: wait for both.
  await waitFor(async () => {
    const audit = await sandbox.store.listAudit(request.id);
    return audit.some((e) => e.type === 'escalated') ? true : undefined;
  }, 'the escalation in the audit');
  return { id: request.id, reference };
}

describe('case handling through the API', () => {
  it('shows an escalation first with why, then assigns it by hand: the volunteer and the requester are emailed', async () => {
    const requesterEmail = `assign-${Date.now()}@example.net`;
    const { id, reference } = await escalatedRequest({ email: requesterEmail });
    const home = await (await call('GET', '/admin', { token })).text();
    expect(home).toContain(reference);
    expect(home).toContain('No volunteer offers this help in this area');

    const page = await (await call('GET', `/admin/requests/${id}`, { token })).text();
    expect(page).toContain('Winifred Zanzibar-Quill');
    expect(page).toContain('Passed to the prescriber');

    const volunteer = (await sandbox.store.listVolunteers()).find(
      (v) => v.email === 'david.clarke@example.org',
    );
    expect(volunteer).toBeDefined();
    // Nobody offers this help here, so whoever is chosen is a poor fit: a confirm step first, no change.
    const asked = await call('POST', `/admin/requests/${id}/assign`, {
      token,
      form: { volunteerId: String(volunteer?.id) },
    });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('does not offer this help in this area');
    expect((await sandbox.store.getRequest(id))?.status).toBe('escalated');
    const assigned = await call('POST', `/admin/requests/${id}/assign`, {
      token,
      form: { volunteerId: String(volunteer?.id), confirm: 'yes' },
    });
    expect(assigned.status).toBe(303);
    expect(assigned.headers.get('location')).toBe(`/admin/requests/${id}?done=assigned`);

    const stored = await sandbox.store.getRequest(id);
    expect(stored).toMatchObject({ status: 'assigned', assignedVolunteerId: volunteer?.id });
    const audit = await sandbox.store.listAudit(id);
    expect(audit.at(-1)).toMatchObject({
      type: 'assigned-by-hand',
      actor: sandbox.auth.prescriber.sub,
      data: { volunteerId: volunteer?.id },
    });
    const emails = await waitFor(async () => {
      const all = await readOutbox(sandbox.outboxUrl);
      const details = all.find(
        (e) => e.destination.to.includes('david.clarke@example.org') && e.subject.includes(reference),
      );
      const told = all.find((e) => e.destination.to.includes(requesterEmail) && /volunteer/i.test(e.subject));
      return details && told ? { details, told } : undefined;
    }, 'the details and good-news emails');
    expect(emails.details.body.text).toContain('Winifred Zanzibar-Quill');

    // The page says who is told and how.
    const after = await (await call('GET', `/admin/requests/${id}?done=assigned`, { token })).text();
    expect(after).toContain('is being sent the person’s details by email');
    expect(after).toContain('is being told by email that a volunteer will be in touch');
    // A second assign loses: the request has moved on.
    const again = await call('POST', `/admin/requests/${id}/assign`, {
      token,
      form: { volunteerId: String(volunteer?.id), confirm: 'yes' },
    });
    expect(again.status).toBe(409);
  });

  it('asks for a volunteer when none is chosen, and refuses an unknown one', async () => {
    const { id } = await escalatedRequest();
    const none = await call('POST', `/admin/requests/${id}/assign`, { token, form: { volunteerId: '' } });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('Choose a volunteer');
    const unknown = await call('POST', `/admin/requests/${id}/assign`, {
      token,
      form: { volunteerId: 'VOL-GONE' },
    });
    expect(unknown.status).toBe(400);
    expect((await sandbox.store.getRequest(id))?.status).toBe('escalated');
  });

  it('with nobody new to ask, says so before acting, and "find a volunteer again" changes and sends nothing', async () => {
    const { id, reference } = await escalatedRequest();
    const page = await (await call('GET', `/admin/requests/${id}`, { token })).text();
    expect(page).toContain('Nobody new can be asked');
    const emailsBefore = (await readOutbox(sandbox.outboxUrl)).filter((e) => e.subject.includes(reference));
    const response = await call('POST', `/admin/requests/${id}/rematch`, { token, form: {} });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/admin/requests/${id}?done=nobody-new`);
    const audit = await sandbox.store.listAudit(id);
    expect(audit.filter((e) => e.type === 'escalated')).toHaveLength(1);
    expect(audit.some((e) => e.type === 'matching-rerun')).toBe(false);
    expect((await sandbox.store.getRequest(id))?.status).toBe('escalated');
    const emailsAfter = (await readOutbox(sandbox.outboxUrl)).filter((e) => e.subject.includes(reference));
    expect(emailsAfter).toHaveLength(emailsBefore.length);
  });

  it('closes with an outcome and a note: the TTL starts, the note stays out of the audit', async () => {
    const { id } = await escalatedRequest();
    const before = epochSeconds(new Date());
    const missing = await call('POST', `/admin/requests/${id}/close`, { token, form: { note: 'x' } });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('Select how the request ended');
    const response = await call('POST', `/admin/requests/${id}/close`, {
      token,
      form: { outcome: 'referred-elsewhere', note: 'Passed to the Age UK handyperson service' },
    });
    expect(response.status).toBe(303);
    const stored = await sandbox.store.getRequest(id);
    expect(stored).toMatchObject({ status: 'closed', outcome: 'referred-elsewhere' });
    const retention = sandbox.settings.retentionDays * 86_400;
    expect(stored?.expiresAt).toBeGreaterThanOrEqual(before + retention);
    expect(stored?.expiresAt).toBeLessThanOrEqual(epochSeconds(new Date()) + retention);
    const audit = await sandbox.store.listAudit(id);
    expect(audit.at(-1)).toMatchObject({
      type: 'closed',
      actor: sandbox.auth.prescriber.sub,
      data: { outcome: 'referred-elsewhere', note: true },
    });
    expect(JSON.stringify(audit)).not.toContain('Age UK');
  });

  it('cancels, audited, and a second cancel is a conflict', async () => {
    const { id } = await escalatedRequest();
    expect((await call('POST', `/admin/requests/${id}/cancel`, { token, form: {} })).status).toBe(303);
    expect((await sandbox.store.getRequest(id))?.status).toBe('cancelled');
    expect((await sandbox.store.listAudit(id)).at(-1)).toMatchObject({
      type: 'cancelled',
      actor: sandbox.auth.prescriber.sub,
      data: { by: 'prescriber' },
    });
    expect((await call('POST', `/admin/requests/${id}/cancel`, { token, form: {} })).status).toBe(409);
  });

  it('takes an assignment back from a volunteer who dropped out, tells them, and runs matching again', async () => {
    const { id, reference } = await escalatedRequest();
    const volunteer = (await sandbox.store.listVolunteers()).find(
      (v) => v.email === 'fatima.begum@example.org',
    );
    expect(volunteer).toBeDefined();
    const volunteerId = String(volunteer?.id);
    await call('POST', `/admin/requests/${id}/assign`, { token, form: { volunteerId, confirm: 'yes' } });
    expect((await sandbox.store.getRequest(id))?.status).toBe('assigned');
    const page = await (await call('GET', `/admin/requests/${id}`, { token })).text();
    expect(page).toContain('Take it back and ask volunteers again');

    const response = await call('POST', `/admin/requests/${id}/unassign`, { token, form: {} });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/admin/requests/${id}?done=unassigned`);
    expect((await sandbox.store.listAudit(id)).find((e) => e.type === 'unassigned')).toMatchObject({
      actor: sandbox.auth.prescriber.sub,
      data: { volunteerId, run: 2 },
    });
    // Nobody else offers it there: the new run escalates it again, without the volunteer assigned.
    const again = await waitFor(async () => {
      const request = await sandbox.store.getRequest(id);
      return request?.status === 'escalated' ? request : undefined;
    }, 'the new run to escalate');
    expect(again.assignedVolunteerId).toBeUndefined();
    const told = await waitFor(async () => {
      const emails = await readOutbox(sandbox.outboxUrl);
      return emails.find(
        (e) => e.destination.to.includes(String(volunteer?.email)) && /no longer needed/.test(e.subject),
      );
    }, 'the no-longer-needed email');
    expect(told.subject).toContain(reference);
    expect((await call('POST', `/admin/requests/${id}/unassign`, { token, form: {} })).status).toBe(409);
  });

  it("erases a requester's details only after confirmation, keeping an anonymous audit with the prescriber's id", async () => {
    const { id, reference } = await escalatedRequest({ name: 'Ottoline Erasemenow', phone: '07700900987' });
    const confirm = await call('GET', `/admin/requests/${id}/erase`, { token });
    expect(confirm.status).toBe(200);
    const confirmPage = await confirm.text();
    expect(confirmPage).toContain('This cannot be undone');
    expect(confirmPage).not.toContain('Ottoline');

    const unticked = await call('POST', `/admin/requests/${id}/erase`, { token, form: {} });
    expect(unticked.status).toBe(400);
    expect(await unticked.text()).toContain('Tick the box');
    expect(await sandbox.store.getRequest(id)).toBeDefined();

    const erased = await call('POST', `/admin/requests/${id}/erase`, { token, form: { confirm: 'yes' } });
    expect(erased.status).toBe(303);
    expect(erased.headers.get('location')).toBe(`/admin/requests/${id}?done=erased`);
    expect(await sandbox.store.getRequest(id)).toBeUndefined();
    expect(await sandbox.store.findRequestIdByReference(reference)).toBeUndefined();
    const audit = await sandbox.store.listAudit(id);
    expect(audit.at(-1)).toMatchObject({ type: 'erased', actor: sandbox.auth.prescriber.sub });
    expect(JSON.stringify(audit)).not.toMatch(/Ottoline|Erasemenow|07700900987|Marmalade/);

    const after = await call('GET', `/admin/requests/${id}?done=erased`, { token });
    expect(after.status).toBe(200);
    const afterPage = await after.text();
    expect(afterPage).toContain('This request was erased');
    expect(afterPage).not.toMatch(/Ottoline|Erasemenow|07700900987|Marmalade|BA12 6AA/);
    // A second press finds nothing to erase and shows what is left.
    const twice = await call('POST', `/admin/requests/${id}/erase`, { token, form: { confirm: 'yes' } });
    expect(twice.status).toBe(303);
    expect(twice.headers.get('location')).toBe(`/admin/requests/${id}`);
    expect(
      (await call('POST', '/admin/requests/req-nope/erase', { token, form: { confirm: 'yes' } })).status,
    ).toBe(404);
  });

  it('answers 404 for a request that does not exist', async () => {
    expect((await call('GET', '/admin/requests/req-nope', { token })).status).toBe(404);
  });
});

describe('a request taken by phone', () => {
  it('goes through the same schema and workflow, entered by the prescriber', async () => {
    const form = validRequest({ email: '', phone: '01632 960555', name: 'Ivor Phoneonly' });
    const [year, month, day] = String(form.neededBy).split('-');
    const rest: Record<string, string> = { ...form };
    delete rest.neededBy;
    const invalid = await call('POST', '/admin/requests', { token, form: { ...rest, postcode: 'nonsense' } });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain('Enter a real postcode');

    const response = await call('POST', '/admin/requests', {
      token,
      form: {
        ...rest,
        'neededBy-day': String(day),
        'neededBy-month': String(month),
        'neededBy-year': String(year),
      },
    });
    expect(response.status).toBe(303);
    const id = decodeURIComponent(
      /\/admin\/requests\/([^?]+)/.exec(response.headers.get('location') ?? '')?.[1] ?? '',
    );
    const stored = await sandbox.store.getRequest(id);
    expect(stored).toMatchObject({ enteredBy: sandbox.auth.prescriber.sub, helpType: 'shopping' });
    const audit = await sandbox.store.listAudit(id);
    expect(audit[0]).toMatchObject({ type: 'received', actor: sandbox.auth.prescriber.sub });
    // The stream starts the workflow as for any request: volunteers are invited.
    await waitFor(async () => {
      const events = await sandbox.store.listAudit(id);
      return events.some((e) => e.type === 'invited') ? true : undefined;
    }, 'invites for the phone request');
    const page = await (await call('GET', `/admin/requests/${id}?done=created`, { token })).text();
    expect(page).toContain('Ivor Phoneonly');
    expect(page).toContain('You');
  });

  it('shows the form', async () => {
    const response = await call('GET', '/admin/requests/new', { token });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Enter a request taken by phone');
  });
});

describe('the volunteer roster through the API', () => {
  it('imports nothing from a malformed file and reports each problem by line', async () => {
    const before = (await sandbox.store.listVolunteers()).length;
    const csv = [
      'name,email,phone,areas,help_types,dbs_checked',
      'Nadia Newcomer,nadia@example.org,,GL50,shopping,yes',
      'Bad Email,not-an-email,,GL50,shopping,no',
      'Odd Help,odd@example.org,,GL50,knitting,no',
      'Nadia Twice,NADIA@example.org,,GL51,lift,no',
    ].join('\n');
    for (const form of [{ csv }, { csv, confirm: 'yes' }] as Record<string, string>[]) {
      const response = await call('POST', '/admin/volunteers/import', { token, form });
      expect(response.status).toBe(400);
      const page = await response.text();
      expect(page).toContain('Nothing was imported');
      expect(page).toContain('line 3: email &quot;not-an-email&quot; is not a valid email address');
      expect(page).toContain('line 4: unknown help type &quot;knitting&quot;');
      expect(page).toContain('line 5: duplicate of line 2 (same email)');
    }
    expect(await sandbox.store.listVolunteers()).toHaveLength(before);
  });

  it('previews an import, then imports it on confirmation', async () => {
    const csv =
      'name,email,phone,areas,help_types,dbs_checked\nOlive Orchard,olive@example.org,,GL53,lift,yes\n';
    const preview = await call('POST', '/admin/volunteers/import', { token, form: { csv } });
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('1 to add, 0 to update');
    expect(await sandbox.store.findVolunteerByEmail('olive@example.org')).toBeUndefined();
    const done = await call('POST', '/admin/volunteers/import', { token, form: { csv, confirm: 'yes' } });
    expect(done.status).toBe(303);
    expect(await sandbox.store.findVolunteerByEmail('olive@example.org')).toMatchObject({
      name: 'Olive Orchard',
    });
  });

  it('previews a roster chosen as a file (a multipart post), the file winning over an empty paste box', async () => {
    const file =
      'name,email,phone,areas,help_types,dbs_checked\nPip Uploaded,pip@example.org,,SP8 4,lift,yes\n';
    const form = new FormData();
    form.append('file', new Blob([file], { type: 'text/csv' }), 'roster.csv');
    form.append('csv', '');
    const preview = await fetch(urlOf('/admin/volunteers/import'), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'sec-fetch-site': 'same-origin' },
      body: form,
      redirect: 'manual',
    });
    expect(preview.status).toBe(200);
    const page = await preview.text();
    expect(page).toContain('1 to add, 0 to update');
    expect(page).toContain('Pip Uploaded (pip@example.org)');
    // The confirm step carries the file's text, not the empty paste box.
    expect(page).toContain('name="csv" value="name,email,phone,areas,help_types,dbs_checked');
    expect(await sandbox.store.findVolunteerByEmail('pip@example.org')).toBeUndefined();

    // Over the import's 60 KB, under the sandbox server's own limit: the handler refuses it.
    const tooLarge = new FormData();
    tooLarge.append('file', new Blob(['x'.repeat(62 * 1024)], { type: 'text/csv' }), 'big.csv');
    const refused = await fetch(urlOf('/admin/volunteers/import'), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'sec-fetch-site': 'same-origin' },
      body: tooLarge,
      redirect: 'manual',
    });
    expect(refused.status).toBe(413);
  });

  it('refuses an area outside the service area with a clear error', async () => {
    const body = new URLSearchParams({
      name: 'Gus Faraway',
      email: 'gus@example.org',
      areas: 'GL99',
      dbsChecked: 'no',
    });
    body.append('helpTypes', 'shopping');
    const refused = await fetch(`${sandbox.url}/admin/volunteers`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
      },
      body: body.toString(),
      redirect: 'manual',
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('GL99 is outside the area the scheme serves');
    expect(await sandbox.store.findVolunteerByEmail('gus@example.org')).toBeUndefined();
  });

  it('adds, pauses, filters, exports and removes a volunteer', async () => {
    const body = new URLSearchParams({
      name: 'Percy Pause',
      email: 'percy@example.org',
      areas: 'SP7 9',
      dbsChecked: 'no',
    });
    body.append('helpTypes', 'dog-walking');
    body.append('helpTypes', 'shopping');
    const added = await fetch(`${sandbox.url}/admin/volunteers`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
      },
      body: body.toString(),
      redirect: 'manual',
    });
    expect(added.status).toBe(303);
    const percy = await sandbox.store.findVolunteerByEmail('percy@example.org');
    expect(percy).toMatchObject({ helpTypes: ['shopping', 'dog-walking'], areas: ['SP7 9'] });
    const id = String(percy?.id);

    const nextYear = new Date().getUTCFullYear() + 1;
    const paused = await call('POST', `/admin/volunteers/${id}/pause`, {
      token,
      form: { 'until-day': '1', 'until-month': '2', 'until-year': String(nextYear) },
    });
    expect(paused.status).toBe(303);
    expect((await sandbox.store.getVolunteer(id))?.pausedUntil).toBe(`${nextYear}-02-01T23:59:59.000Z`);
    const list = await (
      await call('GET', '/admin/volunteers?paused=yes&helpType=dog-walking', { token })
    ).text();
    expect(list).toContain('Percy Pause');
    expect(list).not.toContain('Asha Patel');

    const exported = await call('GET', '/admin/volunteers/export?area=SP7+9', { token });
    expect(exported.headers.get('content-type')).toContain('text/csv');
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename="volunteers-/);
    expect(await exported.text()).toContain('Percy Pause,percy@example.org,,SP7 9,shopping;dog-walking,no');

    // Paused: one button resumes.
    expect(list).toContain('Resume now');
    expect((await call('POST', `/admin/volunteers/${id}/pause`, { token, form: {} })).status).toBe(303);
    expect((await sandbox.store.getVolunteer(id))?.pausedUntil).toBeUndefined();

    // Remove asks first and changes nothing until confirmed.
    const asked = await call('POST', `/admin/volunteers/${id}/remove`, { token, form: {} });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('Remove Percy Pause?');
    expect(await sandbox.store.getVolunteer(id)).toBeDefined();
    const removed = await call('POST', `/admin/volunteers/${id}/remove`, { token, form: { confirm: 'yes' } });
    expect(removed.status).toBe(303);
    expect(await sandbox.store.getVolunteer(id)).toBeUndefined();
    expect(await sandbox.store.findVolunteerByEmail('percy@example.org')).toBeUndefined();
  });
});

describe('self-service links through the API', () => {
  it("the confirmation email's cancel link: GET shows, a cross-site POST is refused, our own POST cancels", async () => {
    const email = `cancel-${Date.now()}@example.net`;
    const created = await postJson(`${sandbox.url}/requests`, validRequest({ email }));
    const reference = String(created.json.reference);
    const link = await waitFor(async () => {
      const emails = await readOutbox(sandbox.outboxUrl);
      const confirmation = emails.find((e) => e.destination.to.includes(email));
      return /https?:\/\/[^\s"<]+\/cancel\/[A-Za-z0-9_-]{43}/.exec(confirmation?.body.text ?? '')?.[0];
    }, 'the cancel link');
    const shown = await call('GET', link);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('Cancel your request?');
    expect((await call('POST', link, { form: {}, headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(
      403,
    );
    // Still cancellable: waiting for a volunteer, or (the email comes through the outbox a moment later,
    // and this sandbox's windows are a fraction of a second) already with the prescriber.
    const open = [
      ...(await sandbox.store.listRequestsByStatus('received')),
      ...(await sandbox.store.listRequestsByStatus('matching')),
      ...(await sandbox.store.listRequestsByStatus('escalated')),
    ];
    const request = open.find((r) => r.reference === reference);
    expect(request).toBeDefined();
    const cancelled = await call('POST', link, { form: {} });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.text()).toContain('Your request is cancelled');
    expect((await sandbox.store.getRequest(String(request?.id)))?.status).toBe('cancelled');
    expect(
      (await sandbox.store.listAudit(String(request?.id))).some(
        (e) => e.type === 'cancelled' && e.actor === 'requester',
      ),
    ).toBe(true);
  });

  it('an unknown done link is a kind 404', async () => {
    expect((await call('GET', `/done/${'A'.repeat(43)}`)).status).toBe(404);
  });
});

describe('reports through the API', () => {
  it("shows this month's report with a chart, downloads it as CSV, and refuses a bad period", async () => {
    const page = await call('GET', '/admin/reports', { token });
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('<svg');
    expect(text).toContain('Requests by week');
    const today = new Date().toISOString().slice(0, 10);
    const from = `${today.slice(0, 8)}01`;
    const csv = await call('GET', `/admin/reports/export?from=${from}&to=${today}`, { token });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('cache-control')).toBe('no-store');
    const body = await csv.text();
    expect(body).toContain(`period,from,${from}`);
    // This suite's own requests were all made today; the reports' record follows the stream.
    const total = async () => {
      const latest = await call('GET', `/admin/reports/export?from=${from}&to=${today}`, { token });
      const count = Number(/requests,total,(\d+)/.exec(await latest.text())?.[1]);
      return count > 3 ? count : undefined;
    };
    expect(await waitFor(total, 'more than 3 requests in the report')).toBeGreaterThan(3);
    expect((await call('GET', '/admin/reports?from=2026-02-30&to=2026-03-01', { token })).status).toBe(400);
  });
});

describe('recurring help through the API', () => {
  it('shows the series page, refuses a cross-site end, and ends it on our own POST', async () => {
    const { json } = await postJson(`${sandbox.url}/requests`, validRequest({ frequency: 'fortnightly' }));
    const reference = String(json.reference);
    const seriesId = await waitFor(() => sandbox.store.findRequestIdByReference(reference), 'the request');
    expect((await sandbox.store.getSeries(seriesId))?.status).toBe('active');

    const page = await call('GET', `/admin/series/${seriesId}`, { token });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`Regular help – ${reference}`);
    expect(html).toContain('Every two weeks');
    expect(html).toContain(`href="/admin/requests/${seriesId}"`);
    // The request page links back to the series.
    expect(await (await call('GET', `/admin/requests/${seriesId}`, { token })).text()).toContain(
      `/admin/series/${seriesId}`,
    );

    const crossSite = await call('POST', `/admin/series/${seriesId}/end`, {
      token,
      form: {},
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    expect((await sandbox.store.getSeries(seriesId))?.status).toBe('active');

    const ended = await call('POST', `/admin/series/${seriesId}/end`, { token, form: {} });
    expect(ended.status).toBe(303);
    expect(ended.headers.get('location')).toBe(`/admin/series/${seriesId}?done=end`);
    expect(await sandbox.store.getSeries(seriesId)).toMatchObject({
      status: 'ended',
      endReason: 'prescriber',
      endedBy: sandbox.auth.prescriber.sub,
    });
    expect((await call('POST', `/admin/series/${seriesId}/end`, { token, form: {} })).status).toBe(409);
    // Nobody takes every visit, so there is nobody to stop.
    expect((await call('POST', `/admin/series/${seriesId}/stop`, { token, form: {} })).status).toBe(409);
    expect((await call('GET', '/admin/series/no-such-series', { token })).status).toBe(404);
  });
});
