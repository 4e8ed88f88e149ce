import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Invite, Volunteer } from '../domain/model.js';
import type { DashboardStore } from '../domain/ports.js';
import type { LookupKeys } from './lookup-dynamo.js';
import { queryByStatusKey } from './by-status.js';
import { TABLE_KEYS, volunteerInvitesKey, VOLUNTEER_STATUS_KEY, volunteerWatchKey } from './table.js';

type Item = Record<string, unknown>;

const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'statusKey', 'offerKey', 'ttl', 'entity']);

function withoutKeys<T>(item: Item): T {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.has(k))) as T;
}

/** A page's LastEvaluatedKey (pk, sk, statusKey, createdAt: ids and a date) as an opaque URL-safe cursor. */
export function encodeCursor(key: Item | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;
}

/** A cursor back into a start key; anything that is not one of ours starts from the beginning. */
export function decodeCursor(cursor: string | undefined): Item | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const entries = Object.entries(value as Item);
    const allowed = new Set(['pk', 'sk', 'statusKey', 'createdAt']);
    if (!entries.every(([k, v]) => allowed.has(k) && typeof v === 'string')) return undefined;
    return value as Item;
  } catch {
    return undefined;
  }
}

/** The dashboard's bounded reads: a roster page, exact finds through search keys, the digest's watch list. */
export function createDashboardStore(
  db: DynamoDBDocumentClient,
  TableName: string,
  deps: {
    lookupKeys: LookupKeys;
    batchGetVolunteers: (ids: string[]) => Promise<Volunteer[]>;
  },
): DashboardStore {
  async function queryWatch(statusKey: string, createdAtOnOrBefore?: string): Promise<string[]> {
    const items = await queryByStatusKey(db, TableName, statusKey, {
      ...(createdAtOnOrBefore === undefined ? {} : { createdAtOnOrBefore }),
      attributes: ['volunteerId'],
    });
    return items.map((item) => String(item.volunteerId));
  }

  return {
    async getVolunteers(volunteerIds) {
      const unique = [...new Set(volunteerIds)];
      return unique.length > 0 ? deps.batchGetVolunteers(unique) : [];
    },

    async listVolunteerPage({ limit, cursor }) {
      const items: Item[] = [];
      let ExclusiveStartKey = decodeCursor(cursor);
      // A Limit counts items read, so a short page asks again until it is full or the roster ends.
      do {
        const out = await db.send(
          new QueryCommand({
            TableName,
            IndexName: TABLE_KEYS.byStatusIndex,
            KeyConditionExpression: 'statusKey = :key',
            ExpressionAttributeValues: { ':key': VOLUNTEER_STATUS_KEY },
            Limit: limit - items.length,
            ExclusiveStartKey,
          }),
        );
        items.push(...((out.Items as Item[] | undefined) ?? []));
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey && items.length < limit);
      const next = encodeCursor(ExclusiveStartKey);
      return { items: items.map((i) => withoutKeys<Volunteer>(i)), ...(next ? { cursor: next } : {}) };
    },

    async findPeople(by) {
      const hash = await deps.lookupKeys.find(by.kind, by.value);
      if (!hash) return { requestIds: [], volunteerIds: [] };
      const requestIds: string[] = [];
      const volunteerIds: string[] = [];
      let ExclusiveStartKey: Item | undefined;
      do {
        const out = await db.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': `FIND#${hash}` },
            ProjectionExpression: 'sk',
            ExclusiveStartKey,
          }),
        );
        for (const item of out.Items ?? []) {
          const sk = String(item.sk);
          if (sk.startsWith('REQ#')) requestIds.push(sk.slice('REQ#'.length));
          else if (sk.startsWith('VOL#')) volunteerIds.push(sk.slice('VOL#'.length));
        }
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return { requestIds, volunteerIds };
    },

    async listVolunteerInvites(volunteerId, limit) {
      const out = await db.send(
        new QueryCommand({
          TableName,
          IndexName: TABLE_KEYS.byStatusIndex,
          KeyConditionExpression: 'statusKey = :key',
          ExpressionAttributeValues: { ':key': volunteerInvitesKey(volunteerId) },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map((item) => withoutKeys<Invite>(item));
    },

    async listVolunteersToWatch({ dbsCheckedOnOrBefore }) {
      const [dbs, unanswered] = await Promise.all([
        queryWatch(volunteerWatchKey('DBS'), dbsCheckedOnOrBefore),
        queryWatch(volunteerWatchKey('UNANSWERED')),
      ]);
      const ids = [...new Set([...dbs, ...unanswered])];
      return ids.length > 0 ? deps.batchGetVolunteers(ids) : [];
    },
  };
}
