import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SNSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Powertools reads its level when the logger module is first imported: keep test output quiet.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { handler } from '../../functions/sms-inbound.js';
import { inboundSnsEvent } from '../../sandbox/sms-outbox.js';
import { resetRuntimeConfigForTests, settingsToEnvironment } from '../../shared/config.js';
import { setRuntimeForTests } from '../../shared/runtime.js';
import { hashToken, newInviteToken } from '../../shared/util/ids.js';
import { phoneLookupHash } from '../../shared/util/keyed-hash.js';
import { logger } from '../../shared/util/logger.js';
import { installMemoryRuntime, lambdaContext } from '../support/handler-runtime.js';
import { aRequest, aVolunteer, testSettings, type TestPorts } from '../support/memory-store.js';
import { deliverPending } from '../support/outbox.js';
import { emailRenderers } from '../../shared/mail/render.js';
import { textRenderer } from '../../shared/sms/render.js';

const ASHA = '+447700900101';
const OUR_NUMBER = '+447700900000';
const event = (from: string, body: string): SNSEvent => inboundSnsEvent(from, body, OUR_NUMBER);
const invoke = (e: SNSEvent) => handler(e, lambdaContext('sms-inbound'));

afterAll(() => {
  setRuntimeForTests(undefined);
  resetRuntimeConfigForTests();
});

describe('sms-inbound, over the domain with in-memory ports', () => {
  let ports: TestPorts;
  /** The table stream and the sender, with both renderers, as deployed. */
  const deliver = () => deliverPending({ ...ports, renderers: { ...emailRenderers, sms: textRenderer } });

  beforeEach(async () => {
    ports = installMemoryRuntime();
    await ports.store.putVolunteer(
      aVolunteer({ id: 'vol-asha', name: 'Asha Patel', phone: '07700 900101', contactBy: 'text' }),
    );
  });

  it('assigns the request on YES, and the winner gets the details, not a reply', async () => {
    ports.store.seedRequest(aRequest({ id: 'req-1', status: 'matching', wave: 1 }));
    const token = newInviteToken();
    await ports.store.createInvite({
      requestId: 'req-1',
      volunteerId: 'vol-asha',
      wave: 1,
      tokenHash: hashToken(token),
      status: 'sent',
      createdAt: '2026-03-10T09:00:00.000Z',
      expiresAt: 4_000_000_000,
    });

    await invoke(event(ASHA, 'YES'));
    await deliverPending(ports);

    expect(await ports.store.getRequest('req-1')).toMatchObject({
      status: 'assigned',
      assignedVolunteerId: 'vol-asha',
    });
    expect(ports.texter.sent).toEqual([]);
    expect(ports.mailer.to('vol-asha@volunteers.example.org')).toHaveLength(1);
  });

  it('texts the help back to the number that wrote, for anything it cannot read', async () => {
    await invoke(event(ASHA, 'Is it still needed?'));
    // The answer waits in the outbox; the handler sends nothing itself.
    expect(ports.texter.sent).toEqual([]);
    await deliver();

    expect(ports.texter.sent).toHaveLength(1);
    expect(ports.texter.sent[0]?.to).toBe(ASHA);
    expect(ports.texter.sent[0]?.body).toMatch(/reply YES .* NO .* PAUSE/);
  });

  it('texts the end of the pause on PAUSE', async () => {
    await invoke(event(ASHA, 'pause'));
    await deliver();

    expect(ports.texter.sent[0]?.body).toContain('no invites until Tue 17 Mar');
  });

  it('sends nothing to a number not on the roster', async () => {
    await invoke(event('+447700900999', 'YES'));
    await deliver();

    expect(ports.texter.sent).toEqual([]);
    expect(ports.mailer.sent).toEqual([]);
  });

  it('keeps the answer when the reply is throttled, and the outbox sends the reply on its retry', async () => {
    ports.texter.failNext();

    await expect(invoke(event(ASHA, 'PAUSE'))).resolves.toBeUndefined();
    expect((await ports.store.getVolunteer('vol-asha'))?.pausedUntil).toBe('2026-03-17T23:59:59.000Z');

    const first = await deliver();
    expect(first.errors).toHaveLength(1);
    expect(ports.texter.sent).toEqual([]);
    await deliver();
    expect(ports.texter.to(ASHA)).toHaveLength(1);
    expect(ports.texter.sent[0]?.body).toContain('no invites until Tue 17 Mar');
  });

  it('answers a text once when SNS or Lambda delivers it twice', async () => {
    const twice = event(ASHA, 'what is this?');

    await invoke(twice);
    await invoke(twice);
    await deliver();

    expect(ports.texter.to(ASHA)).toHaveLength(1);
  });

  it('answers in Arabic a volunteer who wrote in Arabic', async () => {
    await invoke(event(ASHA, 'توقف مؤقت'));
    await deliver();

    expect(ports.texter.to(ASHA)[0]?.body).toMatch(/[\u0600-\u06FF]/);
    expect(ports.texter.to(ASHA)[0]?.body).not.toContain('paused');
  });

  it('texts no answer to a volunteer who has since sent STOP, and emails nothing instead', async () => {
    await invoke(event(ASHA, 'huh?'));
    await invoke(event(ASHA, 'STOP'));
    await deliver();

    expect(ports.texter.sent).toEqual([]);
    expect(ports.mailer.sent).toEqual([]);
  });

  it('answers by text a volunteer who prefers email', async () => {
    await ports.store.putVolunteer(
      aVolunteer({ id: 'vol-asha', name: 'Asha Patel', phone: '07700 900101', contactBy: 'email' }),
    );

    await invoke(event(ASHA, 'huh?'));
    await deliver();

    expect(ports.texter.to(ASHA)).toHaveLength(1);
    expect(ports.mailer.sent).toEqual([]);
  });

  it('fails the event when the answer itself fails, so Lambda retries it and then dead-letters it', async () => {
    ports.store.failNext('findVolunteerByPhone');

    await expect(invoke(event(ASHA, 'YES'))).rejects.toThrow('boom');
  });

  it('skips a notification that is not an End User Messaging text', async () => {
    const bad = event(ASHA, 'YES');
    (bad.Records[0] as { Sns: { Message: string } }).Sns.Message = '{"hello": "world"}';
    ports.store.calls.length = 0;

    await expect(invoke(bad)).resolves.toBeUndefined();
    expect(ports.store.calls).toEqual([]);
    expect(ports.texter.sent).toEqual([]);
  });
});

