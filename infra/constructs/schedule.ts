import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { grantTableAccess, tableAccessOf, type Data } from './data.js';
import type { Email } from './email.js';
import { AppFunction } from './lambda.js';
import type { Operations } from './operations.js';

export interface DailyDigestProps {
  data: Data;
  email: Email;
  operations: Operations;
  environment: Record<string, string>;
  /** London hour (0–23): Scheduler follows the clocks, so it is the same hour in summer and winter. */
  hour: number;
}

/** A digest that is hours late is still worth sending; one from yesterday is not. */
const DIGEST_MAX_AGE = Duration.hours(6);

/**
 * Chase-ups: EventBridge Scheduler runs the digest function once a day. It reads requests by status and
 * the roster (Queries on the byStatus index, never a Scan), marks reminders sent, writes their audit
 * entry and the "done" link behind them, and emails. Scheduler invokes it asynchronously, so there are
 * two ways to fail and both end in the same alarmed dead-letter queue: Scheduler could not hand the
 * event to Lambda (the target's dead-letter config), or the function failed after Lambda's retries
 * (its on-failure destination).
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
    grantTableAccess(props.data.table, fn, tableAccessOf('dailyDigest'));
    props.email.grantSend(fn);

    this.deadLetters = props.operations.deadLetterQueue(
      this,
      'DeadLetters',
      'the daily digest could not run, so the prescriber did not get it today.',
    );
    props.operations.asyncFailuresTo(fn, this.deadLetters, {
      retryAttempts: 2,
      maxEventAge: DIGEST_MAX_AGE,
    });
    // Its own role (not the stack-wide one CDK would share between targets), allowed to invoke this function only.
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Community Kindness: runs the daily digest',
    });
    // Scheduler dead-letters with this role into a queue encrypted with the data key: sending to such
    // a queue takes these two key actions, without which its dead letters would be refused.
    props.data.key.grant(schedulerRole, 'kms:GenerateDataKey', 'kms:Decrypt');
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
        maxEventAge: DIGEST_MAX_AGE,
        deadLetterQueue: this.deadLetters,
      }),
    });
  }
}
