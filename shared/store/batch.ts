import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/** BatchGetItem's limit on keys per call. */
const KEYS_PER_BATCH = 100;

/**
 * Reads items by key, 100 keys a call (the calls in parallel), retrying keys DynamoDB left unprocessed
 * with a growing pause, as its throttling asks. Items that do not exist are simply not returned.
 */
export async function batchGetItems(
  db: DynamoDBDocumentClient,
  TableName: string,
  itemKeys: readonly Item[],
  read: {
    ProjectionExpression?: string;
    ExpressionAttributeNames?: Record<string, string>;
    ConsistentRead?: boolean;
  } = {},
  what = 'batch read',
): Promise<Item[]> {
  const batches: Item[][] = [];
  for (let i = 0; i < itemKeys.length; i += KEYS_PER_BATCH)
    batches.push(itemKeys.slice(i, i + KEYS_PER_BATCH));
  const found = await Promise.all(
    batches.map(async (Keys) => {
      const items: Item[] = [];
      let RequestItems: Record<string, { Keys: Item[] }> | undefined = { [TableName]: { Keys, ...read } };
      for (let attempt = 0; RequestItems && Object.keys(RequestItems).length > 0; attempt++) {
        if (attempt > 8) throw new Error(`${what} kept being throttled`);
        if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
        const out = await db.send(new BatchGetCommand({ RequestItems }));
        items.push(...(out.Responses?.[TableName] ?? []));
        RequestItems = out.UnprocessedKeys as typeof RequestItems;
      }
      return items;
    }),
  );
  return found.flat();
}
