import { App, Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../infra/catalogue.js';
import { ITERATOR_AGE_ALARM_MS } from '../../infra/constructs/operations.js';
import {
  assertMatchingFitsTimeout,
  longestMatchingSeconds,
  MATCHING_TIMEOUT,
} from '../../infra/constructs/workflow.js';
import { CommunityKindnessStack } from '../../infra/stack.js';
import { deploySettings } from '../../sandbox/synthesized.js';
import {
  asRecord,
  catalogueFunctions,
  onlyResourceOfType,
  props,
  referencedId,
  resourcesOfType,
  type CfnTemplate,
} from './helpers.js';

/** Promises 4, 14 and 15: dead letters on every asynchronous path, SES events handled, alarms on what matters. */
let template: Template;
let json: CfnTemplate;

beforeAll(() => {
  const settings = deploySettings();
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  template = Template.fromStack(
    new CommunityKindnessStack(app, 'Ops', {
      settings,
      env: { account: '000000000000', region: 'eu-west-2' },
    }),
  );
  json = template.toJSON() as CfnTemplate;
}, 180_000);

interface AlarmProps {
  Namespace?: string;
  MetricName?: string;
  Threshold: number;
  Period?: number;
  Statistic?: string;
  ComparisonOperator: string;
  EvaluationPeriods: number;
  Dimensions?: { Name: string; Value: unknown }[];
  AlarmActions?: unknown[];
}

const alarms = (): AlarmProps[] =>
  resourcesOfType(json, 'AWS::CloudWatch::Alarm').map(([, alarm]) => props(alarm) as unknown as AlarmProps);

/** The alarm on a queue's depth, if there is one. */
const depthAlarmFor = (queueId: string) =>
  alarms().find(
    (a) =>
      a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
      JSON.stringify(a.Dimensions) ===
        JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }]),
  );

/** Every queue a failure can end in must exist, be encrypted with the data key, and alarm on its first message. */
function expectAlarmedDeadLetterQueue(queueArn: unknown, path: string): string {
  const queueId = referencedId(queueArn);
  expect(queueId, path).toBeDefined();
  const queue = json.Resources[queueId ?? ''];
  expect(queue?.Type, path).toBe('AWS::SQS::Queue');
  expect(referencedId(props(queue).KmsMasterKeyId), path).toBe(onlyResourceOfType(json, 'AWS::KMS::Key')[0]);
  expect(depthAlarmFor(queueId ?? ''), path).toMatchObject({
    Threshold: 1,
    AlarmActions: [expect.anything()],
  });
  return queueId ?? '';
}

const keyStatementsFor = (service: string) => {
  const [, key] = onlyResourceOfType(json, 'AWS::KMS::Key');
  const statements = asRecord(props(key).KeyPolicy).Statement as {
    Effect: string;
    Principal?: { Service?: string };
    Action: string[];
    Condition?: Record<string, Record<string, unknown>>;
  }[];
  return statements.filter((s) => s.Effect === 'Allow' && s.Principal?.Service === service);
};

const joined = (value: unknown): string => {
  const join = asRecord(value)['Fn::Join'] as [string, unknown[]] | undefined;
  if (!join) return JSON.stringify(value);
  return join[1].map((part) => (typeof part === 'string' ? part : `<${referencedId(part) ?? 'x'}>`)).join('');
};

