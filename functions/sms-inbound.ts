import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SNSEvent } from 'aws-lambda';
import { contactOf } from '../shared/domain/matching.js';
import { handleTextReply, type TextReplyOutcome } from '../shared/domain/sms-replies.js';
import { getRuntime, type Runtime } from '../shared/runtime.js';
import { smsReplyText } from '../shared/sms/templates.js';
import { logger } from '../shared/util/logger.js';

/** What End User Messaging publishes to the topic for each text a volunteer sends to our number. */
export interface InboundText {
  originationNumber: string;
  destinationNumber?: string;
  messageBody: string;
  inboundMessageId?: string;
}

export function parseInboundText(raw: string): InboundText | undefined {
  try {
    const value = JSON.parse(raw) as Partial<InboundText>;
    if (typeof value.originationNumber !== 'string' || typeof value.messageBody !== 'string')
      return undefined;
    return value as InboundText;
  } catch {
    return undefined;
  }
}

/**
 * Until replies go through the outbox, they are sent here. A reply that fails to send is logged, not
 * retried: the answer itself (the accept, the decline, the pause) is already stored, and running the
 * whole reply again would only send the courtesy text twice.
 */
async function sendReplies(outcome: TextReplyOutcome, to: string, runtime: Runtime): Promise<void> {
  if (outcome.kind !== 'answered' || !runtime.texter) return;
  for (const reply of outcome.replies) {
    const until = reply.facts?.until;
    const body = smsReplyText(reply.kind, {
      contact: contactOf(runtime.settings),
      ...(typeof until === 'string' ? { until } : {}),
    });
    await runtime.texter.send({ to, body }).catch((error: unknown) =>
      logger.error('reply text not sent', {
        volunteerId: outcome.volunteerId,
        reply: reply.kind,
        error: error instanceof Error ? error.name : 'unknown',
      }),
    );
  }
}

/**
 * End User Messaging (two-way) → SNS → here. A failure of the answer itself throws, so Lambda's
 * asynchronous retries run and then the dead-letter queue keeps the event. Never logs the number or
 * the words.
 */
export const handler = middy(async (event: SNSEvent): Promise<void> => {
  const runtime = getRuntime();
  for (const record of event.Records) {
    const text = parseInboundText(record.Sns.Message);
    if (!text) {
      logger.warn('inbound text not understood', { messageId: record.Sns.MessageId });
      continue;
    }
    const outcome = await handleTextReply(
      { from: text.originationNumber, body: text.messageBody },
      runtime.settings,
      runtime.ports,
    );
    await sendReplies(outcome, text.originationNumber, runtime);
  }
}).use(injectLambdaContext(logger, { resetKeys: true }));
