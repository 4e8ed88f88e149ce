import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CommunityKindnessStack } from '../../infra/stack.js';
import { deploySettings } from '../../sandbox/synthesized.js';

/** Promises 4, 14 and 15: dead letters on every asynchronous path, SES events handled, alarms on what matters. */
let template: Template;

beforeAll(() => {
  const settings = deploySettings();
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  template = Template.fromStack(
    new CommunityKindnessStack(app, 'Ops', {
      settings,
      env: { account: '000000000000', region: 'eu-west-2' },
    }),
  );
}, 180_000);

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
    expect(topics.length).toBe(2);
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
    // Four: the two stream triggers' (matching and the outbox's sender), the SES event path's and the digest's.
    expect(queues.length).toBe(4);
    for (const queue of queues) expect(queue.Properties.KmsMasterKeyId).toBeDefined();
  });

  it('alarms on every dead-letter queue, failed executions, server errors and a day of many escalations', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as {
      Properties: { MetricName?: string; Namespace?: string; Threshold: number };
    }[];
    const watched = alarms.map((a) => `${a.Properties.Namespace}/${a.Properties.MetricName}`).sort();
    expect(watched).toEqual(
      [
        'AWS/ApiGateway/5xx',
        'AWS/SQS/ApproximateNumberOfMessagesVisible',
        'AWS/SQS/ApproximateNumberOfMessagesVisible',
        'AWS/SQS/ApproximateNumberOfMessagesVisible',
        'AWS/SQS/ApproximateNumberOfMessagesVisible',
        'AWS/States/ExecutionsFailed',
        'CommunityKindness/Escalated',
      ].sort(),
    );
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
      // Only what its dead-letter queue needs.
      for (const action of others)
        expect(action).toMatch(/^(sqs:SendMessage|kms:(Decrypt|Encrypt|GenerateDataKey\*|ReEncrypt\*))$/);
    });
  });
});
