import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_KEYS } from './table.js';

type Item = Record<string, unknown>;

/**
 * Every item under one key of the sparse byStatus index (open concerns, active series), oldest first,
 * page after page: a Query, never a Scan.
 */
export async function queryByStatusKey(
  db: DynamoDBDocumentClient,
  TableName: string,
  statusKey: string,
): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const out = await db.send(
      new QueryCommand({
        TableName,
        IndexName: TABLE_KEYS.byStatusIndex,
        KeyConditionExpression: 'statusKey = :key',
        ExpressionAttributeValues: { ':key': statusKey },
        ExclusiveStartKey,
      }),
    );
    items.push(...((out.Items as Item[] | undefined) ?? []));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
