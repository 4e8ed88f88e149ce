import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DefinitionBody,
  Fail,
  LogLevel,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  Timeout,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { SchemeSettings } from '../../shared/config.js';
import type { FunctionName } from '../catalogue.js';
import { grantTableAccess, tableAccessOf } from './data.js';
import { AppFunction } from './lambda.js';

export type MatchingTiming = Pick<
  SchemeSettings,
  'responseWindowSeconds' | 'urgentResponseWindowSeconds' | 'maxWaves'
>;

export interface WorkflowProps {
  table: TableV2;
  environment: Record<string, string>;
  /** Response windows and waves: the longest run they allow must fit in the state machine's timeout. */
  timing: MatchingTiming;
}

/** State names: the sandbox and the tests refer to them, so they are named once. */
export const STATE = {
  wave: 'Wave',
  afterWave: 'AfterWave',
  wait: 'WaitForReplies',
  escalate: 'Escalate',
  done: 'Done',
  escalationFailed: 'EscalationFailed',
} as const;

/** Transient faults (throttling, a timeout, a Lambda hiccup) get three more tries with backoff. */
const RETRY = {
  errors: ['States.ALL'],
  interval: Duration.seconds(2),
  maxAttempts: 3,
  backoffRate: 2,
};

/** The prescriber is the last resort, so telling them gets more patience than any other step. */
const ESCALATE_MAX_ATTEMPTS = 6;
const TASK_TIMEOUT = Duration.seconds(30);
/** An execution still running after this is stopped (and alarms as timed out). */
export const MATCHING_TIMEOUT = Duration.days(7);

/** The longest one Task can take: every attempt timing out, with the back-off between them. */
function worstCaseTaskSeconds(maxAttempts: number): number {
  let backoff = 0;
  for (let retry = 0; retry < maxAttempts; retry++)
    backoff += RETRY.interval.toSeconds() * RETRY.backoffRate ** retry;
  return (maxAttempts + 1) * TASK_TIMEOUT.toSeconds() + backoff;
}

/**
 * The longest a matching run can take: every wave waits its full response window (the longer of the
 * two), and every Task on the way uses all its retries.
 */
export function longestMatchingSeconds(timing: MatchingTiming): number {
  const window = Math.max(timing.responseWindowSeconds, timing.urgentResponseWindowSeconds);
  const task = worstCaseTaskSeconds(RETRY.maxAttempts);
  // One wave step per wave, one more that finds nobody has answered, then Escalate.
  const steps = (timing.maxWaves + 1) * task + worstCaseTaskSeconds(ESCALATE_MAX_ATTEMPTS);
  return timing.maxWaves * window + steps;
}

/**
 * Fails the synth if a request could still be waiting for replies when the state machine times out:
 * it would end as "timed out" without ever reaching the prescriber.
 */
export function assertMatchingFitsTimeout(
  timing: MatchingTiming,
  timeout: Duration = MATCHING_TIMEOUT,
): void {
  const longest = longestMatchingSeconds(timing);
  if (longest <= timeout.toSeconds()) return;
  const window = Math.max(timing.responseWindowSeconds, timing.urgentResponseWindowSeconds);
  throw new Error(
    `Matching could outlast the workflow's ${timeout.toHumanString()} timeout: ${timing.maxWaves} waves × ${window} s ` +
      `response window plus up to ${longest - timing.maxWaves * window} s of steps and retries is ${longest} s ` +
      `(limit ${timeout.toSeconds()} s). Lower responseWindowSeconds, urgentResponseWindowSeconds or maxWaves ` +
      'in cdk.json ("communityKindness").',
  );
}

/**
 * DESIGN.md §2: one wave step (acknowledge on a run's first step; has anyone said yes? if not, invite
 * the next wave), then wait for replies and step again, until someone says yes or the prescriber is
 * told. One Task per wave rather than four (acknowledge, find, invite, check) keeps the transitions,
 * which Step Functions bills, to six on the common path. Every Task retries, and anything it cannot
 * recover from goes to the prescriber.
 */
export class Workflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly functions: Record<string, AppFunction> = {};

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    assertMatchingFitsTimeout(props.timing);
    const task = (
      name: FunctionName,
      stateName: string,
      needs: { maxAttempts?: number; payload?: TaskInput },
    ) => {
      const fn = new AppFunction(this, name, {
        environment: props.environment,
        timeout: Duration.seconds(20),
      });
      this.functions[name] = fn;
      grantTableAccess(props.table, fn.fn, tableAccessOf(name));
      const invoke = new LambdaInvoke(this, stateName, {
        stateName,
        lambdaFunction: fn.fn,
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        taskTimeout: Timeout.duration(TASK_TIMEOUT),
        ...(needs.payload ? { payload: needs.payload } : {}),
      });
      invoke.addRetry({ ...RETRY, maxAttempts: needs.maxAttempts ?? RETRY.maxAttempts });
      return invoke;
    };

    const done = new Succeed(this, STATE.done, { stateName: STATE.done });
    const escalate = task('escalate', STATE.escalate, { maxAttempts: ESCALATE_MAX_ATTEMPTS });
    escalate.addCatch(
      new Fail(this, STATE.escalationFailed, {
        stateName: STATE.escalationFailed,
        error: 'EscalationFailed',
        cause: 'The prescriber could not be told about this request; see the alarm on failed executions.',
      }),
    );
    escalate.next(done);

    // The state, plus which run this is: a retried step tells its own half-done wave from a newer run's.
    const wave = task('wave', STATE.wave, {
      payload: TaskInput.fromObject({
        'state.$': '$',
        run: { 'name.$': '$$.Execution.Name', 'startedAt.$': '$$.Execution.StartTime' },
      }),
    });
    // Our functions throw their error's name only (functions/workflow-task.ts): no message is kept here.
    wave.addCatch(escalate, { errors: ['States.ALL'], resultPath: '$.error' });

    const wait = new Wait(this, STATE.wait, {
      stateName: STATE.wait,
      time: WaitTime.secondsPath('$.windowSeconds'),
    });
    wave.next(
      new Choice(this, STATE.afterWave, { stateName: STATE.afterWave })
        .when(Condition.stringEquals('$.next', 'wait'), wait)
        .when(Condition.stringEquals('$.next', 'done'), done)
        // "escalate", and anything unexpected, goes to a person rather than ending quietly.
        .otherwise(escalate),
    );
    wait.next(wave);

    // Level ALL for every transition, execution data excluded: no personal data reaches the logs.
    const logs = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new StateMachine(this, 'Matching', {
      definitionBody: DefinitionBody.fromChainable(wave),
      stateMachineType: StateMachineType.STANDARD,
      timeout: MATCHING_TIMEOUT,
      tracingEnabled: true,
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
      comment: 'Community Kindness: match a help request to a volunteer, or hand it to the prescriber',
    });
  }
}
