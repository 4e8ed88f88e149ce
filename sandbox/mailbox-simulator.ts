import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { SNSEvent } from 'aws-lambda';
import { startLoopbackProxy } from './fault-proxy.js';

/**
 * SES's mailbox simulator, locally. In AWS, mail to bounce@simulator.amazonses.com (or
 * bounce+anything@) is accepted, then bounces for good; mail to complaint@… is delivered, then
 * marked as spam. SES publishes either as an event to the configuration set's SNS topic, which
 * invokes the email-events function. Here a loopback proxy in front of the local outbox lets every
 * send through unchanged and, once the outbox has accepted one to a simulator address, delivers the
 * same SNS notification to the same handler a moment later, as SES would.
 */

export type SimulatedOutcome = 'bounce' | 'complaint';

const SIMULATOR_DOMAIN = 'simulator.amazonses.com';
const LOCAL_ACCOUNT = '000000000000';
const TOPIC_ARN = `arn:aws:sns:eu-west-2:${LOCAL_ACCOUNT}:email-events`;

/** What SES's simulator does with mail to this address: a hard bounce, a complaint, or nothing special. */
export function simulatedOutcome(address: string): SimulatedOutcome | undefined {
  const at = address.lastIndexOf('@');
  if (at < 0 || address.slice(at + 1).toLowerCase() !== SIMULATOR_DOMAIN) return undefined;
  const mailbox = (address.slice(0, at).split('+')[0] ?? '').toLowerCase();
  return mailbox === 'bounce' || mailbox === 'complaint' ? mailbox : undefined;
}

export interface SentEmail {
  /** The id SES answered the send with. */
  messageId: string;
  source: string;
  destination: string[];
}

/**
 * The notification SES event publishing sends through SNS for one recipient, shaped as AWS documents
 * it ("Examples of event data that Amazon SES publishes to Amazon SNS").
 */
export function sesEventNotification(
  outcome: SimulatedOutcome,
  recipient: string,
  sent: SentEmail,
  now: Date = new Date(),
): SNSEvent {
  const timestamp = now.toISOString();
  const mail = {
    timestamp,
    source: sent.source,
    sourceArn: `arn:aws:ses:eu-west-2:${LOCAL_ACCOUNT}:identity/${sent.source.split('@')[1] ?? sent.source}`,
    sendingAccountId: LOCAL_ACCOUNT,
    messageId: sent.messageId,
    destination: sent.destination,
    headersTruncated: false,
  };
  const event =
    outcome === 'bounce'
      ? {
          eventType: 'Bounce',
          bounce: {
            feedbackId: randomUUID(),
            bounceType: 'Permanent',
            bounceSubType: 'General',
            bouncedRecipients: [
              {
                emailAddress: recipient,
                action: 'failed',
                status: '5.1.1',
                diagnosticCode: 'smtp; 550 5.1.1 user unknown',
              },
            ],
            timestamp,
            reportingMTA: 'dsn; sandbox.simulator.amazonses.com',
          },
          mail,
        }
      : {
          eventType: 'Complaint',
          complaint: {
            feedbackId: randomUUID(),
            complainedRecipients: [{ emailAddress: recipient }],
            complaintFeedbackType: 'abuse',
            userAgent: 'Amazon SES Mailbox Simulator',
            timestamp,
            arrivalDate: timestamp,
          },
          mail,
        };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${TOPIC_ARN}:sandbox`,
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: TOPIC_ARN,
          Subject: '',
          Message: JSON.stringify(event),
          Timestamp: timestamp,
          SignatureVersion: '1',
          Signature: '',
          SigningCertUrl: '',
          UnsubscribeUrl: '',
          MessageAttributes: {},
        },
      },
    ],
  };
}

/** The send an SES (query protocol) SendEmail call made, from its form body and the outbox's answer. */
export function acceptedSend(requestBody: string, responseBody: string): SentEmail | undefined {
  const form = new URLSearchParams(requestBody);
  if (form.get('Action') !== 'SendEmail') return undefined;
  const messageId = /<MessageId>([^<]+)<\/MessageId>/.exec(responseBody)?.[1];
  if (!messageId) return undefined;
  const destination = [...form.entries()]
    .filter(([key]) => /^Destination\.(To|Cc|Bcc)Addresses\.member\.\d+$/.test(key))
    .map(([, value]) => value);
  return { messageId, source: form.get('Source') ?? '', destination };
}

export interface MailboxSimulatorOptions {
  /** The local outbox (aws-ses-v2-local) that keeps the mail. */
  target: string;
  /** The email-events handler, given the SNS event the topic would deliver. */
  deliver: (event: SNSEvent) => Promise<unknown>;
  /** How long after the send the event arrives; SES takes a few seconds. */
  delayMs?: number;
  log?: (line: string) => void;
}

export interface MailboxSimulator {
  url: string;
  server: Server;
  stop: () => Promise<void>;
}

/** Lambda's asynchronous invocation: the first try and two retries, then (in AWS) the dead-letter queue. */
const ATTEMPTS = 3;

export async function startMailboxSimulator(options: MailboxSimulatorOptions): Promise<MailboxSimulator> {
  const pending = new Set<NodeJS.Timeout>();
  const log = options.log ?? (() => undefined);

  async function deliverWithRetries(event: SNSEvent, outcome: SimulatedOutcome): Promise<void> {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        await options.deliver(event);
        return;
      } catch (error) {
        if (attempt === ATTEMPTS)
          // The error's name only: its message could hold an address.
          log(
            `Dead letter: a simulated ${outcome} was not handled (${error instanceof Error ? error.name : 'error'})`,
          );
      }
    }
  }

  function schedule(sent: SentEmail): void {
    for (const recipient of sent.destination) {
      const outcome = simulatedOutcome(recipient);
      if (!outcome) continue;
      const timer = setTimeout(() => {
        pending.delete(timer);
        void deliverWithRetries(sesEventNotification(outcome, recipient, sent), outcome);
      }, options.delayMs ?? 1000);
      pending.add(timer);
    }
  }

  const { url, server } = await startLoopbackProxy(options.target, async (request, forward) => {
    const answer = await forward();
    // Only a send the outbox accepted: SES sends no event for a refused call.
    if (answer.status === 200 && request.method === 'POST') {
      const sent = acceptedSend(request.body.toString('utf8'), String(answer.body));
      if (sent) schedule(sent);
    }
    return answer;
  });
  return {
    url,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const timer of pending) clearTimeout(timer);
        pending.clear();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
