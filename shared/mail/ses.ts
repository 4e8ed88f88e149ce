import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import type { Mailer } from '../domain/ports.js';
import { awsClientConfig } from '../util/aws-client-config.js';

export interface SesMailerOptions {
  sender: string;
  region?: string;
  /** The sandbox's local outbox; unset in AWS. */
  endpoint?: string;
  client?: SESClient;
  /** SES configuration set, so bounces and complaints reach the scheme. */
  configurationSet?: string;
}

export function createSesMailer(options: SesMailerOptions): Mailer {
  const client = options.client ?? new SESClient(awsClientConfig(options));
  return {
    async send(message) {
      await client.send(
        new SendEmailCommand({
          Source: options.sender,
          Destination: { ToAddresses: [message.to] },
          Message: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: message.text, Charset: 'UTF-8' },
              Html: { Data: message.html, Charset: 'UTF-8' },
            },
          },
          ConfigurationSetName: options.configurationSet,
        }),
      );
    },
  };
}