describe('sms-inbound, with the real adapters', () => {
  const SECRET = 'handler-test-lookup-secret-0123456789';
  const ddb = mockClient(DynamoDBDocumentClient);
  const sms = mockClient(PinpointSMSVoiceV2Client);
  const savedEnv = { ...process.env };
  const settings = testSettings();

  beforeEach(() => {
    Object.assign(
      process.env,
      settingsToEnvironment({ ...settings, sms: { ...settings.sms, originationIdentity: OUR_NUMBER } }),
      {
        TABLE_NAME: 'ck-test-table',
        PUBLIC_BASE_URL: 'https://help.example.org',
        AWS_REGION: 'eu-west-2',
        LOOKUP_HASH_SECRET: SECRET,
      },
    );
    resetRuntimeConfigForTests();
    setRuntimeForTests(undefined);
    ddb.reset();
    sms.reset();
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'msg-1' });
  });

  afterEach(() => vi.restoreAllMocks());

  afterAll(() => {
    process.env = savedEnv;
    ddb.restore();
    sms.restore();
  });

  it('finds the volunteer by the keyed hash of their number and writes the reply to the outbox', async () => {
    const lookupKey = { pk: `VOLPHONE#${phoneLookupHash(ASHA, SECRET)}`, sk: 'VOLPHONE' };
    ddb.on(GetCommand, { Key: lookupKey }).resolves({ Item: { ...lookupKey, volunteerId: 'vol-asha' } });
    ddb
      .on(GetCommand, { Key: { pk: 'VOL#vol-asha', sk: 'PROFILE' } })
      .resolves({ Item: aVolunteer({ id: 'vol-asha', phone: '07700900101', contactBy: 'text' }) });
    const logged = vi.spyOn(logger, 'info');

    await invoke(event(ASHA, 'what?'));

    // Only the outbox's sender texts: this function writes the answer, ids and a kind, no number.
    expect(sms.commandCalls(SendTextMessageCommand)).toHaveLength(0);
    const written = ddb.commandCalls(PutCommand).map((call) => call.args[0].input.Item ?? {});
    expect(written).toEqual([
      expect.objectContaining({
        sk: 'MESSAGE',
        kind: 'volunteer-text-reply',
        facts: { reply: 'sms-reply-help', language: 'en' },
      }),
    ]);
    // Keys, the message and the logs carry the hash and the id, never the number.
    for (const call of [...ddb.commandCalls(GetCommand), ...ddb.commandCalls(PutCommand)])
      expect(JSON.stringify(call.args[0].input)).not.toContain('7700');
    expect(JSON.stringify(logged.mock.calls)).not.toContain('7700');
  });

  it('looks nothing else up and sends nothing for a number without a lookup item', async () => {
    ddb.on(GetCommand).resolves({});

    await invoke(event('+447700900999', 'YES'));

    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
    expect(sms.commandCalls(SendTextMessageCommand)).toHaveLength(0);
  });
});
