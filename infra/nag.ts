import { Stack, Token, Validations, type CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { FUNCTIONS, type FunctionName } from './catalogue.js';
import { AppFunction } from './constructs/lambda.js';

/**
 * Every cdk-nag finding (AwsSolutions and Serverless packs) that is accepted rather than fixed, each
 * on the one resource it concerns, with the control that stands in for the rule. `npm run synth`
 * and the tests fail on any finding not listed here.
 */
function ack(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

const RUNTIME =
  'Pinned to nodejs22.x on purpose: the version the bundles target and the sandbox and tests run; a newer runtime is a reviewed upgrade, not a drift.';

const NO_DLQ_REASON: Record<'http' | 'task' | 'stream' | 'async' | 'scheduled', string> = {
  http: 'Invoked synchronously by API Gateway: a failure is answered to the person (a kind 500 page with the scheme phone), there is no event to park; the 5xx alarm watches it.',
  task: 'Invoked synchronously by Step Functions: Retry with back-off, then Catch sends the request to the prescriber (Escalate); failed executions alarm.',
  stream:
    'Invoked by the DynamoDB stream event source mapping, whose on-failure destination is the StartMatchingDeadLetters queue (alarmed).',
  async:
    'Asynchronous invocations go to an on-failure destination (EmailEvents/DeadLetters or SmsInbound/DeadLetters, alarmed), the successor of DeadLetterConfig.',
  scheduled:
    'Invoked by EventBridge Scheduler, which retries and then parks the event in the schedule target\u2019s dead-letter queue (DailyDigest/DeadLetters, alarmed).',
};

function invocationOf(name: FunctionName): keyof typeof NO_DLQ_REASON {
  if (name === 'startMatching') return 'stream';
  if (name === 'emailEvents' || name === 'smsInbound') return 'async';
  if (name === 'dailyDigest') return 'scheduled';
  const entry: string = FUNCTIONS[name].entry;
  return /acknowledge|find-candidates|send-invites|check-outcome|escalate/.test(entry) ? 'task' : 'http';
}

function logicalId(scope: IConstruct | undefined): string | undefined {
  const resource = scope?.node.defaultChild as CfnResource | undefined;
  return resource ? Stack.of(resource).getLogicalId(resource) : undefined;
}

/** How cdk-nag prints an account or region that is only known at deploy time. */
function pseudo(value: string, name: string): string {
  return Token.isUnresolved(value) ? `<AWS::${name}>` : value;
}

export function acknowledgeNagFindings(stack: Stack): void {
  const tableId = logicalId(stack.node.tryFindChild('Data')?.node.tryFindChild('Table'));

  for (const construct of stack.node.findAll()) {
    if (!(construct instanceof AppFunction)) continue;
    const name = construct.node.id as FunctionName;
    ack(construct.fn, 'AwsSolutions-L1', RUNTIME);
    ack(construct.fn, 'Serverless-LambdaLatestVersion', RUNTIME);
    ack(construct.fn, 'Serverless-LambdaDLQ', NO_DLQ_REASON[invocationOf(name)]);
    const policy = construct.fn.role?.node.tryFindChild('DefaultPolicy');
    if (!policy) continue;
    ack(
      policy,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords accept no resource-level permission; nothing else is granted on "*".',
    );
    ack(
      policy,
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      "CDK's grant on the table's customer-managed key: the actions are scoped to that one key.",
    );
    ack(
      policy,
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
      "CDK's grant on the table's customer-managed key: the actions are scoped to that one key.",
    );
    if (tableId) {
      ack(
        policy,
        `AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
        "The table's own two indexes (byStatus, byOffer), read by Query.",
      );
    }
  }

  const workflow = stack.node.tryFindChild('Workflow');
  const machineRole = workflow?.node.tryFindChild('Matching')?.node.tryFindChild('Role');
  const machinePolicy = machineRole?.node.tryFindChild('DefaultPolicy');
  if (machinePolicy && workflow) {
    ack(
      machinePolicy,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray and CloudWatch Logs delivery for the state machine accept no resource-level permission.',
    );
    for (const child of workflow.node.children) {
      if (!(child instanceof AppFunction)) continue;
      const fnId = logicalId(child.fn);
      ack(
        machinePolicy,
        `AwsSolutions-IAM5[Resource::<${fnId}.Arn>:*]`,
        'Invoking a version or alias of this one task function.',
      );
    }
  }

  const api = stack.node.tryFindChild('Api')?.node.tryFindChild('Http');
  for (const route of api?.node.children ?? []) {
    const isAdmin = route.node.id.includes('admin');
    ack(
      route,
      'AwsSolutions-APIG4',
      isAdmin
        ? 'Dashboard sign-in pages: public by nature; the sign-in itself is Cognito, and every other /admin route has the JWT authorizer.'
        : 'Public form and volunteer pages: WAF rate rule and IP reputation list, stage throttling, schema validation, honeypot, single-use hashed tokens.',
    );
  }

  const userPool = stack.node.tryFindChild('Auth')?.node.tryFindChild('Prescribers');
  if (userPool) {
    ack(
      userPool,
      'AwsSolutions-COG2',
      'MFA (TOTP) is offered to every prescriber and strongly advised, not forced: accounts are admin-created only, with a strong password policy and short-lived tokens.',
    );
    ack(
      userPool,
      'AwsSolutions-COG8',
      'Essentials plan: a handful of prescriber accounts, no self sign-up, admin-created only; threat protection (Plus) is not worth its cost here.',
    );
  }

  const distribution = stack.node.tryFindChild('Web')?.node.tryFindChild('Distribution');
  if (distribution) {
    ack(
      distribution,
      'AwsSolutions-CFR1',
      'No geo restriction: relatives asking on someone\u2019s behalf may be abroad; the WAF rate rule and IP reputation list stand in.',
    );
    ack(
      distribution,
      'AwsSolutions-CFR4',
      'The default CloudFront certificate until a custom domain with an ACM certificate is configured (README, publicBaseUrl); viewers are redirected to HTTPS.',
    );
  }

  for (const id of ['StartMatchingDeadLetters']) {
    const queue = stack.node.tryFindChild(id);
    if (!queue) continue;
    ack(
      queue,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter queue of the stream trigger (alarmed).',
    );
    ack(
      queue,
      'Serverless-SQSRedrivePolicy',
      'This queue is itself the dead-letter queue of the stream trigger (alarmed).',
    );
  }
  const emailDeadLetters = stack.node.tryFindChild('EmailEvents')?.node.tryFindChild('DeadLetters');
  if (emailDeadLetters) {
    ack(
      emailDeadLetters,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter queue of the SES event path (alarmed).',
    );
    ack(
      emailDeadLetters,
      'Serverless-SQSRedrivePolicy',
      'This queue is itself the dead-letter queue of the SES event path (alarmed).',
    );
  }

  const smsInbound = stack.node.tryFindChild('SmsInbound');
  const smsDeadLetters = smsInbound?.node.tryFindChild('DeadLetters');
  if (smsDeadLetters) {
    const reason = 'This queue is itself the dead-letter queue of the text reply path (alarmed).';
    ack(smsDeadLetters, 'AwsSolutions-SQS3', reason);
    ack(smsDeadLetters, 'Serverless-SQSRedrivePolicy', reason);
  }
  const smsPolicy = smsInbound?.node.tryFindChild('smsInbound');
  if (smsPolicy instanceof AppFunction) {
    const policy = smsPolicy.fn.role?.node.tryFindChild('DefaultPolicy');
    if (policy)
      ack(
        policy,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sms-voice:${pseudo(stack.region, 'Region')}:${pseudo(stack.account, 'AccountId')}:*]`,
        "SendTextMessage from this account's own End User Messaging numbers, sender IDs and opt-out lists in this region; which one sends is configuration.",
      );
  }
  const lookupSecret = stack.node.tryFindChild('LookupSecret')?.node.tryFindChild('Secret');
  if (lookupSecret) {
    ack(
      lookupSecret,
      'AwsSolutions-SMG4',
      'Not rotated by design: the secret keys the hashed volunteer email and phone lookups, and a new one would orphan them all until every volunteer is saved again. Generated, never shown, KMS-encrypted with the data key, readable only by the functions that compute lookup keys.',
    );
  }

  // Chase-ups (issue #7): the daily digest's schedule.
  const dailyDigest = stack.node.tryFindChild('DailyDigest');
  const digestDeadLetters = dailyDigest?.node.tryFindChild('DeadLetters');
  if (digestDeadLetters) {
    const reason = 'This queue is itself the dead-letter queue of the daily digest schedule (alarmed).';
    ack(digestDeadLetters, 'AwsSolutions-SQS3', reason);
    ack(digestDeadLetters, 'Serverless-SQSRedrivePolicy', reason);
  }
  const schedulerPolicy = dailyDigest?.node.tryFindChild('SchedulerRole')?.node.tryFindChild('DefaultPolicy');
  const digestFunction = dailyDigest?.node.tryFindChild('dailyDigest');
  if (schedulerPolicy && digestFunction instanceof AppFunction) {
    ack(
      schedulerPolicy,
      `AwsSolutions-IAM5[Resource::<${logicalId(digestFunction.fn)}.Arn>:*]`,
      'Invoking a version or alias of the one digest function.',
    );
  }

  const alarms = stack.node.tryFindChild('Alarms');
  for (const subscription of alarms?.node.children ?? []) {
    if (subscription.node.id === 'Resource') continue;
    ack(
      subscription,
      'Serverless-SNSRedrivePolicy',
      'An email subscription to the alarm topic: CloudWatch keeps the alarm state, and NumberOfNotificationsFailed is visible.',
    );
  }

  // CDK's own deploy-time function that copies /assets/ to S3: not application code, runs only during deploys.
  const deployer = stack.node.findAll().find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (deployer) {
    const reason =
      "CDK's BucketDeployment handler (deploy time only, copies the NHS.UK assets to the private bucket).";
    for (const id of [
      'AwsSolutions-L1',
      'Serverless-LambdaLatestVersion',
      'Serverless-LambdaDLQ',
      'Serverless-LambdaTracing',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'AwsSolutions-IAM5[Action::s3:Abort*]',
      'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
      'AwsSolutions-IAM5[Action::s3:GetBucket*]',
      'AwsSolutions-IAM5[Action::s3:GetObject*]',
      'AwsSolutions-IAM5[Action::s3:List*]',
      'AwsSolutions-IAM5[Resource::*]',
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${pseudo(stack.account, 'AccountId')}-${pseudo(stack.region, 'Region')}/*]`,
    ]) {
      ack(deployer, id, reason);
    }
    const assets = stack.node.tryFindChild('Web')?.node.tryFindChild('Assets');
    ack(deployer, `AwsSolutions-IAM5[Resource::<${logicalId(assets)}.Arn>/*]`, reason);
  }
}
