import type { CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpApi, HttpMethod, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ROUTES, type FunctionName } from '../catalogue.js';
import { grantTableAccess, TABLE_ACCESS } from './data.js';
import type { Email } from './email.js';
import { AppFunction } from './lambda.js';

/**
 * API functions that send email: a volunteer's answer (details, "taken"), the dashboard's arranged
 * and "good news" emails, a release telling the requester, a concern telling the prescriber, and the
 * end of a series telling its volunteer. Starting a new execution is granted by the stack.
 */
const SENDS_EMAIL: readonly FunctionName[] = [
  'respond',
  'adminRequests',
  'selfService',
  'concern',
  'adminCare',
];

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

    // Least privilege per function: exactly the table actions its code sends (TABLE_ACCESS), and
    // email only for the functions that send it. Pages and sign-in touch neither.
    for (const [name, appFunction] of Object.entries(this.functions) as [FunctionName, AppFunction][]) {
      const access = TABLE_ACCESS[name];
      if (access) grantTableAccess(props.table, appFunction.fn, access);
    }
    for (const name of SENDS_EMAIL) {
      const appFunction = this.functions[name];
      if (appFunction) props.email.grantSend(appFunction.fn);
    }
    // The dashboard's sign-in calls only public Cognito APIs (no IAM grant); it needs the app client id.
    const signIn = this.functions.adminSignIn;
    if (signIn) {
      for (const [key, value] of Object.entries(props.signInEnvironment ?? {}))
        signIn.fn.addEnvironment(key, value);
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
