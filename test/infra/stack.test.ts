import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, ROUTES, type FunctionName } from '../../infra/catalogue.js';
import { STATE } from '../../infra/constructs/workflow.js';
import {
  synthesizedWorkflow,
  type SynthesizedWorkflow,
  type Template as SandboxTemplate,
} from '../../sandbox/synthesized.js';
import { parseSettings } from '../../shared/config.js';
import { TABLE_KEYS } from '../../shared/store/table.js';
import {
  actionsOf,
  allowedActions,
  asRecord,
  catalogueFunction,
  catalogueFunctions,
  cdkJsonContext,
  findDependencyCycle,
  loadAslValidator,
  onlyResourceOfType,
  props,
  referencedId,
  resourcesOf,
  resourcesOfType,
  roleStatements,
  synthesizeStack,
  type SynthesizedStack,
} from './helpers.js';

const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];
const MAY_SEND_EMAIL: readonly FunctionName[] = [
  // The outbox's one sender: every message a state change promised.
  'sendMessages',
  'respond',
  'sendInvites',
  'escalate',
  'acknowledgeRequest',
  // Tells the prescriber about a volunteer whose address bounces.
  'emailEvents',
  // The details and "good news" emails when the prescriber arranges a volunteer by hand.
  'adminRequests',
  // After a release: "we are finding someone else" to the requester.
  'selfService',
  // Issue #7: a volunteer's welfare concern goes to the prescriber at once.
  'concern',
  // The prescriber's digest and the volunteers' one reminder.
  'dailyDigest',
  // Recurring help: ending a series tells the volunteer who took every visit.
  'adminCare',
];

let synth: SynthesizedStack;
let workflow: SynthesizedWorkflow;

beforeAll(() => {
  synth = synthesizeStack();
  workflow = synthesizedWorkflow(synth.template.toJSON() as SandboxTemplate);
});

const tableId = (): string => onlyResourceOfType(synth.json, 'AWS::DynamoDB::GlobalTable')[0];
const keyId = (): string => onlyResourceOfType(synth.json, 'AWS::KMS::Key')[0];
const stateMachineId = (): string => onlyResourceOfType(synth.json, 'AWS::StepFunctions::StateMachine')[0];
const actionsFor = (name: FunctionName): string[] =>
  allowedActions(roleStatements(synth.json, catalogueFunction(synth.json, name).resource));
const statementsFor = (name: FunctionName) =>
  roleStatements(synth.json, catalogueFunction(synth.json, name).resource);

describe('the stack as a whole', () => {
  it('has no circular references between resources (CloudFormation would refuse to deploy it)', () => {
    expect(findDependencyCycle(synth.json)).toBeUndefined();
  });
});

