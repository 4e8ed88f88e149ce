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
import {
  AccountRecovery,
  CfnUserPoolGroup,
  CfnUserPoolRiskConfigurationAttachment,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { ADMINS_GROUP, PRESCRIBERS_GROUP } from '../../shared/auth/claims.js';
import { ACCESS_TOKEN_MINUTES, REFRESH_TOKEN_HOURS } from '../../shared/auth/session.js';
import { ADMIN_VIEWER_REQUEST_CODE } from '../../shared/auth/viewer-request.js';

/**
 * Who may use the dashboard. A Cognito user pool with no self sign-up (accounts are made by
 * scripts/create-prescriber.ts), a strong password policy, two-step sign-in required with an
 * authenticator app (TOTP; no SMS, so no phone numbers kept and no SIM-swap route in), and a
 * `prescribers` group the handlers require.
 *
 * The app client allows USER_PASSWORD_AUTH (and the refresh that Cognito always allows) only: the
 * dashboard is server-rendered and works without JavaScript, so its own sign-in form posts to a Lambda
 * that calls InitiateAuth and answers the TOTP challenge; no OAuth flows, hosted UI domain, callback
 * URLs or client secret to manage. API Gateway's JWT authorizer checks every /admin route.
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
      // A new prescriber sets up the authenticator during their first sign-in (Cognito's MFA_SETUP).
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      // Threat protection refuses sign-in with a password known from breaches. The Plus plan is charged
      // per monthly active user: cents a month for a practice's handful of prescribers.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
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
    new CfnUserPoolGroup(this, 'AdminsGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: ADMINS_GROUP,
      description: 'Prescribers who may add, disable and enable other prescribers',
    });
    this.client = this.userPool.addClient('Dashboard', {
      authFlows: { userPassword: true },
      disableOAuth: true,
      generateSecret: false,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.minutes(ACCESS_TOKEN_MINUTES),
      idTokenValidity: Duration.minutes(ACCESS_TOKEN_MINUTES),
      refreshTokenValidity: Duration.hours(REFRESH_TOKEN_HOURS),
      // How long the password step's session waits for the code (Cognito's shortest).
      authSessionValidity: Duration.minutes(3),
      enableTokenRevocation: true,
    });
    new CfnUserPoolRiskConfigurationAttachment(this, 'ThreatProtection', {
      userPoolId: this.userPool.userPoolId,
      clientId: 'ALL',
      compromisedCredentialsRiskConfiguration: {
        eventFilter: ['SIGN_IN', 'PASSWORD_CHANGE'],
        actions: { eventAction: 'BLOCK' },
      },
      // Every sign-in already needs the authenticator's code, which is all an adaptive "ask for MFA"
      // would add. Blocking on a risk score is not used: every sign-in reaches Cognito from the sign-in
      // function, not the prescriber's own address (passing it on needs a client secret), so one
      // attacker's attempts would raise the risk for the whole team.
      accountTakeoverRiskConfiguration: {
        actions: {
          lowAction: { eventAction: 'NO_ACTION', notify: false },
          mediumAction: { eventAction: 'NO_ACTION', notify: false },
          highAction: { eventAction: 'NO_ACTION', notify: false },
        },
      },
    });
    this.authorizer = new HttpUserPoolAuthorizer('Prescribers', this.userPool, {
      userPoolClients: [this.client],
      // API clients send the token; browsers send a cookie that CloudFront turns into this header.
      identitySource: ['$request.header.Authorization'],
    });
  }

  /** The Cognito calls that manage the team, on this pool only, and the pool's id. */
  static readonly TEAM_ACTIONS = [
    'cognito-idp:AdminCreateUser',
    'cognito-idp:AdminAddUserToGroup',
    'cognito-idp:AdminDisableUser',
    'cognito-idp:AdminEnableUser',
  ];

  grantTeamManagement(fn: LambdaFunction): void {
    fn.addEnvironment('USER_POOL_ID', this.userPool.userPoolId);
    fn.addToRolePolicy(
      new PolicyStatement({ actions: [...Auth.TEAM_ACTIONS], resources: [this.userPool.userPoolArn] }),
    );
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
