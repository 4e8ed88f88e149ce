import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  OriginRequestPolicy,
  ViewerProtocolPolicy,
  type Distribution,
  type IOrigin,
} from 'aws-cdk-lib/aws-cloudfront';
import type { UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { AccountRecovery, CfnUserPoolGroup, Mfa, UserPool } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { PRESCRIBERS_GROUP } from '../../shared/auth/claims.js';
import { ADMIN_VIEWER_REQUEST_CODE } from '../../shared/auth/viewer-request.js';

/** How long a sign-in lasts: a working shift. The cookie expires with the token. */
export const SESSION_HOURS = 8;

/**
 * Who may use the dashboard. A Cognito user pool with no self sign-up (accounts are made by
 * scripts/create-prescriber.ts), a strong password policy, optional TOTP MFA (no SMS: no phone numbers
 * kept), and a `prescribers` group the handlers require.
 *
 * The app client allows USER_PASSWORD_AUTH only: the dashboard is server-rendered and works without
 * JavaScript, so its own sign-in form posts to a Lambda that calls InitiateAuth; no hosted UI domain,
 * redirect URLs or client secret to manage. API Gateway's JWT authorizer checks every /admin route.
 */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly authorizer: HttpUserPoolAuthorizer;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Prescribers', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { sms: false, otp: true },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // The account holds no personal data beyond the prescriber's email, but losing it locks the team out.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new CfnUserPoolGroup(this, 'PrescribersGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: PRESCRIBERS_GROUP,
      description: 'May use the Community Kindness dashboard',
    });
    this.client = this.userPool.addClient('Dashboard', {
      authFlows: { userPassword: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(SESSION_HOURS),
      idTokenValidity: Duration.hours(SESSION_HOURS),
      refreshTokenValidity: Duration.hours(SESSION_HOURS),
      enableTokenRevocation: true,
    });
    this.authorizer = new HttpUserPoolAuthorizer('Prescribers', this.userPool, {
      userPoolClients: [this.client],
      // API clients send the token; browsers send a cookie that CloudFront turns into this header.
      identitySource: ['$request.header.Authorization'],
    });
  }

  /**
   * /admin* through CloudFront with a viewer-request function that copies the session cookie into the
   * Authorization header, because API Gateway's JWT authorizer cannot read a cookie. Caching is off
   * here, which is what lets the all-viewer origin request policy forward Authorization. The origin is
   * the Web construct's API origin, which carries the origin-verify header like every other behaviour.
   */
  protectDashboard(distribution: Distribution, apiOrigin: IOrigin): void {
    const viewerRequest = new CloudFrontFunction(this, 'SessionCookieToHeader', {
      comment: 'Dashboard: session cookie to Authorization header',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(ADMIN_VIEWER_REQUEST_CODE),
    });
    distribution.addBehavior('/admin*', apiOrigin, {
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      functionAssociations: [{ function: viewerRequest, eventType: FunctionEventType.VIEWER_REQUEST }],
    });
  }
}
