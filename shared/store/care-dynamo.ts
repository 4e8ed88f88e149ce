import {
  BatchGetCommand,
  DeleteCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Concern } from '../domain/model.js';
import type { CareStore, DuplicateKeyItem } from '../domain/ports.js';
import { queryByStatusKey } from './by-status.js';
import { isConditionFailure } from './conditions.js';
import { messagePuts } from './messages-dynamo.js';

/**
 * Welfare concerns and duplicate keys in the single table:
 * - REQ#id/CONCERN#concernId: a welfare concern, under its request so erasure deletes it with the rest.
 *   While open it carries statusKey CONCERNS#open, which puts it in the byStatus index (sorted by
 *   createdAt = raisedAt); acknowledging removes the attribute, so it drops out of that sparse listing.
 * - DUPKEY#sha256/DUPKEY: a duplicate match key's hash and the request that first used it, with TTL.
 */
export const careKeys = {
  concern: (requestId: string, concernId: string) => ({
    pk: `REQ#${requestId}`,
    sk: `CONCERN#${concernId}`,
  }),
  duplicateKey: (keyHash: string) => ({ pk: `DUPKEY#${keyHash}`, sk: 'DUPKEY' }),
};

/** A duplicate match key as stored: its hash, the request that first used it, expiring by TTL. */
export function duplicateKeyItem(item: DuplicateKeyItem): Record<string, unknown> {
  return { ...item, ...careKeys.duplicateKey(item.keyHash), entity: 'duplicate-key', ttl: item.expiresAt };
}

export const OPEN_CONCERNS_STATUS_KEY = 'CONCERNS#open';

type Item = Record<string, unknown>;
const NOT_DATA = new Set(['pk', 'sk', 'statusKey', 'ttl', 'entity', 'createdAt']);

function concernOf(item: Item): Concern {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !NOT_DATA.has(k))) as unknown as Concern;
}

export function createCareStore(db: DynamoDBDocumentClient, TableName: string): CareStore {
  return {
    async putConcern(concern, messages = []) {
      const put = {
        TableName,
        Item: {
          ...concern,
          ...careKeys.concern(concern.requestId, concern.id),
          entity: 'concern',
          statusKey: OPEN_CONCERNS_STATUS_KEY,
          createdAt: concern.raisedAt,
          ttl: concern.expiresAt,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      };
      if (messages.length === 0) {
        await db.send(new PutCommand(put));
        return;
      }
      // The prescriber's message goes with the concern or not at all.
      await db.send(
        new TransactWriteCommand({ TransactItems: [{ Put: put }, ...messagePuts(TableName, messages)] }),
      );
    },

    async listOpenConcerns() {
      const items = await queryByStatusKey(db, TableName, OPEN_CONCERNS_STATUS_KEY);
      return items.map(concernOf);
    },

    async acknowledgeConcern(requestId, concernId, by, at) {
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName,
            Key: careKeys.concern(requestId, concernId),
            UpdateExpression: 'SET acknowledgedAt = :at, acknowledgedBy = :by REMOVE statusKey',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(acknowledgedAt)',
            ExpressionAttributeValues: { ':at': at, ':by': by },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return out.Attributes ? concernOf(out.Attributes) : undefined;
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },

    async getDuplicateKeys(keyHashes) {
      if (keyHashes.length === 0) return [];
      const out = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [TableName]: { Keys: keyHashes.map(careKeys.duplicateKey), ConsistentRead: true },
          },
        }),
      );
      // Two small keys never exceed BatchGetItem's limits; unprocessed keys are only possible under
      // throttling, where missing a possible duplicate is the safe failure (the request is matched as usual).
      return (out.Responses?.[TableName] ?? []).map((item) => ({
        keyHash: String(item.keyHash),
        requestId: String(item.requestId),
        expiresAt: Number(item.expiresAt),
      }));
    },

    async deleteDuplicateKeys(keyHashes, requestId) {
      await Promise.all(
        keyHashes.map(async (keyHash) => {
          try {
            await db.send(
              new DeleteCommand({
                TableName,
                Key: careKeys.duplicateKey(keyHash),
                // A later request may have taken the key over: only this request's own entry goes.
                ConditionExpression: 'requestId = :id',
                ExpressionAttributeValues: { ':id': requestId },
              }),
            );
          } catch (error) {
            if (!isConditionFailure(error)) throw error;
          }
        }),
      );
    },

    async putDuplicateKeys(items: DuplicateKeyItem[]) {
      // One PutItem each: the submit function may put and update, but not batch-write (which can delete).
      await Promise.all(
        items.map((item) => db.send(new PutCommand({ TableName, Item: duplicateKeyItem(item) }))),
      );
    },
  };
}
