import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { handler as concern } from '../../functions/concern.js';
import { httpHandler } from '../../functions/http-handler.js';
import { handler as publicPages } from '../../functions/public-pages.js';
import { handler as respond } from '../../functions/respond.js';
import { handler as selfService } from '../../functions/self-service.js';
import { handler as submitRequest } from '../../functions/submit-request.js';
import { handler as volunteerProfile } from '../../functions/volunteer-profile.js';
import { FALLBACK_FUNCTION, FUNCTIONS, ROUTES, type FunctionName } from '../../infra/catalogue.js';
import { createSandboxServer } from '../../sandbox/http-server.js';
import { setRuntimeForTests } from '../../shared/runtime.js';
import { httpEvent, installMemoryRuntime, lambdaContext } from '../support/handler-runtime.js';
import { hashToken, newInviteToken } from '../../shared/util/ids.js';
import { aRequest, testSettings, type TestPorts } from '../support/memory-store.js';

/**
 * Every outcome has a page in the service's style, with the scheme's phone number, in the person's
 * language: an unknown address (404), a known one asked the wrong way (405), a failure (500), and a
 * link whose token has a malformed percent-escape. Checked on the handlers with the events API Gateway
 * sends, and through the sandbox's HTTP server.
 */
const SCHEME_PHONE = testSettings().schemePhone;

