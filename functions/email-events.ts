import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SNSEvent } from 'aws-lambda';
import { handleEmailEvent, type SesEvent } from '../shared/domain/email-events.js';
import { getCoreRuntime } from '../shared/runtime-core.js';
import { logger } from '../shared/util/logger.js';

/**
 * SES → SNS → here. A failure throws, so Lambda's asynchronous retries run and then the
 * dead-letter queue (with its alarm) keeps the event.
 */
export const handler = middy(async (event: SNSEvent): Promise<void> => {
  const { settings, ports } = getCoreRuntime();
  for (const record of event.Records) {
    await handleEmailEvent(JSON.parse(record.Sns.Message) as SesEvent, settings, ports);
  }
}).use(injectLambdaContext(logger, { resetKeys: true }));
