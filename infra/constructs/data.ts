import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  StreamViewType,
  TableEncryptionV2,
  TableV2,
  ProjectionType,
} from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE_KEYS } from '../../shared/store/table.js';
import type { FunctionName } from '../catalogue.js';

/**
 * The DynamoDB actions the store sends. There is no IAM action for a transaction: each Put, Update,
 * Delete or ConditionCheck inside TransactWriteItems is authorized as PutItem, UpdateItem,
 * DeleteItem or ConditionCheckItem, with the same key conditions.
 */
export type TableAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'BatchWriteItem'
  | 'ConditionCheckItem';

export type IndexName = typeof TABLE_KEYS.byStatusIndex | typeof TABLE_KEYS.byOfferIndex;

export interface TableAccess {
  /** Actions on the table's items (and Query on the table itself). */
  actions: readonly TableAction[];
  /** The partition-key prefixes those actions may touch, enforced by dynamodb:LeadingKeys. */
  partitionKeyPrefixes: readonly string[];
  /** Indexes the function Queries (their keys are statuses and offers, never an item's own key). */
  queriesIndexes?: readonly IndexName[];
}

const WRITES: readonly TableAction[] = [
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'ConditionCheckItem',
];

/**
 * Every dashboard function (those behind adminHandler) reads the signed-in prescriber's own team entry,
 * one GetItem of PRESCRIBER#<sub>, on each request: their token stays valid for up to an hour after an
 * admin disables them, so the entry is what refuses them at once. Hence GetItem and this prefix on each.
 */
const DASHBOARD_STANDING = 'PRESCRIBER#';

/**
 * What each function does to the table, read from the store methods its code calls (and so the
 * actions those methods send). No function may Scan; functions reached from public links may only
 * touch the key prefixes of the items those links act on. A new store call in a function needs a
 * line here, and the template test (test/infra/least-privilege.test.ts) says so.
 */
