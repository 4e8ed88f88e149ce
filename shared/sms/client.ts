import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { Texter } from '../domain/ports.js';

export interface SmsTexterOptions {
  region: string;
  /** The sandbox's local SMS endpoint; unset in AWS. */
  endpoint?: string;
  /** The UK long code (E.164 or its ARN) that sends, and takes replies: needed for two-way texts. */
  originationIdentity?: string;
  /** An alphanumeric sender ID, used only without a long code: the UK allows it, but nobody can reply to it. */
  senderId?: string;
  client?: PinpointSMSVoiceV2Client;
}

/**
 * AWS End User Messaging SMS. SDK errors (throttling, opted-out numbers) go through untouched: the one
 * classifier in the sender decides what is retried and what is recorded.
 */
export function createSmsTexter(options: SmsTexterOptions): Texter {
  const client =
    options.client ??
    new PinpointSMSVoiceV2Client({
      region: options.region,
      ...(options.endpoint
        ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    });
  const originationIdentity = options.originationIdentity ?? options.senderId;
  return {
    async send(message) {
      await client.send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: message.to,
          MessageBody: message.body,
          // Transactional: carriers deliver it ahead of marketing traffic, and it is never a promotion.
          MessageType: 'TRANSACTIONAL',
          ...(originationIdentity ? { OriginationIdentity: originationIdentity } : {}),
        }),
      );
    },
  };
}
