import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Powertools reads its level when the logger module is first imported: keep test output quiet.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { handler as escalate } from '../../functions/escalate.js';
import { handler as publicPages } from '../../functions/public-pages.js';
import { handler as respond } from '../../functions/respond.js';
import { handler as selfService } from '../../functions/self-service.js';
import { handler as startMatching } from '../../functions/start-matching.js';
import { handler as submitRequest } from '../../functions/submit-request.js';
import { handler as wave } from '../../functions/wave.js';
import { CLEANED_ERROR_MESSAGE } from '../../functions/workflow-task.js';
import { resetRuntimeConfigForTests, settingsToEnvironment } from '../../shared/config.js';
import type { WorkflowState } from '../../shared/domain/matching.js';
import type { HelpRequest } from '../../shared/domain/model.js';
import { addDaysToDate, londonDate } from '../../shared/vocabulary/time.js';
import { setRuntimeForTests } from '../../shared/runtime.js';
import { hashToken } from '../../shared/util/ids.js';
import { lambdaContext } from '../../sandbox/lambda-runtime.js';
import { streamEvent, streamRecord } from '../support/handler-runtime.js';
import { logger } from '../../shared/util/logger.js';
import { aRequest, aVolunteer, testSettings } from '../support/memory-store.js';

const settings = testSettings();
const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-2:000000000000:stateMachine:Matching';
const TABLE = 'ck-test-table';
const SCHEME_PHONE = settings.schemePhone;

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESClient);
const sfn = mockClient(SFNClient);

const savedEnv = { ...process.env };

