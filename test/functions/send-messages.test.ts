import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/send-messages.js';
import { lambdaContext } from '../../sandbox/lambda-runtime.js';
import { TO_PRESCRIBER, toRequester } from '../../shared/domain/messages.js';
import { createSesMailer } from '../../shared/mail/ses.js';
import { setRuntimeForTests } from '../../shared/runtime.js';
import { aRequest, testPorts, testSettings, type TestPorts } from '../support/memory-store.js';

const ses = mockClient(SESClient);
const settings = testSettings();
let ports: TestPorts;

beforeEach(async () => {
  ses.reset();
  ports = testPorts();
  setRuntimeForTests({
    config: { ...settings, tableName: 'memory', region: 'eu-west-2' },
    settings,
    // The real SES adapter over a mocked client: the errors are the SDK's own.
    ports: { ...ports, mailer: createSesMailer({ sender: settings.senderEmail, client: new SESClient({}) }) },
  });
  ports.store.seedRequest(aRequest({ id: 'req-1', status: 'escalated' }));
  await ports.store.putMessages([
    {
      kind: 'prescriber-escalation',
      to: TO_PRESCRIBER,
      requestId: 'req-1',
      facts: { reason: 'no-candidates' },
    },
    { kind: 'requester-released', to: toRequester('req-1'), requestId: 'req-1' },
  ]);
});

afterAll(() => {
  setRuntimeForTests(undefined);
  ses.restore();
});

function streamEvent(extra: DynamoDBRecord[] = []): DynamoDBStreamEvent {
  const records = [...ports.store.messages.keys()].map((id, i): DynamoDBRecord => ({
    eventName: 'INSERT',
    dynamodb: { Keys: { pk: { S: `MSG#${id}` }, sk: { S: 'MESSAGE' } }, SequenceNumber: String(100 + i) },
  }));
  return { Records: [...records, ...extra] };
}

const throttled = () =>
  Object.assign(new Error('Maximum sending rate exceeded.'), {
    name: 'Throttling',
    $metadata: { httpStatusCode: 400 },
  });

describe('the sender Lambda (table stream → SES)', () => {
  it('sends each message once and reports no failures', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });

    const result = await handler(streamEvent(), lambdaContext('send-messages'));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 2);
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      Destination: { ToAddresses: [settings.prescriberEmail] },
    });
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      Destination: { ToAddresses: ['mary@example.com'] },
    });

    // The stream delivers the same records again: nothing more is sent.
    expect(await handler(streamEvent(), lambdaContext('send-messages'))).toEqual({ batchItemFailures: [] });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 2);
  });

  it('reports a record SES keeps throttling as a batch item failure, and only that one', async () => {
    ses
      .on(SendEmailCommand)
      .resolves({ MessageId: 'm-1' })
      .on(SendEmailCommand, { Destination: { ToAddresses: ['mary@example.com'] } })
      .rejects(throttled());

    const result = await handler(streamEvent(), lambdaContext('send-messages'));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '101' }] });
    const released = [...ports.store.messages.values()].find((m) => m.kind === 'requester-released');
    expect(released).not.toHaveProperty('doneAt');
    expect(released).not.toHaveProperty('leaseUntil');

    // The stream's retry, once SES has room again: sent, once.
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-2' });
    expect(await handler(streamEvent(), lambdaContext('send-messages'))).toEqual({ batchItemFailures: [] });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
  });

  it('tries a brief throttle again in place before giving the record back', async () => {
    ses.on(SendEmailCommand).rejectsOnce(throttled()).resolves({ MessageId: 'm-1' });
    ports.store.messages.delete([...ports.store.messages.keys()][1] ?? '');

    expect(await handler(streamEvent(), lambdaContext('send-messages'))).toEqual({ batchItemFailures: [] });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 2);
  });

  it('records an address SES rejects for good, without failing the batch', async () => {
    ses
      .on(SendEmailCommand)
      .resolves({ MessageId: 'm-1' })
      .on(SendEmailCommand, { Destination: { ToAddresses: ['mary@example.com'] } })
      .rejects(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));

    expect(await handler(streamEvent(), lambdaContext('send-messages'))).toEqual({ batchItemFailures: [] });
    const released = [...ports.store.messages.values()].find((m) => m.kind === 'requester-released');
    expect(released).toMatchObject({ failedReason: 'email:MessageRejected' });
  });

  it('ignores records that are not message inserts', async () => {
    const other: DynamoDBRecord = {
      eventName: 'INSERT',
      dynamodb: { Keys: { pk: { S: 'REQ#req-1' }, sk: { S: 'REQUEST' } }, SequenceNumber: '7' },
    };
    const result = await handler({ Records: [other] }, lambdaContext('send-messages'));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(ses).not.toHaveReceivedAnyCommand();
  });
});
