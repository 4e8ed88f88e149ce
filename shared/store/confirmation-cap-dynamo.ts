import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConfirmationCapStore } from '../domain/ports.js';
import { isConditionFailure } from './conditions.js';

/**
 * CONFIRMCAP#<keyed hash of the address>/DAY#<London date>: how many confirmation emails went to one
 * address that day. The key holds a keyed hash, never the address (the stream and backups carry keys);
 * the item expires by TTL soon after its day.
 */
export const confirmationCapKey = (recipientKey: string, day: string) => ({
  pk: `CONFIRMCAP#${recipientKey}`,
  sk: `DAY#${day}`,
});

export function createConfirmationCapStore(
  db: DynamoDBDocumentClient,
  TableName: string,
): ConfirmationCapStore {
  return {
    async claimConfirmationSlot({ recipientKey, day, limit, expiresAt }) {
      // One conditional increment: two requests racing for the last slot cannot both have it.
      try {
        await db.send(
          new UpdateCommand({
            TableName,
            Key: confirmationCapKey(recipientKey, day),
            UpdateExpression: 'ADD confirmations :one SET entity = :entity, #ttl = if_not_exists(#ttl, :ttl)',
            ConditionExpression: 'attribute_not_exists(confirmations) OR confirmations < :limit',
            ExpressionAttributeNames: { '#ttl': 'ttl' },
            ExpressionAttributeValues: {
              ':one': 1,
              ':entity': 'confirmation-cap',
              ':ttl': expiresAt,
              ':limit': limit,
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}