describe('DynamoDB table', () => {
  it('is one TableV2 (AWS::DynamoDB::GlobalTable) with pk/sk keys', () => {
    synth.template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    synth.template.resourceCountIs('AWS::DynamoDB::Table', 0);
    synth.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
    });
  });

  it('bills on demand', () => {
    synth.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { BillingMode: 'PAY_PER_REQUEST' });
  });

  it('encrypts at rest with the customer-managed KMS key', () => {
    synth.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [
        Match.objectLike({ SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [keyId(), 'Arn'] } } }),
      ],
    });
  });

  it('uses a KMS key with yearly rotation that survives stack deletion', () => {
    synth.template.resourceCountIs('AWS::KMS::Key', 1);
    synth.template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'Retain',
    });
  });

  it('has point-in-time recovery on', () => {
    synth.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      ],
    });
  });

  it('expires items through TTL on the ttl attribute', () => {
    synth.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttlAttribute, Enabled: true },
    });
  });

  it('streams keys only, so no personal data travels in the stream', () => {
    synth.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      StreamSpecification: { StreamViewType: 'KEYS_ONLY' },
    });
  });

  it('has the byStatus and byOffer indexes with the key attributes the store queries', () => {
    const indexes = props(synth.json.Resources[tableId()]).GlobalSecondaryIndexes as {
      IndexName: string;
      KeySchema: { AttributeName: string; KeyType: string }[];
    }[];
    const keysByIndex = Object.fromEntries(
      indexes.map((i) => [i.IndexName, i.KeySchema.map((k) => `${k.KeyType}:${k.AttributeName}`)]),
    );
    expect(keysByIndex).toEqual({
      [TABLE_KEYS.byStatusIndex]: [
        `HASH:${TABLE_KEYS.byStatusPartitionKey}`,
        `RANGE:${TABLE_KEYS.byStatusSortKey}`,
      ],
      [TABLE_KEYS.byOfferIndex]: [
        `HASH:${TABLE_KEYS.byOfferPartitionKey}`,
        `RANGE:${TABLE_KEYS.byOfferSortKey}`,
      ],
    });
  });

  it('projects onto byOffer what fair rotation reads, and no personal details', () => {
    const indexes = props(synth.json.Resources[tableId()]).GlobalSecondaryIndexes as {
      IndexName: string;
      Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
    }[];
    expect(indexes.find((i) => i.IndexName === TABLE_KEYS.byOfferIndex)?.Projection).toEqual({
      ProjectionType: 'INCLUDE',
      NonKeyAttributes: ['dbsChecked', 'dbsCheckedOn', 'pausedUntil', 'recentInvites'],
    });
  });

  it('is protected from deletion, by the API and by CloudFormation', () => {
    synth.template.hasResource('AWS::DynamoDB::GlobalTable', {
      Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('Lambda functions', () => {
  it('deploys every catalogue function exactly once', () => {
    const counts = Object.fromEntries(
      Object.entries(catalogueFunctions(synth.json)).map(([name, found]) => [name, found.length]),
    );
    expect(counts).toEqual(Object.fromEntries(FUNCTION_NAMES.map((name) => [name, 1])));
  });

  describe.each(FUNCTION_NAMES)('%s', (name) => {
    const fnProps = () => props(catalogueFunction(synth.json, name).resource);
    const environment = () => asRecord(asRecord(fnProps().Environment).Variables);

    it('runs nodejs22.x on arm64 with active tracing', () => {
      expect(fnProps()).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
    });

    it('logs to its own log group, which has a retention period', () => {
      const logGroupId = referencedId(asRecord(fnProps().LoggingConfig).LogGroup);
      expect(logGroupId).toBeDefined();
      const logGroup = synth.json.Resources[logGroupId ?? ''];
      expect(logGroup?.Type).toBe('AWS::Logs::LogGroup');
      expect(props(logGroup).RetentionInDays).toEqual(expect.any(Number));
    });

    it('gets the table name and the scheme settings (CK_SETTINGS parses back to the settings)', () => {
      expect(environment().TABLE_NAME).toEqual({ Ref: tableId() });
      const settingsJson = environment().CK_SETTINGS;
      expect(typeof settingsJson).toBe('string');
      expect(parseSettings(JSON.parse(String(settingsJson)))).toEqual(synth.settings);
    });
  });

  it('gives start-matching the state machine ARN', () => {
    const env = asRecord(
      asRecord(props(catalogueFunction(synth.json, 'startMatching').resource).Environment).Variables,
    );
    expect(env.STATE_MACHINE_ARN).toEqual({ Ref: stateMachineId() });
  });
});

describe('HTTP API', () => {
  it('has exactly one route per catalogue route, keyed "METHOD path"', () => {
    const routeKeys = resourcesOfType(synth.json, 'AWS::ApiGatewayV2::Route').map(
      ([, r]) => props(r).RouteKey,
    );
    expect(routeKeys.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r.fn] as const))(
    'routes %s to %s',
    (routeKey, fnName) => {
      const [, route] = resourcesOfType(synth.json, 'AWS::ApiGatewayV2::Route').find(
        ([, r]) => props(r).RouteKey === routeKey,
      ) ?? [undefined, undefined];
      const target = JSON.stringify(props(route).Target);
      const integrationId = /"Ref":"([A-Za-z0-9]+)"/.exec(target)?.[1] ?? '';
      const integration = synth.json.Resources[integrationId];
      expect(integration?.Type).toBe('AWS::ApiGatewayV2::Integration');
      expect(referencedId(props(integration).IntegrationUri)).toBe(
        catalogueFunction(synth.json, fnName).logicalId,
      );
    },
  );

  it('throttles the default stage', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });

  it('writes access logs to a log group with retention, without the request path (it can hold a token)', () => {
    const [, stage] = onlyResourceOfType(synth.json, 'AWS::ApiGatewayV2::Stage');
    const accessLogs = asRecord(props(stage).AccessLogSettings);
    const logGroup = synth.json.Resources[referencedId(accessLogs.DestinationArn) ?? ''];
    expect(logGroup?.Type).toBe('AWS::Logs::LogGroup');
    expect(props(logGroup).RetentionInDays).toEqual(expect.any(Number));
    expect(typeof accessLogs.Format).toBe('string');
    expect(String(accessLogs.Format)).toContain('$context.requestId');
    expect(String(accessLogs.Format)).not.toMatch(/\$context\.(path|resourcePath)\b/);
  });
});

describe('stream trigger (start-matching)', () => {
  // The table stream has two triggers (matching and the outbox's sender): this is matching's.
  const mapping = () =>
    props(
      resourcesOfType(synth.json, 'AWS::Lambda::EventSourceMapping').find(
        ([, m]) =>
          referencedId(props(m).FunctionName) === catalogueFunction(synth.json, 'startMatching').logicalId,
      )?.[1],
    );

  it('reads the table stream into start-matching', () => {
    expect(mapping().EventSourceArn).toEqual({ 'Fn::GetAtt': [tableId(), 'StreamArn'] });
    expect(referencedId(mapping().FunctionName)).toBe(
      catalogueFunction(synth.json, 'startMatching').logicalId,
    );
  });

  it('only passes on INSERTs of a request item (sk = REQUEST)', () => {
    const filters = asRecord(mapping().FilterCriteria).Filters as { Pattern: string }[];
    expect(filters.map((f) => JSON.parse(f.Pattern) as unknown)).toEqual([
      { eventName: ['INSERT'], dynamodb: { Keys: { sk: { S: ['REQUEST'] } } } },
    ]);
  });

  it('reports partial batch failures, bisects failing batches and stops retrying after a bound', () => {
    expect(mapping()).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
    });
    expect(mapping().MaximumRetryAttempts).toEqual(expect.any(Number));
    expect(Number(mapping().MaximumRetryAttempts)).toBeGreaterThan(0);
  });

  it('sends records it gave up on to a KMS-encrypted SQS queue that only accepts TLS', () => {
    const destination = asRecord(asRecord(asRecord(mapping().DestinationConfig).OnFailure).Destination);
    const queueId = referencedId(destination) ?? '';
    const queue = synth.json.Resources[queueId];
    expect(queue?.Type).toBe('AWS::SQS::Queue');
    expect(props(queue).KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId(), 'Arn'] });
    synth.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('alarms when a message is visible in that dead-letter queue', () => {
    const destination = asRecord(asRecord(asRecord(mapping().DestinationConfig).OnFailure).Destination);
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [referencedId(destination), 'QueueName'] } }],
      AlarmActions: [Match.anyValue()],
    });
  });

  it('alarms on failed workflow executions', () => {
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsFailed',
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: stateMachineId() } }],
      AlarmActions: [Match.anyValue()],
    });
  });

  /** The topic the prescriber's email subscription is on (the other topic carries SES events). */
  const alarmTopic = () => {
    const subscription = resourcesOfType(synth.json, 'AWS::SNS::Subscription').find(
      ([, s]) => props(s).Protocol === 'email',
    );
    if (!subscription) throw new Error('no email subscription');
    const topicId = referencedId(props(subscription[1]).TopicArn);
    if (!topicId) throw new Error('the email subscription names no topic');
    return [topicId, synth.json.Resources[topicId]] as const;
  };

  it('sends alarms to an SNS topic the prescriber is subscribed to', () => {
    const [topicId] = alarmTopic();
    for (const [, alarm] of resourcesOfType(synth.json, 'AWS::CloudWatch::Alarm')) {
      expect(props(alarm).AlarmActions).toEqual([{ Ref: topicId }]);
    }
    synth.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: synth.settings.prescriberEmail,
      TopicArn: { Ref: topicId },
    });
  });

  // CloudWatch can only publish to a topic encrypted with a customer-managed key if the key policy lets the
  // cloudwatch.amazonaws.com principal use it; otherwise the alarm fires and the email silently never arrives.
  it("lets CloudWatch use the alarm topic's KMS key, so alarm emails are delivered", () => {
    const [, topic] = alarmTopic();
    const topicKeyId = referencedId(props(topic).KmsMasterKeyId);
    if (topicKeyId === undefined) return; // an unencrypted or SNS-managed-key topic needs no key policy
    const statements = asRecord(props(synth.json.Resources[topicKeyId]).KeyPolicy).Statement as {
      Effect: string;
      Principal?: { Service?: string | string[] };
      Action: string | string[];
    }[];
    const forCloudWatch = statements.filter(
      (s) => s.Effect === 'Allow' && [s.Principal?.Service ?? []].flat().includes('cloudwatch.amazonaws.com'),
    );
    const actions = forCloudWatch.flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']));
  });
});

