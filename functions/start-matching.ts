import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { getWorkflowStarter } from '../shared/workflow/starter.js';
import { startMatching } from '../shared/domain/start-matching.js';
import { REQUEST_SK } from '../shared/store/table.js';
import { log, logger } from '../shared/util/logger.js';

/**
 * Stream records carry keys only (the stream view is KEYS_ONLY), so no personal data passes
 * through this function. Failures are reported per record so only those are retried.
 */
export const handler = middy(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const records = event.Records.filter(
    (r) => r.eventName === 'INSERT' && r.dynamodb?.Keys?.sk?.S === REQUEST_SK && r.dynamodb.Keys.pk?.S,
  );
  const bySequence = new Map(
    records.map((r) => [String(r.dynamodb?.Keys?.pk?.S).slice(4), r.dynamodb?.SequenceNumber]),
  );
  const { failed } = await startMatching([...bySequence.keys()], { starter: getWorkflowStarter(), log });
  return { batchItemFailures: failed.map((id) => ({ itemIdentifier: String(bySequence.get(id)) })) };
}).use(injectLambdaContext(logger, { resetKeys: true }));
