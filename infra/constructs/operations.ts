import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { StartingPosition, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct, IConstruct } from 'constructs';
import type { AppFunction } from './lambda.js';

/** A stream consumer whose oldest unprocessed record is older than this has fallen behind. */
export const ITERATOR_AGE_ALARM_MS = 60_000;

/** What each dead-letter queue catches, for its alarm and for cdk-nag's review (infra/nag.ts). */
const deadLetterPurposes = new WeakMap<IConstruct, string>();
/** Where a function's failed asynchronous or stream invocations end up, for cdk-nag's review. */
const failureDestinations = new WeakMap<IConstruct, string>();

export function deadLetterPurposeOf(queue: IConstruct): string | undefined {
  return deadLetterPurposes.get(queue);
}

export function failureDestinationOf(fn: IConstruct): string | undefined {
  return failureDestinations.get(fn);
}

/**
 * Every SNS topic of this stack (CloudFormation names them "<stack name>-<logical id>-<suffix>"): a
 * key policy can name them without referring to a topic that is itself encrypted with that key.
 */
export function stackTopicsArn(scope: IConstruct): string {
  const stack = Stack.of(scope);
  return stack.formatArn({
    service: 'sns',
    resource: `${stack.stackName}-*`,
    arnFormat: ArnFormat.NO_RESOURCE_NAME,
  });
}

/** Every CloudWatch alarm of this stack, named like its topics. */
export function stackAlarmsArn(scope: IConstruct): string {
  const stack = Stack.of(scope);
  return stack.formatArn({
    service: 'cloudwatch',
    resource: 'alarm',
    resourceName: `${stack.stackName}-*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

export interface OperationsProps {
  /** The data key: the alarm topic and every dead-letter queue are encrypted with it. */
  key: IKey;
  /** Who is told: deployment.alarmEmail, else the prescriber. */
  alarmEmail: string;
}

export interface StreamConsumerOptions {
  table: TableV2;
  filters: Record<string, unknown>[];
  /** The dead-letter queue's construct id (kept stable: renaming replaces the queue). */
  deadLetterId: string;
  /** What is lost if a record lands there, said to whoever reads the alarm. */
  purpose: string;
  batchSize?: number;
  retryAttempts?: number;
  /** Older records go to the dead-letter queue unprocessed (default: as long as the stream keeps them). */
  maxRecordAge?: Duration;
}

export interface AsyncFailureOptions {
  retryAttempts: number;
  maxEventAge?: Duration;
}

/**
 * The operational safety net in one place: one alarm topic, alarms that fire on the first failure,
 * and dead-letter queues that are encrypted, TLS-only and alarmed. Adding a stream-fed or
 * asynchronously invoked function is one call here, and it is watched like the others.
 */
export class Operations {
  readonly topic: Topic;
  private readonly scope: Construct;
  private readonly key: IKey;
  private readonly action: SnsAction;

  constructor(scope: Construct, props: OperationsProps) {
    this.scope = scope;
    this.key = props.key;
    this.topic = new Topic(scope, 'Alarms', {
      masterKey: props.key,
      displayName: 'Community Kindness alarms',
    });
    // The subscriber must confirm it from the email AWS sends on first deploy (README, DEPLOY).
    this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.action = new SnsAction(this.topic);
  }

  /** An alarm that fires when one period's value reaches `threshold` (default 1: the first failure). */
  alarm(scope: Construct, id: string, description: string, metric: IMetric, threshold = 1): Alarm {
    const alarm = new Alarm(scope, id, {
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    return alarm;
  }

  /** A dead-letter queue (data key, TLS only, 14 days) that alarms as soon as a message is in it. */
  deadLetterQueue(scope: Construct, id: string, purpose: string): Queue {
    const queue = new Queue(scope, id, {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    deadLetterPurposes.set(queue, purpose);
    this.alarm(
      scope,
      `${id}Alarm`,
      `Something is in a dead-letter queue: ${purpose}`,
      queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
    );
    return queue;
  }

  /**
   * A function fed by the table's stream: bounded retries that bisect a failing batch, records it
   * gives up on kept in an alarmed dead-letter queue, and an alarm when it falls behind.
   */
  streamConsumer(consumer: AppFunction, options: StreamConsumerOptions): Queue {
    const deadLetters = this.deadLetterQueue(this.scope, options.deadLetterId, options.purpose);
    consumer.fn.addEventSource(
      new DynamoEventSource(options.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: options.batchSize ?? 10,
        retryAttempts: options.retryAttempts ?? 10,
        ...(options.maxRecordAge ? { maxRecordAge: options.maxRecordAge } : {}),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(deadLetters),
        filters: options.filters,
      }),
    );
    failureDestinations.set(
      consumer.fn,
      `Invoked by a DynamoDB stream event source mapping whose on-failure destination is ${deadLetters.node.path} (alarmed).`,
    );
    this.alarm(
      consumer,
      'IteratorAgeAlarm',
      `${consumer.node.id} is more than ${ITERATOR_AGE_ALARM_MS / 1000} s behind the table stream.`,
      consumer.fn.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }),
      ITERATOR_AGE_ALARM_MS,
    );
    return deadLetters;
  }

  /**
   * A function invoked asynchronously (SNS, EventBridge Scheduler): after Lambda's own retries a
   * failed event goes to `deadLetters` (which must come from deadLetterQueue, so it is alarmed).
   */
  asyncFailuresTo(fn: IFunction, deadLetters: Queue, options: AsyncFailureOptions): void {
    if (!deadLetterPurposes.has(deadLetters))
      throw new Error(`${deadLetters.node.path} is not an alarmed dead-letter queue`);
    fn.configureAsyncInvoke({
      retryAttempts: options.retryAttempts,
      maxEventAge: options.maxEventAge,
      onFailure: new SqsDestination(deadLetters),
    });
    failureDestinations.set(
      fn,
      `Invoked asynchronously: failed events go to the on-failure destination ${deadLetters.node.path} (alarmed), the successor of DeadLetterConfig.`,
    );
  }

  /** Errors and throttles of every function, each alarmed on its first occurrence in 5 minutes. */
  watchFunctions(functions: readonly AppFunction[]): void {
    const period = Duration.minutes(5);
    for (const appFunction of functions) {
      const name = appFunction.node.id;
      this.alarm(
        appFunction,
        'ErrorsAlarm',
        `${name} failed (an error or a timeout).`,
        appFunction.fn.metricErrors({ period, statistic: 'Sum' }),
      );
      this.alarm(
        appFunction,
        'ThrottlesAlarm',
        `${name} was throttled: Lambda refused to run it.`,
        appFunction.fn.metricThrottles({ period, statistic: 'Sum' }),
      );
    }
  }
}
