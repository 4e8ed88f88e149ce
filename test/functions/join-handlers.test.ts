import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

// Powertools reads its level when the logger module is first imported: keep test output quiet.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { handler as adminVolunteers } from '../../functions/admin-volunteers.js';
import { handler as publicPages } from '../../functions/public-pages.js';
import { handler as submitRequest } from '../../functions/submit-request.js';
import { setRuntimeForTests } from '../../shared/runtime.js';
import { httpEvent, installMemoryRuntime, lambdaContext } from '../support/handler-runtime.js';
import type { TestPorts } from '../support/memory-store.js';
import { deliverPending } from '../support/outbox.js';

/** Join the team, end to end through the real handlers against the in-memory store and outbox. */
type Result = { statusCode: number; headers?: Record<string, string>; body?: string };

let ports: TestPorts;

beforeEach(() => {
  ports = installMemoryRuntime();
});

afterAll(() => setRuntimeForTests(undefined));

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** A complete application: dog walking on Tuesday and Wednesday mornings, one job a week. */
function application(overrides: Record<string, string | string[] | undefined> = {}): string {
  const fields: Record<string, string | string[] | undefined> = {
    idempotencyKey: 'b7c3a1d2-0000-4000-8000-000000000001',
    language: 'en',
    name: 'Sam Newcomer',
    email: 'sam.newcomer@example.org',
    phone: '07700 900 123',
    contactBy: 'email',
    postcode: 'gl50 1ab',
    areas: 'GL50, GL51 2',
    helpTypes: ['dog-walking'],
    'availability-tue': ['morning'],
    'availability-wed': ['morning'],
    weeklyLimit: '1',
    dbsChecked: 'no',
    consent: 'yes',
    website: '',
    ...overrides,
  };
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) body.append(key, one);
  }
  return body.toString();
}

async function post(body: string, headers: Record<string, string> = {}): Promise<Result> {
  return (await submitRequest(
    httpEvent('POST', '/volunteer', { body, headers: { ...FORM, ...headers } }),
    lambdaContext(),
  )) as Result;
}

async function get(path: string, query: Record<string, string> = {}): Promise<Result> {
  const event = httpEvent('GET', path);
  event.queryStringParameters = query;
  return (await publicPages(event, lambdaContext())) as Result;
}

function asPrescriber(event: ReturnType<typeof httpEvent>) {
  (event.requestContext as unknown as Record<string, unknown>).authorizer = {
    jwt: { claims: { sub: 'prescriber-1', 'cognito:groups': '[prescribers]' }, scopes: null },
  };
  return event;
}

async function admin(method: 'GET' | 'POST', routePath: string, id?: string, body = ''): Promise<Result> {
  const path = id ? routePath.replace('{id}', id) : routePath;
  const event = asPrescriber(
    httpEvent(method, routePath, {
      body,
      headers: method === 'POST' ? { ...FORM, 'sec-fetch-site': 'same-origin' } : {},
      ...(id ? { pathParameters: { id } } : {}),
    }),
  );
  event.rawPath = path;
  return (await adminVolunteers(event, lambdaContext())) as Result;
}

describe('GET /volunteer: the join form', () => {
  it('asks for everything the team needs, in NHS.UK markup that works without JavaScript', async () => {
    const page = await get('/volunteer');
    expect(page.statusCode).toBe(200);
    const html = page.body ?? '';
    expect(html).toContain('<form method="post" action="/volunteer"');
    for (const name of [
      'name',
      'email',
      'phone',
      'contactBy',
      'postcode',
      'areas',
      'helpTypes',
      'weeklyLimit',
    ])
      expect(html).toContain(`name="${name}"`);
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])
      expect(html).toContain(`name="availability-${day}"`);
    expect(html).toContain('name="dbsCheckedOn-day"');
    expect(html).toContain('name="consent"');
    // The honeypot, hidden from people, and a fresh idempotency key.
    expect(html).toMatch(/<input id="website" name="website" type="text" tabindex="-1"/);
    expect(html).toMatch(/name="idempotencyKey" value="[0-9a-f-]{36}"/);
    expect(html).toContain('delete your application 60 days');
  });

  it('is in Arabic, right to left, when asked', async () => {
    const page = await get('/volunteer', { lang: 'ar' });
    expect(page.body).toContain('<html lang="ar" dir="rtl">');
    expect(page.body).toContain('تطوّع معنا');
    expect(page.body).toContain('name="language" value="ar"');
  });
});

