import { beforeAll, describe, expect, it } from 'vitest';
import {
  actionsOf,
  asRecord,
  catalogueFunction,
  onlyResourceOfType,
  props,
  referencedId,
  resourcesOf,
  resourcesOfType,
  roleStatements,
  synthesizeStack,
  type CfnResource,
  type SynthesizedStack,
} from './helpers.js';

/** The outbox's sender as deployed: its stream trigger, dead-letter queue, alarm and role. */
let synth: SynthesizedStack;
let senderId: string;
let trigger: Record<string, unknown>;

beforeAll(() => {
  synth = synthesizeStack();
  senderId = catalogueFunction(synth.json, 'sendMessages').logicalId;
  const mappings = resourcesOfType(synth.json, 'AWS::Lambda::EventSourceMapping').filter(
    ([, m]) => referencedId(props(m).FunctionName) === senderId,
  );
  expect(mappings).toHaveLength(1);
  trigger = props(mappings[0]?.[1]);
});

const tableId = () => onlyResourceOfType(synth.json, 'AWS::DynamoDB::GlobalTable')[0];
const deadLetterQueueId = () =>
  referencedId(asRecord(asRecord(asRecord(trigger.DestinationConfig).OnFailure).Destination)) ?? '';

describe('the sender’s stream trigger', () => {
  it('reads the table stream, and only INSERTs of message items (sk = MESSAGE)', () => {
    expect(trigger.EventSourceArn).toEqual({ 'Fn::GetAtt': [tableId(), 'StreamArn'] });
    const filters = asRecord(trigger.FilterCriteria).Filters as { Pattern: string }[];
    expect(filters.map((f) => JSON.parse(f.Pattern) as unknown)).toEqual([
      { eventName: ['INSERT'], dynamodb: { Keys: { sk: { S: ['MESSAGE'] } } } },
    ]);
  });

  it('reports per-record failures, bisects a failing batch and retries a bounded number of times', () => {
    expect(trigger).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      StartingPosition: 'TRIM_HORIZON',
    });
    expect(Number(trigger.MaximumRetryAttempts)).toBeGreaterThanOrEqual(10);
    expect(Number(trigger.MaximumRecordAgeInSeconds)).toBeGreaterThan(3600);
  });

  it('dead-letters what it gave up on to its own encrypted queue, and alarms on it', () => {
    const queue = synth.json.Resources[deadLetterQueueId()];
    expect(queue?.Type).toBe('AWS::SQS::Queue');
    expect(props(queue).KmsMasterKeyId).toEqual({
      'Fn::GetAtt': [onlyResourceOfType(synth.json, 'AWS::KMS::Key')[0], 'Arn'],
    });
    const alarms = resourcesOfType(synth.json, 'AWS::CloudWatch::Alarm').filter(([, alarm]) =>
      JSON.stringify(props(alarm).Dimensions ?? []).includes(`"${deadLetterQueueId()}"`),
    );
    expect(alarms).toHaveLength(1);
    expect(props(alarms[0]?.[1])).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect((props(alarms[0]?.[1]).AlarmActions as unknown[]).length).toBeGreaterThan(0);
  });
});

describe('the sender’s role', () => {
  const statements = () =>
    roleStatements(synth.json, synth.json.Resources[senderId] as CfnResource).filter(
      (s) => s.Effect === 'Allow',
    );

  it('reaches the table only under the keys a delivery touches', () => {
    const table = statements().filter((s) =>
      actionsOf(s).some((a) => ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'].includes(a)),
    );
    expect(table).toHaveLength(1);
    expect(actionsOf(table[0] ?? { Effect: 'Allow', Action: [], Resource: [] }).sort()).toEqual([
      'dynamodb:BatchWriteItem',
      // A volunteer's personal link is saved only while they are still on the roster (a check in its write).
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(resourcesOf(table[0] ?? { Effect: 'Allow', Action: [], Resource: [] })).toEqual([
      { 'Fn::GetAtt': [tableId(), 'Arn'] },
    ]);
    expect(table[0]?.Condition).toEqual({
      'ForAllValues:StringLike': {
        'dynamodb:LeadingKeys': [
          'MSG#*',
          'REQ#*',
          'SERIES#*',
          'VOL#*',
          'VOLEMAIL#*',
          'VOLPHONE#*',
          'TOKEN#*',
          'ACTION#*',
          // The daily cap on confirmations per address.
          'CONFIRMCAP#*',
          // An applicant's confirmation or decline; a paused volunteer's search keys, rewritten with them.
          'APP#*',
          'FIND#*',
        ],
      },
    });
    // No index, no Scan, no table-wide read.
    const all = statements().flatMap(actionsOf);
    expect(all).not.toContain('dynamodb:Scan');
    expect(all).not.toContain('dynamodb:BatchGetItem');
  });

  it('sends email only as the scheme identity, and texts only from this account and region', () => {
    const ses = statements().filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));
    expect(ses.map(actionsOf)).toEqual([['ses:SendEmail']]);
    expect(JSON.stringify(ses[0]?.Resource)).toContain(':identity/');
    const sms = statements().filter((s) => actionsOf(s).some((a) => a.startsWith('sms-voice:')));
    expect(sms.map(actionsOf)).toEqual([['sms-voice:SendTextMessage']]);
    expect(resourcesOf(sms[0] ?? { Effect: 'Allow', Action: [], Resource: [] })).not.toContain('*');
    expect(JSON.stringify(sms[0]?.Resource)).toContain('sms-voice');
  });

  it('may do nothing else of any other service (Secrets Manager: the keyed-hash secret of the cap)', () => {
    const services = [
      ...new Set(
        statements()
          .flatMap(actionsOf)
          .map((a) => a.split(':')[0]),
      ),
    ].sort();
    expect(services).toEqual([
      'dynamodb',
      'kms',
      'logs',
      'secretsmanager',
      'ses',
      'sms-voice',
      'sqs',
      'xray',
    ]);
  });
});