describe('state machine', () => {
  const states = () => workflow.definition.States;
  const taskNames = () =>
    Object.entries(states())
      .filter(([, s]) => s.Type === 'Task')
      .map(([name]) => name);

  it('logs every transition at level ALL without execution data', () => {
    synth.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false, Destinations: [Match.anyValue()] },
    });
  });

  it('has X-Ray tracing enabled', () => {
    synth.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      TracingConfiguration: { Enabled: true },
    });
  });

  it('has a definition that asl-validator accepts', () => {
    const validate = loadAslValidator();
    const result = validate(structuredClone(workflow.definition), { checkPaths: true, checkArn: true });
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('asl-validator does reject a definition with a dangling transition (the check above can fail)', () => {
    const validate = loadAslValidator();
    const broken = structuredClone(workflow.definition);
    const wait = broken.States[STATE.wait];
    if (wait) wait.Next = 'NoSuchState';
    expect(validate(broken).isValid).toBe(false);
  });

  it('starts by acknowledging the request', () => {
    expect(workflow.definition.StartAt).toBe(STATE.acknowledge);
  });

  it('has the states of DESIGN §2 with the right types', () => {
    const types = Object.fromEntries(Object.entries(states()).map(([name, s]) => [name, s.Type]));
    expect(types).toEqual({
      AcknowledgeRequest: 'Task',
      FindCandidates: 'Task',
      AnyCandidates: 'Choice',
      SendInvites: 'Task',
      WaitForReplies: 'Wait',
      CheckOutcome: 'Task',
      AcceptedOrNextWave: 'Choice',
      Escalate: 'Task',
      Done: 'Succeed',
      EscalationFailed: 'Fail',
    });
  });

  it('waits for the response window given in the state (SecondsPath), then checks the outcome', () => {
    expect(states()[STATE.wait]).toMatchObject({ SecondsPath: '$.windowSeconds', Next: STATE.check });
    expect(states()[STATE.wait]).not.toHaveProperty('Seconds');
  });

  it('follows DESIGN §2: find → any? → invite → wait → check → next wave / escalate / done', () => {
    const transitions = (name: string) => {
      const state = states()[name] ?? {};
      const choices = (state.Choices as { StringEquals?: string; Next: string }[] | undefined) ?? [];
      return {
        next: state.Next,
        choices: Object.fromEntries(choices.map((c) => [c.StringEquals, c.Next])),
        default: state.Default,
      };
    };
    expect(transitions(STATE.acknowledge).next).toBe(STATE.find);
    expect(transitions(STATE.find).next).toBe(STATE.anyCandidates);
    expect(transitions(STATE.anyCandidates)).toMatchObject({
      choices: { invite: STATE.send, done: STATE.done },
      // An unexpected value reaches a person rather than ending the request quietly.
      default: STATE.escalate,
    });
    expect(transitions(STATE.send).next).toBe(STATE.wait);
    expect(transitions(STATE.check).next).toBe(STATE.whatNext);
    expect(transitions(STATE.whatNext)).toMatchObject({
      choices: { 'next-wave': STATE.find, done: STATE.done },
      default: STATE.escalate,
    });
    expect(transitions(STATE.escalate).next).toBe(STATE.done);
  });

  it('gives every Task a timeout and a retry with exponential backoff', () => {
    expect(taskNames().sort()).toEqual(
      [STATE.acknowledge, STATE.find, STATE.send, STATE.check, STATE.escalate].sort(),
    );
    for (const name of taskNames()) {
      const state = states()[name] ?? {};
      expect(state.TimeoutSeconds, name).toEqual(expect.any(Number));
      const retry =
        (state.Retry as { ErrorEquals: string[]; MaxAttempts?: number; BackoffRate?: number }[]) ?? [];
      expect(retry.length, name).toBeGreaterThan(0);
      for (const r of retry) {
        expect(r.MaxAttempts ?? 3, name).toBeGreaterThan(0);
        expect(r.BackoffRate ?? 2, name).toBeGreaterThan(1);
      }
    }
  });

  it("times a Task out only after its function's own timeout", () => {
    for (const [stateName, entry] of Object.entries(workflow.taskEntries)) {
      const name = FUNCTION_NAMES.find((n) => FUNCTIONS[n].entry === entry) as FunctionName;
      const fnTimeout = Number(props(catalogueFunction(synth.json, name).resource).Timeout);
      expect(Number(states()[stateName]?.TimeoutSeconds), stateName).toBeGreaterThan(fnTimeout);
    }
  });

  it.each([STATE.find, STATE.send, STATE.check])(
    '%s catches States.ALL into Escalate with ResultPath $.error',
    (name) => {
      expect(states()[name]?.Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: STATE.escalate },
      ]);
    },
  );

  it('AcknowledgeRequest failing does not stop matching: its catch continues to FindCandidates', () => {
    const catches = states()[STATE.acknowledge]?.Catch as {
      ErrorEquals: string[];
      Next: string;
      ResultPath?: string;
    }[];
    expect(catches).toHaveLength(1);
    expect(catches[0]).toMatchObject({ ErrorEquals: ['States.ALL'], Next: STATE.find });
    // The error must not overwrite the state the next Task needs.
    expect(catches[0]?.ResultPath).toMatch(/^\$\.[A-Za-z]+$/);
  });

  it('Escalate failing ends in EscalationFailed, a Fail state the failed-executions alarm sees', () => {
    expect(states()[STATE.escalate]?.Catch).toEqual([
      expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: STATE.escalationFailed }),
    ]);
    expect(states()[STATE.escalationFailed]?.Type).toBe('Fail');
  });

  it('maps each Task to the function module it should invoke', () => {
    expect(workflow.taskEntries).toEqual({
      [STATE.acknowledge]: FUNCTIONS.acknowledgeRequest.entry,
      [STATE.find]: FUNCTIONS.findCandidates.entry,
      [STATE.send]: FUNCTIONS.sendInvites.entry,
      [STATE.check]: FUNCTIONS.checkOutcome.entry,
      [STATE.escalate]: FUNCTIONS.escalate.entry,
    });
    expect(FUNCTIONS.findCandidates.entry).toBe('functions/find-candidates.ts');
  });
});

