import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
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
  Timeout,
  Wait,
  WaitTime,
  type INextable,
  type IChainable,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { FunctionName } from '../catalogue.js';
import type { Email } from './email.js';
import { AppFunction } from './lambda.js';

export interface WorkflowProps {
  table: ITableV2;
  email: Email;
  environment: Record<string, string>;
}

/** State names: the sandbox and the tests refer to them, so they are named once. */
export const STATE = {
  acknowledge: 'AcknowledgeRequest',
  find: 'FindCandidates',
  anyCandidates: 'AnyCandidates',
  send: 'SendInvites',
  wait: 'WaitForReplies',
  check: 'CheckOutcome',
  whatNext: 'AcceptedOrNextWave',
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

/**
 * DESIGN.md §2: find candidates, invite a wave, wait, check; next wave or escalate. Every Task
 * retries, and anything it cannot recover from goes to the prescriber with the reason.
 */
export class Workflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly functions: Record<string, AppFunction> = {};

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const task = (
      name: FunctionName,
      stateName: string,
      needs: { write?: boolean; email?: boolean; maxAttempts?: number },
    ) => {
      const fn = new AppFunction(this, name, {
        environment: props.environment,
        timeout: Duration.seconds(20),
      });
      this.functions[name] = fn;
      if (needs.write) props.table.grantReadWriteData(fn.fn);
      else props.table.grantReadData(fn.fn);
      if (needs.email) props.email.grantSend(fn.fn);
      const invoke = new LambdaInvoke(this, stateName, {
        stateName,
        lambdaFunction: fn.fn,
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        taskTimeout: Timeout.duration(Duration.seconds(30)),
      });
      invoke.addRetry({ ...RETRY, maxAttempts: needs.maxAttempts ?? RETRY.maxAttempts });
      return invoke;
    };

    const done = new Succeed(this, STATE.done, { stateName: STATE.done });
    // The prescriber is the last resort, so telling them gets more patience than any other step.
    const escalate = task('escalate', STATE.escalate, { write: true, email: true, maxAttempts: 6 });
    escalate.addCatch(
      new Fail(this, STATE.escalationFailed, {
        stateName: STATE.escalationFailed,
        error: 'EscalationFailed',
        cause: 'The prescriber could not be told about this request; see the alarm on failed executions.',
      }),
    );
    escalate.next(done);

    const catchToEscalate = <T extends LambdaInvoke>(state: T): T => {
      state.addCatch(escalate, { errors: ['States.ALL'], resultPath: '$.error' });
      return state;
    };

    // Writes one item: the hashed token behind the confirmation email's cancel link.
    const acknowledge = task('acknowledgeRequest', STATE.acknowledge, { email: true, write: true });
    const find = catchToEscalate(task('findCandidates', STATE.find, { write: true }));
    const send = catchToEscalate(task('sendInvites', STATE.send, { write: true, email: true }));
    const check = catchToEscalate(task('checkOutcome', STATE.check, {}));
    // The acknowledgement is a courtesy: if it cannot be sent, matching goes on.
    acknowledge.addCatch(find, { errors: ['States.ALL'], resultPath: '$.acknowledgeError' });

    const wait = new Wait(this, STATE.wait, {
      stateName: STATE.wait,
      time: WaitTime.secondsPath('$.windowSeconds'),
    });

    const chain: IChainable & INextable = acknowledge;
    chain.next(find);
    find.next(
      new Choice(this, STATE.anyCandidates, { stateName: STATE.anyCandidates })
        .when(Condition.stringEquals('$.next', 'invite'), send)
        .when(Condition.stringEquals('$.next', 'done'), done)
        // Anything unexpected goes to a person rather than ending quietly.
        .otherwise(escalate),
    );
    send.next(wait);
    wait.next(check);
    check.next(
      new Choice(this, STATE.whatNext, { stateName: STATE.whatNext })
        .when(Condition.stringEquals('$.next', 'next-wave'), find)
        .when(Condition.stringEquals('$.next', 'done'), done)
        .otherwise(escalate),
    );

    // Level ALL for every transition, execution data excluded: no personal data reaches the logs.
    const logs = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new StateMachine(this, 'Matching', {
      definitionBody: DefinitionBody.fromChainable(acknowledge),
      stateMachineType: StateMachineType.STANDARD,
      timeout: Duration.days(7),
      tracingEnabled: true,
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
      comment: 'Community Kindness: match a help request to a volunteer, or hand it to the prescriber',
    });
  }
}
