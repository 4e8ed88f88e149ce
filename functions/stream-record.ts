import type { DynamoDBRecord } from 'aws-lambda';

/**
 * The id in a table stream record's key (the stream is KEYS_ONLY): `REQ#<id>` with sort key `REQUEST`
 * gives `<id>`. Undefined for another kind of item or another event, as the consumer's filter would have
 * left it out.
 */
export function streamItemId(
  record: DynamoDBRecord,
  item: { prefix: string; sortKey: string; events: readonly string[] },
): string | undefined {
  const keys = record.dynamodb?.Keys;
  const pk = keys?.pk?.S;
  if (!item.events.includes(record.eventName ?? '') || keys?.sk?.S !== item.sortKey) return undefined;
  if (!pk?.startsWith(item.prefix)) return undefined;
  return pk.slice(item.prefix.length);
}
