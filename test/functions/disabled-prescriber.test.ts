import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

// Powertools reads its level when the logger module is first imported: keep test output quiet.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { handler as requestActions } from '../../functions/admin-request-actions.js';
import { handler as requests } from '../../functions/admin-requests.js';
import { httpEvent, lambdaContext, useEnvironmentRuntime } from '../support/handler-runtime.js';

/**
 * The dashboard's gate against the DynamoDB store as deployed (its client mocked): what it asks the
 * table on each request, and that a disabled prescriber's request goes no further.
 */
const ddb = mockClient(DynamoDBDocumentClient);
const SAM = '22222222-bbbb-4bbb-bbbb-samsamsamsam';
const TABLE = 'ck-test-table';

useEnvironmentRuntime({
  TABLE_NAME: TABLE,
  PUBLIC_BASE_URL: 'https://help.example.org/',
  AWS_REGION: 'eu-west-2',
});

beforeEach(() => {
  ddb.reset();
});

afterAll(() => {
  ddb.restore();
});

function asSam(method: 'GET' | 'POST', routePath: string, pathParameters?: Record<string, string>) {
  const event = httpEvent(method, routePath, {
    pathParameters,
    headers:
      method === 'POST'
        ? { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }
        : {},
  });
  return {
    ...event,
    requestContext: {
      ...event.requestContext,
      authorizer: {
        jwt: { claims: { sub: SAM, token_use: 'access', 'cognito:groups': '[prescribers]' }, scopes: [] },
      },
    },
  } as APIGatewayProxyEventV2;
}

const call = async (fn: typeof requests, event: APIGatewayProxyEventV2) =>
  (await fn(event, lambdaContext())) as { statusCode: number; body: string };

describe('a disabled prescriber against the DynamoDB store', () => {
  beforeEach(() => {
    ddb.on(GetCommand, { Key: { pk: `PRESCRIBER#${SAM}`, sk: 'PRESCRIBER' } }).resolves({
      Item: {
        pk: `PRESCRIBER#${SAM}`,
        sk: 'PRESCRIBER',
        entity: 'prescriber',
        statusKey: 'PRESCRIBERS',
        id: SAM,
        name: 'Sam Taylor',
        email: 'sam@practice.example.org',
        admin: false,
        enabled: false,
        addedAt: '2026-01-01T00:00:00.000Z',
        createdAt: '2026-01-01T00:00:00.000Z',
      },
    });
  });

  it.each([
    ['GET', requests, asSam('GET', '/admin')],
    ['POST', requestActions, asSam('POST', '/admin/requests/{id}/claim', { id: 'req-1' })],
  ] as const)(
    'answers a %s with 403 after one consistent GetItem of their own entry, and nothing else',
    async (_method, handler, event) => {
      const result = await call(handler, event);

      expect(result.statusCode).toBe(403);
      expect(result.body).toContain('Your account is disabled');
      const sent = ddb.calls().map((c) => c.args[0]);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toBeInstanceOf(GetCommand);
      expect(sent[0]?.input).toEqual({
        TableName: TABLE,
        Key: { pk: `PRESCRIBER#${SAM}`, sk: 'PRESCRIBER' },
        ConsistentRead: true,
      });
    },
  );
});
