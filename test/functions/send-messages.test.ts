import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/send-messages.js';
import { lambdaContext } from '../../sandbox/lambda-runtime.js';
import { TO_PRESCRIBER, toRequester } from '../../shared/domain/messages.js';
import { createSesMailer } from '../../shared/mail/ses.js';
import { createSmsTexter } from '../../shared/sms/client.js';
import { keyedHash } from '../../shared/util/keyed-hash.js';
import { setRuntimeForTests } from '../../shared/runtime.js';
import { aRequest, testPorts, testSettings, type TestPorts } from '../support/memory-store.js';

const ses = mockClient(SESClient);
const sms = mockClient(PinpointSMSVoiceV2Client);
const settings = testSettings();
let ports: TestPorts;

beforeEach(async () => {
  ses.reset();
  sms.reset();
  ports = testPorts();
  setRuntimeForTests({
    config: {
      ...settings,
      tableName: 'memory',
      region: 'eu-west-2',
      sms: { ...settings.sms, originationIdentity: '+447700900000' },
    },
    settings,
    // The real SES and SMS adapters over mocked clients: the errors are the SDK's own.
    ports: { ...ports, mailer: createSesMailer({ sender: settings.senderEmail, client: new SESClient({}) }) },
    texter: createSmsTexter({
      region: 'eu-west-2',
      originationIdentity: '+447700900000',
      client: new PinpointSMSVoiceV2Client({}),
    }),
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
  sms.restore();
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

describe('the sender Lambda: confirmations', () => {
  const confirmationFor = async (requester: Partial<ReturnType<typeof aRequest>['requester']>) => {
    ports.store.messages.clear();
    ports.store.seedRequest(
      aRequest({ id: 'req-2', reference: 'GCK-TEXT2', requester: { ...aRequest().requester, ...requester } }),
    );
    await ports.store.putMessages([
      { kind: 'requester-confirmation', to: toRequester('req-2'), requestId: 'req-2' },
    ]);
  };

  it('texts a requester who gave only a mobile number their reference, in E.164', async () => {
    sms.on(SendTextMessageCommand).resolves({ MessageId: 't-1' });
    await confirmationFor({ email: undefined, phone: '07700 900123', contactBy: 'text' });

    expect(await handler(streamEvent(), lambdaContext('send-messages'))).toEqual({ batchItemFailures: [] });

    expect(ses).not.toHaveReceivedAnyCommand();
    expect(sms).toHaveReceivedCommandTimes(SendTextMessageCommand, 1);
    const input = sms.commandCalls(SendTextMessageCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      DestinationPhoneNumber: '+447700900123',
      OriginationIdentity: '+447700900000',
      MessageType: 'TRANSACTIONAL',
    });
    expect(input?.MessageBody).toContain('GCK-TEXT2');
  });

  it('counts the confirmation under a keyed hash of the address (never the address) and sends it', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    await confirmationFor({ email: 'Mary@Example.com ' });

    expect(await handler(streamEvent(), lambdaContext('send-messages'))).toEqual({ batchItemFailures: [] });

    expect(ses).toHaveReceivedCommandOnce(SendEmailCommand);
    const keys = [...ports.store.confirmationClaimants.keys()];
    expect(keys).toEqual([`${keyedHash('mary@example.com', 'test-lookup-hash-secret')}|2026-03-10`]);
    expect(JSON.stringify(keys).toLowerCase()).not.toContain('mary');
  });

  it('sends no confirmation once the address has had its share today, and records why', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    await confirmationFor({ email: 'mary@example.com' });
    const key = `${keyedHash('mary@example.com', 'test-lookup-hash-secret')}|2026-03-10`;
    ports.store.confirmationClaimants.set(
      key,
      new Set(Array.from({ length: settings.confirmationsPerRecipientPerDay }, (_, i) => `earlier-${i}`)),
    );

    expect(await handler(streamEvent(), lambdaContext('send-messages'))).toEqual({ batchItemFailures: [] });

    expect(ses).not.toHaveReceivedAnyCommand();
    expect([...ports.store.messages.values()][0]).toMatchObject({ skippedReason: 'daily-cap' });
  });
});