describe('POST /volunteer: an application', () => {
  it('stores an applicant (never a volunteer) and promises a confirmation through the outbox', async () => {
    const result = await post(application());
    expect(result.statusCode).toBe(303);
    expect(result.headers?.Location).toBe('/volunteer/received');

    const [applicant, ...others] = ports.store.applicants.values();
    expect(others).toEqual([]);
    expect(applicant).toMatchObject({
      status: 'waiting',
      name: 'Sam Newcomer',
      email: 'sam.newcomer@example.org',
      postcode: 'GL50 1AB',
      areas: ['GL50', 'GL51 2'],
      helpTypes: ['dog-walking'],
      availability: ['tue-morning', 'wed-morning'],
      weeklyLimit: 1,
      dbsChecked: false,
      language: 'en',
    });
    // Nobody is invited until the team approves: no profile, no offers.
    expect(ports.store.volunteers.size).toBe(0);
    expect(ports.store.messageIntents()).toEqual([
      { kind: 'applicant-confirmation', to: { role: 'applicant', applicantId: applicant?.id } },
    ]);

    await deliverPending(ports);
    const [email] = ports.mailer.sent;
    expect(email?.to).toBe('sam.newcomer@example.org');
    expect(email?.subject).toContain('Thank you for offering to help');
    expect(email?.text).toContain('Hello Sam,');
    expect(email?.text).toContain('We will be in touch');
  });

  it('keeps names, emails and phone numbers out of the logs', async () => {
    await post(application());
    await deliverPending(ports);
    const logs = ports.log.text();
    for (const value of ['Sam', 'Newcomer', 'sam.newcomer', '07700', 'GL50 1AB'])
      expect(logs).not.toContain(value);
  });

  it('answers bad input with the error summary, each field’s message and what was typed', async () => {
    const result = await post(
      application({
        name: '',
        email: 'not-an-email',
        helpTypes: undefined,
        'availability-tue': undefined,
        'availability-wed': undefined,
        weeklyLimit: '99',
        consent: undefined,
        areas: 'GL50, nowhere',
      }),
    );
    expect(result.statusCode).toBe(400);
    const html = result.body ?? '';
    expect(html).toContain('nhsuk-error-summary');
    expect(html).toContain('<title>Error: Join the team');
    const start = html.indexOf('nhsuk-error-summary__list');
    const summary = html.slice(start, html.indexOf('</ul>', start));
    const links = [...summary.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['#name', 'Enter your full name'],
      ['#email', 'Enter an email address in the correct format, like name@example.com'],
      ['#areas', 'Enter postcode districts or sectors separated by commas, like GL50, GL51 2'],
      ['#helpTypes', 'Select at least one kind of help you can offer'],
      ['#availability-mon', 'Select at least one time when you can usually help'],
      ['#weeklyLimit', 'Enter a number of jobs a week from 1 to 14, or leave it blank'],
      ['#consent', 'Select that you agree, so that we can consider your application'],
    ]);
    // What was typed comes back, so nothing has to be typed again.
    expect(html).toContain('value="not-an-email"');
    expect(html).toContain('value="GL50, nowhere"');
    expect(ports.store.applicants.size).toBe(0);
    expect(ports.store.writes()).toEqual([]);
  });

  it('asks for a mobile number when texts are chosen without one, against the phone box', async () => {
    const result = await post(application({ contactBy: 'text', phone: '' }));
    expect(result.statusCode).toBe(400);
    expect(result.body).toContain('<a href="#phone">Enter a UK mobile number, like 07700 900 982</a>');
  });

  it('keeps the boxes ticked when the form comes back with errors', async () => {
    const result = await post(application({ name: '' }));
    expect(result.body).toMatch(/id="availability-tue"[^>]*value="morning"\s+checked/);
    expect(result.body).toMatch(/id="helpTypes-4"[^>]*value="dog-walking"\s+checked/);
  });

  it('answers a filled honeypot like a success and stores nothing', async () => {
    const result = await post(application({ website: 'https://spam.example' }));
    expect(result.statusCode).toBe(303);
    expect(result.headers?.Location).toBe('/volunteer/received');
    expect(ports.store.applicants.size).toBe(0);
    expect(ports.store.messages.size).toBe(0);
  });

  it('stores a double-clicked application once (the form’s idempotency key)', async () => {
    expect((await post(application())).statusCode).toBe(303);
    expect((await post(application())).statusCode).toBe(303);
    expect(ports.store.applicants.size).toBe(1);
    expect(ports.store.messageIntents()).toHaveLength(1);
    // A new form (a new key) is a new application.
    await post(application({ idempotencyKey: 'b7c3a1d2-0000-4000-8000-000000000002' }));
    expect(ports.store.applicants.size).toBe(2);
  });

  it('takes an application in Arabic, with Arabic digits, and answers in Arabic', async () => {
    const result = await post(application({ language: 'ar', phone: '٠٧٧٠٠ ٩٠٠ ١٢٣', weeklyLimit: '٢' }));
    expect(result.statusCode).toBe(303);
    expect(result.headers?.Location).toBe('/volunteer/received?lang=ar');
    const [applicant] = ports.store.applicants.values();
    expect(applicant).toMatchObject({ language: 'ar', phone: '07700900123', weeklyLimit: 2 });
    await deliverPending(ports);
    expect(ports.mailer.sent[0]?.subject).toContain('شكرًا لعرضك المساعدة');

    const thanks = await get('/volunteer/received', { lang: 'ar' });
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('شكرًا لعرضك المساعدة');
  });

  it('refuses a post that is not a form', async () => {
    const result = await post('{}', { 'content-type': 'application/json' });
    expect(result.statusCode).toBe(415);
    expect(ports.store.writes()).toEqual([]);
  });
});