export const TABLE_ACCESS: Partial<Record<FunctionName, TableAccess>> = {
  // Stores a request, its reference, idempotency claim, duplicate keys and series in one transaction;
  // reads the idempotency claim back on a retry and the duplicate keys before.
  // Applications to join (APP#) are stored the same way, with their idempotency claim and confirmation.
  submitRequest: {
    actions: ['GetItem', 'BatchGetItem', 'PutItem'],
    partitionKeyPrefixes: ['REQ#', 'REF#', 'IDEM#', 'DUPKEY#', 'SERIES#', 'MSG#', 'APP#', 'FIND#'],
  },
  // A volunteer's answer: the token and invite, the request, the acceptance transaction with its
  // messages, a series commitment and the volunteer's unanswered count.
  respond: {
    actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'],
    partitionKeyPrefixes: ['TOKEN#', 'REQ#', 'SERIES#', 'VOL#', 'MSG#'],
  },
  // One wave step: the outcome of the last wave (settling invites, counting unanswered ones), one Query
  // on byOffer for the next wave, and its invites with their placeholder tokens and their messages.
  wave: {
    actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem'],
    partitionKeyPrefixes: ['REQ#', 'TOKEN#', 'VOL#', 'MSG#'],
    queriesIndexes: [TABLE_KEYS.byOfferIndex],
  },
  escalate: {
    actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'],
    partitionKeyPrefixes: ['REQ#', 'VOL#', 'MSG#'],
  },
  // Finds the volunteer by email and saves them paused (a batch write of the profile and its offers).
  emailEvents: {
    actions: ['GetItem', 'Query', 'PutItem', 'BatchWriteItem'],
    partitionKeyPrefixes: ['VOL#', 'VOLEMAIL#', 'VOLPHONE#', 'MSG#', 'FIND#'],
  },
  // The case handling of the dashboard, erasure (a batch delete of a request's items) included.
  // Its pages only read: the lists by status, a request with its candidates (one byOffer Query), the
  // profiles it names, and the search (a reference, or a search key).
  adminRequests: {
    actions: ['BatchGetItem', 'GetItem', 'Query'],
    partitionKeyPrefixes: ['REQ#', 'REF#', 'VOL#', 'FIND#', DASHBOARD_STANDING],
    queriesIndexes: [TABLE_KEYS.byStatusIndex, TABLE_KEYS.byOfferIndex],
  },
  // The request page after an action (the team list is a byStatus Query), and claiming a request.
  adminRequestActions: {
    actions: ['BatchGetItem', 'BatchWriteItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
    partitionKeyPrefixes: [
      'REQ#',
      'REF#',
      'TOKEN#',
      'DUPKEY#',
      'SERIES#',
      'VOL#',
      'MSG#',
      'FIND#',
      DASHBOARD_STANDING,
    ],
    queriesIndexes: [TABLE_KEYS.byOfferIndex, TABLE_KEYS.byStatusIndex],
  },
  // Matching again: who is left to ask (byOffer), the request back to received; taking an assignment back.
  adminMatchAgain: {
    actions: ['BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
    partitionKeyPrefixes: ['REQ#', 'TOKEN#', 'VOL#', 'MSG#', DASHBOARD_STANDING],
    queriesIndexes: [TABLE_KEYS.byOfferIndex],
  },
  // Phone requests: the same transaction as the public form's.
  adminPhoneRequests: {
    actions: ['BatchGetItem', 'GetItem', 'PutItem'],
    partitionKeyPrefixes: [
      'IDEM#',
      'REF#',
      'REQ#',
      'SERIES#',
      'DUPKEY#',
      'MSG#',
      'FIND#',
      DASHBOARD_STANDING,
    ],
  },
  // Cancel, done, release, pause and stop links: the request, its invites and links, the next visit
  // of a series, and the volunteer's own profile (pause and stop save it with its offers).
  selfService: {
    actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'BatchWriteItem'],
    partitionKeyPrefixes: [
      'REQ#',
      'REF#',
      'TOKEN#',
      'ACTION#',
      'SERIES#',
      'VOL#',
      'VOLEMAIL#',
      'VOLPHONE#',
      'MSG#',
      'FIND#',
    ],
  },
  // Text replies: the volunteer by phone, their open invites (byStatus), the same accept path as a link
  // (its "done" link and series commitment), PAUSE/STOP saving the profile, and the answer's outbox message.
  smsInbound: {
    actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'BatchWriteItem'],
    partitionKeyPrefixes: ['VOLPHONE#', 'VOLEMAIL#', 'VOL#', 'REQ#', 'TOKEN#', 'SERIES#', 'MSG#', 'FIND#'],
    queriesIndexes: [TABLE_KEYS.byStatusIndex],
  },
  // The roster: a page of it, a search by name, a volunteer's latest invites and their requests, add,
  // edit, import (batch writes), remove (deletes); applications to join: their checks, and approval or
  // decline in one transaction with the volunteer's items and the message it sends.
  adminVolunteers: {
    actions: ['GetItem', 'BatchGetItem', 'Query', 'DeleteItem', 'BatchWriteItem', 'PutItem', 'UpdateItem'],
    partitionKeyPrefixes: [
      'VOL#',
      'VOLEMAIL#',
      'VOLPHONE#',
      'FIND#',
      'REQ#',
      'APP#',
      'MSG#',
      DASHBOARD_STANDING,
    ],
    queriesIndexes: [TABLE_KEYS.byStatusIndex],
  },
  // The outbox's sender: claims and marks the message; reads its request, invites, series and recipient;
  // mints the links a message carries (an invite's token, action links, a volunteer's own page); counts
  // confirmations per address; pauses a volunteer whose address is refused for good (their profile and lookups).
  sendMessages: {
    actions: [
      'GetItem',
      'Query',
      'PutItem',
      'UpdateItem',
      'DeleteItem',
      'BatchWriteItem',
      'ConditionCheckItem',
    ],
    partitionKeyPrefixes: [
      'MSG#',
      'REQ#',
      'SERIES#',
      'VOL#',
      'VOLEMAIL#',
      'VOLPHONE#',
      'TOKEN#',
      'ACTION#',
      'CONFIRMCAP#',
      'APP#',
      'FIND#',
    ],
  },
  // A volunteer's own page: their link (ACTION#) and profile, the profile saved with its lookups and
  // offers, a new address waiting with its confirmation message, their audit, and leaving (the
  // dashboard's remove); "send me a link" finds them by email or phone and writes the message.
  volunteerProfile: {
    actions: ['GetItem', 'Query', 'PutItem', 'BatchWriteItem'],
    partitionKeyPrefixes: ['ACTION#', 'VOL#', 'VOLEMAIL#', 'VOLPHONE#', 'FIND#', 'MSG#'],
  },
  // Reports only Query requests by status.
  // Reports read their own record, a day an item; it is kept from requests' facts, read by id.
  adminReports: {
    actions: ['BatchGetItem', 'GetItem'],
    partitionKeyPrefixes: ['REPORT#', DASHBOARD_STANDING],
  },
  recordReportFacts: {
    actions: ['BatchGetItem', 'GetItem', 'PutItem', 'UpdateItem'],
    partitionKeyPrefixes: ['REQ#', 'REPORT#'],
  },
  // A concern is stored under its request, found through the volunteer's action link.
  concern: { actions: ['GetItem', 'PutItem'], partitionKeyPrefixes: ['REQ#', 'ACTION#', 'MSG#'] },
  adminCare: {
    actions: ['BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
    partitionKeyPrefixes: ['REQ#', 'REF#', 'SERIES#', 'VOL#', 'MSG#', DASHBOARD_STANDING],
  },
  // The team list (a byStatus Query) and its entries: a prescriber added, disabled or enabled (and,
  // as on every dashboard function, the signed-in prescriber's own entry read).
  adminTeam: {
    actions: ['GetItem', 'PutItem', 'UpdateItem'],
    partitionKeyPrefixes: [DASHBOARD_STANDING],
    queriesIndexes: [TABLE_KEYS.byStatusIndex],
  },
  // Requests by status and the volunteers' watch items (never the roster), reminders marked, the series
  // catch-up's next occurrence.
  dailyDigest: {
    actions: ['BatchGetItem', 'GetItem', 'PutItem', 'UpdateItem'],
    partitionKeyPrefixes: ['REQ#', 'REF#', 'SERIES#', 'VOL#', 'MSG#'],
    queriesIndexes: [TABLE_KEYS.byStatusIndex],
  },
};

/**
 * Grants exactly `access`: the item actions on the table with a LeadingKeys condition, Query on the
 * named indexes, and the key actions those need (decrypt to read; encrypt too when it writes).
 */
export function grantTableAccess(table: TableV2, grantee: IGrantable, access: TableAccess): void {
  if (access.actions.length > 0) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: access.actions.map((action) => `dynamodb:${action}`),
        resources: [table.tableArn],
        // ForAllValues: every key in the request (each item of a batch or transaction) must match.
        conditions: {
          'ForAllValues:StringLike': {
            'dynamodb:LeadingKeys': access.partitionKeyPrefixes.map((prefix) => `${prefix}*`),
          },
        },
      }),
    );
  }
  const indexes = access.queriesIndexes ?? [];
  if (indexes.length > 0) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: indexes.map((index) => `${table.tableArn}/index/${index}`),
      }),
    );
  }
  const writes = access.actions.some((action) => WRITES.includes(action));
  table.grantOnKey(
    grantee,
    'kms:Decrypt',
    'kms:DescribeKey',
    ...(writes ? ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'] : []),
  );
}

