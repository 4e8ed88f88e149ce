import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_KEYS } from './table.js';

type Item = Record<string, unknown>;

/**
 * Every item under one key of the sparse byStatus index (open concerns, active series, the digest's
 * watch lists), oldest first, page after page: a Query, never a Scan. `createdAtOnOrBefore` keeps the
 * older entries only; `attributes` reads just those.
 */
export async function queryByStatusKey(
  db: DynamoDBDocumentClient,
  TableName: string,
  statusKey: string,
  options: { createdAtOnOrBefore?: string; attributes?: readonly string[] } = {},
): Promise<Item[]> {
  const { createdAtOnOrBefore, attributes } = options;
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const out = await db.send(
      new QueryCommand({
        TableName,
        IndexName: TABLE_KEYS.byStatusIndex,
        KeyConditionExpression:
          createdAtOnOrBefore === undefined ? 'statusKey = :key' : 'statusKey = :key AND createdAt <= :to',
        ExpressionAttributeValues: {
          ':key': statusKey,
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
