import type { CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpApi, HttpMethod, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ROUTES, type FunctionName } from '../catalogue.js';
import type { Email } from './email.js';
import { AppFunction } from './lambda.js';

export interface ApiProps {
  table: TableV2;
  email: Email;
  environment: Record<string, string>;
  /** Requests per second across the public routes, and the burst above it. */
  throttle: { rateLimit: number; burstLimit: number };
  /** The JWT authorizer every route marked `auth: 'prescriber'` in catalogue.ts sits behind. */
  prescriberAuthorizer?: IHttpRouteAuthorizer;
  /** Extra environment for the dashboard's sign-in function (the user pool's app client id). */
  signInEnvironment?: Record<string, string>;
}

/** The public HTTP API: the routes in catalogue.ts, each to its function, throttled and access-logged. */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly functions: Partial<Record<FunctionName, AppFunction>> = {};

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'Http', { description: 'Community Kindness public API and pages' });

    const fnFor = (name: FunctionName): AppFunction => {
      const existing = this.functions[name];
      if (existing) return existing;
      const created = new AppFunction(this, name, { environment: props.environment });
      this.functions[name] = created;
      return created;
    };

    for (const route of ROUTES) {
      const fn = fnFor(route.fn);
      if (route.auth === 'prescriber' && !props.prescriberAuthorizer) {
        throw new Error(`${route.method} ${route.path} needs the prescriber authorizer`);
      }
      this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        ...(route.auth === 'prescriber' ? { authorizer: props.prescriberAuthorizer } : {}),
        integration: new HttpLambdaIntegration(
          `${route.method}${route.path}`.replace(/[^A-Za-z0-9]/g, ''),
          fn.fn,
        ),
      });
    }

    // Least privilege per function: pages read nothing, submit writes requests, respond reads and writes.
    const submit = this.functions.submitRequest;
    const respond = this.functions.respond;
    if (submit) {
      // Put (inside a transaction) and Get only: no delete, no batch write that could delete.
      props.table.grant(submit.fn, 'dynamodb:PutItem', 'dynamodb:UpdateItem');
      props.table.grantOnKey(submit.fn, 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*');
      props.table.grantReadData(submit.fn);
    }
    if (respond) {
      props.table.grantReadWriteData(respond.fn);
      props.email.grantSend(respond.fn);
    }
    // The dashboard: sign-in calls only public Cognito APIs (no IAM grant); the case handling reads and
    // writes the table and sends the details emails (starting a new execution is granted by the stack).
    const signIn = this.functions.adminSignIn;
    if (signIn) {
      for (const [key, value] of Object.entries(props.signInEnvironment ?? {}))
        signIn.fn.addEnvironment(key, value);
    }
    const adminRequests = this.functions.adminRequests;
    if (adminRequests) {
      props.table.grantReadWriteData(adminRequests.fn);
      props.email.grantSend(adminRequests.fn);
    }
    const adminVolunteers = this.functions.adminVolunteers;
    if (adminVolunteers) props.table.grantReadWriteData(adminVolunteers.fn);
    // Self-service links: a release tells the requester (and, if matching cannot start, the prescriber).
    const selfService = this.functions.selfService;
    if (selfService) {
      props.table.grantReadWriteData(selfService.fn);
      props.email.grantSend(selfService.fn);
    }
    const adminReports = this.functions.adminReports;
    if (adminReports) props.table.grantReadData(adminReports.fn);
    // Issue #7: the concern page stores a concern and emails the prescriber; the dashboard's actions on
    // concerns and duplicates write the table (starting matching again is granted by the stack).
    const concern = this.functions.concern;
    if (concern) {
      props.table.grantReadWriteData(concern.fn);
      props.email.grantSend(concern.fn);
    }
    // Recurring help: ending a series tells its committed volunteer there are no more visits.
    const adminCare = this.functions.adminCare;
    if (adminCare) {
      props.table.grantReadWriteData(adminCare.fn);
      props.email.grantSend(adminCare.fn);
    }

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = this.httpApi.defaultStage?.node.defaultChild as CfnStage;
    stage.defaultRouteSettings = {
      throttlingRateLimit: props.throttle.rateLimit,
      throttlingBurstLimit: props.throttle.burstLimit,
    };
    // Ids and status only: the path of a respond link holds a token, so the path is not logged.
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        time: '$context.requestTime',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latency: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
      }),
    };
  }
}
