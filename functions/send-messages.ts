import { setTimeout as sleep } from 'node:timers/promises';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import {
  classifySendError,
  cleanErrorName,
  deliverMessage,
  MessageBusyError,
} from '../shared/domain/sender.js';
import { emailRenderers } from '../shared/mail/render.js';
import { textRenderer } from '../shared/sms/render.js';
import { getRuntime } from '../shared/runtime.js';
import { MESSAGE_SK } from '../shared/store/table.js';
import { log, logger } from '../shared/util/logger.js';
import { streamItemId } from './stream-record.js';

/** A throttle often clears in a moment: a few quick tries here before the record goes back to the stream. */
const ATTEMPTS_IN_PLACE = 3;

const messageIdOf = (record: DynamoDBRecord) =>
  streamItemId(record, { prefix: 'MSG#', sortKey: MESSAGE_SK, events: ['INSERT'] });

/**
 * The outbox's sender, fed by the table stream (message INSERTs only; the stream carries keys, so no
 * personal data passes through the event). Each record's delivery is claimed, sent once and marked;
 * a transient failure is reported for that record alone, so the stream retries it (and in the end
 * dead-letters it, with an alarm) while the others stand.
 */
export const handler = middy(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const { config, settings, ports, texter } = getRuntime();
  // Texts need a number (or sender ID) to send from: until one is configured, everyone is emailed.
  const textsSetUp = Boolean(config.smsEndpoint ?? config.sms.originationIdentity ?? config.sms.senderId);
  const senderPorts = {
    ...ports,
    ...(texter && textsSetUp ? { texter } : {}),
    renderers: { ...emailRenderers, sms: textRenderer },
  };
  const results = await Promise.all(
    event.Records.map(async (record) => {
      const messageId = messageIdOf(record);
      if (!messageId) return undefined;
      for (let attempt = 1; ; attempt++) {
        try {
          await deliverMessage(messageId, settings, senderPorts);
          return undefined;
        } catch (error) {
          const retryHere =
            attempt < ATTEMPTS_IN_PLACE &&
            !(error instanceof MessageBusyError) &&
            classifySendError(error) === 'transient';
          if (retryHere) {
            await sleep(100 * 2 ** attempt * (0.5 + Math.random()));
            continue;
          }
          log.warn('message left for the stream to retry', { messageId, error: cleanErrorName(error) });
          return record.dynamodb?.SequenceNumber;
        }
      }
    }),
  );
  return {
    batchItemFailures: results
      .filter((sequence): sequence is string => sequence !== undefined)
      .map((itemIdentifier) => ({ itemIdentifier })),
  };
}).use(injectLambdaContext(logger, { resetKeys: true }));
