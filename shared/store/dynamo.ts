import { setTimeout as sleep } from 'node:timers/promises';
import { awsClientConfig } from '../util/aws-client-config.js';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { newUlid as ulid } from '../util/ids.js';
import { batchGetItems } from './batch.js';
import type { HelpType } from '../vocabulary/help-types.js';
import { withAcceptance } from '../domain/availability.js';
import { type AvailabilitySlot } from '../vocabulary/availability.js';
import {
  ANSWERABLE_INVITE_STATUSES,
  OPEN_STATUSES,
  type ActionToken,
  type AuditEvent,
  type EscalationReason,
  type HelpRequest,
  type Invite,
  type InviteStatus,
  type RequestStatus,
  type Volunteer,
} from '../domain/model.js';
import {
  type AcceptResult,
  type CreateRequestResult,
  type ListByStatusOptions,
  type MatchCandidate,
  type Store,
} from '../domain/ports.js';
import { areaDistrict } from '../vocabulary/postcode.js';
import {
  keys,
  offerKey,
  offerSortKey,
  TABLE_KEYS,
  volunteerInvitesKey,
  volunteerWatchKey,
  VOLUNTEER_STATUS_KEY,
} from './table.js';
import { createDashboardStore } from './dashboard-dynamo.js';
import { UNANSWERED_INVITES_TO_CHASE } from '../domain/chase-rules.js';
import { createCareStore, duplicateKeyItem } from './care-dynamo.js';
import { cancelledConditions, isConditionFailure, statusIn } from './conditions.js';
import { createConfirmationCapStore } from './confirmation-cap-dynamo.js';
import { createMessageStore, messagePuts, updateWithMessages } from './messages-dynamo.js';
import { createSeriesStore, seriesItem } from './series-dynamo.js';
import { createLookupKeys, createTextReplyStore, type LookupSecret } from './lookup-dynamo.js';
import { createApplicantStore } from './applicants-dynamo.js';
import { claimFilterExpression, createTeamStore } from './team-dynamo.js';
import { createProfileStore, profileItemKeys } from './profile-dynamo.js';

export interface DynamoStoreOptions {
  tableName: string;
  endpoint?: string;
  region?: string;
  /** Injected in tests and the sandbox; built from endpoint/region otherwise. */
  client?: DynamoDBDocumentClient;
  /** The keyed-hash secret of the lookup keys; LOOKUP_HASH_SECRET from the environment when unset. */
  lookupHashSecret?: LookupSecret;
}

type Item = Record<string, unknown>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const KEY_ATTRIBUTES = ['pk', 'sk', 'statusKey', 'offerKey', 'ttl', 'entity'];

function strip<T>(item: Item | undefined): T | undefined {
  if (!item) return undefined;
  return Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.includes(k))) as T;
}