beforeEach(() => {
  Object.assign(process.env, settingsToEnvironment(settings), {
    TABLE_NAME: TABLE,
    PUBLIC_BASE_URL: 'https://help.example.org/',
    STATE_MACHINE_ARN,
    AWS_REGION: 'eu-west-2',
    LOOKUP_HASH_SECRET: 'test-lookup-hash-secret',
  });
  resetRuntimeConfigForTests();
  setRuntimeForTests(undefined);
  ddb.reset();
  ses.reset();
  sfn.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(() => {
  process.env = savedEnv;
  resetRuntimeConfigForTests();
  setRuntimeForTests(undefined);
  ddb.restore();
  ses.restore();
  sfn.restore();
});

interface EventOptions {
  body?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
  routeKey?: string;
  isBase64Encoded?: boolean;
}

function httpEvent(method: string, path: string, options: EventOptions = {}): APIGatewayProxyEventV2 {
  const routeKey = options.routeKey ?? `${method} ${path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: { host: 'help.example.org', 'user-agent': 'vitest', ...options.headers },
    queryStringParameters: options.query,
    pathParameters: options.pathParameters,
    requestContext: {
      accountId: '000000000000',
      apiId: 'api',
      domainName: 'help.example.org',
      domainPrefix: 'help',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.10', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: '10/Mar/2026:10:00:00 +0000',
      timeEpoch: Date.parse('2026-03-10T10:00:00Z'),
    },
    body: options.body,
    isBase64Encoded: options.isBase64Encoded ?? false,
  };
}

/** A date three days from the real today: the handlers run on the system clock. */
const inThreeDays = () => addDaysToDate(londonDate(new Date()), 3);

function validJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    name: 'Mary Testperson',
    onBehalf: 'no',
    phone: '07700 900982',
    email: 'mary@example.com',
    addressLine1: '12 Acacia Avenue',
    postcode: 'GL50 1AB',
    helpType: 'shopping',
    details: 'Milk and bread',
    neededBy: inThreeDays(),
    consent: 'yes',
    ...overrides,
  });
}

function formBody(overrides: Record<string, string> = {}): string {
  const [year, month, day] = inThreeDays().split('-');
  return new URLSearchParams({
    idempotencyKey: '3b0c4f0e-4a57-4c3b-9d55-form',
    name: 'Mary Testperson',
    onBehalf: 'no',
    phone: '07700 900982',
    email: '',
    addressLine1: '12 Acacia Avenue',
    addressLine2: '',
    town: '',
    postcode: 'GL50 1AB',
    helpType: 'shopping',
    details: '',
    'neededBy-day': String(Number(day)),
    'neededBy-month': String(Number(month)),
    'neededBy-year': year ?? '',
    consent: 'yes',
    website: '',
    ...overrides,
  }).toString();
}

const post = (path: string, body: string, contentType: string, headers: Record<string, string> = {}) =>
  httpEvent('POST', path, { body, headers: { 'content-type': contentType, ...headers } });

function jsonBody(result: { body?: string }): unknown {
  return JSON.parse(result.body ?? 'null') as unknown;
}

function expectNoStackTrace(body: string | undefined) {
  expect(body).not.toMatch(/\bat .+\(.+:\d+:\d+\)/);
  expect(body).not.toContain('.ts:');
  expect(body).not.toContain('node_modules');
}

const EXPECTED_SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
};

/** A message item's Put in a transaction: a kind and a recipient by id, nothing rendered. */
function messagePut(kind: string, to: Record<string, string>) {
  return {
    Put: expect.objectContaining({
      Item: expect.objectContaining({ pk: expect.stringMatching(/^MSG#/), sk: 'MESSAGE', kind, to }),
    }),
  };
}

describe('POST /requests (submit-request)', () => {
  it('stores a valid JSON request in one transaction and answers 201 with the reference', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    const result = await submitRequest(post('/requests', validJson(), 'application/json'), lambdaContext());

    expect(result.statusCode).toBe(201);
    const body = jsonBody(result) as { reference: string; status: string };
    expect(body).toEqual({
      reference: expect.stringMatching(/^GCK-[0-9A-HJKMNP-TV-Z]{5}$/),
      status: 'received',
    });
    expect(result.headers['Content-Type']).toBe('application/json; charset=utf-8');
    expect(ddb).toHaveReceivedCommandOnce(TransactWriteCommand);
    expect(ddb).toHaveReceivedCommandWith(TransactWriteCommand, {
      TransactItems: expect.arrayContaining([
        {
          Put: expect.objectContaining({
            TableName: TABLE,
            ConditionExpression: 'attribute_not_exists(pk)',
            Item: expect.objectContaining({
              entity: 'request',
              sk: 'REQUEST',
              status: 'received',
              statusKey: 'STATUS#received',
              reference: body.reference,
              area: 'GL50 1',
              enteredBy: 'api',
              requester: expect.objectContaining({ name: 'Mary Testperson', postcode: 'GL50 1AB' }),
            }),
          }),
        },
        { Put: expect.objectContaining({ Item: expect.objectContaining({ pk: `REF#${body.reference}` }) }) },
        {
          Put: expect.objectContaining({
            Item: expect.objectContaining({ entity: 'audit', type: 'received' }),
          }),
        },
      ]),
    });
  });

  it('claims the Idempotency-Key header in the same transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await submitRequest(
      post('/requests', validJson(), 'application/json', { 'Idempotency-Key': 'client-key-1' }),
      lambdaContext(),
    );

    expect(ddb).toHaveReceivedCommandWith(TransactWriteCommand, {
      TransactItems: expect.arrayContaining([
        {
          Put: expect.objectContaining({
            Item: expect.objectContaining({ pk: 'IDEM#client-key-1', entity: 'idempotency' }),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        },
      ]),
    });
  });

  it('answers a repeated idempotency key with 200 and the first reference', async () => {
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [
          { Code: 'ConditionalCheckFailed' },
          { Code: 'None' },
          { Code: 'None' },
          { Code: 'None' },
        ],
      }),
    );
    ddb.on(GetCommand, { Key: { pk: 'IDEM#client-key-1', sk: 'IDEM' } }).resolves({
      Item: { pk: 'IDEM#client-key-1', sk: 'IDEM', requestId: 'req-first', reference: 'GCK-FIRST' },
    });

    const result = await submitRequest(
      post('/requests', validJson(), 'application/json', { 'Idempotency-Key': 'client-key-1' }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(200);
    expect(jsonBody(result)).toEqual({ reference: 'GCK-FIRST', status: 'received' });
  });

  it('answers an invalid JSON request with 400 and the field errors, and writes nothing', async () => {
    const result = await submitRequest(
      post('/requests', validJson({ name: '', phone: 'call me' }), 'application/json'),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(400);
    expect(jsonBody(result)).toEqual({
      message: 'There is a problem with the request.',
      errors: [
        { field: 'name', message: 'Enter the name of the person who needs help' },
        { field: 'phone', message: 'Enter a UK phone number, like 01632 960 001 or 07700 900 982' },
      ],
    });
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('answers malformed JSON with 400 and writes nothing', async () => {
    const result = await submitRequest(
      post('/requests', '{"name": "Mary', 'application/json'),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(400);
    expect(jsonBody(result)).toEqual({ message: 'The JSON in the request is not valid.', errors: [] });
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('answers a postcode outside the area with 422 and the scheme phone number', async () => {
    const result = await submitRequest(
      post('/requests', validJson({ postcode: 'SW1A 1AA' }), 'application/json'),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(422);
    expect(result.body).toContain(SCHEME_PHONE);
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('stores a phone-only requester who chose texts as such, and names the channel on the confirmation', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    const result = await submitRequest(
      post('/requests', formBody({ contactBy: 'text' }), 'application/x-www-form-urlencoded'),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(303);
    expect(result.headers.Location).toMatch(/^\/requests\/received\?ref=GCK-[0-9A-HJKMNP-TV-Z]{5}&by=text$/);
    expect(ddb).toHaveReceivedCommandWith(TransactWriteCommand, {
      TransactItems: expect.arrayContaining([
        {
          Put: expect.objectContaining({
            Item: expect.objectContaining({
              entity: 'request',
              requester: expect.objectContaining({ phone: '07700900982', contactBy: 'text' }),
            }),
          }),
        },
      ]),
    });
    const page = await publicPages(
      httpEvent('GET', '/requests/received', { query: { ref: 'GCK-7F3K2', by: 'text' } }),
      lambdaContext(),
    );
    expect(page.body).toContain('We have sent you a confirmation by text message.');
  });

  it('stores the name in English letters from the Arabic form with the name, in the request item', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    const result = await submitRequest(
      post(
        '/requests',
        formBody({ language: 'ar', name: 'فاطمة حسن', nameInEnglishLetters: ' Fatima Hassan ' }),
        'application/x-www-form-urlencoded',
      ),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(303);
    expect(ddb).toHaveReceivedCommandWith(TransactWriteCommand, {
      TransactItems: expect.arrayContaining([
        {
          Put: expect.objectContaining({
            Item: expect.objectContaining({
              entity: 'request',
              language: 'ar',
              requester: expect.objectContaining({
                name: 'فاطمة حسن',
                nameInEnglishLetters: 'Fatima Hassan',
              }),
            }),
          }),
        },
      ]),
    });
  });

  it('shows the Arabic form again when the name in English letters is not in English letters', async () => {
    const result = await submitRequest(
      post(
        '/requests',
        formBody({ language: 'ar', name: 'فاطمة حسن', nameInEnglishLetters: 'فاطمة' }),
        'application/x-www-form-urlencoded',
      ),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(400);
    expect(result.body).toContain('<html lang="ar" dir="rtl">');
    expect(result.body).toContain('href="#nameInEnglishLetters"');
    expect(result.body).toContain('اكتب الاسم بالحروف الإنجليزية');
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('redirects a valid form post to the confirmation page with 303', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    const result = await submitRequest(
      post('/requests', formBody(), 'application/x-www-form-urlencoded'),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(303);
    expect(result.headers.Location).toMatch(/^\/requests\/received\?ref=GCK-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(ddb).toHaveReceivedCommandWith(TransactWriteCommand, {
      TransactItems: expect.arrayContaining([
        {
          Put: expect.objectContaining({
            Item: expect.objectContaining({
              entity: 'request',
              enteredBy: 'public-form',
              neededBy: inThreeDays(),
            }),
          }),
        },
        {
          Put: expect.objectContaining({
            Item: expect.objectContaining({ pk: 'IDEM#3b0c4f0e-4a57-4c3b-9d55-form' }),
          }),
        },
      ]),
    });
  });

  it('accepts a base64-encoded form post, as API Gateway may send one', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const event = httpEvent('POST', '/requests', {
      body: Buffer.from(formBody()).toString('base64'),
      isBase64Encoded: true,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    const result = await submitRequest(event, lambdaContext());

    expect(result.statusCode).toBe(303);
  });

  it('shows the form again with an error summary and the person’s escaped values when a form post has errors', async () => {
    const result = await submitRequest(
      post(
        '/requests',
        formBody({ addressLine1: '12 "Acacia" <b>Avenue</b>', postcode: '', phone: '07700 900982' }),
        'application/x-www-form-urlencoded',
      ),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(400);
    expect(result.headers['Content-Type']).toBe('text/html; charset=utf-8');
    const page = result.body ?? '';
    expect(page).toContain('There is a problem');
    expect(page).toContain('<a href="#postcode">Enter a postcode</a>');
    expect(page).toContain('value="12 &quot;Acacia&quot; &lt;b&gt;Avenue&lt;/b&gt;"');
    expect(page).not.toContain('<b>Avenue</b>');
    expect(page).toContain('value="Mary Testperson"');
    expect(page).toMatch(/<title>Error: /);
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('refuses an unsupported content type with 415', async () => {
    const result = await submitRequest(post('/requests', 'name=Mary', 'text/plain'), lambdaContext());

    expect(result.statusCode).toBe(415);
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('refuses an oversized body with 413', async () => {
    const result = await submitRequest(
      post('/requests', validJson({ details: 'x'.repeat(20_000) }), 'application/json'),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(413);
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('answers an unexpected DynamoDB error with a kind 500 page, no stack trace, and logs only the error name', async () => {
    const failure = Object.assign(
      new Error('Throughput exceeds the current capacity for table ck-test-table'),
      {
        name: 'ProvisionedThroughputExceededException',
      },
    );
    ddb.on(TransactWriteCommand).rejects(failure);
    const errorLog = vi.spyOn(logger, 'error');

    const result = await submitRequest(
      post('/requests', formBody(), 'application/x-www-form-urlencoded'),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(500);
    expect(result.body).toContain(SCHEME_PHONE);
    expect(result.body).toContain('Sorry, there is a problem with the service');
    expect(result.body).not.toContain('ProvisionedThroughputExceeded');
    expect(result.body).not.toContain('ck-test-table');
    expectNoStackTrace(result.body);
    expect(errorLog).toHaveBeenCalledWith('unhandled error', {
      error: 'ProvisionedThroughputExceededException',
      route: 'POST /requests',
    });
  });
  it('answers an unexpected error on a JSON request with a JSON 500 that gives the scheme phone, no details', async () => {
    ddb.on(TransactWriteCommand).rejects(
      Object.assign(new Error('Throughput exceeds the current capacity for table ck-test-table'), {
        name: 'ProvisionedThroughputExceededException',
      }),
    );
    const result = await submitRequest(post('/requests', validJson(), 'application/json'), lambdaContext());
    expect(result.statusCode).toBe(500);
    expect(result.headers).toMatchObject({ 'Content-Type': expect.stringContaining('application/json') });
    const body = jsonBody(result) as { message: string };
    expect(body.message).toContain(SCHEME_PHONE);
    expect(result.body).not.toContain('ck-test-table');
    expectNoStackTrace(result.body);
  });
});

describe('GET / and GET /requests/received (public-pages)', () => {
  it('serves the form with the security headers', async () => {
    const result = await publicPages(httpEvent('GET', '/', { routeKey: 'GET /' }), lambdaContext());

    expect(result.statusCode).toBe(200);
    expect(result.headers).toMatchObject({
      ...EXPECTED_SECURITY_HEADERS,
      'Content-Type': 'text/html; charset=utf-8',
    });
    const csp = result.headers['Content-Security-Policy'] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(result.body).toContain('<form method="post" action="/requests"');
    expect(result.body).toMatch(/name="idempotencyKey" value="[0-9a-f-]{36}"/);
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('gives each form a fresh idempotency key', async () => {
    const keyOf = (body: string | undefined) => /name="idempotencyKey" value="([^"]+)"/.exec(body ?? '')?.[1];
    const first = await publicPages(httpEvent('GET', '/'), lambdaContext());
    const second = await publicPages(httpEvent('GET', '/'), lambdaContext());
    expect(keyOf(first.body)).toBeDefined();
    expect(keyOf(first.body)).not.toBe(keyOf(second.body));
  });

  it('shows the confirmation with the reference', async () => {
    const result = await publicPages(
      httpEvent('GET', '/requests/received', { query: { ref: 'GCK-7F3K2' } }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('GCK-7F3K2');
    expect(result.headers).toMatchObject(EXPECTED_SECURITY_HEADERS);
  });

  it.each([['<script>alert(1)</script>'], ['GCK-ABCDEF'], ['GCK-ILOU0'], ['']])(
    'answers 404 for the confirmation with a bad reference %j',
    async (ref) => {
      const result = await publicPages(
        httpEvent('GET', '/requests/received', { query: { ref } }),
        lambdaContext(),
      );

      expect(result.statusCode).toBe(404);
      expect(result.body).toContain('Page not found');
      expect(result.body).not.toContain('<script>alert(1)</script>');
    },
  );
});

describe('/respond/{token} (respond)', () => {
  const token = 'q6bXU0jcEbx7bGKVXMkhVH1NDfAbtcw3lnvWSNs_zHE';
  const tokenHash = hashToken(token);
  const request = aRequest({ id: 'req-1', status: 'matching', wave: 1 });
  const invite = {
    requestId: 'req-1',
    volunteerId: 'vol-a',
    wave: 1,
    tokenHash,
    status: 'sent',
    createdAt: '2026-03-10T10:00:00.000Z',
    // Far enough ahead that the real clock never reaches it.
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
  };
  const respondEvent = (method: 'GET' | 'POST', options: EventOptions = {}) =>
    httpEvent(method, `/respond/${token}`, {
      routeKey: `${method} /respond/{token}`,
      pathParameters: { token },
      ...options,
    });

  /** The token, invite, request and volunteer items; `requestAfter` is what a second read of the request sees. */
  function mockOpenInvite(requestAfter: HelpRequest = request) {
    ddb.on(GetCommand, { Key: { pk: `TOKEN#${tokenHash}`, sk: 'TOKEN' } }).resolves({
      Item: { pk: `TOKEN#${tokenHash}`, sk: 'TOKEN', requestId: 'req-1', volunteerId: 'vol-a' },
    });
    ddb.on(GetCommand, { Key: { pk: 'REQ#req-1', sk: 'INVITE#vol-a' } }).resolves({
      Item: { pk: 'REQ#req-1', sk: 'INVITE#vol-a', entity: 'invite', ...invite },
    });
    ddb
      .on(GetCommand, { Key: { pk: 'REQ#req-1', sk: 'REQUEST' } })
      .resolvesOnce({ Item: { pk: 'REQ#req-1', sk: 'REQUEST', entity: 'request', ...request } })
      .resolves({ Item: { pk: 'REQ#req-1', sk: 'REQUEST', entity: 'request', ...requestAfter } });
    ddb.on(GetCommand, { Key: { pk: 'VOL#vol-a', sk: 'PROFILE' } }).resolves({
      Item: {
        pk: 'VOL#vol-a',
        sk: 'PROFILE',
        ...aVolunteer({ id: 'vol-a', name: 'Alice Able', email: 'alice@example.org' }),
      },
    });
  }

  it('shows an open invite on GET without writing anything or showing the requester', async () => {
    mockOpenInvite();

    const result = await respond(respondEvent('GET'), lambdaContext());

    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('Hello Alice, someone near you has asked for help.');
    expect(result.body).toContain(`action="/respond/${token}"`);
    expect(result.body).toContain('<meta name="robots" content="noindex, nofollow" />');
    expect(result.body).not.toContain('Mary');
    expect(result.body).not.toContain('Acacia');
    expect(result.headers).toMatchObject(EXPECTED_SECURITY_HEADERS);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('answers a malformed token with a 404 page, no lookup and no stack trace', async () => {
    const result = await respond(
      httpEvent('GET', '/respond/not-a-token', {
        routeKey: 'GET /respond/{token}',
        pathParameters: { token: 'not-a-token' },
      }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(404);
    expect(result.body).toContain('This link is not valid');
    expect(result.body).toContain(SCHEME_PHONE);
    expectNoStackTrace(result.body);
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('answers an unknown token with 404', async () => {
    ddb.on(GetCommand).resolves({});

    const result = await respond(respondEvent('GET'), lambdaContext());

    expect(result.statusCode).toBe(404);
    expect(result.body).toContain('This link is not valid');
  });

  it('refuses a cross-site POST with 403 and touches nothing', async () => {
    const result = await respond(
      respondEvent('POST', {
        body: 'action=accept',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(403);
    expect(result.body).toContain('we only accept answers sent from our own pages');
    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(ses).not.toHaveReceivedAnyCommand();
  });

  it('refuses a POST from another origin with 403', async () => {
    const result = await respond(
      respondEvent('POST', {
        body: 'action=accept',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example.com' },
      }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(403);
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('answers a POST without a valid action with 400 and touches nothing', async () => {
    const result = await respond(
      respondEvent('POST', {
        body: 'action=delete',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(400);
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('accepts a same-origin POST: assigns in one transaction with the emails it promises, and shows the details', async () => {
    mockOpenInvite();
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [{ ...invite, pk: 'REQ#req-1', sk: 'INVITE#vol-a' }] });
    ddb.on(PutCommand).resolves({});

    const result = await respond(
      respondEvent('POST', {
        body: 'action=accept',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'sec-fetch-site': 'same-origin',
          origin: 'null',
        },
      }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('Thank you for saying yes');
    expect(result.body).toContain('Mary Testperson');
    expect(result.body).toContain('12 Acacia Avenue');
    expect(ddb).toHaveReceivedCommandWith(TransactWriteCommand, {
      TransactItems: [
        {
          Update: expect.objectContaining({
            Key: { pk: 'REQ#req-1', sk: 'REQUEST' },
            ConditionExpression: '#status IN (:open0, :open1)',
            ExpressionAttributeValues: expect.objectContaining({
              ':open0': 'received',
              ':open1': 'matching',
            }),
          }),
        },
        {
          Update: expect.objectContaining({
            Key: { pk: 'REQ#req-1', sk: 'INVITE#vol-a' },
            ConditionExpression: '#status IN (:answerable0, :answerable1) AND tokenHash = :hash',
            ExpressionAttributeValues: expect.objectContaining({
              ':answerable0': 'sent',
              ':answerable1': 'pending',
              ':hash': tokenHash,
            }),
          }),
        },
        // The winner's details and the requester's news, in the same transaction: the sender emails them.
        messagePut('volunteer-details', { role: 'volunteer', volunteerId: 'vol-a' }),
        messagePut('requester-accepted', { role: 'requester', requestId: 'req-1' }),
      ],
    });
    // Nothing is sent from inside the request, so a throttled email service cannot lose it.
    expect(ses).not.toHaveReceivedAnyCommand();
  });

  it('on weekly help, "every week" also gives the volunteer the series with a conditional update', async () => {
    const weekly = { ...request, seriesId: 'req-1', occurrence: 1, frequency: 'weekly' as const };
    mockOpenInvite(weekly);
    ddb
      .on(GetCommand, { Key: { pk: 'REQ#req-1', sk: 'REQUEST' } })
      .resolves({ Item: { pk: 'REQ#req-1', sk: 'REQUEST', entity: 'request', ...weekly } });
    // Read only after the conditional update below: the series as it then stands, held by Alice.
    ddb.on(GetCommand, { Key: { pk: 'SERIES#req-1', sk: 'SERIES' } }).resolves({
      Item: {
        pk: 'SERIES#req-1',
        sk: 'SERIES',
        id: 'req-1',
        frequency: 'weekly',
        helpType: 'shopping',
        area: 'GL50',
        status: 'active',
        requestIds: ['req-1'],
        committedVolunteerId: 'vol-a',
        createdAt: '2026-03-10T09:00:00.000Z',
      },
    });
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(UpdateCommand).resolves({ Attributes: {} });
    ddb.on(QueryCommand).resolves({ Items: [{ ...invite, pk: 'REQ#req-1', sk: 'INVITE#vol-a' }] });
    ddb.on(PutCommand).resolves({});

    const result = await respond(
      respondEvent('POST', {
        body: 'action=accept-series',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(200);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: 'SERIES#req-1', sk: 'SERIES' },
      ConditionExpression: '#status = :active AND attribute_not_exists(committedVolunteerId)',
      ExpressionAttributeValues: expect.objectContaining({ ':vid': 'vol-a' }),
    });
    // The details (with the stop link, rendered by the sender once the series is hers) go with the win.
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items).toContainEqual(
      messagePut('volunteer-details', { role: 'volunteer', volunteerId: 'vol-a' }),
    );
    expect(ses).not.toHaveReceivedAnyCommand();
  });

  it('answers a POST that loses the race with the taken page and no requester details', async () => {
    // Another volunteer's accept lands between this one's read and its transaction.
    mockOpenInvite({ ...request, status: 'assigned', assignedVolunteerId: 'vol-b' });
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );

    const result = await respond(
      respondEvent('POST', {
        body: 'action=accept',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('Someone has already said yes');
    expect(result.body).not.toContain('Mary');
    expect(result.body).not.toContain('Acacia');
    expect(ses).not.toHaveReceivedAnyCommand();
  });

  it('answers an unexpected DynamoDB error with a 500 page that gives the scheme phone and no stack trace', async () => {
    ddb
      .on(GetCommand)
      .rejects(Object.assign(new Error('Internal server error'), { name: 'InternalServerError' }));
    const errorLog = vi.spyOn(logger, 'error');

    const result = await respond(respondEvent('GET'), lambdaContext());

    expect(result.statusCode).toBe(500);
    expect(result.body).toContain(SCHEME_PHONE);
    expect(result.headers).toMatchObject(EXPECTED_SECURITY_HEADERS);
    expectNoStackTrace(result.body);
    expect(result.body).not.toContain('InternalServerError');
    expect(errorLog).toHaveBeenCalledWith('unhandled error', {
      error: 'InternalServerError',
      route: 'GET /respond/{token}',
    });
  });
});

describe('/release/{token} and /pause/{token} (self-service)', () => {
  const token = 'Rl3aSeTokEn0123456789abcdefghijklmnopqrstuv';
  const tokenHash = hashToken(token);
  const farAhead = () => Math.floor(Date.now() / 1000) + 3600;
  const assigned = aRequest({
    id: 'req-1',
    status: 'assigned',
    wave: 1,
    assignedVolunteerId: 'vol-a',
    assignedAt: '2026-03-10T10:00:00.000Z',
  });
  const linkEvent = (
    kind: 'release' | 'pause' | 'details',
    method: 'GET' | 'POST',
    options: EventOptions = {},
  ) =>
    httpEvent(method, `/${kind}/${token}`, {
      routeKey: `${method} /${kind}/{token}`,
      pathParameters: { token },
      ...options,
    });
  const sameOrigin = (body: string) => ({
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
  });

  function mockLink(kind: 'release' | 'pause' | 'details') {
    ddb.on(GetCommand, { Key: { pk: `ACTION#${tokenHash}`, sk: 'ACTION' } }).resolves({
      Item: {
        pk: `ACTION#${tokenHash}`,
        sk: 'ACTION',
        tokenHash,
        kind,
        ...(kind === 'pause' ? {} : { requestId: 'req-1' }),
        volunteerId: 'vol-a',
        expiresAt: farAhead(),
      },
    });
    ddb.on(GetCommand, { Key: { pk: 'REQ#req-1', sk: 'REQUEST' } }).resolves({
      Item: { pk: 'REQ#req-1', sk: 'REQUEST', ...assigned },
    });
    ddb.on(GetCommand, { Key: { pk: 'VOL#vol-a', sk: 'PROFILE' } }).resolves({
      Item: {
        pk: 'VOL#vol-a',
        sk: 'PROFILE',
        ...aVolunteer({ id: 'vol-a', name: 'Alice Able', email: 'alice@example.org' }),
      },
    });
  }

  function expectNoWrites() {
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
    expect(ddb).not.toHaveReceivedCommand(BatchWriteCommand);
    expect(sfn).not.toHaveReceivedAnyCommand();
    expect(ses).not.toHaveReceivedAnyCommand();
  }

  it('GET /details shows the assigned volunteer the person and the job, and writes nothing', async () => {
    mockLink('details');
    const result = await selfService(linkEvent('details', 'GET'), lambdaContext());
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain(assigned.requester.name);
    expect(result.body).toContain(assigned.requester.addressLine1);
    expect(result.body).not.toContain('<form');
    expect(result.headers).toMatchObject(EXPECTED_SECURITY_HEADERS);
    expectNoWrites();
  });

  it('GET /details shows nothing about the person once the task is someone else’s', async () => {
    mockLink('details');
    ddb.on(GetCommand, { Key: { pk: 'REQ#req-1', sk: 'REQUEST' } }).resolves({
      Item: { pk: 'REQ#req-1', sk: 'REQUEST', ...assigned, assignedVolunteerId: 'vol-b' },
    });
    const result = await selfService(linkEvent('details', 'GET'), lambdaContext());
    expect(result.statusCode).toBe(200);
    expect(result.body).not.toContain(assigned.requester.name);
    expect(result.body).not.toContain(assigned.requester.addressLine1);
    expectNoWrites();
  });

  it('GET /details with a release link is not recognised', async () => {
    mockLink('release');
    const result = await selfService(linkEvent('details', 'GET'), lambdaContext());
    expect(result.statusCode).toBe(404);
    expect(result.body).not.toContain(assigned.requester.name);
  });

  it('GET /release shows the question and spends nothing', async () => {
    mockLink('release');
    const result = await selfService(linkEvent('release', 'GET'), lambdaContext());
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('Can you no longer help?');
    expect(result.body).toContain(`action="/release/${token}"`);
    expect(result.body).not.toContain('Mary');
    expect(result.headers).toMatchObject(EXPECTED_SECURITY_HEADERS);
    expectNoWrites();
  });

  it.each(['release', 'pause'] as const)(
    'refuses a cross-site POST to /%s with 403 and touches nothing',
    async (kind) => {
      const result = await selfService(
        linkEvent(kind, 'POST', {
          body: 'until=1w',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
        }),
        lambdaContext(),
      );
      expect(result.statusCode).toBe(403);
      expect(ddb).not.toHaveReceivedAnyCommand();
      expectNoWrites();
    },
  );

  it('POST /release gives the task back in one transaction and starts a uniquely named run', async () => {
    mockLink('release');
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'REQ#req-1', ':prefix': 'INVITE#' } })
      .resolves({
        Items: [
          {
            requestId: 'req-1',
            volunteerId: 'vol-a',
            wave: 1,
            tokenHash: 'x',
            status: 'accepted',
            createdAt: '2026-03-10T09:00:00.000Z',
            expiresAt: farAhead(),
          },
        ],
      });
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'REQ#req-1', ':prefix': 'AUDIT#' } })
      .resolves({ Items: [{ type: 'matching-rerun', requestId: 'req-1', actor: 'p', at: 'x' }] });
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: new Date() });

    const result = await selfService(linkEvent('release', 'POST', sameOrigin('')), lambdaContext());

    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('Thank you for telling us');
    const transaction = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(transaction.map((item) => item.Update?.ConditionExpression)).toEqual([
      '#status = :assigned AND assignedVolunteerId = :vid',
      'attribute_exists(pk) AND attribute_not_exists(usedAt)',
      undefined,
    ]);
    // The requester's short note is written with the release, whatever becomes of the new run.
    expect(transaction[2]).toEqual(
      messagePut('requester-released', { role: 'requester', requestId: 'req-1' }),
    );
    // One rerun before, so this is run 3; the wave count goes on from 1.
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, {
      stateMachineArn: STATE_MACHINE_ARN,
      name: 'req-1-r3',
    });
    const input = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input ?? '';
    expect(JSON.parse(input)).toEqual({ requestId: 'req-1', wave: 1 });
    expect(ses).not.toHaveReceivedAnyCommand();
  });

  it('GET /pause shows the choices, nothing about any request, and spends nothing', async () => {
    mockLink('pause');
    const result = await selfService(linkEvent('pause', 'GET'), lambdaContext());
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('Pause your invites');
    expect(result.body).toContain('type="radio"');
    expect(result.body).not.toContain(assigned.reference);
    expect(ddb).not.toHaveReceivedCommandWith(GetCommand, { Key: { pk: 'REQ#req-1', sk: 'REQUEST' } });
    expectNoWrites();
  });

  it('POST /pause pauses the volunteer for the chosen time', async () => {
    mockLink('pause');
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(BatchWriteCommand).resolves({});
    const result = await selfService(linkEvent('pause', 'POST', sameOrigin('until=2w')), lambdaContext());
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('Your invites are paused');
    const written = JSON.stringify(ddb.commandCalls(BatchWriteCommand)[0]?.args[0].input);
    const until = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    expect(written).toContain(`"pausedUntil":"${until}T23:59:59.000Z"`);
  });

  it('POST /pause without a choice asks again with an error and writes nothing', async () => {
    mockLink('pause');
    const result = await selfService(linkEvent('pause', 'POST', sameOrigin('')), lambdaContext());
    expect(result.statusCode).toBe(400);
    expect(result.body).toContain('Select how long to pause your invites for');
    expectNoWrites();
  });
});

describe('start-matching (DynamoDB stream)', () => {
  it('starts one execution per new request, named after the request, with only ids in the input', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: new Date() });

    const result = await startMatching(
      streamEvent(streamRecord('INSERT', 'REQ#req-1', 'REQUEST')),
      lambdaContext(),
    );

    expect(result).toEqual({ batchItemFailures: [] });
    expect(sfn).toHaveReceivedCommandOnce(StartExecutionCommand);
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, {
      stateMachineArn: STATE_MACHINE_ARN,
      name: 'req-1',
    });
    const input = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input ?? '';
    expect(JSON.parse(input)).toEqual({ requestId: 'req-1', wave: 0 });
  });

  it('ignores modifications, removals and items that are not requests', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: new Date() });

    const result = await startMatching(
      streamEvent(
        streamRecord('MODIFY', 'REQ#req-1', 'REQUEST'),
        streamRecord('REMOVE', 'REQ#req-2', 'REQUEST'),
        streamRecord('INSERT', 'REQ#req-3', 'AUDIT#2026-03-10T10:00:00.000Z#01J'),
        streamRecord('INSERT', 'REQ#req-3', 'INVITE#vol-a'),
        streamRecord('INSERT', 'REF#GCK-7F3K2', 'REF'),
        streamRecord('INSERT', 'TOKEN#abc', 'TOKEN'),
      ),
      lambdaContext(),
    );

    expect(result).toEqual({ batchItemFailures: [] });
    expect(sfn).not.toHaveReceivedAnyCommand();
  });

  it('counts an execution that already exists as started (a retried batch)', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'Execution already exists', $metadata: {} }));

    const result = await startMatching(
      streamEvent(streamRecord('INSERT', 'REQ#req-1', 'REQUEST')),
      lambdaContext(),
    );

    expect(result).toEqual({ batchItemFailures: [] });
  });

  it('reports only the failed record, by sequence number, and still starts the others', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: new Date() });
    sfn
      .on(StartExecutionCommand, { name: 'req-2' })
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const failing = streamRecord('INSERT', 'REQ#req-2', 'REQUEST');

    const result = await startMatching(
      streamEvent(
        streamRecord('INSERT', 'REQ#req-1', 'REQUEST'),
        failing,
        streamRecord('INSERT', 'REQ#req-3', 'REQUEST'),
      ),
      lambdaContext(),
    );

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: failing.dynamodb?.SequenceNumber }] });
    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 3);
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { name: 'req-3' });
  });
});

describe('workflow tasks (Step Functions)', () => {
  const run = { name: 'req-1', startedAt: '2026-03-10T09:00:00.000Z' };
  const afterTheWait: WorkflowState = { requestId: 'req-1', wave: 1, next: 'wait', windowSeconds: 60 };

  it('the wave step finishes when the request has been assigned', async () => {
    ddb.on(GetCommand, { Key: { pk: 'REQ#req-1', sk: 'REQUEST' } }).resolves({
      Item: { pk: 'REQ#req-1', sk: 'REQUEST', ...aRequest({ id: 'req-1', status: 'assigned', wave: 1 }) },
    });

    const result = await wave({ state: afterTheWait, run }, lambdaContext('wave'));

    expect(result).toEqual({ requestId: 'req-1', wave: 1, next: 'done' });
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('the wave step starts the next wave while waves remain', async () => {
    const matching = aRequest({ id: 'req-1', status: 'matching', wave: 1 });
    ddb.on(GetCommand).resolves({ Item: { pk: 'REQ#req-1', sk: 'REQUEST', ...matching } });
    ddb.on(UpdateCommand).resolves({ Attributes: { pk: 'REQ#req-1', sk: 'REQUEST', ...matching, wave: 2 } });
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(PutCommand).resolves({});

    const result = await wave({ state: afterTheWait, run }, lambdaContext('wave'));

    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: 'REQ#req-1', sk: 'REQUEST' },
      ExpressionAttributeValues: expect.objectContaining({ ':wave': 2 }),
    });
    // Nobody in the (empty) roster offers this help, so the next step is the prescriber.
    expect(result).toEqual({
      requestId: 'req-1',
      wave: 2,
      next: 'escalate',
      escalationReason: 'no-candidates',
    });
  });

  it('escalate marks the request escalated and writes the prescriber’s email with it', async () => {
    ddb.on(UpdateCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(GetCommand).resolves({
      Item: { pk: 'REQ#req-1', sk: 'REQUEST', ...aRequest({ id: 'req-1', status: 'escalated', wave: 2 }) },
    });
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(PutCommand).resolves({});
    const state: WorkflowState = {
      requestId: 'req-1',
      wave: 2,
      error: { Error: 'Lambda.Unknown', Cause: 'x' },
    };

    const result = await escalate(state, lambdaContext('escalate'));

    expect(result).toEqual({ requestId: 'req-1', wave: 2, outcome: 'escalated' });
    expect(ddb).toHaveReceivedCommandWith(TransactWriteCommand, {
      TransactItems: [
        {
          Update: expect.objectContaining({
            Key: { pk: 'REQ#req-1', sk: 'REQUEST' },
            ExpressionAttributeValues: expect.objectContaining({ ':reason': 'system-failure' }),
          }),
        },
        messagePut('prescriber-escalation', { role: 'prescriber' }),
      ],
    });
    expect(ses).not.toHaveReceivedAnyCommand();
  });

  it('lets an unexpected error propagate, cleaned to its name, so the state machine retries it', async () => {
    const address = 'someone@example.net';
    ddb
      .on(GetCommand)
      .rejects(
        Object.assign(new Error(`throttled while reading for ${address}`), { name: 'ThrottlingException' }),
      );

    const failure = await wave({ state: afterTheWait, run }, lambdaContext('wave')).catch(
      (error: unknown) => error,
    );

    // Step Functions records the name as the error; history and logs keep neither message nor stack.
    expect(failure).toBeInstanceOf(Error);
    const { name, message, stack } = failure as Error;
    expect({ name, message }).toEqual({ name: 'ThrottlingException', message: CLEANED_ERROR_MESSAGE });
    expect(`${name} ${message} ${stack}`).not.toContain(address);
  });
});

describe('/stop/{token} (self-service, recurring help)', () => {
  const token = 'St0pTokEn0123456789abcdefghijklmnopqrstuvwx';
  const tokenHash = hashToken(token);
  const stopEvent = (method: 'GET' | 'POST', options: EventOptions = {}) =>
    httpEvent(method, `/stop/${token}`, {
      routeKey: `${method} /stop/{token}`,
      pathParameters: { token },
      ...options,
    });

  function mockStopLink() {
    ddb.on(GetCommand, { Key: { pk: `ACTION#${tokenHash}`, sk: 'ACTION' } }).resolves({
      Item: {
        tokenHash,
        kind: 'stop',
        requestId: 'req-2',
        volunteerId: 'vol-a',
        expiresAt: Math.floor(Date.now() / 1000) + 3600,
      },
    });
    ddb.on(GetCommand, { Key: { pk: 'REQ#req-2', sk: 'REQUEST' } }).resolves({
      Item: {
        pk: 'REQ#req-2',
        sk: 'REQUEST',
        ...aRequest({
          id: 'req-2',
          status: 'assigned',
          assignedVolunteerId: 'vol-a',
          seriesId: 'req-1',
          occurrence: 2,
          frequency: 'weekly',
        }),
      },
    });
    ddb.on(GetCommand, { Key: { pk: 'SERIES#req-1', sk: 'SERIES' } }).resolves({
      Item: {
        id: 'req-1',
        frequency: 'weekly',
        helpType: 'shopping',
        area: 'GL50',
        status: 'active',
        requestIds: ['req-1', 'req-2'],
        committedVolunteerId: 'vol-a',
        createdAt: '2026-03-10T09:00:00.000Z',
      },
    });
  }

  it('shows the question on GET and writes nothing', async () => {
    mockStopLink();
    const result = await selfService(stopEvent('GET'), lambdaContext());
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('Stop helping every time?');
    expect(result.body).not.toContain('Mary');
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('refuses a cross-site POST with 403 and touches nothing', async () => {
    const result = await selfService(
      stopEvent('POST', {
        body: '',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(403);
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('stops the commitment on a same-origin POST, only while it is this volunteer’s, and audits it', async () => {
    mockStopLink();
    ddb.on(UpdateCommand).resolves({ Attributes: {} });
    ddb.on(PutCommand).resolves({});
    const result = await selfService(
      stopEvent('POST', {
        body: '',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('You will not be asked every time');
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: 'SERIES#req-1', sk: 'SERIES' },
      UpdateExpression: 'REMOVE committedVolunteerId, committedAt',
      ConditionExpression: 'committedVolunteerId = :vid',
      ExpressionAttributeValues: { ':vid': 'vol-a' },
    });
    const audit = ddb.commandCalls(PutCommand).map((call) => call.args[0].input.Item);
    expect(audit).toEqual([
      expect.objectContaining({ type: 'series-stopped', actor: 'vol-a', requestId: 'req-2' }),
    ]);
    expect(ses).not.toHaveReceivedAnyCommand();
  });
});

describe('only through the front door (the origin-verify header CloudFront adds)', () => {
  const ORIGIN_SECRET = 'origin-secret-for-tests-0123456789abcdef';
  const token = 'q6bXU0jcEbx7bGKVXMkhVH1NDfAbtcw3lnvWSNs_zHE';

  beforeEach(() => {
    process.env.ORIGIN_VERIFY_SECRET = ORIGIN_SECRET;
    resetRuntimeConfigForTests();
    ddb.on(TransactWriteCommand).resolves({});
  });
  afterEach(() => {
    delete process.env.ORIGIN_VERIFY_SECRET;
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    resetRuntimeConfigForTests();
  });

  const nothingTouched = () => {
    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(ses).not.toHaveReceivedAnyCommand();
    expect(sfn).not.toHaveReceivedAnyCommand();
  };

  it('refuses a form post without the header with 403, before storing or sending anything', async () => {
    const result = await submitRequest(post('/requests', validJson(), 'application/json'), lambdaContext());

    expect(result.statusCode).toBe(403);
    expect(result.body).toBe('Forbidden');
    expect(result.body).not.toContain(ORIGIN_SECRET);
    nothingTouched();
  });

  it('refuses a wrong or near-miss value with 403 and touches nothing', async () => {
    for (const wrong of [
      'nope',
      ORIGIN_SECRET.slice(0, -1),
      `${ORIGIN_SECRET}x`,
      ORIGIN_SECRET.toUpperCase(),
    ]) {
      const result = await submitRequest(
        post('/requests', validJson(), 'application/json', { 'x-origin-verify': wrong }),
        lambdaContext(),
      );
      expect(result.statusCode).toBe(403);
    }
    nothingTouched();
  });

  it('refuses a volunteer link followed directly, without a lookup of its token', async () => {
    const result = await respond(
      httpEvent('POST', `/respond/${token}`, {
        routeKey: 'POST /respond/{token}',
        pathParameters: { token },
        body: 'answer=accept',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(403);
    nothingTouched();
  });

  it('lets the request through with the right value: it is stored as usual', async () => {
    const result = await submitRequest(
      post('/requests', validJson(), 'application/json', { 'X-Origin-Verify': ORIGIN_SECRET }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(201);
    expect(ddb).toHaveReceivedCommandOnce(TransactWriteCommand);
  });

  it('in Lambda without a configured secret refuses everything rather than leaving the door open', async () => {
    delete process.env.ORIGIN_VERIFY_SECRET;
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'CommunityKindness-submitRequest';
    resetRuntimeConfigForTests();

    const result = await submitRequest(
      post('/requests', validJson(), 'application/json', { 'x-origin-verify': ORIGIN_SECRET }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(403);
    nothingTouched();
  });

  it('is off outside Lambda when no secret is configured (the sandbox and the other tests)', async () => {
    delete process.env.ORIGIN_VERIFY_SECRET;
    resetRuntimeConfigForTests();

    const result = await submitRequest(post('/requests', validJson(), 'application/json'), lambdaContext());

    expect(result.statusCode).toBe(201);
  });
});
