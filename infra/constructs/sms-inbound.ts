import { Duration, Stack } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Email } from './email.js';
import { AppFunction } from './lambda.js';

export interface SmsInboundProps {
  table: TableV2;
  key: Key;
  email: Email;
  environment: Record<string, string>;
}

/**
 * Two-way texts: End User Messaging publishes each reply to the long code to an encrypted topic, and a
 * function answers it (YES, NO, PAUSE, STOP). Pointing the number's two-way channel at the topic is a
 * console step (README), as is the number itself. Both asynchronous hops end in an alarmed dead-letter queue.
 */
export class SmsInbound extends Construct {
  readonly topic: Topic;
  readonly deadLetters: Queue;
  readonly handler: AppFunction;

  constructor(scope: Construct, id: string, props: SmsInboundProps) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.topic = new Topic(this, 'Topic', {
      masterKey: props.key,
      displayName: 'Community Kindness text replies',
      enforceSSL: true,
    });
    // End User Messaging publishes the replies, and must be able to encrypt them for the topic.
    this.topic.grantPublish(new ServicePrincipal('sms-voice.amazonaws.com'));
    props.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('sms-voice.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        // In a key policy, "*" means this key.
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.handler = new AppFunction(this, 'smsInbound', { environment: props.environment });
    this.handler.fn.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new SqsDestination(this.deadLetters),
    });
    props.table.grantReadWriteData(this.handler.fn);
    // A YES that wins sends the details email today; replies are texts.
    props.email.grantSend(this.handler.fn);
    // The account's own numbers, sender IDs and opt-out lists in this region: which one sends is configuration.
    this.handler.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['sms-voice:SendTextMessage'],
        resources: [Stack.of(this).formatArn({ service: 'sms-voice', resource: '*' })],
      }),
    );
    this.topic.addSubscription(
      new LambdaSubscription(this.handler.fn, { deadLetterQueue: this.deadLetters }),
    );
  }
}
