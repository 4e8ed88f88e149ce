import {
  BatchWriteCommand,
  GetCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Applicant, ApplicantStatus } from '../domain/model.js';
import type { ApplicantStore } from '../domain/ports.js';
import { queryByStatusKey } from './by-status.js';
import { cancelledConditions } from './conditions.js';
import { messagePuts } from './messages-dynamo.js';
import { applicantStatusKey, keys, TABLE_KEYS } from './table.js';

type Item = Record<string, unknown>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A volunteer's items as the roster writes them: the profile, its lookups and its offers. */
export type VolunteerItems = (
  volunteer: Parameters<ApplicantStore['approveApplicant']>[1],
) => Promise<Item[]>;

const NOT_DATA = new Set(['pk', 'sk', 'statusKey', 'ttl', 'entity']);

function applicantOf(item: Item | undefined): Applicant | undefined {
  if (!item) return undefined;
  return Object.fromEntries(Object.entries(item).filter(([k]) => !NOT_DATA.has(k))) as unknown as Applicant;
}

/** DynamoDB's limit on the items in one TransactWriteItems. */
const MAX_TRANSACTION = 100;

/**
 * Applications to join: APP#id/APPLICANT, listed by status in the byStatus index (APPLICANTS#waiting,
 * oldest first). The key holds an id only; the person's details live in the item, which TTL deletes.
 */
export function createApplicantStore(
  db: DynamoDBDocumentClient,
  TableName: string,
  volunteerItems: VolunteerItems,
): ApplicantStore {
  function applicantItem(applicant: Applicant): Item {
    return {
      ...applicant,
      ...keys.applicant(applicant.id),
      entity: 'applicant',
      statusKey: applicantStatusKey(applicant.status),
      ttl: applicant.expiresAt,
    };
  }

  async function getApplicant(applicantId: string): Promise<Applicant | undefined> {
    const out = await db.send(
      new GetCommand({ TableName, Key: keys.applicant(applicantId), ConsistentRead: true }),
    );
    return applicantOf(out.Item);
  }

  /** A waiting application changed in one transaction with its messages; false when it was not waiting. */
  async function whileWaiting(items: TransactItem[]): Promise<boolean> {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      const failed = cancelledConditions(error);
      if (failed?.[0]) return false;
      throw error;
    }
  }

  return {
    async createApplicant(applicant, idempotency, messages = []) {
      const items: TransactItem[] = [];
      if (idempotency) {
        items.push({
          Put: {
            TableName,
            Item: {
              ...keys.idempotency(idempotency.key),
              entity: 'idempotency',
              applicantId: applicant.id,
              ttl: idempotency.expiresAt,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        });
      }
      items.push(
        {
          Put: { TableName, Item: applicantItem(applicant), ConditionExpression: 'attribute_not_exists(pk)' },
        },
        ...messagePuts(TableName, messages),
      );
      try {
        await db.send(new TransactWriteCommand({ TransactItems: items }));
        return { kind: 'created' };
      } catch (error) {
        const failed = cancelledConditions(error);
        if (!idempotency || !failed?.[0]) throw error;
        const existing = await db.send(
          new GetCommand({ TableName, Key: keys.idempotency(idempotency.key), ConsistentRead: true }),
        );
        // Gone meanwhile (expired): the caller's retry is then a fresh application.
        if (typeof existing.Item?.applicantId !== 'string') throw error;
        return { kind: 'duplicate', applicantId: existing.Item.applicantId };
      }
    },

    getApplicant,

    async listApplicants(status: ApplicantStatus) {
      const items = await queryByStatusKey(db, TableName, applicantStatusKey(status));
      return items.flatMap((item) => applicantOf(item) ?? []);
    },

    async saveApplicantChecks(applicantId, checks, expiresAt) {
      const saved = await whileWaiting([
        {
          Update: {
            TableName,
            Key: keys.applicant(applicantId),
            UpdateExpression: 'SET checks = :checks, expiresAt = :expiresAt, #ttl = :expiresAt',
            ConditionExpression: 'attribute_exists(pk) AND #status = :waiting',
            ExpressionAttributeNames: { '#status': 'status', '#ttl': TABLE_KEYS.ttlAttribute },
            ExpressionAttributeValues: { ':checks': checks, ':expiresAt': expiresAt, ':waiting': 'waiting' },
          },
        },
      ]);
      return saved ? getApplicant(applicantId) : undefined;
    },

    async approveApplicant(applicantId, volunteer, messages = []) {
      const writes = await volunteerItems(volunteer);
      const asTransaction: TransactItem[] = writes.map((write) =>
        write.PutRequest
          ? { Put: { TableName, Item: (write.PutRequest as { Item: Item }).Item } }
          : { Delete: { TableName, Key: (write.DeleteRequest as { Key: Item }).Key } },
      );
      const fixed: TransactItem[] = [
        {
          Delete: {
            TableName,
            Key: keys.applicant(applicantId),
            ConditionExpression: 'attribute_exists(pk) AND #status = :waiting',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':waiting': 'waiting' },
          },
        },
        ...messagePuts(TableName, messages),
      ];
      // The application, the profile and its lookups always go in together; a volunteer offering
      // more area and help type pairs than one transaction holds gets the rest of their offers after it.
      const room = MAX_TRANSACTION - fixed.length;
      const approved = await whileWaiting([...fixed, ...asTransaction.slice(0, room)]);
      if (!approved) return 'not-waiting';
      const rest = writes.slice(room);
      for (let i = 0; i < rest.length; i += 25) {
        let pending: Item[] = rest.slice(i, i + 25);
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 8) throw new Error('offer batch write kept being throttled');
          if (attempt > 0) await new Promise((wake) => setTimeout(wake, Math.min(1000, 25 * 2 ** attempt)));
          const out = await db.send(
            new BatchWriteCommand({ RequestItems: { [TableName]: pending as never } }),
          );
          pending = (out.UnprocessedItems?.[TableName] as Item[] | undefined) ?? [];
        }
      }
      return 'approved';
    },

    async declineApplicant(applicantId, decision, messages = []) {
      const declined = await whileWaiting([
        {
          Update: {
            TableName,
            Key: keys.applicant(applicantId),
            UpdateExpression:
              'SET #status = :declined, statusKey = :statusKey, decidedAt = :at, decidedBy = :by, declineReason = :reason, expiresAt = :expiresAt, #ttl = :expiresAt',
            ConditionExpression: 'attribute_exists(pk) AND #status = :waiting',
            ExpressionAttributeNames: { '#status': 'status', '#ttl': TABLE_KEYS.ttlAttribute },
            ExpressionAttributeValues: {
              ':declined': 'declined',
              ':statusKey': applicantStatusKey('declined'),
              ':at': decision.decidedAt,
              ':by': decision.decidedBy,
              ':reason': decision.declineReason,
              ':expiresAt': decision.expiresAt,
              ':waiting': 'waiting',
            },
          },
        },
        ...messagePuts(TableName, messages),
      ]);
      return declined ? getApplicant(applicantId) : undefined;
    },
  };
}
