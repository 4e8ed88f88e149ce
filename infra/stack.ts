import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import {
  emailDomainFor,
  parseDeploymentSettings,
  settingsToEnvironment,
  type DeploymentSettings,
  type SchemeSettings,
} from '../shared/config.js';
import { MESSAGE_SK, REQUEST_SK } from '../shared/store/table.js';
import { Api } from './constructs/api.js';
import { Auth } from './constructs/auth.js';
import { Data, grantTableAccess, tableAccessOf } from './constructs/data.js';
import { Email, SES_WARNING_RATES } from './constructs/email.js';
import { EmailEvents } from './constructs/email-events.js';
import { LookupSecret } from './constructs/lookup-secret.js';
import { SmsInbound } from './constructs/sms-inbound.js';
import { AppFunction } from './constructs/lambda.js';
import { Operations, stackAlarmsArn } from './constructs/operations.js';
import { DailyDigest } from './constructs/schedule.js';
import { Web } from './constructs/web.js';
import { Workflow } from './constructs/workflow.js';
import { STACK_OUTPUTS } from './outputs.js';

export interface CommunityKindnessStackProps extends StackProps {
  settings: SchemeSettings;
  /** cdk.json's `deployment` object (region, domains, alarm email); every default when omitted. */
  deployment?: DeploymentSettings;
  /** A custom domain's base URL for email links; the CloudFront domain when unset. */
  publicBaseUrl?: string;
  /** Escalations in one day that alarm (default 5). */
  escalationAlarmPerDay?: number;
  /** The WAF web ACL for CloudFront (EdgeStack, us-east-1). */
  webAclArn?: string;
  /** Public routes: steady requests per second and burst. */
  throttle?: { rateLimit: number; burstLimit: number };
  /** After rotating the origin-verify secret: the new version's id, so CloudFront gets the new value. */
  originVerifySecretVersionId?: string;
}

export class CommunityKindnessStack extends Stack {
  readonly data: Data;
  readonly workflow: Workflow;
  readonly api: Api;
  readonly web: Web;