/** The table access of a catalogue function; an error if it has none listed. */
export function tableAccessOf(name: FunctionName): TableAccess {
  const access = TABLE_ACCESS[name];
  if (!access)
    throw new Error(`${name} has no table access listed in TABLE_ACCESS (infra/constructs/data.ts)`);
  return access;
}

/**
 * One table for requests, invites, audit and the roster. Personal data at rest is encrypted with
 * a key the scheme owns (rotated yearly), recoverable to any second of the last 35 days, and
 * deleted by TTL once its retention ends.
 */
export class Data extends Construct {
  readonly table: TableV2;
  readonly key: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Community Kindness: personal data at rest (table, queues)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE_KEYS.ttlAttribute,
      // Keys only: the stream starts matching from an id and never carries personal data.
      dynamoStream: StreamViewType.KEYS_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: [
        {
          indexName: TABLE_KEYS.byStatusIndex,
          partitionKey: { name: TABLE_KEYS.byStatusPartitionKey, type: AttributeType.STRING },
          sortKey: { name: TABLE_KEYS.byStatusSortKey, type: AttributeType.STRING },
          projectionType: ProjectionType.ALL,
        },
        {
          indexName: TABLE_KEYS.byOfferIndex,
          partitionKey: { name: TABLE_KEYS.byOfferPartitionKey, type: AttributeType.STRING },
          sortKey: { name: TABLE_KEYS.byOfferSortKey, type: AttributeType.STRING },
          // One Query finds a wave: the offer carries what fair rotation needs (was KEYS_ONLY plus a
          // BatchGet of every profile, p99 216 ms at 1,000 volunteers in `npm run bench`).
          projectionType: ProjectionType.INCLUDE,
          nonKeyAttributes: [...TABLE_KEYS.byOfferProjected],
        },
      ],
    });
  }

  /**
   * Lets an AWS service use the data key for what it delivers on the stack's behalf (an encrypted
   * topic it publishes to, an encrypted queue it dead-letters into), only for this account's
   * resources named in `sourceArns`, so no other account's resource can make it use the key.
   */
  allowServiceToUseKey(service: string, sourceArns: string[]): void {
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(service)],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        // In a key policy, "*" means this key.
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
          ArnLike: { 'aws:SourceArn': sourceArns },
        },
      }),
    );
  }
}
