import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  StreamViewType,
  TableEncryptionV2,
  TableV2,
  ProjectionType,
} from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE_KEYS } from '../../shared/store/table.js';

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
}
