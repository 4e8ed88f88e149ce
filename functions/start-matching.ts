import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { getWorkflowStarter } from '../shared/workflow/starter.js';
import { startMatching } from '../shared/domain/start-matching.js';
import { REQUEST_SK } from '../shared/store/table.js';
import { log, logger } from '../shared/util/logger.js';
import { streamItemId } from './stream-record.js';

/**
 * Stream records carry keys only (the stream view is KEYS_ONLY), so no personal data passes
 * through this function. Failures are reported per record so only those are retried.
 */
export const handler = middy(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const bySequence = new Map<string, string | undefined>();
  for (const record of event.Records) {
    const id = streamItemId(record, { prefix: 'REQ#', sortKey: REQUEST_SK, events: ['INSERT'] });
    if (id !== undefined) bySequence.set(id, record.dynamodb?.SequenceNumber);
  }
  const { failed } = await startMatching([...bySequence.keys()], { starter: getWorkflowStarter(), log });
  return { batchItemFailures: failed.map((id) => ({ itemIdentifier: String(bySequence.get(id)) })) };
}).use(injectLambdaContext(logger, { resetKeys: true }));