describe('the applicants queue on the dashboard', () => {
  async function applied(overrides: Record<string, string | string[] | undefined> = {}) {
    await post(application(overrides));
    const applicant = [...ports.store.applicants.values()].at(-1);
    if (!applicant) throw new Error('no applicant stored');
    await deliverPending(ports);
    ports.mailer.sent.length = 0;
    return applicant;
  }

  it('lists who is waiting, oldest first, with a link to each', async () => {
    const first = await applied();
    ports.clock.advanceSeconds(60);
    const second = await applied({
      idempotencyKey: 'b7c3a1d2-0000-4000-8000-000000000003',
      name: 'Ola Second',
      email: 'ola@example.org',
    });
    const page = await admin('GET', '/admin/applicants');
    expect(page.statusCode).toBe(200);
    const html = page.body ?? '';
    expect(html).toContain('2 applications waiting');
    expect(html.indexOf(`/admin/applicants/${first.id}`)).toBeLessThan(
      html.indexOf(`/admin/applicants/${second.id}`),
    );
  });

  it('records the checks, then approves: a volunteer on the roster with their week and limit, and a welcome', async () => {
    const applicant = await applied();
    const checks = new URLSearchParams([
      ['checks', 'idSeen'],
      ['checks', 'referencesTaken'],
      ['checks', 'inductionDone'],
      ['dbsCheckedOn-day', '15'],
      ['dbsCheckedOn-month', '3'],
      ['dbsCheckedOn-year', '2025'],
    ]).toString();
    const saved = await admin('POST', '/admin/applicants/{id}/checks', applicant.id, checks);
    expect(saved.statusCode).toBe(303);
    expect(ports.store.applicants.get(applicant.id)?.checks).toEqual({
      idSeen: true,
      referencesTaken: true,
      inductionDone: true,
      dbsCheckedOn: '2025-03-15',
    });

    const approved = await admin('POST', '/admin/applicants/{id}/approve', applicant.id);
    expect(approved.statusCode).toBe(303);
    expect(approved.headers?.Location).toBe(`/admin/volunteers/${applicant.id}?done=added`);
    expect(ports.store.applicants.has(applicant.id)).toBe(false);
    expect(ports.store.volunteers.get(applicant.id)).toMatchObject({
      name: 'Sam Newcomer',
      email: 'sam.newcomer@example.org',
      areas: ['GL50', 'GL51 2'],
      helpTypes: ['dog-walking'],
      availability: ['tue-morning', 'wed-morning'],
      weeklyLimit: 1,
      dbsChecked: true,
      dbsCheckedOn: '2025-03-15',
      recentInvites: [],
    });
    await deliverPending(ports);
    expect(ports.mailer.sent.map((m) => [m.to, m.subject])).toEqual([
      ['sam.newcomer@example.org', 'Welcome to the Community Kindness team'],
    ]);
    // Decided: a second approval changes nothing.
    expect((await admin('POST', '/admin/applicants/{id}/approve', applicant.id)).statusCode).toBe(404);
  });

  it('declines with a reason: a kind message, and the application expires later', async () => {
    const applicant = await applied();
    const missing = await admin('POST', '/admin/applicants/{id}/decline', applicant.id, '');
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Select why you are declining');

    const declined = await admin(
      'POST',
      '/admin/applicants/{id}/decline',
      applicant.id,
      'reason=no-need-in-area',
    );
    expect(declined.statusCode).toBe(303);
    const stored = ports.store.applicants.get(applicant.id);
    expect(stored).toMatchObject({
      status: 'declined',
      declineReason: 'no-need-in-area',
      decidedBy: 'prescriber-1',
    });
    const now = Math.floor(ports.clock.now().getTime() / 1000);
    expect(stored?.expiresAt).toBe(now + 60 * 86_400);
    expect(ports.store.volunteers.size).toBe(0);
    await deliverPending(ports);
    const [email] = ports.mailer.sent;
    expect(email?.to).toBe('sam.newcomer@example.org');
    expect(email?.text).toContain('We have enough volunteers for the areas and help you offered just now.');
    // The queue no longer shows them, and approval is refused.
    expect((await admin('GET', '/admin/applicants')).body).toContain('0 applications waiting');
    const late = await admin('POST', '/admin/applicants/{id}/approve', applicant.id);
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('Someone has already decided on this application');
  });

  it('refuses to approve a second volunteer with an email already on the roster', async () => {
    const first = await applied();
    await admin('POST', '/admin/applicants/{id}/approve', first.id);
    const again = await applied({ idempotencyKey: 'b7c3a1d2-0000-4000-8000-000000000009' });
    const result = await admin('POST', '/admin/applicants/{id}/approve', again.id);
    expect(result.statusCode).toBe(400);
    expect(result.body).toContain('already has this email address');
    expect(ports.store.applicants.get(again.id)?.status).toBe('waiting');
  });

  it('is for prescribers only', async () => {
    const event = httpEvent('GET', '/admin/applicants');
    const result = (await adminVolunteers(event, lambdaContext())) as Result;
    expect(result.statusCode).toBe(401);
  });
});
