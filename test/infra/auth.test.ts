import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../infra/catalogue.js';
import { ACCESS_TOKEN_MINUTES, REFRESH_TOKEN_HOURS } from '../../shared/auth/session.js';
import { ADMIN_VIEWER_REQUEST_CODE } from '../../shared/auth/viewer-request.js';
import {
  asRecord,
  catalogueFunction,
  onlyResourceOfType,
  props,
  resourcesOfType,
  roleStatements,
  synthesizeStack,
  allowedActions,
} from './helpers.js';

const { template, json } = synthesizeStack();

describe('the prescribers user pool', () => {
  it('has no self sign-up, a strong password policy, and requires TOTP with no SMS', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      UsernameAttributes: ['email'],
      DeletionProtection: 'ACTIVE',
    });
    const [, pool] = onlyResourceOfType(json, 'AWS::Cognito::UserPool');
    expect(props(pool).SmsConfiguration).toBeUndefined();
  });

  it('refuses passwords known from breaches (threat protection, enforced)', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    const [, risk] = onlyResourceOfType(json, 'AWS::Cognito::UserPoolRiskConfigurationAttachment');
    expect(props(risk)).toMatchObject({
      ClientId: 'ALL',
      UserPoolId: { Ref: onlyResourceOfType(json, 'AWS::Cognito::UserPool')[0] },
      CompromisedCredentialsRiskConfiguration: {
        Actions: { EventAction: 'BLOCK' },
        EventFilter: expect.arrayContaining(['SIGN_IN', 'PASSWORD_CHANGE']),
      },
    });
  });

  it('has a prescribers group', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'prescribers' });
  });

  it('has an admins group in the same pool, beside the prescribers', () => {
    const [poolId] = onlyResourceOfType(json, 'AWS::Cognito::UserPool');
    const groups = resourcesOfType(json, 'AWS::Cognito::UserPoolGroup').map(([, group]) => props(group));
    expect(groups.map((g) => [g.GroupName, g.UserPoolId])).toEqual(
      expect.arrayContaining([
        ['prescribers', { Ref: poolId }],
        ['admins', { Ref: poolId }],
      ]),
    );
  });
});

