import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConfirmationCapStore } from '../domain/ports.js';
import { isConditionFailure } from './conditions.js';

/**
 * CONFIRMCAP#<keyed hash of the address>/DAY#<London date>: the outbox messages (ids) that sent a
 * confirmation to one address that day; the set's size is the count, so a retried send is not counted twice. The key holds a keyed hash, never the address (the stream and backups carry keys);
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
    async claimConfirmationSlot({ recipientKey, claimant, day, limit, expiresAt }) {
      // One conditional write: two messages racing for the last slot cannot both have it.
      try {
        await db.send(
          new UpdateCommand({
            TableName,
            Key: confirmationCapKey(recipientKey, day),
            UpdateExpression:
              'ADD claimants :claimants SET entity = :entity, #ttl = if_not_exists(#ttl, :ttl)',
            ConditionExpression:
              'attribute_not_exists(claimants) OR size(claimants) < :limit OR contains(claimants, :claimant)',
            ExpressionAttributeNames: { '#ttl': 'ttl' },
            ExpressionAttributeValues: {
              ':claimants': new Set([claimant]),
              ':claimant': claimant,
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
