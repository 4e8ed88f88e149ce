import { Stack, Token, Validations, type CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { FUNCTIONS, ROUTES, type FunctionName } from './catalogue.js';
import { AppFunction } from './constructs/lambda.js';
import { deadLetterPurposeOf, failureDestinationOf } from './constructs/operations.js';
import { Web } from './constructs/web.js';

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

const NO_DLQ_REASON: Record<'http' | 'task', string> = {
  http: 'Invoked synchronously by API Gateway: a failure is answered to the person (a kind 500 page with the scheme phone), there is no event to park; the 5xx and function error alarms watch it.',
  task: 'Invoked synchronously by Step Functions: Retry with back-off, then Catch sends the request to the prescriber (Escalate); failed executions alarm.',
};

/**
 * Why a function needs no DeadLetterConfig: a stream or asynchronous invoker's on-failure destination
 * as Operations wired it, else the synchronous caller that handles its failures. A function with
 * neither gets no acknowledgement, so cdk-nag stops the synth.
 */
function noDeadLetterReason(construct: AppFunction): string | undefined {
  const destination = failureDestinationOf(construct.fn);
  if (destination) return destination;
  const name = construct.node.id as FunctionName;
  const entry: string = FUNCTIONS[name].entry;
  if (/functions\/(wave|escalate)\.ts$/.test(entry)) return NO_DLQ_REASON.task;
  return ROUTES.some((route) => route.fn === name) ? NO_DLQ_REASON.http : undefined;
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
  for (const construct of stack.node.findAll()) {
    if (construct instanceof Queue) {
      const purpose = deadLetterPurposeOf(construct);
      if (!purpose) continue;
      const reason = `This queue is itself a dead-letter queue, alarmed on its first message: ${purpose}`;
      ack(construct, 'AwsSolutions-SQS3', reason);
      ack(construct, 'Serverless-SQSRedrivePolicy', reason);
      continue;
    }
    if (!(construct instanceof AppFunction)) continue;
    ack(construct.fn, 'AwsSolutions-L1', RUNTIME);
    ack(construct.fn, 'Serverless-LambdaLatestVersion', RUNTIME);
    const noDeadLetter = noDeadLetterReason(construct);
    if (noDeadLetter) ack(construct.fn, 'Serverless-LambdaDLQ', noDeadLetter);
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
        : 'Public form and volunteer pages, public by nature. Every handler refuses a request without CloudFront\u2019s origin-verify secret before doing anything, so the WAF\u2019s per-IP rate rules, IP reputation and bad-input rules cannot be walked around; plus stage throttling, schema validation, honeypot, single-use hashed tokens.',
    );
  }

  // The front door's secret: rotation must also change CloudFront's header, so it is a procedure.
  const originVerifySecret = stack.node.tryFindChild('Api')?.node.tryFindChild('OriginVerifySecret');
  if (originVerifySecret) {
    ack(
      originVerifySecret,
      'AwsSolutions-SMG4',
      'Rotated by the documented procedure in docs/SECURITY.md (new value, then a deploy that pins it on CloudFront); the handlers accept the current and previous values, so a rotation refuses nobody. It guards the origin only and protects no data.',
    );
  }

  // The one function that texts: the outbox's sender (replies to texts go through it too).
  const texters = [stack.node.tryFindChild('sendMessages')];
  for (const texter of texters) {
    const policy =
      texter instanceof AppFunction ? texter.fn.role?.node.tryFindChild('DefaultPolicy') : undefined;
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

  const web = stack.node.tryFindChild('Web');
  const distribution = web?.node.tryFindChild('Distribution');
  if (distribution) {
    ack(
      distribution,
      'AwsSolutions-CFR1',
      'No geo restriction: relatives asking on someone\u2019s behalf may be abroad; the WAF rate rule and IP reputation list stand in.',
    );
    ack(
      distribution,
      'AwsSolutions-CFR3',
      'Standard logging is off on purpose: it records full paths, and volunteer and requester links carry their token in the path. The API access log (route template and status), WAF rule metrics and the 5xx alarm stand in.',
    );
    // With a custom domain the distribution has its own certificate and a TLS 1.2 (2021) minimum, and
    // CFR4 passes. Only without one is it acknowledged: CloudFront's default certificate cannot be set
    // to anything above TLSv1.
    if (web instanceof Web && !web.hasCustomDomain) {
      ack(
        distribution,
        'AwsSolutions-CFR4',
        'No custom domain configured yet: CloudFront\u2019s default *.cloudfront.net certificate has a security policy fixed at TLSv1 that no setting can raise. Setting deployment.domainName and certificateArn in cdk.json gives TLS 1.2 (2021) minimum; viewers are always redirected to HTTPS.',
      );
    }
  }

  const dailyDigest = stack.node.tryFindChild('DailyDigest');
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
