import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_KEYS } from './table.js';

type Item = Record<string, unknown>;

/**
 * Every item under one key of the sparse byStatus index (open concerns, active series, the digest's
 * watch lists), oldest first, page after page: a Query, never a Scan. `createdAtOnOrBefore` and
 * `createdAtFrom` bound the entries by createdAt (both included); `attributes` reads just those.
 */
export async function queryByStatusKey(
  db: DynamoDBDocumentClient,
  TableName: string,
  statusKey: string,
  options: { createdAtOnOrBefore?: string; createdAtFrom?: string; attributes?: readonly string[] } = {},
): Promise<Item[]> {
  const { createdAtOnOrBefore, createdAtFrom, attributes } = options;
  const bounds = [
    createdAtFrom === undefined ? undefined : 'createdAt >= :from',
    createdAtOnOrBefore === undefined ? undefined : 'createdAt <= :to',
  ].filter((bound) => bound !== undefined);
  // A sort key takes one condition: both bounds together are a BETWEEN.
  const range = bounds.length === 2 ? 'createdAt BETWEEN :from AND :to' : bounds[0];
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const out = await db.send(
      new QueryCommand({
        TableName,
        IndexName: TABLE_KEYS.byStatusIndex,
        KeyConditionExpression: range === undefined ? 'statusKey = :key' : `statusKey = :key AND ${range}`,
        ExpressionAttributeValues: {
          ':key': statusKey,
          ...(createdAtFrom === undefined ? {} : { ':from': createdAtFrom }),
          ...(createdAtOnOrBefore === undefined ? {} : { ':to': createdAtOnOrBefore }),
        },
        ...(attributes ? { ProjectionExpression: attributes.join(', ') } : {}),
        ExclusiveStartKey,
      }),
    );
    items.push(...((out.Items as Item[] | undefined) ?? []));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
