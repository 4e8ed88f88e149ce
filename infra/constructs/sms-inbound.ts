import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { grantTableAccess, tableAccessOf, type Data } from './data.js';
import { AppFunction } from './lambda.js';
import type { Operations } from './operations.js';

export interface SmsInboundProps {
  data: Data;
  operations: Operations;
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
    this.deadLetters = props.operations.deadLetterQueue(
      this,
      'DeadLetters',
      'a text reply that could not be handled (the volunteer got no answer).',
    );
    this.topic = new Topic(this, 'Topic', {
      masterKey: props.data.key,
      displayName: 'Community Kindness text replies',
      enforceSSL: true,
    });
    // End User Messaging publishes the replies (from this account only), and must be able to encrypt
    // them for the topic: a topic policy rather than grantPublish, whose key grant has no source condition.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('sms-voice.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    // The publisher is this account's phone number (or its configuration), so the source is any of them.
    props.data.allowServiceToUseKey('sms-voice.amazonaws.com', [
      Stack.of(this).formatArn({ service: 'sms-voice', resource: '*' }),
    ]);
    this.handler = new AppFunction(this, 'smsInbound', { environment: props.environment });
    props.operations.asyncFailuresTo(this.handler.fn, this.deadLetters, { retryAttempts: 2 });
    grantTableAccess(props.data.table, this.handler.fn, tableAccessOf('smsInbound'));
    // No send permission: the answers go through the outbox, and only its sender texts.
    this.topic.addSubscription(
      new LambdaSubscription(this.handler.fn, { deadLetterQueue: this.deadLetters }),
    );
  }
}