describe('operations', () => {
  it('publishes SES bounces and complaints to an encrypted topic', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']),
        SnsDestination: Match.anyValue(),
      }),
    });
    const topics = Object.values(template.findResources('AWS::SNS::Topic')) as {
      Properties: { KmsMasterKeyId?: unknown };
    }[];
    // The alarms', the SES events' and the text replies'.
    expect(topics.length).toBe(3);
    for (const topic of topics) expect(topic.Properties.KmsMasterKeyId).toBeDefined();
  });

  it('gives the SES event path a dead-letter queue for both hops (SNS delivery and Lambda)', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      RedrivePolicy: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    const queues = Object.values(template.findResources('AWS::SQS::Queue')) as {
      Properties: { KmsMasterKeyId?: unknown };
    }[];
    // Six: the three stream triggers' (matching, the outbox's sender and the reports' record), the SES
    // event path's, the daily digest's and the text reply path's.
    expect(queues.length).toBe(6);
    for (const queue of queues) expect(queue.Properties.KmsMasterKeyId).toBeDefined();
  });

  it('alarms on exactly these metrics, each at its threshold', () => {
    const watched = alarms()
      .map((a) => `${a.Namespace}/${a.MetricName} >= ${a.Threshold}`)
      .sort();
    const functionCount = Object.keys(FUNCTIONS).length;
    expect(watched).toEqual(
      [
        // The first server error in 5 minutes: a quiet practice's outage must not hide under a count.
        'AWS/ApiGateway/5xx >= 1',
        ...Array<string>(functionCount).fill('AWS/Lambda/Errors >= 1'),
        ...Array<string>(functionCount).fill('AWS/Lambda/Throttles >= 1'),
        // One per stream trigger: matching, the outbox's sender and the reports' record.
        ...Array<string>(3).fill(`AWS/Lambda/IteratorAge >= ${ITERATOR_AGE_ALARM_MS}`),
        // AWS's own warning levels: 5% bounces, 0.1% complaints.
        'AWS/SES/Reputation.BounceRate >= 0.05',
        'AWS/SES/Reputation.ComplaintRate >= 0.001',
        ...Array<string>(6).fill('AWS/SQS/ApproximateNumberOfMessagesVisible >= 1'),
        'AWS/States/ExecutionsFailed >= 1',
        'AWS/States/ExecutionsTimedOut >= 1',
        'CommunityKindness/Escalated >= 5',
      ].sort(),
    );
    for (const alarm of alarms()) {
      expect(alarm).toMatchObject({
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
      });
    }
  });

  it('sends every alarm to the one alarm topic', () => {
    const [topicId] = resourcesOfType(json, 'AWS::SNS::Subscription')
      .filter(([, s]) => props(s).Protocol === 'email')
      .map(([, s]) => referencedId(props(s).TopicArn));
    expect(topicId).toBeDefined();
    for (const alarm of alarms()) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  it('watches every function for errors and throttles, and server errors over 5 minutes', () => {
    const functions = Object.values(catalogueFunctions(json)).flat();
    for (const fn of functions) {
      for (const metric of ['Errors', 'Throttles']) {
        const alarm = alarms().find(
          (a) =>
            a.Namespace === 'AWS/Lambda' &&
            a.MetricName === metric &&
            JSON.stringify(a.Dimensions) ===
              JSON.stringify([{ Name: 'FunctionName', Value: { Ref: fn.logicalId } }]),
        );
        expect(alarm, `${fn.name} ${metric}`).toMatchObject({ Threshold: 1, Period: 300, Statistic: 'Sum' });
      }
    }
    expect(alarms().find((a) => a.MetricName === '5xx')).toMatchObject({ Period: 300, Statistic: 'Sum' });
  });

  it('alarms on failed and on timed-out executions of the state machine', () => {
    const [machineId] = onlyResourceOfType(json, 'AWS::StepFunctions::StateMachine');
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/States',
        MetricName: metric,
        Threshold: 1,
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: machineId } }],
      });
    }
  });
});

describe('the data key policy', () => {
  it.each([
    // Alarms publish to the alarm topic, encrypted with the data key.
    ['cloudwatch.amazonaws.com', ':cloudwatch:eu-west-2:000000000000:alarm:Ops-*'],
    // SES publishes bounces and complaints to the email events topic, from its configuration set.
    ['ses.amazonaws.com', ':ses:eu-west-2:000000000000:configuration-set/<EmailConfigurationSet'],
    // SNS dead-letters undeliverable email events into a queue encrypted with the data key.
    ['sns.amazonaws.com', ':sns:eu-west-2:000000000000:Ops-*'],
  ])('lets %s use the key only for this account and its own resources', (service, sourceArn) => {
    const statements = keyStatementsFor(service);
    expect(statements).toHaveLength(1);
    const [statement] = statements;
    expect(statement?.Action).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(statement?.Condition?.StringEquals).toEqual({ 'aws:SourceAccount': '000000000000' });
    const arns = (statement?.Condition?.ArnLike?.['aws:SourceArn'] as unknown[]).map(joined);
    expect(arns).toHaveLength(1);
    expect(arns[0]).toContain(sourceArn);
  });

  it('names no other service', () => {
    const [, key] = onlyResourceOfType(json, 'AWS::KMS::Key');
    const services = (asRecord(props(key).KeyPolicy).Statement as { Principal?: { Service?: string } }[])
      .map((s) => s.Principal?.Service)
      .filter(Boolean)
      .sort();
    expect(services).toEqual([
      'cloudwatch.amazonaws.com',
      'ses.amazonaws.com',
      'sms-voice.amazonaws.com',
      'sns.amazonaws.com',
    ]);
  });
});