export function createDocumentClient(options: {
  endpoint?: string;
  region?: string;
}): DynamoDBDocumentClient {
  const client = new DynamoDBClient(awsClientConfig(options));
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** DynamoDB's limit on the items in one TransactWriteItems. */
const MAX_TRANSACTION = 100;

/** The domain's state rules as conditions: a request still open to matching, an invite still answerable. */
const OPEN = statusIn(OPEN_STATUSES, 'open');
/** A request still being handled can take a later duplicate's date and details. */
const ACTIVE_FOR_MERGE = ['received', 'matching', 'escalated', 'assigned'] as const;
const ANSWERABLE = statusIn(ANSWERABLE_INVITE_STATUSES, 'answerable');

/** A transaction cancelled because one of its conditions failed or another write got there first. */
function isTransactionConflict(error: unknown): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  return (error.CancellationReasons ?? []).some(
    (r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict',
  );
}

/**
 * One offer (area × help type) in the byOffer index, with a copy of what fair rotation reads, so a
 * wave is one Query. No name or contact details: those stay on the profile.
 */
function offerItem(volunteer: Volunteer, area: string, helpType: HelpType): Item {
  return {
    ...keys.offer(volunteer.id, area, helpType),
    entity: 'offer',
    offerKey: offerKey(area, helpType),
    volunteerId: volunteer.id,
    dbsChecked: volunteer.dbsChecked,
    dbsCheckedOn: volunteer.dbsCheckedOn,
    pausedUntil: volunteer.pausedUntil,
    recentInvites: volunteer.recentInvites,
    availability: volunteer.availability,
    weeklyLimit: volunteer.weeklyLimit,
    recentAccepts: volunteer.recentAccepts,
  };
}

/** What matching sees of a volunteer found through an offer. */
function candidateOf(source: Item | Volunteer, area: string, helpType: HelpType): MatchCandidate {
  const item = source as Item;
  return {
    id: String(item.volunteerId ?? item.id),
    areas: [area],
    helpTypes: [helpType],
    dbsChecked: item.dbsChecked === true,
    ...(typeof item.dbsCheckedOn === 'string' ? { dbsCheckedOn: item.dbsCheckedOn } : {}),
    ...(typeof item.pausedUntil === 'string' ? { pausedUntil: item.pausedUntil } : {}),
    recentInvites: (item.recentInvites as string[] | undefined) ?? [],
    ...(Array.isArray(item.availability) ? { availability: item.availability as AvailabilitySlot[] } : {}),
    ...(typeof item.weeklyLimit === 'number' ? { weeklyLimit: item.weeklyLimit } : {}),
    ...(Array.isArray(item.recentAccepts) ? { recentAccepts: item.recentAccepts as string[] } : {}),
  };
}

export function createDynamoStore(options: DynamoStoreOptions): Store {
  const TableName = options.tableName;
  const db = options.client ?? createDocumentClient(options);
  const lookupKeys = createLookupKeys(options.lookupHashSecret);

  function requestItem(request: HelpRequest): Item {
    return {
      ...request,
      ...keys.request(request.id),
      entity: 'request',
      statusKey: `STATUS#${request.status}`,
      ttl: request.expiresAt,
    };
  }

  function referenceItem(request: HelpRequest): Item {
    return {
      ...keys.reference(request.reference),
      entity: 'reference',
      requestId: request.id,
      ttl: request.expiresAt,
    };
  }

  function auditItem(event: AuditEvent): Item {
    return { ...event, ...keys.audit(event.requestId, event.at, ulid()), entity: 'audit' };
  }

  async function getRequest(requestId: string): Promise<HelpRequest | undefined> {
    const out = await db.send(
      new GetCommand({ TableName, Key: keys.request(requestId), ConsistentRead: true }),
    );
    return strip<HelpRequest>(out.Item);
  }

  async function queryStatus(status: RequestStatus, options: ListByStatusOptions): Promise<Item[]> {
    const values: Record<string, string> = { ':key': `STATUS#${status}` };
    let condition = 'statusKey = :key';
    if (options.createdFrom && options.createdBefore) {
      // BETWEEN is inclusive at both ends; the exclusive upper bound is applied below.
      condition += ' AND createdAt BETWEEN :from AND :to';
      values[':from'] = options.createdFrom;
      values[':to'] = options.createdBefore;
    } else if (options.createdFrom) {
      condition += ' AND createdAt >= :from';
      values[':from'] = options.createdFrom;
    } else if (options.createdBefore) {
      condition += ' AND createdAt < :to';
      values[':to'] = options.createdBefore;
    }
    const claim = options.claim ? claimFilterExpression(options.claim) : undefined;
    const input = {
      TableName,
      IndexName: TABLE_KEYS.byStatusIndex,
      KeyConditionExpression: condition,
      ExpressionAttributeValues: { ...values, ...claim?.values },
      ScanIndexForward: !options.newestFirst,
      ...(claim ? { FilterExpression: claim.expression } : {}),
    };
    const items: Item[] = [];
    if (options.limit === undefined) {
      items.push(...(await queryAll(input)));
    } else {
      let ExclusiveStartKey: Item | undefined;
      do {
        const out = await db.send(
          new QueryCommand({ ...input, Limit: options.limit - items.length, ExclusiveStartKey }),
        );
        items.push(...((out.Items as Item[] | undefined) ?? []));
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey && items.length < options.limit);
    }
    return items.filter((i) => !options.createdBefore || String(i.createdAt) < options.createdBefore);
  }

  async function queryAll(input: ConstructorParameters<typeof QueryCommand>[0]): Promise<Item[]> {
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const out = await db.send(new QueryCommand({ ...input, ExclusiveStartKey }));
      items.push(...((out.Items as Item[] | undefined) ?? []));
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  async function listInvites(requestId: string): Promise<Invite[]> {
    const items = await queryAll({
      TableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `REQ#${requestId}`, ':prefix': 'INVITE#' },
      ConsistentRead: true,
    });
    return items.map((i) => strip<Invite>(i) as Invite);
  }

  async function batchGetVolunteers(ids: string[]): Promise<Volunteer[]> {
    const items = await batchGetItems(db, TableName, ids.map(keys.volunteer), {}, 'volunteer batch read');
    return items.map((item) => strip<Volunteer>(item) as Volunteer);
  }

  async function batchWrite(requests: Item[]): Promise<void> {
    for (let i = 0; i < requests.length; i += 25) {
      let RequestItems: Record<string, Item[]> | undefined = { [TableName]: requests.slice(i, i + 25) };
      for (let attempt = 0; RequestItems && Object.keys(RequestItems).length > 0; attempt++) {
        if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
        if (attempt > 8) throw new Error('volunteer batch write kept being throttled');
        const out = await db.send(new BatchWriteCommand({ RequestItems: RequestItems as never }));
        RequestItems = out.UnprocessedItems as typeof RequestItems;
      }
    }
  }

  async function getVolunteer(volunteerId: string): Promise<Volunteer | undefined> {
    const out = await db.send(
      new GetCommand({ TableName, Key: keys.volunteer(volunteerId), ConsistentRead: true }),
    );
    return strip<Volunteer>(out.Item);
  }

  /**
   * Optimistic: the write only lands if the list is still what was read, so two requests inviting
   * the same volunteer at once cannot lose one of the two invite times (fair rotation depends on them).
   */
  async function recordInviteSent(id: string, at: string, keepSince: string): Promise<void> {
    await updateMatchingList(id, 'recentInvites', (volunteer) => [
      ...volunteer.recentInvites.filter((t) => t >= keepSince),
      at,
    ]);
  }

  /**
   * A list matching reads (invite times for fair rotation, acceptance times for the weekly limit), on
   * the profile and its offers' copies, changed only if it is still what was read.
   */
  async function updateMatchingList(
    id: string,
    field: 'recentInvites' | 'recentAccepts',
    next: (volunteer: Volunteer) => string[],
  ): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const volunteer = await getVolunteer(id);
      if (!volunteer) return;
      const updated = next(volunteer);
      const before = volunteer[field];
      // The offers carry a copy for the byOffer index; profile and copies change in one transaction.
      // The profile's areas and help types are part of the condition, so the offers updated are
      // exactly the ones the profile lists (an edit in between makes this attempt start again).
      const offers: TransactItem[] = volunteer.areas.flatMap((area) =>
        volunteer.helpTypes.map((helpType) => ({
          Update: {
            TableName,
            Key: keys.offer(id, area, helpType),
            UpdateExpression: 'SET #list = :recent',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#list': field },
            ExpressionAttributeValues: { ':recent': updated },
          },
        })),
      );
      const profile: TransactItem = {
        Update: {
          TableName,
          Key: keys.volunteer(id),
          UpdateExpression: 'SET #list = :recent',
          ConditionExpression: `attribute_exists(pk) AND ${
            before === undefined ? 'attribute_not_exists(#list)' : '#list = :before'
          } AND areas = :areas AND helpTypes = :helpTypes`,
          ExpressionAttributeNames: { '#list': field },
          ExpressionAttributeValues: {
            ':recent': updated,
            ...(before === undefined ? {} : { ':before': before }),
            ':areas': volunteer.areas,
            ':helpTypes': volunteer.helpTypes,
          },
        },
      };
      try {
        // A transaction holds 100 items; a volunteer offering more than 99 area and help type pairs
        // (none does: 30 areas × 7 types would be 210) gets the rest after it, outside it.
        await db.send(
          new TransactWriteCommand({ TransactItems: [profile, ...offers.slice(0, MAX_TRANSACTION - 1)] }),
        );
        for (const rest of offers.slice(MAX_TRANSACTION - 1)) {
          await db.send(new UpdateCommand(rest.Update as ConstructorParameters<typeof UpdateCommand>[0]));
        }
        return;
      } catch (error) {
        if (!isConditionFailure(error) && !isTransactionConflict(error)) throw error;
        await sleep(5 + Math.random() * 20 * (attempt + 1));
      }
    }
    throw new Error(`could not record ${field} after 10 attempts`);
  }

  async function volunteerWrites(volunteer: Volunteer): Promise<Item[]> {
    // A changed email or phone leaves its old lookup behind unless it is deleted here.
    const previous = await getVolunteer(volunteer.id);
    const lookups = await lookupKeys.of(volunteer);
    const previousLookups = previous ? await lookupKeys.of(previous) : [];
    const staleLookups = previousLookups
      .filter((old) => !lookups.some((current) => current.pk === old.pk))
      .map(({ pk, sk }) => ({ DeleteRequest: { Key: { pk, sk } } }));
    const existingOffers = await queryAll({
      TableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `VOL#${volunteer.id}`, ':prefix': 'OFFER#' },
      ProjectionExpression: 'pk, sk',
    });
    const wanted = new Map<string, Item>();
    for (const area of volunteer.areas) {
      for (const helpType of volunteer.helpTypes) {
        const item = offerItem(volunteer, area, helpType);
        wanted.set(String(item.sk), item);
      }
    }
    const deletes = existingOffers
      .filter((o) => !wanted.has(String(o.sk)))
      .map((o) => ({ DeleteRequest: { Key: { pk: o.pk, sk: o.sk } } }));
    // The dashboard's search keys: a changed name, email or phone takes its old key away.
    const finds = await lookupKeys.findHashesOf(volunteer);
    const staleFinds = (previous ? await lookupKeys.findHashesOf(previous) : [])
      .filter((hash) => !finds.includes(hash))
      .map((hash) => ({ DeleteRequest: { Key: keys.findVolunteer(hash, volunteer.id) } }));
    // The digest finds checks to renew through this item, by the date of the check, never the roster.
    const dbsWatch = volunteer.dbsChecked
      ? {
          PutRequest: {
            Item: {
              ...keys.volunteerWatch(volunteer.id, 'DBS'),
              entity: 'volunteer-watch',
              statusKey: volunteerWatchKey('DBS'),
              // Undated checks sort first, so the digest still counts them.
              createdAt: volunteer.dbsCheckedOn ?? '0000-00-00',
              volunteerId: volunteer.id,
            },
          },
        }
      : { DeleteRequest: { Key: keys.volunteerWatch(volunteer.id, 'DBS') } };
    return [
      {
        PutRequest: {
          Item: {
            ...volunteer,
            ...keys.volunteer(volunteer.id),
            entity: 'volunteer',
            statusKey: VOLUNTEER_STATUS_KEY,
          },
        },
      },
      ...lookups.map(({ entity, ...key }) => ({
        PutRequest: { Item: { ...key, entity, volunteerId: volunteer.id } },
      })),
      ...[...wanted.values()].map((Item) => ({ PutRequest: { Item } })),
      ...deletes,
      ...staleLookups,
      ...finds.map((hash) => ({
        PutRequest: { Item: { ...keys.findVolunteer(hash, volunteer.id), entity: 'find' } },
      })),
      ...staleFinds,
      dbsWatch,
    ];
  }

  return {
    // Welfare concerns and duplicate keys, kept in their own module.
    ...createCareStore(db, TableName),
    ...createSeriesStore(db, TableName, { requestItem, auditItem, referenceItem }),
    ...createConfirmationCapStore(db, TableName),
    // Text replies: a volunteer by phone, and the invites a reply may answer.
    ...createTextReplyStore(db, TableName, { lookupKeys, getVolunteer }),
    ...createMessageStore(db, TableName),
    // Applications to join; approval writes the volunteer's items as the roster does.
    ...createApplicantStore(db, TableName, volunteerWrites),
    ...createDashboardStore(db, TableName, { lookupKeys, batchGetVolunteers }),
    // Claims on requests and the team list of prescribers.
    ...createTeamStore(db, TableName),
    // A volunteer's own details page: their links, an address waiting to be confirmed, their audit.
    ...createProfileStore(db, TableName),
    async createRequest(
      request,
      audit,
      { idempotency, series, duplicateKeys = [], messages = [] } = {},
    ): Promise<CreateRequestResult> {
      const items: TransactItem[] = [];
      if (idempotency) {
        items.push({
          Put: {
            TableName,
            Item: {
              ...keys.idempotency(idempotency.key),
              entity: 'idempotency',
              requestId: request.id,
              reference: request.reference,
              ttl: idempotency.expiresAt,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        });
      }
      items.push(
        { Put: { TableName, Item: referenceItem(request), ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { TableName, Item: requestItem(request), ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { TableName, Item: auditItem(audit) } },
      );
      if (series) {
        items.push({
          Put: { TableName, Item: seriesItem(series), ConditionExpression: 'attribute_not_exists(pk)' },
        });
      }
      // Unconditional and last: the positions of the conditions read below are unchanged.
      for (const key of duplicateKeys) items.push({ Put: { TableName, Item: duplicateKeyItem(key) } });
      for (const hash of await lookupKeys.findHashesOf(request.requester))
        // The search keys expire with the request as first stored, as its reference does.
        items.push({
          Put: {
            TableName,
            Item: { ...keys.findRequest(hash, request.id), entity: 'find', ttl: request.expiresAt },
          },
        });
      items.push(...messagePuts(TableName, messages));
      try {
        await db.send(new TransactWriteCommand({ TransactItems: items }));
        return { kind: 'created' };
      } catch (error) {
        const failed = cancelledConditions(error);
        if (!failed) throw error;
        if (idempotency && failed[0]) {
          const existing = await db.send(
            new GetCommand({ TableName, Key: keys.idempotency(idempotency.key), ConsistentRead: true }),
          );
          if (existing.Item) {
            return {
              kind: 'duplicate',
              requestId: String(existing.Item.requestId),
              reference: String(existing.Item.reference),
            };
          }
          // The key expired between the write and the read: treat as a fresh request on the caller's retry.
          throw error;
        }
        if (failed[idempotency ? 1 : 0]) return { kind: 'reference-taken' };
        throw error;
      }
    },

    getRequest,

    async startWave(requestId, wave, startedAt) {
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName,
            Key: keys.request(requestId),
            UpdateExpression:
              'SET #status = :matching, statusKey = :statusKey, wave = :wave, waveStartedAt = :startedAt',
            ConditionExpression: `attribute_exists(pk) AND ${OPEN.condition}`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':matching': 'matching',
              ...OPEN.values,
              ':statusKey': 'STATUS#matching',
              ':wave': wave,
              ':startedAt': startedAt,
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return strip<HelpRequest>(out.Attributes);
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },

    async escalate(requestId: string, reason: EscalationReason, at: string, messages = []) {
      const escalated = await updateWithMessages(
        db,
        TableName,
        {
          Key: keys.request(requestId),
          UpdateExpression:
            'SET #status = :escalated, statusKey = :statusKey, escalatedAt = :at, escalationReason = :reason',
          ConditionExpression: `attribute_exists(pk) AND ${OPEN.condition}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':escalated': 'escalated',
            ':statusKey': 'STATUS#escalated',
            ':at': at,
            ':reason': reason,
            ...OPEN.values,
          },
        },
        messages,
      );
      if (escalated) return 'escalated';
      const current = await getRequest(requestId);
      return current?.status === 'escalated' ? 'already-escalated' : 'not-open';
    },

    async appendAudit(event, messages = []) {
      if (messages.length === 0) {
        await db.send(new PutCommand({ TableName, Item: auditItem(event) }));
        return;
      }
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName, Item: auditItem(event) } },
            ...messagePuts(TableName, messages),
          ],
        }),
      );
    },

    async findRequestIdByReference(reference) {
      const out = await db.send(
        new GetCommand({ TableName, Key: keys.reference(reference), ConsistentRead: true }),
      );
      return out.Item ? String(out.Item.requestId) : undefined;
    },

    async eraseRequest(requestId) {
      const request = await getRequest(requestId);
      if (!request) return false;
      const items = await queryAll({
        TableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `REQ#${requestId}` },
        ProjectionExpression: 'pk, sk, tokenHash, previousTokenHash',
        ConsistentRead: true,
      });
      const deletes: Item[] = [{ DeleteRequest: { Key: keys.reference(request.reference) } }];
      // Without the secret (a command run where it cannot be read) the request is still erased: its
      // search keys are keyed hashes that lead nowhere once it has gone.
      const finds = await lookupKeys.findHashesOf(request.requester).catch(() => []);
      for (const hash of finds) deletes.push({ DeleteRequest: { Key: keys.findRequest(hash, requestId) } });
      for (const item of items) {
        // Audit entries stay: they carry ids and enumerations only.
        if (String(item.sk).startsWith('AUDIT#')) continue;
        deletes.push({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } });
        for (const hash of [item.tokenHash, item.previousTokenHash])
          if (hash) deletes.push({ DeleteRequest: { Key: keys.token(String(hash)) } });
      }
      await batchWrite(deletes);
      return true;
    },

    async listAudit(requestId) {
      const items = await queryAll({
        TableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `REQ#${requestId}`, ':prefix': 'AUDIT#' },
      });
      return items.map((i) => strip<AuditEvent>(i) as AuditEvent);
    },

    listInvites,

    async createInvite(invite, messages = []) {
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName,
                  Item: {
                    ...invite,
                    ...keys.invite(invite.requestId, invite.volunteerId),
                    entity: 'invite',
                    statusKey: volunteerInvitesKey(invite.volunteerId),
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName,
                  Item: {
                    ...keys.token(invite.tokenHash),
                    entity: 'token',
                    requestId: invite.requestId,
                    volunteerId: invite.volunteerId,
                    ttl: invite.expiresAt,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              ...messagePuts(TableName, messages),
            ],
          }),
        );
        return 'created';
      } catch (error) {
        const failed = cancelledConditions(error);
        if (failed?.[0]) return 'exists';
        throw error;
      }
    },

    async replaceToken(invite, newTokenHash, expiresAt, options = {}) {
      // The current link stays valid when it already went on another channel and none is kept yet.
      const keepCurrent = options.keepSent === true && invite.previousTokenHash === undefined;
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName,
                Key: keys.invite(invite.requestId, invite.volunteerId),
                UpdateExpression: `SET tokenHash = :hash, expiresAt = :exp${keepCurrent ? ', previousTokenHash = :old' : ''}`,
                ConditionExpression: '#status = :pending AND tokenHash = :old',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':hash': newTokenHash,
                  ':exp': expiresAt,
                  ':pending': 'pending',
                  ':old': invite.tokenHash,
                },
              },
            },
            ...(keepCurrent ? [] : [{ Delete: { TableName, Key: keys.token(invite.tokenHash) } }]),
            {
              Put: {
                TableName,
                Item: {
                  ...keys.token(newTokenHash),
                  entity: 'token',
                  requestId: invite.requestId,
                  volunteerId: invite.volunteerId,
                  ttl: expiresAt,
                },
              },
            },
          ],
        }),
      );
    },

    async markInviteSent(requestId, volunteerId) {
      try {
        await db.send(
          new UpdateCommand({
            TableName,
            Key: keys.invite(requestId, volunteerId),
            UpdateExpression: 'SET #status = :sent',
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':sent': 'sent', ':pending': 'pending' },
          }),
        );
        return 'sent';
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        // Answered (a fast volunteer), spent, or already marked: say which.
        const out = await db.send(
          new GetCommand({ TableName, Key: keys.invite(requestId, volunteerId), ConsistentRead: true }),
        );
        return out.Item?.status as InviteStatus | undefined;
      }
    },

    async findInviteByTokenHash(tokenHash) {
      const token = await db.send(
        new GetCommand({ TableName, Key: keys.token(tokenHash), ConsistentRead: true }),
      );
      if (!token.Item) return undefined;
      const out = await db.send(
        new GetCommand({
          TableName,
          Key: keys.invite(String(token.Item.requestId), String(token.Item.volunteerId)),
          ConsistentRead: true,
        }),
      );
      return strip<Invite>(out.Item);
    },

    async acceptInvite(invite, at, messages = []): Promise<AcceptResult> {
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName,
                  Key: keys.request(invite.requestId),
                  UpdateExpression:
                    'SET #status = :assigned, statusKey = :statusKey, assignedVolunteerId = :vid, assignedAt = :at',
                  ConditionExpression: OPEN.condition,
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: {
                    ':assigned': 'assigned',
                    ':statusKey': 'STATUS#assigned',
                    ':vid': invite.volunteerId,
                    ':at': at,
                    ...OPEN.values,
                  },
                },
              },
              {
                Update: {
                  TableName,
                  Key: keys.invite(invite.requestId, invite.volunteerId),
                  UpdateExpression: 'SET #status = :accepted, respondedAt = :at',
                  // Pending counts: the email may have gone out before the invite was marked sent.
                  ConditionExpression: `${ANSWERABLE.condition} AND tokenHash = :hash`,
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: {
                    ':accepted': 'accepted',
                    ...ANSWERABLE.values,
                    ':at': at,
                    ':hash': invite.tokenHash,
                  },
                },
              },
              ...messagePuts(TableName, messages),
            ],
          }),
        );
        return 'won';
      } catch (error) {
        const failed = cancelledConditions(error);
        if (!failed) throw error;
        if (failed[1]) return 'invite-not-open';
        if (failed[0]) return 'request-not-open';
        // Cancelled by a conflicting write in flight, not by our conditions: nobody has won yet.
        return 'conflict';
      }
    },

    async declineInvite(invite, at) {
      try {
        await db.send(
          new UpdateCommand({
            TableName,
            Key: keys.invite(invite.requestId, invite.volunteerId),
            UpdateExpression: 'SET #status = :declined, respondedAt = :at',
            ConditionExpression: `${ANSWERABLE.condition} AND tokenHash = :hash`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':declined': 'declined',
              ...ANSWERABLE.values,
              ':at': at,
              ':hash': invite.tokenHash,
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async markInvitesTaken(requestId, volunteerIds, noticeFor) {
      const spend = (volunteerId: string, from: 'sent' | 'pending') =>
        updateWithMessages(
          db,
          TableName,
          {
            Key: keys.invite(requestId, volunteerId),
            UpdateExpression: 'SET #status = :taken',
            ConditionExpression: '#status = :from',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':taken': 'taken', ':from': from },
          },
          from === 'sent' && noticeFor ? [noticeFor(volunteerId)] : [],
        );
      // The status decides at the moment of the write, not when it was read: an invite can only move
      // from pending to sent meanwhile, so sent, then pending, then sent again covers every order.
      await Promise.all(
        volunteerIds.map(
          async (volunteerId) =>
            (await spend(volunteerId, 'sent')) ||
            (await spend(volunteerId, 'pending')) ||
            (await spend(volunteerId, 'sent')),
        ),
      );
    },

    async putVolunteer(volunteer) {
      await batchWrite(await volunteerWrites(volunteer));
    },

    async putVolunteers(volunteers) {
      const writes: Item[] = [];
      for (const volunteer of volunteers) writes.push(...(await volunteerWrites(volunteer)));
      await batchWrite(writes);
    },

    getVolunteer,

    async findVolunteerByEmail(email) {
      const out = await db.send(
        new GetCommand({ TableName, Key: await lookupKeys.email(email), ConsistentRead: true }),
      );
      return out.Item ? getVolunteer(String(out.Item.volunteerId)) : undefined;
    },

    async listVolunteers() {
      const items = await queryAll({
        TableName,
        IndexName: TABLE_KEYS.byStatusIndex,
        KeyConditionExpression: 'statusKey = :key',
        ExpressionAttributeValues: { ':key': VOLUNTEER_STATUS_KEY },
      });
      return items.map((i) => strip<Volunteer>(i) as Volunteer);
    },

    async findVolunteersOffering(area: string, helpType: HelpType) {
      // One Query over the district's offers of this help type; the filter keeps those for the area
      // itself and for its whole district. (A district's offers are its roster for one help type:
      // the few read and left out cost less than a second Query.)
      const district = areaDistrict(area);
      const found = await queryAll({
        TableName,
        IndexName: TABLE_KEYS.byOfferIndex,
        KeyConditionExpression: 'offerKey = :key',
        FilterExpression: 'sk IN (:own, :district)',
        ExpressionAttributeValues: {
          ':key': offerKey(area, helpType),
          ':own': offerSortKey(area, helpType),
          ':district': offerSortKey(district, helpType),
        },
      });
      // A volunteer who lists both the district and the sector has two offers here: asked once.
      const seen = new Set<string>();
      const offers = found.filter((o) => {
        const id = String(o.volunteerId);
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
      // Offers written before the index carried what matching needs have no recentInvites; those
      // few are read from their profiles until the volunteer is next saved.
      const complete = offers.filter((o) => Array.isArray(o.recentInvites));
      const legacy = offers.filter((o) => !Array.isArray(o.recentInvites)).map((o) => String(o.volunteerId));
      const fromProfiles = legacy.length > 0 ? await batchGetVolunteers(legacy) : [];
      return [
        ...complete.map((o) => candidateOf(o, area, helpType)),
        ...fromProfiles.map((v) => candidateOf(v, area, helpType)),
      ];
    },

    async recordInvitesSent(volunteerIds, at, keepSince) {
      await Promise.all(volunteerIds.map((id) => recordInviteSent(id, at, keepSince)));
    },

    async recordAcceptance(volunteerId, at) {
      await updateMatchingList(volunteerId, 'recentAccepts', (volunteer) =>
        withAcceptance(volunteer.recentAccepts, new Date(at)),
      );
    },

    async listRequestsByStatus(status, options = {}) {
      return (await queryStatus(status, options)).map((i) => strip<HelpRequest>(i) as HelpRequest);
    },

    async transitionRequest(requestId, from, changes, messages = []) {
      const names: Record<string, string> = { '#status': 'status' };
      const values: Record<string, unknown> = { ':statusKey': `STATUS#${changes.status}` };
      const sets = ['statusKey = :statusKey'];
      const { unset = [], ...fields } = changes;
      for (const [field, value] of Object.entries(fields)) {
        if (value === undefined) continue;
        names[`#${field}`] = field;
        values[`:${field}`] = value;
        sets.push(`#${field} = :${field}`);
      }
      if (changes.expiresAt !== undefined) sets.push('#ttl = :expiresAt');
      if (changes.expiresAt !== undefined) names['#ttl'] = TABLE_KEYS.ttlAttribute;
      for (const field of unset) names[`#${field}`] = field;
      const removes = unset.length > 0 ? ` REMOVE ${unset.map((field) => `#${field}`).join(', ')}` : '';
      const fromNames = from.map((_, i) => `:from${i}`);
      from.forEach((status, i) => (values[`:from${i}`] = status));
      const update = {
        Key: keys.request(requestId),
        UpdateExpression: `SET ${sets.join(', ')}${removes}`,
        ConditionExpression: `attribute_exists(pk) AND #status IN (${fromNames.join(', ')})`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      };
      if (messages.length > 0) {
        // A transaction returns no attributes: the request is read back once it has moved.
        if (!(await updateWithMessages(db, TableName, update, messages))) return undefined;
        return getRequest(requestId);
      }
      try {
        const out = await db.send(new UpdateCommand({ TableName, ...update, ReturnValues: 'ALL_NEW' }));
        return strip<HelpRequest>(out.Attributes);
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },

    async mergeIntoEarlier(heldId, earlierId, closing, copy, expect) {
      const active = statusIn(ACTIVE_FOR_MERGE, 'active');
      const assignee = expect?.assignedVolunteerId;
      const sameVolunteer = !expect
        ? ''
        : assignee === undefined
          ? ' AND attribute_not_exists(assignedVolunteerId)'
          : ' AND assignedVolunteerId = :assignee';
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName,
                  Key: keys.request(heldId),
                  UpdateExpression:
                    'SET #status = :closed, statusKey = :closedKey, closedAt = :closedAt, outcome = :duplicate, expiresAt = :expiresAt, #ttl = :expiresAt',
                  ConditionExpression: 'attribute_exists(pk) AND #status = :onHold',
                  ExpressionAttributeNames: { '#status': 'status', '#ttl': TABLE_KEYS.ttlAttribute },
                  ExpressionAttributeValues: {
                    ':closed': 'closed',
                    ':closedKey': 'STATUS#closed',
                    ':closedAt': closing.closedAt,
                    ':duplicate': 'duplicate',
                    ':expiresAt': closing.expiresAt,
                    ':onHold': 'on-hold',
                  },
                },
              },
              {
                Update: {
                  TableName,
                  Key: keys.request(earlierId),
                  UpdateExpression: `SET neededBy = :neededBy, urgent = :urgent${
                    copy.details !== undefined ? ', details = :details' : ''
                  }`,
                  ConditionExpression: `attribute_exists(pk) AND ${active.condition}${sameVolunteer}`,
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: {
                    ':neededBy': copy.neededBy,
                    ':urgent': copy.urgent,
                    ...(copy.details !== undefined ? { ':details': copy.details } : {}),
                    ...(assignee !== undefined ? { ':assignee': assignee } : {}),
                    ...active.values,
                  },
                },
              },
              ...messagePuts(TableName, expect?.messages),
            ],
          }),
        );
        return 'merged';
      } catch (error) {
        const failed = cancelledConditions(error);
        if (!failed) throw error;
        if (failed[0]) return 'not-on-hold';
        if (failed[1]) {
          if (!expect) return 'earlier-ended';
          // One condition covers both: ended, or still going with another volunteer than the one read.
          const earlier = await getRequest(earlierId);
          const going = earlier && (ACTIVE_FOR_MERGE as readonly string[]).includes(earlier.status);
          return going ? 'volunteer-changed' : 'earlier-ended';
        }
        throw error;
      }
    },

    async createActionToken(token: ActionToken) {
      await db.send(
        new PutCommand({
          TableName,
          Item: {
            ...token,
            ...keys.actionToken(token.tokenHash),
            entity: 'action-token',
            ttl: token.expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    async findActionToken(tokenHash) {
      const out = await db.send(
        new GetCommand({ TableName, Key: keys.actionToken(tokenHash), ConsistentRead: true }),
      );
      return strip<ActionToken>(out.Item);
    },

    async releaseAssignment(requestId, volunteerId, tokenHash, at, messages = []) {
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName,
                  Key: keys.request(requestId),
                  UpdateExpression:
                    'SET #status = :matching, statusKey = :statusKey REMOVE assignedVolunteerId, assignedAt',
                  ConditionExpression: '#status = :assigned AND assignedVolunteerId = :vid',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: {
                    ':matching': 'matching',
                    ':statusKey': 'STATUS#matching',
                    ':assigned': 'assigned',
                    ':vid': volunteerId,
                  },
                },
              },
              {
                Update: {
                  TableName,
                  Key: keys.actionToken(tokenHash),
                  UpdateExpression: 'SET usedAt = :at',
                  ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt)',
                  ExpressionAttributeValues: { ':at': at },
                },
              },
              ...messagePuts(TableName, messages),
            ],
          }),
        );
        return 'released';
      } catch (error) {
        const failed = cancelledConditions(error);
        if (!failed) throw error;
        if (failed[1]) return 'used';
        if (failed[0]) return 'not-assigned';
        throw error;
      }
    },

    async deleteVolunteer(volunteerId) {
      const volunteer = await getVolunteer(volunteerId);
      const offers = await queryAll({
        TableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `VOL#${volunteerId}`, ':prefix': 'OFFER#' },
        ProjectionExpression: 'pk, sk',
      });
      const finds = volunteer ? await lookupKeys.findHashesOf(volunteer) : [];
      // Offers first: a failure part-way leaves a profile that is still listed, never an orphan offer.
      await batchWrite([
        ...offers.map((o) => ({ DeleteRequest: { Key: { pk: o.pk, sk: o.sk } } })),
        ...finds.map((hash) => ({ DeleteRequest: { Key: keys.findVolunteer(hash, volunteerId) } })),
        { DeleteRequest: { Key: keys.volunteerWatch(volunteerId, 'DBS') } },
        { DeleteRequest: { Key: keys.volunteerWatch(volunteerId, 'UNANSWERED') } },
        // Their personal links stop working and an address waiting for confirmation goes with them.
        ...profileItemKeys(volunteerId).map((Key) => ({ DeleteRequest: { Key } })),
      ]);
      // Then the lookups, then the profile itself, each its own (batch) write in that order. Batch
      // writes only: a volunteer leaving through their own link erases with no DeleteItem grant.
      for (const { pk, sk } of volunteer ? await lookupKeys.of(volunteer) : [])
        await batchWrite([{ DeleteRequest: { Key: { pk, sk } } }]);
      await batchWrite([{ DeleteRequest: { Key: keys.volunteer(volunteerId) } }]);
    },

    // ---- chase-ups (daily digest) ----

    async markReminderSent(requestId, at, messages = []) {
      return updateWithMessages(
        db,
        TableName,
        {
          Key: keys.request(requestId),
          UpdateExpression: 'SET reminderSentAt = :at',
          ConditionExpression:
            'attribute_exists(pk) AND #status = :assigned AND attribute_not_exists(reminderSentAt)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':at': at, ':assigned': 'assigned' },
        },
        messages,
      );
    },

    async markInvitesSettled(requestId, at) {
      return conditionalUpdate({
        Key: keys.request(requestId),
        UpdateExpression: 'SET invitesSettledAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(invitesSettledAt)',
        ExpressionAttributeValues: { ':at': at },
      });
    },

    async recordUnansweredInvites(volunteerIds) {
      await Promise.all(
        volunteerIds.map(async (id) => {
          let count: number;
          try {
            const out = await db.send(
              new UpdateCommand({
                TableName,
                Key: keys.volunteer(id),
                UpdateExpression: 'ADD unansweredInvitesInARow :one',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':one': 1 },
                ReturnValues: 'UPDATED_NEW',
              }),
            );
            count = Number(out.Attributes?.unansweredInvitesInARow ?? 0);
          } catch (error) {
            if (isConditionFailure(error)) return;
            throw error;
          }
          // The digest lists this volunteer through the watch item, so it never reads the roster. An
          // update, not a put: the functions that count answers may update volunteers' items only.
          if (count < UNANSWERED_INVITES_TO_CHASE) return;
          await db.send(
            new UpdateCommand({
              TableName,
              Key: keys.volunteerWatch(id, 'UNANSWERED'),
              UpdateExpression: 'SET entity = :entity, statusKey = :key, createdAt = :at, volunteerId = :id',
              ExpressionAttributeValues: {
                ':entity': 'volunteer-watch',
                ':key': volunteerWatchKey('UNANSWERED'),
                ':at': new Date().toISOString(),
                ':id': id,
              },
            }),
          );
        }),
      );
    },

    async resetUnansweredInvites(volunteerId) {
      // Only when there is something to reset: most answers cost no write.
      const reset = await conditionalUpdate({
        Key: keys.volunteer(volunteerId),
        UpdateExpression: 'SET unansweredInvitesInARow = :zero',
        ConditionExpression: 'attribute_exists(pk) AND unansweredInvitesInARow > :zero',
        ExpressionAttributeValues: { ':zero': 0 },
      });
      // Out of the digest's index (the item itself goes with the volunteer): an update, as above.
      if (reset)
        await conditionalUpdate({
          Key: keys.volunteerWatch(volunteerId, 'UNANSWERED'),
          UpdateExpression: 'REMOVE statusKey',
          ConditionExpression: 'attribute_exists(pk)',
        });
    },
  };

  /** An update whose failed condition is an answer (false), not an error. */
  async function conditionalUpdate(
    input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>,
  ): Promise<boolean> {
    try {
      await db.send(new UpdateCommand({ TableName, ...input }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
