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
}, 60_000);

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
    expect(queues.length).toBe(2);
    for (const queue of queues) expect(queue.Properties.KmsMasterKeyId).toBeDefined();
  });

  it('alarms on both dead-letter queues, failed executions, server errors and a day of many escalations', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as {
      Properties: { MetricName?: string; Namespace?: string; Threshold: number };
    }[];
    const watched = alarms.map((a) => `${a.Properties.Namespace}/${a.Properties.MetricName}`).sort();
    expect(watched).toEqual(
      [
        'AWS/ApiGateway/5xx',
        'AWS/SQS/ApproximateNumberOfMessagesVisible',
        'AWS/SQS/ApproximateNumberOfMessagesVisible',
        'AWS/States/ExecutionsFailed',
        'CommunityKindness/Escalated',
      ].sort(),
    );
  });
});
