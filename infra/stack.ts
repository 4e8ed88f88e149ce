import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { settingsToEnvironment, type SchemeSettings } from '../shared/config.js';
import { REQUEST_SK } from '../shared/store/table.js';
import { Api } from './constructs/api.js';
import { Data } from './constructs/data.js';
import { Email } from './constructs/email.js';
import { AppFunction } from './constructs/lambda.js';
import { Web } from './constructs/web.js';
import { Workflow } from './constructs/workflow.js';

export interface CommunityKindnessStackProps extends StackProps {
  settings: SchemeSettings;
  /** A custom domain's base URL for email links; the CloudFront domain when unset. */
  publicBaseUrl?: string;
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
    const api = new Api(this, 'Api', {
      table: this.data.table,
      email,
      environment: baseEnvironment,
      throttle: props.throttle ?? { rateLimit: 20, burstLimit: 40 },
    });
    this.api = api;
    this.web = new Web(this, 'Web', { httpApi: api.httpApi });
    const publicBaseUrl = props.publicBaseUrl ?? `https://${this.web.distribution.distributionDomainName}`;
    for (const fn of Object.values(api.functions)) fn?.fn.addEnvironment('PUBLIC_BASE_URL', publicBaseUrl);

    this.workflow = new Workflow(this, 'Workflow', {
      table: this.data.table,
      email,
      environment: { ...baseEnvironment, PUBLIC_BASE_URL: publicBaseUrl },
    });

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
    new Alarm(this, 'DeadLettersAlarm', {
      alarmDescription: 'A stored request could not start matching: it is in the dead-letter queue.',
      metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new SnsAction(alarms));
    new Alarm(this, 'FailedExecutionsAlarm', {
      alarmDescription: 'A matching workflow failed, so a request may not have reached anyone.',
      metric: this.workflow.stateMachine.metricFailed({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new SnsAction(alarms));

    new CfnOutput(this, 'PublicUrl', { value: publicBaseUrl, description: 'The request form' });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
  }
}