describe('every asynchronous path ends in an alarmed dead-letter queue', () => {
  it('stream consumers: a DLQ on the mapping and an iterator-age alarm', () => {
    const mappings = resourcesOfType(json, 'AWS::Lambda::EventSourceMapping');
    expect(mappings.length).toBeGreaterThan(0);
    for (const [id, mapping] of mappings) {
      const destination = asRecord(asRecord(props(mapping).DestinationConfig).OnFailure).Destination;
      expectAlarmedDeadLetterQueue(destination, id);
      const functionId = referencedId(props(mapping).FunctionName);
      const iteratorAlarm = alarms().find(
        (a) =>
          a.MetricName === 'IteratorAge' &&
          JSON.stringify(a.Dimensions) ===
            JSON.stringify([{ Name: 'FunctionName', Value: { Ref: functionId } }]),
      );
      expect(iteratorAlarm, id).toMatchObject({ Threshold: ITERATOR_AGE_ALARM_MS, Statistic: 'Maximum' });
    }
  });

  it('functions invoked asynchronously (SNS, Scheduler): an on-failure destination', () => {
    const asyncInvoked = new Set<string>();
    for (const [, permission] of resourcesOfType(json, 'AWS::Lambda::Permission')) {
      if (props(permission).Principal === 'sns.amazonaws.com')
        asyncInvoked.add(referencedId(props(permission).FunctionName) ?? '');
    }
    for (const [, schedule] of resourcesOfType(json, 'AWS::Scheduler::Schedule'))
      asyncInvoked.add(referencedId(asRecord(props(schedule).Target).Arn) ?? '');
    expect(asyncInvoked.size).toBe(3);
    for (const functionId of asyncInvoked) {
      const config = resourcesOfType(json, 'AWS::Lambda::EventInvokeConfig').find(
        ([, c]) => referencedId(props(c).FunctionName) === functionId,
      );
      expect(config, functionId).toBeDefined();
      const destination = asRecord(asRecord(props(config?.[1]).DestinationConfig).OnFailure).Destination;
      expectAlarmedDeadLetterQueue(destination, functionId);
    }
  });

  it('SNS subscriptions: a redrive queue SNS may send to, whose key lets SNS encrypt', () => {
    for (const [id, subscription] of resourcesOfType(json, 'AWS::SNS::Subscription')) {
      if (props(subscription).Protocol === 'email') continue;
      const redrive = asRecord(props(subscription).RedrivePolicy).deadLetterTargetArn;
      const queueId = expectAlarmedDeadLetterQueue(redrive, id);
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Action: 'sqs:SendMessage',
              Principal: { Service: 'sns.amazonaws.com' },
              Condition: { ArnEquals: { 'aws:SourceArn': props(subscription).TopicArn } },
            }),
          ]),
        },
      });
      expect(keyStatementsFor('sns.amazonaws.com')).toHaveLength(1);
    }
  });

  describe('the daily digest schedule', () => {
    const digestFunctionId = () => {
      const functions = template.findResources('AWS::Lambda::Function', {
        Metadata: { 'community-kindness:entry': 'functions/daily-digest.ts' },
      });
      expect(Object.keys(functions)).toHaveLength(1);
      return Object.keys(functions)[0] ?? '';
    };

    it('runs the digest function once a day at the configured hour, London time', () => {
      template.resourceCountIs('AWS::Scheduler::Schedule', 1);
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: `cron(0 ${deploySettings().digestHour} * * ? *)`,
        ScheduleExpressionTimezone: 'Europe/London',
        State: 'ENABLED',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: Match.objectLike({
          Arn: { 'Fn::GetAtt': [digestFunctionId(), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 6 * 3600 },
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      });
    });

    it("sends a failed handover (Scheduler's dead-letter config) and a failed run (the function's on-failure destination) to one alarmed queue", () => {
      const [, schedule] = onlyResourceOfType(json, 'AWS::Scheduler::Schedule');
      const schedulerQueue = expectAlarmedDeadLetterQueue(
        asRecord(asRecord(props(schedule).Target).DeadLetterConfig).Arn,
        'scheduler',
      );
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: digestFunctionId() },
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 6 * 3600,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [schedulerQueue, 'Arn'] } } },
      });
    });

    it('lets the schedule invoke the digest function and nothing else', () => {
      const [schedule] = Object.values(template.findResources('AWS::Scheduler::Schedule')) as {
        Properties: { Target: { RoleArn: { 'Fn::GetAtt': [string, string] } } };
      }[];
      const roleId = schedule?.Properties.Target.RoleArn['Fn::GetAtt'][0] ?? '';
      const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
        Properties: {
          Roles: { Ref: string }[];
          PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] };
        };
      }[];
      const statements = policies
        .filter((p) => p.Properties.Roles.some((r) => r.Ref === roleId))
        .flatMap((p) => p.Properties.PolicyDocument.Statement);
      const invoke = statements.filter((s) => [s.Action].flat().includes('lambda:InvokeFunction'));
      expect(invoke.length).toBeGreaterThan(0);
      for (const statement of invoke) {
        expect(JSON.stringify(statement.Resource)).toContain(digestFunctionId());
        expect(statement.Resource).not.toContain('*');
      }
      const others = statements.flatMap((s) => [s.Action].flat()).filter((a) => !a.startsWith('lambda:'));
      // Only what its encrypted dead-letter queue needs.
      expect(others.length).toBeGreaterThan(0);
      for (const action of others)
        expect(action).toMatch(/^(sqs:SendMessage|kms:(Decrypt|GenerateDataKey))$/);
    });
  });
});

