import {
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  MESSAGE_RETENTION_DAYS,
  messageIdFor,
  type MessageIntent,
  type StoredMessage,
} from '../domain/messages.js';
import type { MessageOutcome, MessageStore } from '../domain/ports.js';
import { newUlid } from '../util/ids.js';
import { cancelledConditions, isConditionFailure } from './conditions.js';
import { keys } from './table.js';

type Item = Record<string, unknown>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const NOT_DATA = new Set(['pk', 'sk', 'ttl', 'entity']);
const DAY_SECONDS = 86_400;

function messageOf(item: Item): StoredMessage {
  return Object.fromEntries(
    Object.entries(item).filter(([k]) => !NOT_DATA.has(k)),
  ) as unknown as StoredMessage;
}

/** A message item: ids, a kind and facts; never rendered text or an address. */
export function messageItem(intent: MessageIntent, now = new Date()): Item {
  const id = messageIdFor(intent, newUlid);
  const expiresAt = Math.floor(now.getTime() / 1000) + MESSAGE_RETENTION_DAYS * DAY_SECONDS;
  return {
    ...keys.message(id),
    entity: 'message',
    id,
    kind: intent.kind,
    to: intent.to,
    ...(intent.requestId ? { requestId: intent.requestId } : {}),
    ...(intent.facts ? { facts: intent.facts } : {}),
    ...(intent.dedupeKey ? { dedupeKey: intent.dedupeKey } : {}),
    createdAt: now.toISOString(),
    expiresAt,
    ttl: expiresAt,
  };
}

/**
 * The Puts that add messages to a state change's transaction. They go last, so the positions of the
 * change's own conditions (which callers read back from a cancelled transaction) do not move.
 */
export function messagePuts(TableName: string, intents: readonly MessageIntent[] = []): TransactItem[] {
  return intents.map((intent) => ({
    Put: {
      TableName,
      Item: messageItem(intent),
      // A fresh id cannot collide; a derived one makes a retried write a no-op (or cancels it).
      ...(intent.dedupeKey ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
    },
  }));
}

export function createMessageStore(db: DynamoDBDocumentClient, TableName: string): MessageStore {
  async function update(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>) {
    try {
      const out = await db.send(new UpdateCommand({ TableName, ...input }));
      return out.Attributes as Item | undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  return {
    async getMessage(messageId) {
      const out = await db.send(
        new GetCommand({ TableName, Key: keys.message(messageId), ConsistentRead: true }),
      );
      return out.Item ? messageOf(out.Item) : undefined;
    },

    async putMessages(messages) {
      await Promise.all(
        messages.map(async (intent) => {
          try {
            await db.send(
              new PutCommand({
                TableName,
                Item: messageItem(intent),
                ConditionExpression: 'attribute_not_exists(pk)',
              }),
            );
          } catch (error) {
            // Written already by an earlier try of the same step.
            if (!isConditionFailure(error)) throw error;
          }
        }),
      );
    },

    async claimMessage(messageId, leaseUntil, now) {
      const claimed = await update({
        Key: keys.message(messageId),
        UpdateExpression: 'SET leaseUntil = :until ADD attempts :one',
        ConditionExpression:
          'attribute_exists(pk) AND attribute_not_exists(doneAt) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
        ExpressionAttributeValues: { ':until': leaseUntil, ':now': now, ':one': 1 },
        ReturnValues: 'ALL_NEW',
      });
      if (claimed) return { kind: 'claimed', message: messageOf(claimed) };
      const out = await db.send(
        new GetCommand({ TableName, Key: keys.message(messageId), ConsistentRead: true }),
      );
      if (!out.Item) return { kind: 'missing' };
      return out.Item.doneAt ? { kind: 'done' } : { kind: 'busy' };
    },

    async markMessageSent(messageId, channel, at, finish) {
      const field = channel === 'email' ? 'sentEmailAt' : 'sentTextAt';
      const ending = finish ? outcomeUpdate(finish) : undefined;
      const out = await update({
        Key: keys.message(messageId),
        UpdateExpression: ending
          ? `SET ${field} = :sentAt, ${ending.sets.join(', ')} REMOVE leaseUntil`
          : `SET ${field} = :sentAt`,
        ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(${field})${ending ? ' AND attribute_not_exists(doneAt)' : ''}`,
        ExpressionAttributeValues: { ':sentAt': at, ...ending?.values },
        ReturnValues: 'UPDATED_NEW',
      });
      return out !== undefined;
    },

    async finishMessage(messageId, outcome) {
      const { sets, values } = outcomeUpdate(outcome);
      await update({
        Key: keys.message(messageId),
        UpdateExpression: `SET ${sets.join(', ')} REMOVE leaseUntil`,
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(doneAt)',
        ExpressionAttributeValues: values,
      });
    },

    async releaseMessage(messageId) {
      await update({
        Key: keys.message(messageId),
        UpdateExpression: 'REMOVE leaseUntil',
        ConditionExpression: 'attribute_exists(pk)',
      });
    },
  };
}

/** The attributes that end a message: done, and why a channel was refused or nothing was sent. */
function outcomeUpdate(outcome: MessageOutcome): { sets: string[]; values: Item } {
  const values: Item = { ':doneAt': outcome.at };
  const sets = ['doneAt = :doneAt'];
  if (outcome.failedReason) {
    sets.push('failedReason = :failed');
    values[':failed'] = outcome.failedReason;
  }
  if (outcome.skippedReason) {
    sets.push('skippedReason = :skipped');
    values[':skipped'] = outcome.skippedReason;
  }
  return { sets, values };
}

type UpdateInput = Omit<
  ConstructorParameters<typeof UpdateCommand>[0],
  'TableName' | 'ReturnValues' | 'UpdateExpression' | 'Key'
> & { Key: Item; UpdateExpression: string };

/**
 * One conditional update and the messages it causes: a plain UpdateItem when there are none, else
 * one transaction. False when the update's own condition failed (nothing was written).
 */
export async function updateWithMessages(
  db: DynamoDBDocumentClient,
  TableName: string,
  input: UpdateInput,
  messages: readonly MessageIntent[] = [],
): Promise<boolean> {
  try {
    if (messages.length === 0) {
      await db.send(new UpdateCommand({ TableName, ...input }));
    } else {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [{ Update: { TableName, ...input } }, ...messagePuts(TableName, messages)],
        }),
      );
    }
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    if (cancelledConditions(error)?.[0]) return false;
    throw error;
  }
}