  constructor(scope: Construct, id: string, props: CommunityKindnessStackProps) {
    super(scope, id, props);
    const deployment = props.deployment ?? parseDeploymentSettings(undefined);
    this.data = new Data(this, 'Data');
    const email = new Email(this, 'Email', {
      senderEmail: props.settings.senderEmail,
      emailDomain: emailDomainFor(deployment, props.settings),
      mailFromSubdomain: deployment.mailFromSubdomain,
    });
    // One topic for every alarm. CloudWatch publishes to it encrypted with the data key.
    const operations = new Operations(this, {
      key: this.data.key,
      alarmEmail: deployment.alarmEmail ?? props.settings.prescriberEmail,
    });
    this.data.allowServiceToUseKey('cloudwatch.amazonaws.com', [stackAlarmsArn(this)]);

    // The base URL depends on the distribution, which depends on the API: functions read it from a token.
    const baseEnvironment = {
      ...settingsToEnvironment(props.settings),
      TABLE_NAME: this.data.table.tableName,
    };
    const auth = new Auth(this, 'Auth');
    const api = new Api(this, 'Api', {
      table: this.data.table,
      environment: baseEnvironment,
      throttle: props.throttle ?? { rateLimit: 20, burstLimit: 40 },
      prescriberAuthorizer: auth.authorizer,
      signInEnvironment: { USER_POOL_CLIENT_ID: auth.client.userPoolClientId },
    });
    this.api = api;
    this.web = new Web(this, 'Web', {
      httpApi: api.httpApi,
      webAclArn: props.webAclArn,
      originVerifySecret: api.originVerifySecret,
      originVerifySecretVersionId: props.originVerifySecretVersionId,
      domainName: props.deployment?.domainName,
      certificateArn: props.deployment?.certificateArn,
    });
    auth.protectDashboard(this.web.distribution, this.web.apiOrigin);
    // Admins add, disable and enable prescribers from the team page: only its function may.
    if (api.functions.adminTeam) auth.grantTeamManagement(api.functions.adminTeam.fn);
    // Email links use the custom domain when there is one; without one, the CloudFront domain.
    const publicBaseUrl = props.deployment?.domainName
      ? `https://${props.deployment.domainName}`
      : (props.publicBaseUrl ?? `https://${this.web.distribution.distributionDomainName}`);
    for (const fn of Object.values(api.functions)) fn?.fn.addEnvironment('PUBLIC_BASE_URL', publicBaseUrl);

    this.workflow = new Workflow(this, 'Workflow', {
      table: this.data.table,
      environment: { ...baseEnvironment, PUBLIC_BASE_URL: publicBaseUrl },
      timing: props.settings,
    });
    // "Run matching again" on the dashboard, and a volunteer's release link, start a new execution of
    // the same state machine.
    for (const fn of [api.functions.adminMatchAgain, api.functions.selfService]) {
      if (!fn) continue;
      fn.fn.addEnvironment('STATE_MACHINE_ARN', this.workflow.stateMachine.stateMachineArn);
      this.workflow.stateMachine.grantStartExecution(fn.fn);
    }
    // "Treat as new" starts matching for a request held as a possible duplicate.
    const adminCare = api.functions.adminCare;
    if (adminCare) {
      adminCare.fn.addEnvironment('STATE_MACHINE_ARN', this.workflow.stateMachine.stateMachineArn);
      this.workflow.stateMachine.grantStartExecution(adminCare.fn);
    }

    // Nothing lost: a stored request whose workflow cannot start lands in a dead-letter queue that alarms.
    const startMatching = new AppFunction(this, 'startMatching', {
      environment: {
        ...baseEnvironment,
        PUBLIC_BASE_URL: publicBaseUrl,
        STATE_MACHINE_ARN: this.workflow.stateMachine.stateMachineArn,
      },
    });
    this.workflow.stateMachine.grantStartExecution(startMatching.fn);
    operations.streamConsumer(startMatching, {
      table: this.data.table,
      deadLetterId: 'StartMatchingDeadLetters',
      purpose: 'a stored request could not start matching, so nobody has been asked to help yet.',
      filters: [
        FilterCriteria.filter({
          eventName: FilterRule.isEqual('INSERT'),
          dynamodb: { Keys: { sk: { S: FilterRule.isEqual(REQUEST_SK) } } },
        }),
      ],
    });
    const machine = this.workflow.stateMachine;
    operations.alarm(
      this,
      'FailedExecutionsAlarm',
      'A matching workflow failed, so a request may not have reached anyone.',
      machine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
    );
    operations.alarm(
      this,
      'TimedOutExecutionsAlarm',
      'A matching workflow ran out of time, so a request may not have reached anyone.',
      machine.metricTimedOut({ period: Duration.minutes(5), statistic: 'Sum' }),
    );

    // The outbox's one sender: every message INSERT, retried with bisection and then dead-lettered
    // (alarmed). It reads what a delivery needs, marks the message, and sends only email and texts.
    const sendMessages = new AppFunction(this, 'sendMessages', {
      environment: { ...baseEnvironment, PUBLIC_BASE_URL: publicBaseUrl },
      timeout: Duration.seconds(30),
    });
    grantTableAccess(this.data.table, sendMessages.fn, tableAccessOf('sendMessages'));
    email.grantSend(sendMessages.fn);
    sendMessages.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['sms-voice:SendTextMessage'],
        resources: [this.formatArn({ service: 'sms-voice', resource: '*' })],
      }),
    );
    operations.streamConsumer(sendMessages, {
      table: this.data.table,
      deadLetterId: 'SendMessagesDeadLetters',
      purpose: 'a message could not be sent after its retries: its item in the table says which.',
      // Retries with bisection for up to a day (the stream keeps records 24 hours), then the queue.
      retryAttempts: 20,
      maxRecordAge: Duration.days(1),
      filters: [
        FilterCriteria.filter({
          eventName: FilterRule.isEqual('INSERT'),
          dynamodb: { Keys: { sk: { S: FilterRule.isEqual(MESSAGE_SK) } } },
        }),
      ],
    });

    // The reports' record, kept from every request made or changed: a month's report then reads a day
    // an item. Each write sets a request's facts as they are now, so retries need no care.
    const recordReportFacts = new AppFunction(this, 'recordReportFacts', {
      environment: { ...baseEnvironment, PUBLIC_BASE_URL: publicBaseUrl },
    });
    grantTableAccess(this.data.table, recordReportFacts.fn, tableAccessOf('recordReportFacts'));
    operations.streamConsumer(recordReportFacts, {
      table: this.data.table,
      deadLetterId: 'RecordReportFactsDeadLetters',
      purpose: "a request's change is missing from the reports until that request changes again.",
      filters: [
        FilterCriteria.filter({
          eventName: FilterRule.or('INSERT', 'MODIFY'),
          dynamodb: { Keys: { sk: { S: FilterRule.isEqual(REQUEST_SK) } } },
        }),
      ],
    });

    const emailEvents = new EmailEvents(this, 'EmailEvents', {
      email,
      data: this.data,
      operations,
      environment: { ...baseEnvironment, PUBLIC_BASE_URL: publicBaseUrl },
    });
    operations.alarm(
      this,
      'ServerErrorsAlarm',
      'The public pages or API answered with a server error (5xx).',
      api.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
    );
    operations.alarm(
      this,
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
    // Text replies (two-way SMS), and the keyed-hash secret every function that finds or saves a
    // volunteer by email or phone (or counts confirmations per address) needs.
    const smsInbound = new SmsInbound(this, 'SmsInbound', {
      data: this.data,
      operations,
      environment: { ...baseEnvironment, PUBLIC_BASE_URL: publicBaseUrl },
    });
    const lookupSecret = new LookupSecret(this, 'LookupSecret', { key: this.data.key });
    // HTTP functions already carry the Parameters and Secrets extension for the front door's secret.
    for (const fn of [
      api.functions.adminVolunteers,
      api.functions.selfService,
      // A volunteer's own page: saved with its lookup keys; "send me a link" finds them by them.
      api.functions.volunteerProfile,
      // The search keys of a request (written with it, erased with it) and the dashboard's search.
      api.functions.submitRequest,
      api.functions.adminPhoneRequests,
      api.functions.adminRequests,
      api.functions.adminRequestActions,
    ])
      if (fn) lookupSecret.grantTo(fn.fn, { hasExtension: true });
    for (const fn of [emailEvents.handler, smsInbound.handler, sendMessages])
      if (fn) lookupSecret.grantTo(fn.fn);

    // AWS reviews an account whose rates pass these levels, and may pause its sending.
    operations.alarm(
      email,
      'BounceRateAlarm',
      `The SES bounce rate reached ${SES_WARNING_RATES.bounce * 100}% (AWS's warning level): check the roster's addresses.`,
      email.metricReputation('bounce'),
      SES_WARNING_RATES.bounce,
    );
    operations.alarm(
      email,
      'ComplaintRateAlarm',
      `The SES complaint rate reached ${SES_WARNING_RATES.complaint * 100}% (AWS's warning level): mail is being marked as spam.`,
      email.metricReputation('complaint'),
      SES_WARNING_RATES.complaint,
    );

    // Chase-ups: the prescriber's daily digest and the volunteers' one reminder.
    new DailyDigest(this, 'DailyDigest', {
      data: this.data,
      email,
      operations,
      environment: { ...baseEnvironment, PUBLIC_BASE_URL: publicBaseUrl },
      hour: props.settings.digestHour,
    });

    // Last, so every function above (and any added later) is watched for errors and throttles.
    operations.watchFunctions(this.node.findAll().filter((c): c is AppFunction => c instanceof AppFunction));

    new CfnOutput(this, STACK_OUTPUTS.publicUrl, { value: publicBaseUrl, description: 'The request form' });
    new CfnOutput(this, STACK_OUTPUTS.tableName, { value: this.data.table.tableName });
    new CfnOutput(this, STACK_OUTPUTS.originVerifySecretArn, {
      value: api.originVerifySecret.secretArn,
      description: 'The front door secret (CloudFront to API): docs/SECURITY.md says how to rotate it',
    });
    new CfnOutput(this, STACK_OUTPUTS.userPoolId, {
      value: auth.userPool.userPoolId,
      description: 'Prescribers: scripts/create-prescriber.ts adds an account here',
    });
    new CfnOutput(this, STACK_OUTPUTS.alarmTopicArn, {
      value: operations.topic.topicArn,
      description: 'Alarms: its email subscription must be confirmed (npm run doctor checks it)',
    });
  }
}