describe('least privilege', () => {
  it('grants each function exactly these actions', () => {
    const XRAY = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
    // Each function's own role may write to its own log group, nothing else of CloudWatch Logs.
    const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
    const KMS_READ = ['kms:Decrypt', 'kms:DescribeKey'];
    const KMS_READ_WRITE = [...KMS_READ, 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'];
    const TABLE_READ = [
      'dynamodb:BatchGetItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DescribeTable',
      'dynamodb:GetItem',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:Query',
      'dynamodb:Scan',
    ];
    const TABLE_WRITE = [
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ];
    const sorted = (...groups: string[][]) => [...new Set(groups.flat())].sort();

    const table = Object.fromEntries(FUNCTION_NAMES.map((name) => [name, actionsFor(name)]));
    expect(table).toEqual({
      publicPages: sorted(XRAY, LOGS),
      // Stores a request (a transaction of Puts) and reads back an idempotency record: it never deletes.
      submitRequest: sorted(XRAY, LOGS, KMS_READ_WRITE, TABLE_READ, [
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ]),
      respond: sorted(XRAY, LOGS, KMS_READ_WRITE, TABLE_READ, TABLE_WRITE, ['ses:SendEmail']),
      startMatching: sorted(XRAY, LOGS, KMS_READ_WRITE, [
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:SendMessage',
        'states:StartExecution',
      ]),
      // Stores the hashed token behind the confirmation email's cancel link.
      acknowledgeRequest: sorted(XRAY, LOGS, KMS_READ_WRITE, TABLE_READ, TABLE_WRITE, ['ses:SendEmail']),
      findCandidates: sorted(XRAY, LOGS, KMS_READ_WRITE, TABLE_READ, TABLE_WRITE),
      sendInvites: sorted(XRAY, LOGS, KMS_READ_WRITE, TABLE_READ, TABLE_WRITE, ['ses:SendEmail']),
      checkOutcome: sorted(XRAY, LOGS, KMS_READ, TABLE_READ),
      escalate: sorted(XRAY, LOGS, KMS_READ_WRITE, TABLE_READ, TABLE_WRITE, ['ses:SendEmail']),
      // Pauses a volunteer whose address bounces, and tells the prescriber; failures go to its queue.
      emailEvents: sorted(XRAY, LOGS, KMS_READ_WRITE, TABLE_READ, TABLE_WRITE, [
        'ses:SendEmail',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:SendMessage',
      ]),
      // Dashboard: sign-in calls only Cognito's public API; reports only read.
      adminSignIn: sorted(XRAY, LOGS),
      adminRequests: sorted(XRAY, LOGS, KMS_READ_WRITE, TABLE_READ, TABLE_WRITE, [
        'ses:SendEmail',
        'states:StartExecution',
      ]),
      adminVolunteers: sorted(XRAY, LOGS, KMS_READ_WRITE, TABLE_READ, TABLE_WRITE),
      adminReports: sorted(XRAY, LOGS, KMS_READ, TABLE_READ),
      // A release link tells the requester and starts matching again.
      selfService: sorted(XRAY, LOGS, KMS_READ_WRITE, TABLE_READ, TABLE_WRITE, [
        'ses:SendEmail',
        'states:StartExecution',
      ]),
      // Issue #7: stores a concern and emails the prescriber; acknowledges, merges, or starts matching again.
      concern: sorted(XRAY, LOGS, KMS_READ_WRITE, TABLE_READ, TABLE_WRITE, ['ses:SendEmail']),
      // Recurring help: ending a series emails its committed volunteer.
      adminCare: sorted(XRAY, LOGS, KMS_READ_WRITE, TABLE_READ, TABLE_WRITE, [
        'ses:SendEmail',
        'states:StartExecution',
      ]),
      // Queries requests by status and the roster, marks reminders sent, writes their audit and "done" link;
      // reads a series and its latest occurrence, and makes the next one, when a close did not.
      // The outbox's sender: reads and updates the items one delivery touches (see test/infra/sender.test.ts
      // for the keys it is held to), reads its stream, dead-letters, and sends email and texts only.
      sendMessages: sorted(XRAY, LOGS, KMS_READ_WRITE, [
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DeleteItem',
        'dynamodb:DescribeStream',
        'dynamodb:GetItem',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'ses:SendEmail',
        'sms-voice:SendTextMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:SendMessage',
      ]),
      dailyDigest: sorted(XRAY, LOGS, KMS_READ_WRITE, [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'ses:SendEmail',
      ]),
    });
  });

  it('never grants "*" or a whole service ("dynamodb:*") to any function', () => {
    const wildcards = FUNCTION_NAMES.flatMap((name) =>
      actionsFor(name)
        .filter((action) => action === '*' || /^[a-z0-9-]+:\*$/.test(action))
        .map((action) => `${name}: ${action}`),
    );
    expect(wildcards).toEqual([]);
  });

  it('gives the public pages function no DynamoDB, SES or KMS permission at all', () => {
    expect(actionsFor('publicPages').filter((a) => /^(dynamodb|ses|kms):/.test(a))).toEqual([]);
  });

  it('lets submit-request neither send email nor delete items (DeleteItem, or deletes inside BatchWriteItem)', () => {
    const actions = actionsFor('submitRequest');
    expect(actions.filter((a) => a.startsWith('ses:'))).toEqual([]);
    expect(actions).not.toContain('dynamodb:DeleteItem');
    expect(actions).not.toContain('dynamodb:BatchWriteItem');
  });

  it('lets only the functions that must email send email', () => {
    const senders = FUNCTION_NAMES.filter((name) => actionsFor(name).some((a) => a.startsWith('ses:')));
    expect(senders.sort()).toEqual([...MAY_SEND_EMAIL].sort());
  });

  it.each(MAY_SEND_EMAIL)('%s may send only as the scheme identity (SES resources are not "*")', (name) => {
    const sesStatements = statementsFor(name).filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));
    expect(sesStatements.length).toBeGreaterThan(0);
    const [identityId] = onlyResourceOfType(synth.json, 'AWS::SES::EmailIdentity');
    for (const statement of sesStatements) {
      expect(actionsOf(statement)).toEqual(['ses:SendEmail']);
      expect(resourcesOf(statement)).not.toContain('*');
      const resources = JSON.stringify(statement.Resource);
      expect(resources).toContain(':identity/');
      expect(resources).toContain(`{"Ref":"${identityId}"}`);
    }
  });

  it.each(['startMatching', 'adminRequests', 'selfService'] as const)(
    'lets %s start executions of the matching state machine only',
    (name) => {
      const statesStatements = statementsFor(name).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('states:')),
      );
      expect(statesStatements.map((s) => ({ actions: actionsOf(s), resources: resourcesOf(s) }))).toEqual([
        { actions: ['states:StartExecution'], resources: [{ Ref: stateMachineId() }] },
      ]);
    },
  );

  it('scopes every table and key permission to the table and the key, never "*"', () => {
    for (const name of FUNCTION_NAMES) {
      for (const statement of statementsFor(name)) {
        if (!actionsOf(statement).some((a) => /^(dynamodb|kms|sqs|states|ses):/.test(a))) continue;
        expect(resourcesOf(statement), `${name}: ${actionsOf(statement).join(', ')}`).not.toContain('*');
      }
    }
  });
});

