import { Duration } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { EventDestination, EmailSendingEvent } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Construct } from 'constructs';
import type { Email } from './email.js';
import { AppFunction } from './lambda.js';

export interface EmailEventsProps {
  email: Email;
  table: TableV2;
  key: Key;
  environment: Record<string, string>;
}

/**
 * Bounces and complaints: SES publishes them to an encrypted topic; a function pauses the volunteer
 * and tells the prescriber. Both asynchronous hops end in a dead-letter queue that the stack alarms on.
 */
export class EmailEvents extends Construct {
  readonly deadLetters: Queue;
  readonly handler: AppFunction;

  constructor(scope: Construct, id: string, props: EmailEventsProps) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const topic = new Topic(this, 'Topic', {
      masterKey: props.key,
      displayName: 'Community Kindness email events',
    });
    // SES must be able to encrypt what it publishes to the topic.
    props.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    props.email.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(topic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    this.handler = new AppFunction(this, 'emailEvents', { environment: props.environment });
    // After Lambda's own two retries, a failed event is kept in the dead-letter queue for 14 days.
    this.handler.fn.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new SqsDestination(this.deadLetters),
    });
    props.table.grantReadWriteData(this.handler.fn);
    props.email.grantSend(this.handler.fn);
    topic.addSubscription(new LambdaSubscription(this.handler.fn, { deadLetterQueue: this.deadLetters }));
  }
}
