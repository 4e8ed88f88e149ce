import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { settingsToEnvironment, type SchemeSettings } from '../shared/config.js';
import { MESSAGE_SK, REQUEST_SK } from '../shared/store/table.js';
import { Api } from './constructs/api.js';
import { Auth } from './constructs/auth.js';
import { Data } from './constructs/data.js';
import { Email } from './constructs/email.js';
import { EmailEvents } from './constructs/email-events.js';
import { AppFunction } from './constructs/lambda.js';
import { DailyDigest } from './constructs/schedule.js';
import { Web } from './constructs/web.js';
import { Workflow } from './constructs/workflow.js';

export interface CommunityKindnessStackProps extends StackProps {
  settings: SchemeSettings;
  /** A custom domain's base URL for email links; the CloudFront domain when unset. */
  publicBaseUrl?: string;
  /** Escalations in one day that alarm (default 5). */
  escalationAlarmPerDay?: number;
  /** The WAF web ACL for CloudFront (EdgeStack, us-east-1). */
  webAclArn?: string;
  /** Public routes: steady requests per second and burst. */
  throttle?: { rateLimit: number; burstLimit: number };
}

export class CommunityKindnessStack extends Stack {
  readonly data: Data;
  readonly workflow: Workflow;
  readonly api: Api;
  readonly web: Web;

  constructor(scope: Construct, id: string, props: CommunityKindnessStackProps) {
    super(scope, id, props);
    this.data = new Data(this, 'Data');
    const email = new Email(this, 'Email', { senderEmail: props.settings.senderEmail });

    // The base URL depends on the distribution, which depends on the API: functions read it from a token.
    const baseEnvironment = {
      ...settingsToEnvironment(props.settings),
      TABLE_NAME: this.data.table.tableName,
    };
    const auth = new Auth(this, 'Auth');
    const api = new Api(this, 'Api', {
      table: this.data.table,
      email,
      environment: baseEnvironment,
      throttle: props.throttle ?? { rateLimit: 20, burstLimit: 40 },
      prescriberAuthorizer: auth.authorizer,
      signInEnvironment: { USER_POOL_CLIENT_ID: auth.client.userPoolClientId },
    });
    this.api = api;
    this.web = new Web(this, 'Web', { httpApi: api.httpApi, webAclArn: props.webAclArn });
    auth.protectDashboard(this.web.distribution, api.httpApi);
    const publicBaseUrl = props.publicBaseUrl ?? `https://${this.web.distribution.distributionDomainName}`;
    for (const fn of Object.values(api.functions)) fn?.fn.addEnvironment('PUBLIC_BASE_URL', publicBaseUrl);

    this.workflow = new Workflow(this, 'Workflow', {
      table: this.data.table,
      email,
      environment: { ...baseEnvironment, PUBLIC_BASE_URL: publicBaseUrl },
    });
    // "Run matching again" on the dashboard, and a volunteer's release link, start a new execution of
    // the same state machine.
    for (const fn of [api.functions.adminRequests, api.functions.selfService]) {
      if (!fn) continue;
      fn.fn.addEnvironment('STATE_MACHINE_ARN', this.workflow.stateMachine.stateMachineArn);
      this.workflow.stateMachine.grantStartExecution(fn.fn);
    }
    // Issue #7: "treat as new" starts matching for a request held as a possible duplicate.
    const adminCare = api.functions.adminCare;
    if (adminCare) {
      adminCare.fn.addEnvironment('STATE_MACHINE_ARN', this.workflow.stateMachine.stateMachineArn);
      this.workflow.stateMachine.grantStartExecution(adminCare.fn);
    }

    const alarms = new Topic(this, 'Alarms', {
      masterKey: this.data.key,
      displayName: 'Community Kindness alarms',
    });
    alarms.addSubscription(new EmailSubscription(props.settings.prescriberEmail));
    // CloudWatch publishes to the encrypted topic, so it must be able to use the key, or alarms go nowhere.
    this.data.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        // In a key policy, "*" means this key.
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );

    // Nothing lost: a stored request whose workflow cannot start lands in a dead-letter queue that alarms.
    const deadLetters = new Queue(this, 'StartMatchingDeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.data.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const startMatching = new AppFunction(this, 'startMatching', {
      environment: {
        ...baseEnvironment,
        PUBLIC_BASE_URL: publicBaseUrl,
        STATE_MACHINE_ARN: this.workflow.stateMachine.stateMachineArn,
      },
    });
    this.workflow.stateMachine.grantStartExecution(startMatching.fn);
    startMatching.fn.addEventSource(
      new DynamoEventSource(this.data.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        retryAttempts: 10,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(deadLetters),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { Keys: { sk: { S: FilterRule.isEqual(REQUEST_SK) } } },
          }),
        ],
      }),
    );
    const alarm = (id: string, alarmDescription: string, metric: IMetric, threshold = 1) =>
      new Alarm(this, id, {
        alarmDescription,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new SnsAction(alarms));
    alarm(
      'DeadLettersAlarm',
      'A stored request could not start matching: it is in the dead-letter queue.',
      deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
    );
    alarm(
      'FailedExecutionsAlarm',
      'A matching workflow failed, so a request may not have reached anyone.',
      this.workflow.stateMachine.metricFailed({ period: Duration.minutes(5) }),
    );

    // The outbox's one sender: every message INSERT, retried with bisection and then dead-lettered (with an
    // alarm). Its role reads and updates only the items a delivery touches, and sends only email and texts.
    const messageDeadLetters = new Queue(this, 'SendMessagesDeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.data.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const sendMessages = new AppFunction(this, 'sendMessages', {
      environment: { ...baseEnvironment, PUBLIC_BASE_URL: publicBaseUrl },
      timeout: Duration.seconds(30),
    });
    sendMessages.fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [
          'dynamodb:GetItem',
          'dynamodb:Query',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:ConditionCheckItem',
        ],
        resources: [this.data.table.tableArn],
        // The message, its request and invites, the recipient's profile and links, and the series.
        conditions: {
          'ForAllValues:StringLike': {
            'dynamodb:LeadingKeys': [
              'MSG#*',
              'REQ#*',
              'VOL#*',
              'VOLEMAIL#*',
              'TOKEN#*',
              'ACTION#*',
              'SERIES#*',
            ],
          },
        },
      }),
    );
    this.data.key.grantEncryptDecrypt(sendMessages.fn);
    email.grantSend(sendMessages.fn);
    sendMessages.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['sms-voice:SendTextMessage'],
        resources: [this.formatArn({ service: 'sms-voice', resource: '*' })],
      }),
    );
    sendMessages.fn.addEventSource(
      new DynamoEventSource(this.data.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        retryAttempts: 20,
        maxRecordAge: Duration.days(1),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(messageDeadLetters),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { Keys: { sk: { S: FilterRule.isEqual(MESSAGE_SK) } } },
          }),
        ],
      }),
    );
    alarm(
      'SendMessagesDeadLettersAlarm',
      'A message could not be sent after its retries: it is in the dead-letter queue, and its item says which.',
      messageDeadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
    );

    const emailEvents = new EmailEvents(this, 'EmailEvents', {
      email,
      table: this.data.table,
      key: this.data.key,
      environment: { ...baseEnvironment, PUBLIC_BASE_URL: publicBaseUrl },
    });
    alarm(
      'EmailEventDeadLettersAlarm',
      'A bounce or complaint could not be handled: it is in the dead-letter queue.',
      emailEvents.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
    );
    alarm(
      'ServerErrorsAlarm',
      'The public pages or API answered with server errors (5xx).',
      api.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      5,
    );
    alarm(
      'EscalationsAlarm',
      'More requests than usual went to the prescriber in a day: the roster may be short of volunteers.',
      new Metric({
        namespace: 'CommunityKindness',
        metricName: 'Escalated',
        dimensionsMap: { service: 'community-kindness' },
        statistic: 'Sum',
        period: Duration.days(1),
      }),
      props.escalationAlarmPerDay ?? 5,
    );

    // Chase-ups: the prescriber's daily digest and the volunteers' one reminder (issue #7).
    const dailyDigest = new DailyDigest(this, 'DailyDigest', {
      table: this.data.table,
      key: this.data.key,
      email,
      environment: { ...baseEnvironment, PUBLIC_BASE_URL: publicBaseUrl },
      hour: props.settings.digestHour,
    });
    alarm(
      'DailyDigestDeadLettersAlarm',
      'The daily digest could not run: the prescriber did not get it today.',
      dailyDigest.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
    );

    new CfnOutput(this, 'PublicUrl', { value: publicBaseUrl, description: 'The request form' });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'UserPoolId', {
      value: auth.userPool.userPoolId,
      description: 'Prescribers: scripts/create-prescriber.ts adds an account here',
    });
  }
}