describe('web', () => {
  const assetsBucketId = () => {
    const [, distribution] = onlyResourceOfType(synth.json, 'AWS::CloudFront::Distribution');
    const config = asRecord(props(distribution).DistributionConfig);
    const s3Origin = (config.Origins as Record<string, unknown>[]).find(
      (o) => o.S3OriginConfig !== undefined,
    );
    return referencedId(s3Origin?.DomainName) ?? '';
  };

  it('serves assets from an S3 bucket with all public access blocked', () => {
    expect(synth.json.Resources[assetsBucketId()]?.Type).toBe('AWS::S3::Bucket');
    expect(props(synth.json.Resources[assetsBucketId()]).PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  it('enforces TLS on the assets bucket', () => {
    synth.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: assetsBucketId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('never caches pages and form posts (they carry personal data) and redirects HTTP to HTTPS', () => {
    const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
    synth.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          CachePolicyId: CACHING_DISABLED,
          ViewerProtocolPolicy: 'redirect-to-https',
        }),
      }),
    });
  });

  it('has an /assets/* behavior to the bucket origin, over HTTPS', () => {
    const [, distribution] = onlyResourceOfType(synth.json, 'AWS::CloudFront::Distribution');
    const config = asRecord(props(distribution).DistributionConfig);
    const behaviors = config.CacheBehaviors as Record<string, unknown>[];
    const assets = behaviors.find((b) => b.PathPattern === '/assets/*');
    expect(assets).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https' });
    const origin = (config.Origins as Record<string, unknown>[]).find((o) => o.Id === assets?.TargetOriginId);
    expect(referencedId(origin?.DomainName)).toBe(assetsBucketId());
  });
});

