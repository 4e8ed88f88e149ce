import { randomUUID } from 'node:crypto';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

// Powertools reads its level when the logger module is first imported: keep test output quiet.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { handler as concern } from '../../functions/concern.js';
import { lambdaContext } from '../../sandbox/lambda-runtime.js';
import { resetRuntimeConfigForTests, settingsToEnvironment } from '../../shared/config.js';
import { setRuntimeForTests } from '../../shared/runtime.js';
import { hashToken, newInviteToken } from '../../shared/util/ids.js';
import { aRequest, testSettings } from '../support/memory-store.js';

/** The volunteer's concern route, against mocked AWS clients. */
const settings = testSettings();
const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESClient);
const savedEnv = { ...process.env };
const token = newInviteToken();
const farFuture = Math.floor(Date.now() / 1000) + 86_400 * 30;

beforeEach(() => {
  Object.assign(process.env, settingsToEnvironment(settings), {
    TABLE_NAME: 'ck-test-table',
    PUBLIC_BASE_URL: 'https://help.example.org/',
    AWS_REGION: 'eu-west-2',
  });
  resetRuntimeConfigForTests();
  setRuntimeForTests(undefined);
  ddb.reset();
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
});

afterAll(() => {
  process.env = savedEnv;
  resetRuntimeConfigForTests();
  setRuntimeForTests(undefined);
  ddb.restore();
  ses.restore();
});

function concernEvent(method: 'GET' | 'POST', headers: Record<string, string> = {}, body?: string) {
  const path = `/concern/${token}`;
  return {
    version: '2.0',
    routeKey: `${method} /concern/{token}`,
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'help.example.org', ...headers },
    pathParameters: { token },
    requestContext: {
      accountId: '000000000000',
      apiId: 'api',
      domainName: 'help.example.org',
      domainPrefix: 'help',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.10', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey: `${method} /concern/{token}`,
      stage: '$default',
      time: '10/Mar/2026:10:00:00 +0000',
      timeEpoch: Date.parse('2026-03-10T10:00:00Z'),
    },
    body,
    isBase64Encoded: false,
  } satisfies APIGatewayProxyEventV2;
}

function seedTable() {
  ddb.on(GetCommand, { Key: { pk: `ACTION#${hashToken(token)}`, sk: 'ACTION' } }).resolves({
    Item: {
      tokenHash: hashToken(token),
      kind: 'done',
      requestId: 'req-1',
      volunteerId: 'vol-1',
      expiresAt: farFuture,
    },
  });
  ddb.on(GetCommand, { Key: { pk: 'REQ#req-1', sk: 'REQUEST' } }).resolves({
    Item: aRequest({ id: 'req-1', status: 'assigned', assignedVolunteerId: 'vol-1' }),
  });
  ddb.on(PutCommand).resolves({});
}

const sameOrigin = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };

describe('the concern route', () => {
  it('shows the form on GET, with the 999 warning, and writes nothing', async () => {
    seedTable();
    const result = await concern(concernEvent('GET'), lambdaContext());
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('If someone is in immediate danger, call 999');
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
    expect(ses).not.toHaveReceivedAnyCommand();
  });

  it('refuses a cross-site POST with 403 and touches nothing', async () => {
    seedTable();
    const result = await concern(
      concernEvent(
        'POST',
        { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
        'kinds=no-food',
      ),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(403);
    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(ses).not.toHaveReceivedAnyCommand();
  });

  it('refuses a POST from another origin with 403', async () => {
    seedTable();
    const result = await concern(
      concernEvent(
        'POST',
        { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example.com' },
        'kinds=no-food',
      ),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(403);
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('stores a same-origin concern (every ticked box) and emails the prescriber only', async () => {
    seedTable();
    const result = await concern(
      concernEvent('POST', sameOrigin, 'kinds=no-food&kinds=seemed-unwell&note=Fridge+empty'),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('Thank you for telling us');
    // The concern and the prescriber's email (and only theirs), in one transaction.
    const stored = (ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []).map(
      (item) => item.Put?.Item,
    );
    expect(stored.find((item) => item?.entity === 'concern')).toMatchObject({
      kinds: ['no-food', 'seemed-unwell'],
      note: 'Fridge empty',
      statusKey: 'CONCERNS#open',
    });
    const messages = stored.filter((item) => item?.entity === 'message');
    expect(messages).toEqual([
      expect.objectContaining({
        kind: 'prescriber-concern',
        to: { role: 'prescriber' },
        facts: expect.objectContaining({ kinds: 'no-food seemed-unwell', hasNote: true }) as unknown,
      }),
    ]);
    // The note is the volunteer's own words about a person: never in the message item.
    expect(JSON.stringify(messages)).not.toContain('Fridge');
    expect(ses).not.toHaveReceivedAnyCommand();
  });

  it('answers an empty form with 400 and the error, storing nothing', async () => {
    seedTable();
    const result = await concern(concernEvent('POST', sameOrigin, 'note='), lambdaContext());
    expect(result.statusCode).toBe(400);
    expect(result.body).toContain('Tick what worried you');
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });
});
