import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Email } from './email.js';
import { AppFunction } from './lambda.js';

export interface DailyDigestProps {
  table: TableV2;
  key: Key;
  email: Email;
  environment: Record<string, string>;
  /** London hour (0–23): Scheduler follows the clocks, so it is the same hour in summer and winter. */
  hour: number;
}

/**
 * Chase-ups: EventBridge Scheduler runs the digest function once a day. It reads requests by status and
 * the roster (Queries on the byStatus index, never a Scan), marks reminders sent, writes their audit
 * entry and the "done" link behind them, and emails; a run that still fails after retries waits in a
 * dead-letter queue, which the stack alarms on.
 */
export class DailyDigest extends Construct {
  readonly handler: AppFunction;
  readonly schedule: Schedule;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: DailyDigestProps) {
    super(scope, id);
    this.handler = new AppFunction(this, 'dailyDigest', {
      environment: props.environment,
      timeout: Duration.minutes(1),
    });
    const fn = this.handler.fn;
    // GetItem: the series catch-up reads a series and its latest occurrence before making the next one.
    props.table.grant(fn, 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem');
    props.table.grantOnKey(
      fn,
      'kms:Decrypt',
      'kms:DescribeKey',
      'kms:Encrypt',
      'kms:ReEncrypt*',
      'kms:GenerateDataKey*',
    );
    props.email.grantSend(fn);

    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    // Its own role (not the stack-wide one CDK would share between targets), allowed to invoke this function only.
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Community Kindness: runs the daily digest',
    });
    this.schedule = new Schedule(this, 'Schedule', {
      description: 'Community Kindness: the daily digest to the prescriber',
      schedule: ScheduleExpression.cron({
        minute: '0',
        hour: String(props.hour),
        timeZone: TimeZone.EUROPE_LONDON,
      }),
      target: new LambdaInvoke(fn, {
        role: schedulerRole,
        retryAttempts: 2,
        // A digest that is hours late is still worth sending; one from yesterday is not.
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.deadLetters,
      }),
    });
  }
}