describe('scheme settings from cdk.json', () => {
  const valid = () => structuredClone(cdkJsonContext()) as Record<string, unknown>;
  const errorOf = (raw: unknown): string => {
    try {
      parseSettings(raw);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected parseSettings to reject the settings');
  };

  it('accepts the context cdk.json ships, filling in defaults', () => {
    expect(parseSettings(valid())).toMatchObject({ waveSize: 3, maxWaves: 2, fairnessWindowDays: 30 });
  });

  it.each([
    [
      'an unknown help type in dbsRequiredHelpTypes',
      { dbsRequiredHelpTypes: ['lift', 'juggling'] },
      'dbsRequiredHelpTypes',
    ],
    ['a waveSize of 0', { waveSize: 0 }, 'waveSize'],
    ['a lower-case postcode district', { serviceAreaDistricts: ['gl50'] }, 'serviceAreaDistricts'],
    ['a sender address without @', { senderEmail: 'help.example.org' }, 'senderEmail'],
  ])('rejects %s, naming the setting', (_label, change, path) => {
    const message = errorOf({ ...valid(), ...change });
    expect(message).toContain('Invalid Community Kindness settings');
    expect(message).toContain(path);
  });

  it('says which help types are allowed when one is unknown', () => {
    const message = errorOf({ ...valid(), dbsRequiredHelpTypes: ['lift', 'juggling'] });
    expect(message).toContain('friendly-chat');
    expect(message).toContain('practical-help');
  });

  it('says that waveSize must be at least 1', () => {
    expect(errorOf({ ...valid(), waveSize: 0 })).toMatch(/>=\s*1|at least 1/);
  });

  it('rejects a missing communityKindness context', () => {
    expect(errorOf(undefined)).toContain('Invalid Community Kindness settings');
  });
});
