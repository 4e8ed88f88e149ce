import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { recordRequestFacts } from '../shared/domain/admin/reports.js';
import { getReportStore } from '../shared/runtime-reports.js';
import { REQUEST_SK } from '../shared/store/table.js';
import { logger } from '../shared/util/logger.js';
import { streamItemId } from './stream-record.js';

/** The request a stream record is about, when it was made or changed (a removal leaves its day as it was). */
const changedRequestId = (record: DynamoDBRecord) =>
  streamItemId(record, { prefix: 'REQ#', sortKey: REQUEST_SK, events: ['INSERT', 'MODIFY'] });

/**
 * Keeps the reports' record up to date, fed by the table stream (requests made or changed; the stream
 * carries keys, so no personal data passes through the event). Every write sets a request's facts as
 * they are now, so a failed batch is simply retried whole, with bisection, and then dead-lettered.
 */
export const handler = middy(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const ids = event.Records.map(changedRequestId).filter((id): id is string => id !== undefined);
  await recordRequestFacts(ids, { store: getReportStore() });
  return { batchItemFailures: [] };
}).use(injectLambdaContext(logger, { resetKeys: true }));
