import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventDestination, EmailSendingEvent } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { grantTableAccess, tableAccessOf, type Data } from './data.js';
import type { Email } from './email.js';
import { AppFunction } from './lambda.js';
import { stackTopicsArn, type Operations } from './operations.js';

export interface EmailEventsProps {
  email: Email;
  data: Data;
  operations: Operations;
  environment: Record<string, string>;
}

/**
 * Bounces and complaints: SES publishes them to an encrypted topic; a function pauses the volunteer
 * and tells the prescriber. Both asynchronous hops (SNS delivery, the function's own run) end in one
 * alarmed dead-letter queue.
 */
export class EmailEvents extends Construct {
  readonly deadLetters: Queue;
  readonly handler: AppFunction;
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: EmailEventsProps) {
    super(scope, id);
    const table: TableV2 = props.data.table;
    this.deadLetters = props.operations.deadLetterQueue(
      this,
      'DeadLetters',
      'a bounce or complaint that could not be handled (the volunteer was not paused).',
    );
    this.topic = new Topic(this, 'Topic', {
      masterKey: props.data.key,
      displayName: 'Community Kindness email events',
    });
    // SES encrypts what it publishes to the topic; SNS encrypts what it dead-letters to the queue.
    // The topic is named by pattern: its own ARN in the key policy would make the key and the topic
    // (encrypted with that key) depend on each other.
    props.data.allowServiceToUseKey('ses.amazonaws.com', [props.email.configurationSetArn]);
    props.data.allowServiceToUseKey('sns.amazonaws.com', [stackTopicsArn(this)]);
    props.email.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.topic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    this.handler = new AppFunction(this, 'emailEvents', { environment: props.environment });
    // After Lambda's own two retries, a failed event is kept in the dead-letter queue for 14 days.
    props.operations.asyncFailuresTo(this.handler.fn, this.deadLetters, { retryAttempts: 2 });
    grantTableAccess(table, this.handler.fn, tableAccessOf('emailEvents'));
    this.topic.addSubscription(
      new LambdaSubscription(this.handler.fn, { deadLetterQueue: this.deadLetters }),
    );
  }
}
