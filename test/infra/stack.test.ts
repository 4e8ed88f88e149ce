import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FALLBACK_FUNCTION, FUNCTIONS, ROUTES, type FunctionName } from '../../infra/catalogue.js';
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
  // The prescriber's digest itself (a daily summary, not a state change; its reminders go by the outbox).
  'dailyDigest',
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
      NonKeyAttributes: [
        'dbsChecked',
        'dbsCheckedOn',
        'pausedUntil',
        'recentInvites',
        // When they can help and how much: the availability filter and the weekly limit.
        'availability',
        'weeklyLimit',
        'recentAccepts',
      ],
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
    // And the catch-all, which no catalogue route can be.
    expect(routeKeys.sort()).toEqual([...ROUTES.map((r) => `${r.method} ${r.path}`), '$default'].sort());
  });

  it('sends every other address and method ($default) to the catalogue’s fallback function, with no authorizer', () => {
    const [, route] = resourcesOfType(synth.json, 'AWS::ApiGatewayV2::Route').find(
      ([, r]) => props(r).RouteKey === '$default',
    ) ?? [undefined, undefined];
    expect(props(route).AuthorizationType ?? 'NONE').toBe('NONE');
    const integrationId = /"Ref":"([A-Za-z0-9]+)"/.exec(JSON.stringify(props(route).Target))?.[1] ?? '';
    expect(referencedId(props(synth.json.Resources[integrationId]).IntegrationUri)).toBe(
      catalogueFunction(synth.json, FALLBACK_FUNCTION).logicalId,
    );
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

  it("starts with the wave step, which acknowledges the request on a run's first step", () => {
    expect(workflow.definition.StartAt).toBe(STATE.wave);
  });

  it('has the states of DESIGN §2 with the right types', () => {
    const types = Object.fromEntries(Object.entries(states()).map(([name, s]) => [name, s.Type]));
    expect(types).toEqual({
      Wave: 'Task',
      AfterWave: 'Choice',
      WaitForReplies: 'Wait',
      Escalate: 'Task',
      Done: 'Succeed',
      EscalationFailed: 'Fail',
    });
  });

  it('waits for the response window given in the state (SecondsPath), then steps again', () => {
    expect(states()[STATE.wait]).toMatchObject({ SecondsPath: '$.windowSeconds', Next: STATE.wave });
    expect(states()[STATE.wait]).not.toHaveProperty('Seconds');
  });

  it('follows DESIGN §2: wave → wait for replies → wave … / escalate / done', () => {
    const transitions = (name: string) => {
      const state = states()[name] ?? {};
      const choices = (state.Choices as { StringEquals?: string; Next: string }[] | undefined) ?? [];
      return {
        next: state.Next,
        choices: Object.fromEntries(choices.map((c) => [c.StringEquals, c.Next])),
        default: state.Default,
      };
    };
    expect(transitions(STATE.wave).next).toBe(STATE.afterWave);
    expect(transitions(STATE.afterWave)).toEqual({
      next: undefined,
      choices: { wait: STATE.wait, done: STATE.done },
      // "escalate", and any unexpected value, reaches a person rather than ending the request quietly.
      default: STATE.escalate,
    });
    expect(transitions(STATE.escalate).next).toBe(STATE.done);
  });

  it('gives the wave step its state and which run it is in, and nothing else', () => {
    expect(states()[STATE.wave]?.Parameters).toEqual({
      'state.$': '$',
      run: { 'name.$': '$$.Execution.Name', 'startedAt.$': '$$.Execution.StartTime' },
    });
  });

  it('gives every Task a timeout and a retry with exponential backoff', () => {
    expect(taskNames().sort()).toEqual([STATE.wave, STATE.escalate].sort());
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

  it('the wave step catches States.ALL into Escalate with ResultPath $.error', () => {
    expect(states()[STATE.wave]?.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: STATE.escalate },
    ]);
  });

  it('Escalate failing ends in EscalationFailed, a Fail state the failed-executions alarm sees', () => {
    expect(states()[STATE.escalate]?.Catch).toEqual([
      expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: STATE.escalationFailed }),
    ]);
    expect(states()[STATE.escalationFailed]?.Type).toBe('Fail');
  });

  it('maps each Task to the function module it should invoke', () => {
    expect(workflow.taskEntries).toEqual({
      [STATE.wave]: FUNCTIONS.wave.entry,
      [STATE.escalate]: FUNCTIONS.escalate.entry,
    });
    expect(FUNCTIONS.wave.entry).toBe('functions/wave.ts');
  });
});

