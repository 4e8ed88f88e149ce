import {
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  ThrottlingException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createSmsTexter } from '../../../shared/sms/client.js';

const sms = mockClient(PinpointSMSVoiceV2Client);

beforeEach(() => {
  sms.reset();
  sms.on(SendTextMessageCommand).resolves({ MessageId: 'msg-1' });
});

afterAll(() => sms.restore());

describe('the End User Messaging texter', () => {
  it('sends a transactional text from the configured long code', async () => {
    const texter = createSmsTexter({ region: 'eu-west-2', originationIdentity: '+447700900000' });

    await texter.send({ to: '+447700900123', body: 'Hello' });

    expect(sms).toHaveReceivedCommandTimes(SendTextMessageCommand, 1);
    expect(sms).toHaveReceivedCommandWith(SendTextMessageCommand, {
      DestinationPhoneNumber: '+447700900123',
      MessageBody: 'Hello',
      MessageType: 'TRANSACTIONAL',
      OriginationIdentity: '+447700900000',
    });
  });

  it('uses the sender ID only when there is no long code', async () => {
    await createSmsTexter({ region: 'eu-west-2', senderId: 'Kindness' }).send({
      to: '+447700900123',
      body: 'A',
    });
    await createSmsTexter({
      region: 'eu-west-2',
      originationIdentity: '+447700900000',
      senderId: 'Kindness',
    }).send({ to: '+447700900123', body: 'B' });

    const identities = sms
      .commandCalls(SendTextMessageCommand)
      .map((call) => call.args[0].input.OriginationIdentity);
    expect(identities).toEqual(['Kindness', '+447700900000']);
  });

  it('leaves the origination identity to the account default when none is configured', async () => {
    await createSmsTexter({ region: 'eu-west-2' }).send({ to: '+447700900123', body: 'C' });

    expect(sms.commandCalls(SendTextMessageCommand)[0]?.args[0].input).not.toHaveProperty(
      'OriginationIdentity',
    );
  });

  it('lets End User Messaging errors through for the sender to classify', async () => {
    sms.on(SendTextMessageCommand).rejects(new ThrottlingException({ $metadata: {}, message: 'slow down' }));

    await expect(
      createSmsTexter({ region: 'eu-west-2' }).send({ to: '+447700900123', body: 'D' }),
    ).rejects.toMatchObject({ name: 'ThrottlingException' });
  });
});
