import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type {
  ContactChange,
  ContactField,
  ProfileLink,
  ProfileLinkPurpose,
  VolunteerAuditEvent,
} from '../domain/model.js';
import type { ProfileStore } from '../domain/ports.js';
import { newUlid } from '../util/ids.js';
import { cancelledConditions } from './conditions.js';
import { messagePuts } from './messages-dynamo.js';
import { keys } from './table.js';

type Item = Record<string, unknown>;

const NOT_DATA = new Set(['pk', 'sk', 'ttl', 'entity']);

function dataOf<T>(item: Item | undefined): T | undefined {
  if (!item) return undefined;
  return Object.fromEntries(Object.entries(item).filter(([k]) => !NOT_DATA.has(k))) as T;
}

const CONFIRM_PURPOSE: Record<ContactField, ProfileLinkPurpose> = {
  email: 'confirm-email',
  phone: 'confirm-phone',
};

/** Every item of a volunteer's own page that leaving erases (the audit stays: it holds ids only). */
export function profileItemKeys(volunteerId: string): { pk: string; sk: string }[] {
  return [
    keys.currentProfileLink(volunteerId, 'profile'),
    keys.currentProfileLink(volunteerId, 'confirm-email'),
    keys.currentProfileLink(volunteerId, 'confirm-phone'),
    keys.contactChange(volunteerId, 'email'),
    keys.contactChange(volunteerId, 'phone'),
  ];
}

/**
 * A volunteer's links and pending changes. The link's lookup item (ACTION#hash/PROFILELINK) says whose
 * it is; the volunteer's VOL#id/LINK#purpose item says which one is current, so issuing a new link
 * revokes every earlier one with a single write, and the lookups left behind lead nowhere until TTL.
 */
export function createProfileStore(db: DynamoDBDocumentClient, TableName: string): ProfileStore {
  async function get(key: { pk: string; sk: string }): Promise<Item | undefined> {
    const out = await db.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }));
    return out.Item;
  }

  return {
    async saveProfileLink(link: ProfileLink) {
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                // Nobody left to open it: a link for a volunteer who has left is never stored.
                ConditionCheck: {
                  TableName,
                  Key: keys.volunteer(link.volunteerId),
                  ConditionExpression: 'attribute_exists(pk)',
                },
              },
              {
                Put: {
                  TableName,
                  Item: {
                    ...link,
                    ...keys.profileLink(link.tokenHash),
                    entity: 'profile-link',
                    ttl: link.expiresAt,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName,
                  Item: {
                    ...keys.currentProfileLink(link.volunteerId, link.purpose),
                    entity: 'current-profile-link',
                    tokenHash: link.tokenHash,
                    ttl: link.expiresAt,
                  },
                },
              },
            ],
          }),
        );
        return true;
      } catch (error) {
        const failed = cancelledConditions(error);
        if (failed?.[0]) return false;
        throw error;
      }
    },

    async findProfileLink(tokenHash) {
      const link = dataOf<ProfileLink>(await get(keys.profileLink(tokenHash)));
      if (!link) return undefined;
      const current = await get(keys.currentProfileLink(link.volunteerId, link.purpose));
      return current?.tokenHash === tokenHash ? link : undefined;
    },

    async putContactChange(change: ContactChange, messages = []) {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName,
                Item: {
                  ...change,
                  ...keys.contactChange(change.volunteerId, change.field),
                  entity: 'contact-change',
                  ttl: change.expiresAt,
                },
              },
            },
            // A link sent for an earlier change must not confirm this one: the current link of its
            // purpose becomes none (a put, so the public function that asks needs no DeleteItem).
            {
              Put: {
                TableName,
                Item: {
                  ...keys.currentProfileLink(change.volunteerId, CONFIRM_PURPOSE[change.field]),
                  entity: 'current-profile-link',
                  ttl: change.expiresAt,
                },
              },
            },
            ...messagePuts(TableName, messages),
          ],
        }),
      );
    },

    async getContactChange(volunteerId, field) {
      return dataOf<ContactChange>(await get(keys.contactChange(volunteerId, field)));
    },

    async deleteContactChange(volunteerId, field) {
      await db.send(
        new BatchWriteCommand({
          RequestItems: {
            [TableName]: [
              { DeleteRequest: { Key: keys.contactChange(volunteerId, field) } },
              { DeleteRequest: { Key: keys.currentProfileLink(volunteerId, CONFIRM_PURPOSE[field]) } },
            ],
          },
        }),
      );
    },

    async appendVolunteerAudit(event: VolunteerAuditEvent) {
      await db.send(
        new PutCommand({
          TableName,
          Item: {
            ...event,
            ...keys.volunteerAudit(event.volunteerId, event.at, newUlid()),
            entity: 'volunteer-audit',
          },
        }),
      );
    },

    async listVolunteerAudit(volunteerId) {
      const items: Item[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const out = await db.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': `VOL#${volunteerId}`, ':prefix': 'AUDIT#' },
            ExclusiveStartKey,
          }),
        );
        items.push(...(out.Items ?? []));
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return items.map((item) => dataOf<VolunteerAuditEvent>(item) as VolunteerAuditEvent);
    },
  };
}