describe('least privilege', () => {
  it('grants each function exactly these actions', () => {
    const XRAY = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
    // Each function's own role may write to its own log group, nothing else of CloudWatch Logs.
    const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
    const KMS_READ = ['kms:Decrypt', 'kms:DescribeKey'];
    const KMS_READ_WRITE = [...KMS_READ, 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'];
    const SES = ['ses:SendEmail'];
    const START = ['states:StartExecution'];
    const DEAD_LETTERS = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
    const ddb = (...actions: string[]) => actions.map((a) => `dynamodb:${a}`);
    const sorted = (...groups: string[][]) => [...new Set(groups.flat())].sort();

    // Every function behind an HTTP route reads the origin-verify secret (test/infra/front-door.test.ts
    // checks it is that one secret); no other function may touch Secrets Manager.
    const ORIGIN_SECRET = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];
    const httpFunctions = new Set<FunctionName>(ROUTES.map((r) => r.fn));
    // The keyed-hash secret of the volunteer lookups: the functions that find or save a volunteer by
    // email or phone, or count confirmations per address (front-door.test.ts checks which secret).
    const LOOKUP_SECRET_READERS = new Set<FunctionName>([
      'adminVolunteers',
      'selfService',
      'emailEvents',
      'smsInbound',
      'sendMessages',
      'volunteerProfile',
    ]);
    const withoutOriginSecret = (name: FunctionName) => {
      const actions = actionsFor(name);
      const secrets = actions.filter((a) => a.startsWith('secretsmanager:'));
      const readsASecret = httpFunctions.has(name) || LOOKUP_SECRET_READERS.has(name);
      expect([...new Set(secrets)].sort(), name).toEqual(readsASecret ? ORIGIN_SECRET : []);
      return actions.filter((a) => !a.startsWith('secretsmanager:'));
    };
    const table = Object.fromEntries(FUNCTION_NAMES.map((name) => [name, withoutOriginSecret(name)]));
    expect(table).toEqual({
      publicPages: sorted(XRAY, LOGS),
      // Stores a request (a transaction of Puts), reads its idempotency claim and duplicate keys: never
      // updates, deletes or batch-writes.
      submitRequest: sorted(XRAY, LOGS, KMS_READ_WRITE, ddb('BatchGetItem', 'GetItem', 'PutItem')),
      respond: sorted(XRAY, LOGS, KMS_READ_WRITE, ddb('GetItem', 'PutItem', 'Query', 'UpdateItem')),
      startMatching: sorted(XRAY, LOGS, KMS_READ_WRITE, DEAD_LETTERS, START, [
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
      ]),
      // The reports' record: requests' facts read by id, set under their day; fed by the stream.
      recordReportFacts: sorted(
        XRAY,
        LOGS,
        KMS_READ_WRITE,
        DEAD_LETTERS,
        ddb('BatchGetItem', 'GetItem', 'PutItem', 'UpdateItem'),
        [
          'dynamodb:DescribeStream',
          'dynamodb:GetRecords',
          'dynamodb:GetShardIterator',
          'dynamodb:ListStreams',
        ],
      ),
      // One wave step: the last wave's outcome, the next wave's invites with their messages.
      wave: sorted(
        XRAY,
        LOGS,
        KMS_READ_WRITE,
        ddb('BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'),
      ),
      escalate: sorted(XRAY, LOGS, KMS_READ_WRITE, ddb('GetItem', 'PutItem', 'Query', 'UpdateItem')),
      // Pauses a volunteer whose address bounces (a batch write of profile and offers), tells the
      // prescriber; failures go to its queue.
      // Pauses a volunteer whose address bounces (a batch write of profile and offers) and writes the
      // prescriber's message; failures go to its queue.
      emailEvents: sorted(
        XRAY,
        LOGS,
        KMS_READ_WRITE,
        DEAD_LETTERS,
        ddb('BatchWriteItem', 'GetItem', 'PutItem', 'Query'),
      ),
      // Dashboard: sign-in calls only Cognito's public API; reports only read their own record.
      adminSignIn: sorted(XRAY, LOGS),
      // The dashboard's request pages only read; their actions write; only matching again starts a run.
      adminRequests: sorted(XRAY, LOGS, KMS_READ, ddb('BatchGetItem', 'GetItem', 'Query')),
      adminRequestActions: sorted(
        XRAY,
        LOGS,
        KMS_READ_WRITE,
        ddb('BatchGetItem', 'BatchWriteItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'),
      ),
      adminMatchAgain: sorted(
        XRAY,
        LOGS,
        KMS_READ_WRITE,
        START,
        ddb('BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'),
      ),
      adminPhoneRequests: sorted(XRAY, LOGS, KMS_READ_WRITE, ddb('BatchGetItem', 'GetItem', 'PutItem')),
      // The roster, and applications to join: approval and decline are transactions (Put, Update, Delete).
      adminVolunteers: sorted(
        XRAY,
        LOGS,
        KMS_READ_WRITE,
        ddb('BatchGetItem', 'BatchWriteItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'),
      ),
      // Text replies: finds the volunteer by phone, answers their invite, writes the reply to the outbox
      // (it sends nothing itself); failures go to its queue.
      smsInbound: sorted(
        XRAY,
        LOGS,
        KMS_READ_WRITE,
        DEAD_LETTERS,
        ddb('BatchWriteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'),
      ),
      // Every dashboard function reads the signed-in prescriber's team entry (a GetItem) on each
      // request, so a disabled prescriber's still-valid token is refused at once.
      adminReports: sorted(XRAY, LOGS, KMS_READ, ddb('BatchGetItem', 'GetItem')),
      // The team page: its list (a Query) and entries; the only function that manages Cognito accounts.
      adminTeam: sorted(XRAY, LOGS, KMS_READ_WRITE, ddb('GetItem', 'PutItem', 'Query', 'UpdateItem'), [
        'cognito-idp:AdminAddUserToGroup',
        'cognito-idp:AdminCreateUser',
        'cognito-idp:AdminDisableUser',
        'cognito-idp:AdminEnableUser',
      ]),
      // A release link tells the requester and starts matching again; pause and stop save the profile.
      selfService: sorted(
        XRAY,
        LOGS,
        KMS_READ_WRITE,
        START,
        ddb('BatchWriteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'),
      ),
      // Stores a concern under its request with the prescriber's message.
      concern: sorted(XRAY, LOGS, KMS_READ_WRITE, ddb('GetItem', 'PutItem')),
      // Concerns, duplicates and series (ending one writes its volunteer's message).
      adminCare: sorted(
        XRAY,
        LOGS,
        KMS_READ_WRITE,
        START,
        ddb('BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'),
      ),
      // Queries requests by status and the volunteers' watch items, reads the few profiles they name,
      // marks reminders sent, writes their audit and "done" link, and makes a series' next occurrence
      // when a close did not; failures go to its queue.
      dailyDigest: sorted(
        XRAY,
        LOGS,
        KMS_READ_WRITE,
        SES,
        DEAD_LETTERS,
        ddb('BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'),
      ),
      // The outbox's sender: reads what one delivery needs, marks the message, pauses a volunteer whose
      // address or number fails for good; reads its stream, dead-letters, and sends email and texts only.
      sendMessages: sorted(
        XRAY,
        LOGS,
        KMS_READ_WRITE,
        SES,
        DEAD_LETTERS,
        ['sms-voice:SendTextMessage'],
        ddb('DescribeStream', 'GetRecords', 'GetShardIterator', 'ListStreams'),
        // A sent invite's link replaces its placeholder token: the old token item is deleted. A
        // volunteer's personal link is stored only while they are on the roster (a condition check).
        ddb(
          'BatchWriteItem',
          'ConditionCheckItem',
          'DeleteItem',
          'GetItem',
          'PutItem',
          'Query',
          'UpdateItem',
        ),
      ),
      // A volunteer's own page: saves their profile (a batch write, as the roster does), writes a new
      // address's confirmation to the outbox, and erases them when they leave, with batch writes only.
      volunteerProfile: sorted(
        XRAY,
        LOGS,
        KMS_READ_WRITE,
        ddb('BatchWriteItem', 'GetItem', 'PutItem', 'Query'),
      ),
    });
  });

  /** A function's DynamoDB statements on the table, summarised: actions, key prefixes, indexes. */
  const tableAccessFor = (name: FunctionName) => {
    const tableArn = { 'Fn::GetAtt': [tableId(), 'Arn'] };
    const statements = statementsFor(name).filter((s) =>
      actionsOf(s).some((a) =>
        /^dynamodb:(?!(DescribeStream|GetRecords|GetShardIterator|ListStreams)$)/.test(a),
      ),
    );
    const onTable = statements.filter((s) => JSON.stringify(resourcesOf(s)) === JSON.stringify([tableArn]));
    const onIndexes = statements.filter((s) => !onTable.includes(s));
    const leadingKeys = onTable.map(
      (s) => asRecord(asRecord(s.Condition)['ForAllValues:StringLike'])['dynamodb:LeadingKeys'],
    );
    return {
      table: onTable.flatMap(actionsOf).sort(),
      leadingKeys: leadingKeys.flat().map(String).sort(),
      statementsWithoutLeadingKeys: leadingKeys.filter((k) => !Array.isArray(k) || k.length === 0).length,
      indexes: onIndexes.map((s) => ({
        actions: actionsOf(s),
        resources: resourcesOf(s).map((r) => {
          const join = asRecord(r)['Fn::Join'] as [string, unknown[]] | undefined;
          return join ? join[1].map((part) => (typeof part === 'string' ? part : '<table>')).join('') : r;
        }),
      })),
    };
  };

  it('limits every table statement to the partition-key prefixes the function touches (dynamodb:LeadingKeys)', () => {
    const keys = (...prefixes: string[]) => prefixes.map((p) => `${p}#*`).sort();
    const byStatus = [{ actions: ['dynamodb:Query'], resources: ['<table>/index/byStatus'] }];
    const byOffer = [{ actions: ['dynamodb:Query'], resources: ['<table>/index/byOffer'] }];
    const summary = Object.fromEntries(
      FUNCTION_NAMES.map((name) => {
        const access = tableAccessFor(name);
        expect(access.statementsWithoutLeadingKeys, name).toBe(0);
        return [name, { leadingKeys: access.leadingKeys, indexes: access.indexes }];
      }),
    );
    expect(summary).toEqual({
      publicPages: { leadingKeys: [], indexes: [] },
      submitRequest: {
        leadingKeys: keys('REQ', 'REF', 'IDEM', 'DUPKEY', 'SERIES', 'MSG', 'APP', 'FIND'),
        indexes: [],
      },
      respond: {
        leadingKeys: keys('TOKEN', 'REQ', 'SERIES', 'VOL', 'MSG'),
        indexes: [],
      },
      startMatching: { leadingKeys: [], indexes: [] },
      recordReportFacts: { leadingKeys: keys('REPORT', 'REQ'), indexes: [] },
      wave: {
        leadingKeys: keys('REQ', 'TOKEN', 'VOL', 'MSG'),
        indexes: byOffer,
      },
      escalate: {
        leadingKeys: keys('REQ', 'VOL', 'MSG'),
        indexes: [],
      },
      emailEvents: {
        leadingKeys: keys('VOL', 'VOLEMAIL', 'VOLPHONE', 'MSG', 'FIND'),
        indexes: [],
      },
      smsInbound: {
        leadingKeys: keys('VOLPHONE', 'VOLEMAIL', 'VOL', 'REQ', 'TOKEN', 'SERIES', 'MSG', 'FIND'),
        indexes: byStatus,
      },
      adminSignIn: { leadingKeys: [], indexes: [] },
      // Every function behind adminHandler reads the signed-in prescriber's own team entry
      // (PRESCRIBER#<sub>) on each request: their token outlives a disable, the entry does not.
      adminRequests: {
        leadingKeys: keys('REQ', 'REF', 'VOL', 'FIND', 'PRESCRIBER'),
        indexes: [
          { actions: ['dynamodb:Query'], resources: ['<table>/index/byStatus', '<table>/index/byOffer'] },
        ],
      },
      adminRequestActions: {
        leadingKeys: keys('REQ', 'REF', 'TOKEN', 'DUPKEY', 'SERIES', 'VOL', 'MSG', 'FIND', 'PRESCRIBER'),
        indexes: [
          { actions: ['dynamodb:Query'], resources: ['<table>/index/byOffer', '<table>/index/byStatus'] },
        ],
      },
      adminMatchAgain: { leadingKeys: keys('REQ', 'TOKEN', 'VOL', 'MSG', 'PRESCRIBER'), indexes: byOffer },
      adminPhoneRequests: {
        leadingKeys: keys('IDEM', 'REF', 'REQ', 'SERIES', 'DUPKEY', 'MSG', 'FIND', 'PRESCRIBER'),
        indexes: [],
      },
      adminVolunteers: {
        leadingKeys: keys('VOL', 'VOLEMAIL', 'VOLPHONE', 'FIND', 'REQ', 'APP', 'MSG', 'PRESCRIBER'),
        indexes: byStatus,
      },
      adminReports: { leadingKeys: keys('REPORT', 'PRESCRIBER'), indexes: [] },
      adminTeam: { leadingKeys: keys('PRESCRIBER'), indexes: byStatus },
      selfService: {
        leadingKeys: keys(
          'REQ',
          'REF',
          'TOKEN',
          'ACTION',
          'SERIES',
          'VOL',
          'VOLEMAIL',
          'VOLPHONE',
          'MSG',
          'FIND',
        ),
        indexes: [],
      },
      concern: {
        leadingKeys: keys('REQ', 'ACTION', 'MSG'),
        indexes: [],
      },
      adminCare: {
        leadingKeys: keys('REQ', 'REF', 'SERIES', 'VOL', 'MSG', 'PRESCRIBER'),
        indexes: [],
      },
      dailyDigest: {
        leadingKeys: keys('REQ', 'REF', 'SERIES', 'VOL', 'MSG'),
        indexes: byStatus,
      },
      sendMessages: {
        leadingKeys: keys(
          'MSG',
          'REQ',
          'SERIES',
          'VOL',
          'VOLEMAIL',
          'VOLPHONE',
          'TOKEN',
          'ACTION',
          'CONFIRMCAP',
          'APP',
          'FIND',
        ),
        indexes: [],
      },
      volunteerProfile: {
        leadingKeys: keys('ACTION', 'VOL', 'VOLEMAIL', 'VOLPHONE', 'FIND', 'MSG'),
        indexes: [],
      },
    });
  });

  it('lets no function Scan, and no public function DeleteItem or (but for its own profile) BatchWriteItem', () => {
    const publicFunctions = [...new Set(ROUTES.filter((r) => r.auth !== 'prescriber').map((r) => r.fn))];
    expect(publicFunctions.sort()).toEqual(
      [
        'adminSignIn',
        'concern',
        'publicPages',
        'respond',
        'selfService',
        'submitRequest',
        'volunteerProfile',
      ].sort(),
    );
    for (const name of FUNCTION_NAMES) expect(actionsFor(name), name).not.toContain('dynamodb:Scan');
    for (const name of publicFunctions) {
      expect(actionsFor(name), name).not.toContain('dynamodb:DeleteItem');
      // Pause and stop links, and a volunteer's own details page, save (or, leaving, erase) the
      // volunteer's own profile with batch writes: the public batch writers, confined by their key
      // prefixes above.
      if (name !== 'selfService' && name !== 'volunteerProfile')
        expect(actionsFor(name), name).not.toContain('dynamodb:BatchWriteItem');
    }
  });

  it("has no role beyond the functions' but these, each with exactly these actions", () => {
    const functionRoles = new Set(
      Object.values(catalogueFunctions(synth.json))
        .flat()
        .map((fn) => referencedId(props(fn.resource).Role)),
    );
    const others = resourcesOfType(synth.json, 'AWS::IAM::Role')
      .filter(([id]) => !functionRoles.has(id))
      .map(([id, role]) => {
        const fakeFunction = {
          Type: 'AWS::Lambda::Function',
          Properties: { Role: { 'Fn::GetAtt': [id, 'Arn'] } },
        };
        const managed = props(role).ManagedPolicyArns;
        // Logical ids end in a hash of the path: the readable part names the role.
        return [
          id.replace(/[0-9A-F]{8}$/, ''),
          {
            actions: allowedActions(roleStatements(synth.json, fakeFunction)),
            managed: Array.isArray(managed) ? managed.length : 0,
          },
        ];
      });
    expect(Object.fromEntries(others)).toEqual({
      // The state machine invokes its five task functions and delivers its own logs and traces.
      WorkflowMatchingRole: {
        actions: [
          'lambda:InvokeFunction',
          'logs:CreateLogDelivery',
          'logs:DeleteLogDelivery',
          'logs:DescribeLogGroups',
          'logs:DescribeResourcePolicies',
          'logs:GetLogDelivery',
          'logs:ListLogDeliveries',
          'logs:PutResourcePolicy',
          'logs:UpdateLogDelivery',
          'xray:GetSamplingRules',
          'xray:GetSamplingTargets',
          'xray:PutTelemetryRecords',
          'xray:PutTraceSegments',
        ],
        managed: 0,
      },
      // Scheduler invokes the digest, and dead-letters into the encrypted queue when it cannot.
      DailyDigestSchedulerRole: {
        actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'lambda:InvokeFunction', 'sqs:SendMessage'],
        managed: 0,
      },
      // CDK's deploy-time copy of the NHS.UK assets to the private bucket.
      CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756CServiceRole: {
        actions: [
          'cloudfront:CreateInvalidation',
          'cloudfront:GetInvalidation',
          's3:Abort*',
          's3:DeleteObject*',
          's3:GetBucket*',
          's3:GetObject*',
          's3:List*',
          's3:PutObject',
          's3:PutObjectLegalHold',
          's3:PutObjectRetention',
          's3:PutObjectTagging',
          's3:PutObjectVersionTagging',
        ],
        managed: 1,
      },
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

  it.each(['startMatching', 'adminMatchAgain', 'selfService'] as const)(
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
    ['a lower-case postcode district', { serviceAreas: ['gl50'] }, 'serviceAreas'],
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
