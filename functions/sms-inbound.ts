import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SNSEvent } from 'aws-lambda';
import { handleTextReply } from '../shared/domain/sms-replies.js';
import { getCoreRuntime } from '../shared/runtime-core.js';
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
 * End User Messaging (two-way) → SNS → here. The answer is stored and its reply written to the outbox,
 * which texts it back. A failure throws, so Lambda's asynchronous retries run (the reply's id comes
 * from the text's, so a retry answers once) and then the dead-letter queue keeps the event. Never logs
 * the number or the words.
 */
export const handler = middy(async (event: SNSEvent): Promise<void> => {
  const runtime = getCoreRuntime();
  for (const record of event.Records) {
    const text = parseInboundText(record.Sns.Message);
    if (!text) {
      logger.warn('inbound text not understood', { messageId: record.Sns.MessageId });
      continue;
    }
    await handleTextReply(
      {
        from: text.originationNumber,
        body: text.messageBody,
        id: text.inboundMessageId ?? record.Sns.MessageId,
      },
      runtime.settings,
      runtime.ports,
    );
  }
}).use(injectLambdaContext(logger, { resetKeys: true }));
