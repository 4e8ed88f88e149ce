import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { handler } from '../../functions/record-report-facts.js';
import {
  lambdaContext,
  streamEvent,
  streamRecord,
  useEnvironmentRuntime,
} from '../support/handler-runtime.js';

const TABLE = 'ck-test-table';
const ddb = mockClient(DynamoDBDocumentClient);

const facts = {
  id: 'req-1',
  helpType: 'shopping',
  createdAt: '2026-03-10T09:00:00.000Z',
  enteredBy: 'public',
  assignedAt: '2026-03-10T09:30:00.000Z',
  assignedVolunteerId: 'vol-1',
  expiresAt: 1_790_000_000,
};
/** Times as base-36 milliseconds: made 9 h into its day, arranged 30 min after it was made. */
const line = `req-1|shopping|${(9 * 3_600_000).toString(36)}|public|${(30 * 60_000).toString(36)}|vol-1||`;

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

describe("the reports' record (table stream)", () => {
  it("reads only the changed requests' facts, consistently, and puts them under the day each was made", async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [facts] } });
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});

    const result = await handler(
      streamEvent(
        streamRecord('MODIFY', 'REQ#req-1', 'REQUEST'),
        streamRecord('INSERT', 'REQ#req-1', 'INVITE#vol-2'),
        streamRecord('REMOVE', 'REQ#req-9', 'REQUEST'),
        streamRecord('INSERT', 'MSG#m-1', 'MESSAGE'),
      ),
      lambdaContext(),
    );

    expect(result).toEqual({ batchItemFailures: [] });
    const read = ddb.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems?.[TABLE];
    expect(read?.Keys).toEqual([{ pk: 'REQ#req-1', sk: 'REQUEST' }]);
    expect(read?.ConsistentRead).toBe(true);
    // Only the fact fields: no name, contact, address or free text is read.
    expect(Object.values(read?.ExpressionAttributeNames ?? {}).sort()).toEqual(
      [
        'assignedAt',
        'assignedVolunteerId',
        'createdAt',
        'enteredBy',
        'escalatedAt',
        'expiresAt',
        'helpType',
        'id',
        'outcome',
      ].sort(),
    );
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: TABLE,
      Item: { pk: 'REPORT#2026-03-10', sk: 'DAY', requests: line, version: 1, ttl: 1_790_000_000 },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('writes nothing when the day already holds the facts as they are', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [facts] } });
    ddb.on(GetCommand).resolves({
      Item: { pk: 'REPORT#2026-03-10', ttl: 1_790_000_000, version: 4, requests: line },
    });

    await handler(streamEvent(streamRecord('MODIFY', 'REQ#req-1', 'REQUEST')), lambdaContext());

    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('sets a changed line on an existing day at the version it read, keeping the others and a later expiry', async () => {
    const other = `req-0|lift|${(8 * 3_600_000).toString(36)}|public||||`;
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [{ ...facts, outcome: 'helped' }] } });
    ddb.on(GetCommand).resolves({
      Item: { pk: 'REPORT#2026-03-10', ttl: 1_800_000_000, version: 4, requests: `${other}\n${line}` },
    });
    ddb.on(PutCommand).resolves({});

    await handler(streamEvent(streamRecord('MODIFY', 'REQ#req-1', 'REQUEST')), lambdaContext());

    expect(ddb).toHaveReceivedCommandTimes(PutCommand, 1);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      Item: { requests: `${other}\n${line}helped`, version: 5, ttl: 1_800_000_000 },
      ConditionExpression: '#version = :version',
      ExpressionAttributeValues: { ':version': 4 },
    });
  });

  it('reads the day again when another write landed first, and adds its line to that', async () => {
    const other = `req-0|lift|${(8 * 3_600_000).toString(36)}|public||||`;
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [facts] } });
    ddb
      .on(GetCommand)
      .resolvesOnce({})
      .resolves({ Item: { pk: 'REPORT#2026-03-10', version: 1, requests: other } });
    ddb
      .on(PutCommand)
      .rejectsOnce(
        Object.assign(new Error('The conditional request failed'), {
          name: 'ConditionalCheckFailedException',
        }),
      )
      .resolves({});

    await handler(streamEvent(streamRecord('INSERT', 'REQ#req-1', 'REQUEST')), lambdaContext());

    expect(ddb).toHaveReceivedCommandTimes(PutCommand, 2);
    expect(ddb.commandCalls(PutCommand)[1]?.args[0].input).toMatchObject({
      Item: { requests: `${other}\n${line}`, version: 2 },
    });
  });

  it('fails the batch when the table does, so the stream retries it', async () => {
    ddb
      .on(BatchGetCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    await expect(
      handler(streamEvent(streamRecord('INSERT', 'REQ#req-1', 'REQUEST')), lambdaContext()),
    ).rejects.toThrow(/Rate exceeded/);
  });

  it('reads nothing for a batch with no request in it', async () => {
    await handler(streamEvent(streamRecord('INSERT', 'MSG#m-1', 'MESSAGE')), lambdaContext());
    expect(ddb).not.toHaveReceivedAnyCommand();
  });
});