type Handler = (event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;
const LINK_HANDLERS: Partial<Record<FunctionName, Handler>> = {
  respond,
  selfService,
  concern,
  volunteerProfile,
};

interface PageResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

async function call(handler: Handler, event: APIGatewayProxyEventV2): Promise<PageResult> {
  return (await handler(event, lambdaContext())) as PageResult;
}

/** An event for API Gateway's catch-all route, as it arrives for an address no route matches. */
function catchAllEvent(
  method: 'GET' | 'POST',
  path: string,
  options: { headers?: Record<string, string>; lang?: string } = {},
): APIGatewayProxyEventV2 {
  const event = httpEvent(method, path, { headers: options.headers ?? {} });
  event.routeKey = '$default';
  event.requestContext.routeKey = '$default';
  if (options.lang) {
    event.queryStringParameters = { lang: options.lang };
    event.rawQueryString = `lang=${options.lang}`;
  }
  return event;
}

function expectStyledPage(result: PageResult, lang: 'en' | 'ar'): void {
  expect(result.headers['Content-Type']).toBe('text/html; charset=utf-8');
  expect(result.body).toMatch(/^\s*<!DOCTYPE html>/);
  expect(result.body).toContain('<link rel="stylesheet" href="/assets/nhsuk-frontend.min.css"');
  expect(result.body).toContain(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`);
  expect(result.body).toContain(`>${SCHEME_PHONE}</a>`);
  expect(result.body).toContain('href="/accessibility');
  expect(result.body).not.toMatch(/\bat .+\.(ts|js):\d+/);
}

let ports: TestPorts;

beforeAll(() => {
  ports = installMemoryRuntime();
});

afterAll(() => {
  setRuntimeForTests(undefined);
});

describe('an address no route matches', () => {
  it('is answered by the catalogue’s fallback function', () => {
    expect(FUNCTIONS[FALLBACK_FUNCTION].entry).toBe('functions/public-pages.ts');
  });

  it('gets a styled 404 page with the scheme’s phone number', async () => {
    const result = await call(publicPages, catchAllEvent('GET', '/no-such-page'));
    expect(result.statusCode).toBe(404);
    expectStyledPage(result, 'en');
    expect(result.body).toContain('Page not found');
  });

  it.each([
    ['?lang=ar', { lang: 'ar' }],
    ['an Arabic browser', { headers: { 'accept-language': 'ar-SY,ar;q=0.9,en;q=0.5' } }],
  ])('gets the 404 page in Arabic for %s', async (_label, options) => {
    const result = await call(publicPages, catchAllEvent('GET', '/no-such-page', options));
    expect(result.statusCode).toBe(404);
    expectStyledPage(result, 'ar');
    expect(result.body).toContain('الصفحة غير موجودة');
    expect(result.headers.Vary).toBe('Accept-Language');
  });

  it('gets a styled 405 page, with Allow, for a known address asked the wrong way', async () => {
    const result = await call(publicPages, catchAllEvent('POST', '/accessibility'));
    expect(result.statusCode).toBe(405);
    expect(result.headers.Allow).toBe('GET');
    expectStyledPage(result, 'en');
    expect(result.body).toContain('This page cannot be used in that way.');

    const arabic = await call(publicPages, catchAllEvent('POST', '/requests/received', { lang: 'ar' }));
    expect(arabic.statusCode).toBe(405);
    expectStyledPage(arabic, 'ar');
    expect(arabic.body).toContain('لا يمكن استخدام هذه الصفحة بهذه الطريقة.');
  });

  it('lists every method a link route has in Allow', async () => {
    const event = catchAllEvent('GET', '/x');
    event.rawPath = '/cancel/abc';
    event.requestContext.http.method = 'DELETE';
    const result = await call(publicPages, event);
    expect(result.statusCode).toBe(405);
    expect(result.headers.Allow).toBe('GET, POST');
  });
});

describe('a failure inside a handler', () => {
  const failing = httpHandler(async () => {
    throw new Error('the table is on fire');
  });

  it('gets a styled 500 page in the person’s language, with no detail of the error', async () => {
    const english = await call(failing, httpEvent('GET', '/'));
    expect(english.statusCode).toBe(500);
    expectStyledPage(english, 'en');
    expect(english.body).toContain('Sorry, there is a problem with the service');
    expect(english.body).not.toContain('on fire');

    const arabic = await call(failing, httpEvent('GET', '/', { headers: { 'accept-language': 'ar' } }));
    expect(arabic.statusCode).toBe(500);
    expectStyledPage(arabic, 'ar');
    expect(arabic.body).toContain('عذرًا، هناك مشكلة في الخدمة');
  });
});

/** Every route with a token in its path: the links in emails and texts. */
const LINK_ROUTES = ROUTES.filter((route) => route.path.includes('{token}'));
/** Escapes no decoder accepts, and what an API Gateway might hand on after trying to decode them. */
const MALFORMED = ['%ff', '%', '%e2%80', '%E0%A4%A', '%%', '\ud800', '\ufffd', 'abc%2'];

describe('a link with a malformed percent-escape, as API Gateway hands it to the handler', () => {
  it('covers every link route', () => {
    expect(LINK_ROUTES.map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining([
        'GET /respond/{token}',
        'POST /respond/{token}',
        'GET /r/{token}',
        'GET /c/{token}',
        'GET /cancel/{token}',
        'POST /done/{token}',
        'GET /concern/{token}',
      ]),
    );
    for (const route of LINK_ROUTES) expect(LINK_HANDLERS[route.fn], route.fn).toBeDefined();
  });

  it.each(
    LINK_ROUTES.flatMap((route) => MALFORMED.map((token) => [route.method, route.path, token] as const)),
  )('%s %s with %j gets the not-recognised page (404)', async (method, path, token) => {
    const route = LINK_ROUTES.find((r) => r.method === method && r.path === path);
    const handler = route && LINK_HANDLERS[route.fn];
    if (!handler) throw new Error(`no handler for ${method} ${path}`);
    const rawPath = path.replace('{token}', token);
    const event = httpEvent(method, rawPath, {
      pathParameters: { token },
      ...(method === 'POST'
        ? {
            body: 'action=accept&scope=all&until=1w&kinds=other',
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
          }
        : {}),
    });
    event.routeKey = `${method} ${path}`;
    const result = await call(handler, event);
    expect(result.statusCode).toBe(404);
    expect(result.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(result.body).toContain('This link is not valid');
    expect(result.body).toContain(SCHEME_PHONE);
  });
});

describe('through the sandbox’s HTTP server', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createSandboxServer({
      invoke: async (entry, event) => {
        const module = (await import(`../../${entry}`)) as { handler: Handler };
        return module.handler(event, lambdaContext());
      },
      verifyToken: async () => undefined,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  /** A raw request: the path goes on the wire exactly as written, malformed escapes and all. */
  function get(
    path: string,
    headers: Record<string, string> = {},
    method = 'GET',
  ): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      });
      req.on('error', reject);
      req.end();
    });
  }

  it.each(
    LINK_ROUTES.filter((route) => route.method === 'GET').flatMap((route) =>
      ['%ff', '%', '%e2%80', '%E0%A4%A'].map((token) => [route.path.replace('{token}', token)]),
    ),
  )('%s gets the not-recognised page (404), never 5xx', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(response.body).toContain('This link is not valid');
    expect(response.body).toContain(SCHEME_PHONE);
  });

  it('answers an unknown address with the styled 404 page, in Arabic for an Arabic browser', async () => {
    const english = await get('/no-such-page');
    expect(english.status).toBe(404);
    expect(english.body).toContain('Page not found');
    expect(english.body).toContain(SCHEME_PHONE);

    const arabic = await get('/no-such-page', { 'accept-language': 'ar' });
    expect(arabic.status).toBe(404);
    expect(arabic.body).toContain('<html lang="ar" dir="rtl">');
  });

  it('answers a known address asked the wrong way with the styled 405 page', async () => {
    const response = await get('/respond/abc', {}, 'PUT');
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, POST');
    expect(response.body).toContain(SCHEME_PHONE);
  });

  it('sends a signed-out browser’s /admin page request to sign in, and gives an API client its 401', async () => {
    const browser = await get('/admin', { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect(browser.status).toBe(303);
    expect(browser.headers.location).toBe('/admin/sign-in');

    const apiClient = await get('/admin', { accept: 'application/json' });
    expect(apiClient.status).toBe(401);
  });
});

describe('a page reached from a link speaks the person’s language', () => {
  const far = Math.floor(Date.parse('2026-06-01T00:00:00Z') / 1000);

  async function linkFor(kind: 'cancel' | 'done', requestId: string, language: 'ar' | 'en') {
    ports.store.requests.set(requestId, aRequest({ id: requestId, reference: 'GCK-LANG1', language }));
    const token = newInviteToken();
    await ports.store.createActionToken({
      tokenHash: hashToken(token),
      kind,
      requestId,
      ...(kind === 'done' ? { volunteerId: 'vol-1' } : {}),
      expiresAt: far,
    });
    return token;
  }

  function linkEvent(path: string, token: string, headers: Record<string, string>, lang?: string) {
    const event = httpEvent('GET', path, { pathParameters: { token }, headers });
    // The route it came through, as API Gateway names it: the path with its parameter.
    event.routeKey = `GET ${path.replace(token, '{token}')}`;
    if (lang) event.queryStringParameters = { lang };
    return event;
  }

  it.each(['/cancel/', '/c/'])(
    'opens an Arabic request’s cancel link (%s) in Arabic, even in an English browser',
    async (prefix) => {
      const token = await linkFor('cancel', `req-ar-${prefix.length}`, 'ar');
      const result = await call(
        selfService,
        linkEvent(`${prefix}${token}`, token, { 'accept-language': 'en-GB,en;q=0.9' }),
      );
      expect(result.statusCode).toBe(200);
      expectStyledPage(result, 'ar');
      expect(result.body).toContain('هل تريد إلغاء طلبك؟');
      expect(result.body).not.toContain('Cancel your request?');
    },
  );

  it('opens an English request’s cancel link in English, even in an Arabic browser, until they pick Arabic', async () => {
    const token = await linkFor('cancel', 'req-en', 'en');
    const english = await call(
      selfService,
      linkEvent(`/cancel/${token}`, token, { 'accept-language': 'ar' }),
    );
    expectStyledPage(english, 'en');
    expect(english.body).toContain('Cancel your request?');

    const chosen = await call(selfService, linkEvent(`/cancel/${token}`, token, {}, 'ar'));
    expectStyledPage(chosen, 'ar');
  });

  it('shows a volunteer’s done link in their browser’s language, not the requester’s', async () => {
    const token = await linkFor('done', 'req-ar-done', 'ar');
    ports.store.requests.set(
      'req-ar-done',
      aRequest({ id: 'req-ar-done', language: 'ar', status: 'assigned', assignedVolunteerId: 'vol-1' }),
    );
    const english = await call(
      selfService,
      linkEvent(`/done/${token}`, token, { 'accept-language': 'en-GB' }),
    );
    expectStyledPage(english, 'en');
    expect(english.body).toContain('Have you helped?');

    const arabic = await call(selfService, linkEvent(`/done/${token}`, token, { 'accept-language': 'ar' }));
    expectStyledPage(arabic, 'ar');
    expect(arabic.body).toContain('هل قدّمت المساعدة؟');
  });

  it('answers an unrecognised link in the browser’s language', async () => {
    const token = 'x'.repeat(43);
    for (const [handler, path] of [
      [respond, `/respond/${token}`],
      [selfService, `/release/${token}`],
      [concern, `/concern/${token}`],
    ] as const) {
      const result = await call(handler, linkEvent(path, token, { 'accept-language': 'ar' }));
      expect(result.statusCode, path).toBe(404);
      expectStyledPage(result, 'ar');
      expect(result.body, path).toContain('هذا الرابط غير صالح');
    }
  });
});

describe('the outside-area page', () => {
  const typed = {
    name: 'Winifred Quill',
    onBehalf: 'no',
    phone: '07700 900982',
    email: 'winifred@example.com',
    contactBy: 'email',
    addressLine1: '77 Marmalade Crescent',
    postcode: 'SW1A 1AA',
    helpType: 'shopping',
    frequency: 'once',
    details: 'Porridge oats & "proper" milk',
    'neededBy-day': '14',
    'neededBy-month': '3',
    'neededBy-year': '2026',
    consent: 'yes',
    language: 'ar',
    idempotencyKey: '0b7f3c1e-5d2a-4c8e-9f1a-2b3c4d5e6f70',
  };

  function formPost(fields: Record<string, string>) {
    return httpEvent('POST', '/requests', {
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  it('keeps everything typed, so correcting the postcode sends the request', async () => {
    const outside = await call(submitRequest, formPost(typed));
    expect(outside.statusCode).toBe(422);
    expectStyledPage(outside, 'ar');
    // The postcode to correct, as typed; everything else carried in the form.
    expect(outside.body).toMatch(/<input[^>]*name="postcode"[^>]*value="SW1A 1AA"/);
    const form = /<form method="post" action="\/requests"[\s\S]*?<\/form>/.exec(outside.body)?.[0] ?? '';
    const kept = Object.fromEntries(
      [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)" \/>/g)].map((m) => [
        m[1],
        (m[2] ?? '').replaceAll('&quot;', '"').replaceAll('&amp;', '&'),
      ]),
    );
    expect(kept).toEqual(Object.fromEntries(Object.entries(typed).filter(([name]) => name !== 'postcode')));

    const corrected = await call(submitRequest, formPost({ ...kept, postcode: 'GL50 1AB' }));
    expect(corrected.statusCode).toBe(303);
    expect(corrected.headers.Location).toMatch(/^\/requests\/received\?ref=GCK-/);
    const stored = [...ports.store.requests.values()].find((r) => r.requester.name === 'Winifred Quill');
    expect(stored?.requester.addressLine1).toBe('77 Marmalade Crescent');
    expect(stored?.details).toBe('Porridge oats & "proper" milk');
    expect(stored?.language).toBe('ar');
  });
});