describe('the matching timeout check', () => {
  const cdkJsonTiming = () => {
    const { responseWindowSeconds, urgentResponseWindowSeconds, maxWaves } = deploySettings();
    return { responseWindowSeconds, urgentResponseWindowSeconds, maxWaves };
  };

  it("lets cdk.json's windows and waves through, with room for every step's retries", () => {
    expect(() => assertMatchingFitsTimeout(cdkJsonTiming())).not.toThrow();
    const timing = cdkJsonTiming();
    // Steps and retries count too, not only the windows.
    expect(longestMatchingSeconds(timing)).toBeGreaterThan(timing.maxWaves * timing.responseWindowSeconds);
  });

  it('fails with a message naming the settings to change when the waves cannot fit', () => {
    const timing = { responseWindowSeconds: 86_400, urgentResponseWindowSeconds: 1800, maxWaves: 7 };
    expect(() => assertMatchingFitsTimeout(timing)).toThrow(
      /7 waves × 86400 s.*Lower responseWindowSeconds, urgentResponseWindowSeconds or maxWaves in cdk\.json/s,
    );
  });

  it('counts the step time: windows alone that exactly fill the timeout still fail', () => {
    const timing = {
      responseWindowSeconds: MATCHING_TIMEOUT.toSeconds() / 2,
      urgentResponseWindowSeconds: 60,
      maxWaves: 2,
    };
    expect(() => assertMatchingFitsTimeout(timing)).toThrow(/timeout/);
    expect(() => assertMatchingFitsTimeout(timing, Duration.days(8))).not.toThrow();
  });

  it('stops the synth of a stack whose settings do not fit', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(
      () =>
        new CommunityKindnessStack(app, 'TooLong', {
          settings: { ...deploySettings(), responseWindowSeconds: 86_400, maxWaves: 8 },
          env: { account: '000000000000', region: 'eu-west-2' },
        }),
    ).toThrow(/Matching could outlast the workflow's 7 days timeout/);
  });
});

describe('text replies and the lookup secret', () => {
  it('takes text replies on an encrypted topic that End User Messaging may publish to, into the reply function', () => {
    const topics = template.findResources('AWS::SNS::Topic', {
      Properties: { DisplayName: 'Community Kindness text replies' },
    });
    expect(Object.keys(topics)).toHaveLength(1);
    const [topicId] = Object.keys(topics);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sns:Publish',
            Effect: 'Allow',
            Principal: { Service: 'sms-voice.amazonaws.com' },
          }),
        ]),
      }),
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: topicId },
      RedrivePolicy: Match.anyValue(),
    });
  });

  it('generates the lookup secret, encrypted with the data key, kept on deletion, and given to functions through the extension layer', () => {
    const secrets = template.findResources('AWS::SecretsManager::Secret', {
      Properties: { Description: Match.stringLikeRegexp('hashed volunteer email and phone lookups') },
    });
    expect(Object.keys(secrets)).toHaveLength(1);
    const [secret] = Object.values(secrets) as {
      DeletionPolicy: string;
      Properties: { KmsKeyId?: unknown; GenerateSecretString?: { PasswordLength: number } };
    }[];
    expect(secret?.DeletionPolicy).toBe('Retain');
    expect(secret?.Properties.KmsKeyId).toBeDefined();
    expect(secret?.Properties.GenerateSecretString?.PasswordLength).toBe(64);
    const readers = Object.values(template.findResources('AWS::Lambda::Function')).filter((fn) =>
      JSON.stringify(fn).includes('LOOKUP_HASH_SECRET_ID'),
    ) as { Properties: { Layers?: string[] }; Metadata: Record<string, string> }[];
    // Those that look a volunteer up by email or phone, or write or search the dashboard's search keys.
    expect(readers.map((fn) => fn.Metadata['community-kindness:entry']).sort()).toEqual([
      'functions/admin-phone-requests.ts',
      'functions/admin-request-actions.ts',
      'functions/admin-requests.ts',
      'functions/admin-volunteers.ts',
      'functions/email-events.ts',
      'functions/self-service.ts',
      'functions/send-messages.ts',
      'functions/sms-inbound.ts',
      'functions/submit-request.ts',
      'functions/volunteer-profile.ts',
    ]);
    for (const fn of readers)
      expect(JSON.stringify(fn.Properties.Layers ?? [])).toContain(
        'AWS-Parameters-and-Secrets-Lambda-Extension-Arm64',
      );
  });
});