describe('the dashboard app client', () => {
  const [, client] = onlyResourceOfType(json, 'AWS::Cognito::UserPoolClient');
  const clientProps = props(client);

  it('allows exactly the password sign-in and its refresh, without a secret, hiding whether a user exists', () => {
    expect([...(clientProps.ExplicitAuthFlows as string[])].sort()).toEqual([
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_PASSWORD_AUTH',
    ]);
    expect(clientProps).toMatchObject({
      GenerateSecret: false,
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
  });

  it('has no OAuth flows, scopes, callback or sign-out URLs (no hosted UI is used)', () => {
    for (const key of ['AllowedOAuthFlows', 'AllowedOAuthScopes', 'CallbackURLs', 'LogoutURLs']) {
      expect(clientProps[key], key).toBeUndefined();
    }
    expect(clientProps.AllowedOAuthFlowsUserPoolClient).toBe(false);
    // The pool's own accounts only: no federated identity provider.
    expect(clientProps.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(JSON.stringify(clientProps)).not.toContain('example.com');
  });

  it('gives 60-minute access and ID tokens and a 12-hour refresh token, as the cookies expect', () => {
    const units = asRecord(clientProps.TokenValidityUnits);
    const minutesPer: Record<string, number> = { minutes: 1, hours: 60, days: 1440 };
    const inMinutes = (value: unknown, unit: unknown) => Number(value) * (minutesPer[String(unit)] ?? NaN);
    expect(inMinutes(clientProps.AccessTokenValidity, units.AccessToken)).toBe(ACCESS_TOKEN_MINUTES);
    expect(inMinutes(clientProps.IdTokenValidity, units.IdToken)).toBe(ACCESS_TOKEN_MINUTES);
    expect(inMinutes(clientProps.RefreshTokenValidity, units.RefreshToken)).toBe(REFRESH_TOKEN_HOURS * 60);
    expect([ACCESS_TOKEN_MINUTES, REFRESH_TOKEN_HOURS]).toEqual([60, 12]);
    expect(clientProps.AuthSessionValidity).toBe(3);
  });
});

describe('the JWT authorizer', () => {
  const [authorizerId, authorizer] = onlyResourceOfType(json, 'AWS::ApiGatewayV2::Authorizer');

  it('checks Cognito tokens of the dashboard client from the Authorization header', () => {
    expect(props(authorizer)).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    const config = asRecord(props(authorizer).JwtConfiguration);
    expect(JSON.stringify(config.Issuer)).toContain('cognito-idp');
    expect(config.Audience).toEqual([{ Ref: onlyResourceOfType(json, 'AWS::Cognito::UserPoolClient')[0] }]);
  });

  const routes = resourcesOfType(json, 'AWS::ApiGatewayV2::Route').map(([, r]) => props(r));

  it.each(ROUTES.filter((r) => r.auth === 'prescriber').map((r) => `${r.method} ${r.path}`))(
    '%s is behind it',
    (routeKey) => {
      const route = routes.find((r) => r.RouteKey === routeKey);
      expect(route).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    },
  );

  it('covers every /admin route but sign-in and sign-out, and no public route', () => {
    for (const route of routes) {
      const key = String(route.RouteKey);
      const isAdmin = key.includes(' /admin');
      const isSignIn = key.endsWith('/admin/sign-in') || key.endsWith('/admin/sign-out');
      expect(route.AuthorizationType, key).toBe(isAdmin && !isSignIn ? 'JWT' : 'NONE');
    }
  });
});

describe('the dashboard through CloudFront', () => {
  it('copies the session cookie into Authorization on /admin*, uncached, forwarding it to the API', () => {
    template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
      FunctionCode: ADMIN_VIEWER_REQUEST_CODE,
    });
    const [, distribution] = onlyResourceOfType(json, 'AWS::CloudFront::Distribution');
    const behaviors = asRecord(props(distribution).DistributionConfig).CacheBehaviors as Record<
      string,
      unknown
    >[];
    const admin = behaviors.find((b) => b.PathPattern === '/admin*');
    expect(admin).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      // Managed CachingDisabled and AllViewerExceptHostHeader: with caching off, Authorization is forwarded.
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      FunctionAssociations: [expect.objectContaining({ EventType: 'viewer-request' })],
    });
  });
});

describe('dashboard functions', () => {
  it('may start a new matching execution from the dashboard, and sign-in needs no IAM permission for Cognito', () => {
    const requests = catalogueFunction(json, 'adminMatchAgain');
    expect(allowedActions(roleStatements(json, requests.resource))).toContain('states:StartExecution');
    const signIn = catalogueFunction(json, 'adminSignIn');
    const actions = allowedActions(roleStatements(json, signIn.resource));
    expect(actions.filter((a) => a.startsWith('cognito') || a.startsWith('dynamodb'))).toEqual([]);
    const env = asRecord(asRecord(props(signIn.resource).Environment).Variables);
    expect(env.USER_POOL_CLIENT_ID).toBeDefined();
  });

  it('lets only the team function manage accounts: exactly four Cognito actions, on this pool', () => {
    const [poolId] = onlyResourceOfType(json, 'AWS::Cognito::UserPool');
    const teamFn = catalogueFunction(json, 'adminTeam');
    const statements = roleStatements(json, teamFn.resource).filter((s) =>
      allowedActions([s]).some((a) => a.startsWith('cognito')),
    );
    expect(allowedActions(statements)).toEqual([
      'cognito-idp:AdminAddUserToGroup',
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminDisableUser',
      'cognito-idp:AdminEnableUser',
    ]);
    for (const statement of statements) {
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': [poolId, 'Arn'] });
    }
    const env = asRecord(asRecord(props(teamFn.resource).Environment).Variables);
    expect(env.USER_POOL_ID).toEqual({ Ref: poolId });
    // No other function may touch the accounts.
    const others = resourcesOfType(json, 'AWS::Lambda::Function').filter(([id]) => id !== teamFn.logicalId);
    for (const [, fn] of others) {
      if (!props(fn).Role) continue;
      expect(allowedActions(roleStatements(json, fn)).filter((a) => a.startsWith('cognito'))).toEqual([]);
    }
  });
});
