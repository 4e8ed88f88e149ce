import {
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  CognitoIdentityProviderServiceException,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// Powertools reads its level when the logger module is first imported: keep test output quiet.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.USER_POOL_CLIENT_ID = 'dashboard-client';
});

import { handler } from '../../functions/admin-sign-in.js';
import { REFRESH_COOKIE, SESSION_COOKIE } from '../../shared/auth/session.js';
import { setRuntimeForTests } from '../../shared/runtime.js';
import { httpEvent, installMemoryRuntime, lambdaContext } from '../support/handler-runtime.js';

const cognito = mockClient(CognitoIdentityProviderClient);
const EMAIL = 'prescriber@practice.example';

function cognitoError(name: string): CognitoIdentityProviderServiceException {
  return new CognitoIdentityProviderServiceException({
    name,
    $fault: 'client',
    $metadata: {},
    message: name,
  });
}

function request(
  method: 'GET' | 'POST',
  path: string,
  options: { form?: Record<string, string>; cookies?: string[]; query?: Record<string, string> } = {},
): APIGatewayProxyEventV2 {
  const event = httpEvent(method, path, {
    headers: {
      'sec-fetch-site': 'same-origin',
      ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(options.form ? { body: new URLSearchParams(options.form).toString() } : {}),
  });
  if (options.cookies) event.cookies = options.cookies;
  if (options.query) {
    event.queryStringParameters = options.query;
    event.rawQueryString = new URLSearchParams(options.query).toString();
  }
  return event;
}

async function call(event: APIGatewayProxyEventV2) {
  const result = (await handler(event, lambdaContext())) as {
    statusCode: number;
    headers: Record<string, string>;
    body: string;
    cookies?: string[];
  };
  return { ...result, cookies: result.cookies ?? [] };
}

const cookieNamed = (cookies: string[], name: string) => cookies.find((c) => c.startsWith(`${name}=`));

beforeAll(() => {
  installMemoryRuntime();
});

beforeEach(() => {
  cognito.reset();
});

afterAll(() => {
  cognito.restore();
  setRuntimeForTests(undefined);
});

describe('POST /admin/sign-out', () => {
  it('revokes the tokens at Cognito with the access token (GlobalSignOut), then clears both cookies', async () => {
    cognito.on(GlobalSignOutCommand).resolves({});
    const response = await call(
      request('POST', '/admin/sign-out', {
        form: {},
        cookies: [`${SESSION_COOKIE}=access.jwt`, `${REFRESH_COOKIE}=refresh-opaque`],
      }),
    );
    expect(cognito).toHaveReceivedCommandTimes(GlobalSignOutCommand, 1);
    expect(cognito).toHaveReceivedCommandWith(GlobalSignOutCommand, { AccessToken: 'access.jwt' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.Location).toBe('/admin/sign-in?signed-out');
    expect(cookieNamed(response.cookies, SESSION_COOKIE)).toMatch(/^ck_admin=; Path=\/admin; Max-Age=0;/);
    expect(cookieNamed(response.cookies, REFRESH_COOKIE)).toMatch(
      /^ck_admin_refresh=; Path=\/admin; Max-Age=0;/,
    );
  });

  it('revokes the refresh token when only that is left', async () => {
    cognito.on(RevokeTokenCommand).resolves({});
    const response = await call(
      request('POST', '/admin/sign-out', { form: {}, cookies: [`${REFRESH_COOKIE}=refresh-opaque`] }),
    );
    expect(cognito).toHaveReceivedCommandWith(RevokeTokenCommand, {
      ClientId: 'dashboard-client',
      Token: 'refresh-opaque',
    });
    expect(response.statusCode).toBe(303);
  });

  it('still clears the cookies when Cognito cannot be reached', async () => {
    cognito.on(GlobalSignOutCommand).rejects(cognitoError('InternalErrorException'));
    const response = await call(
      request('POST', '/admin/sign-out', { form: {}, cookies: [`${SESSION_COOKIE}=access.jwt`] }),
    );
    expect(cognito).toHaveReceivedCommand(GlobalSignOutCommand);
    expect(response.statusCode).toBe(303);
    expect(cookieNamed(response.cookies, SESSION_COOKIE)).toContain('Max-Age=0');
  });

  it('refuses a cross-site sign-out and calls nothing', async () => {
    const event = request('POST', '/admin/sign-out', { form: {}, cookies: [`${SESSION_COOKIE}=access.jwt`] });
    event.headers['sec-fetch-site'] = 'cross-site';
    expect((await call(event)).statusCode).toBe(403);
    expect(cognito.calls()).toHaveLength(0);
  });
});

describe('POST /admin/sign-in', () => {
  it('puts the access and the refresh token in their cookies after the code', async () => {
    cognito.on(RespondToAuthChallengeCommand).resolves({
      AuthenticationResult: { AccessToken: 'access.jwt', ExpiresIn: 3600, RefreshToken: 'refresh-opaque' },
    });
    const response = await call(
      request('POST', '/admin/sign-in', { form: { email: EMAIL, session: 's-code', code: '123 456' } }),
    );
    expect(cognito).toHaveReceivedCommandWith(RespondToAuthChallengeCommand, {
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      ChallengeResponses: { USERNAME: EMAIL, SOFTWARE_TOKEN_MFA_CODE: '123456' },
    });
    expect(response.statusCode).toBe(303);
    expect(cookieNamed(response.cookies, SESSION_COOKIE)).toMatch(
      /^ck_admin=access\.jwt; Path=\/admin; Max-Age=3600;/,
    );
    expect(cookieNamed(response.cookies, REFRESH_COOKIE)).toMatch(
      /^ck_admin_refresh=refresh-opaque; Path=\/admin; Max-Age=43200;/,
    );
  });

  it('shows a new prescriber the key to add, then signs them in with a code from it', async () => {
    cognito.on(InitiateAuthCommand).resolves({ ChallengeName: 'MFA_SETUP', Session: 's-setup' });
    cognito
      .on(AssociateSoftwareTokenCommand)
      .resolves({ SecretCode: 'JBSWY3DPEHPK3PXPJBSWY3DP', Session: 's-associated' });
    const setup = await call(
      request('POST', '/admin/sign-in', { form: { email: EMAIL, password: 'Password-1234!' } }),
    );
    expect(setup.statusCode).toBe(200);
    expect(setup.cookies).toEqual([]);
    expect(setup.body).toContain('Set up two-step sign-in');
    expect(setup.body).toContain('JBSW Y3DP EHPK 3PXP');
    expect(setup.body).toContain('otpauth://totp/');
    expect(setup.body).toContain('name="setupSession" value="s-associated"');
    expect(setup.body).toContain('action="/admin/sign-in"');

    cognito.on(VerifySoftwareTokenCommand).rejects(cognitoError('EnableSoftwareTokenMFAException'));
    const form = {
      email: EMAIL,
      setupSession: 's-associated',
      secret: 'JBSWY3DPEHPK3PXPJBSWY3DP',
      code: '000000',
    };
    const wrong = await call(request('POST', '/admin/sign-in', { form }));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('That code did not match');
    expect(wrong.body).toContain('JBSW Y3DP EHPK 3PXP');
    expect(wrong.cookies).toEqual([]);

    cognito.on(VerifySoftwareTokenCommand).resolves({ Status: 'SUCCESS', Session: 's-verified' });
    cognito.on(RespondToAuthChallengeCommand).resolves({
      AuthenticationResult: { AccessToken: 'access.jwt', ExpiresIn: 3600, RefreshToken: 'refresh-opaque' },
    });
    const signedIn = await call(request('POST', '/admin/sign-in', { form: { ...form, code: '654321' } }));
    expect(cognito).toHaveReceivedCommandWith(RespondToAuthChallengeCommand, {
      ChallengeName: 'MFA_SETUP',
      Session: 's-verified',
    });
    expect(signedIn.statusCode).toBe(303);
    expect(cookieNamed(signedIn.cookies, SESSION_COOKIE)).toContain('access.jwt');
  });
});

describe('GET /admin/sign-in with a refresh token', () => {
  it('gets a new access token and goes back to the page the prescriber was on', async () => {
    cognito
      .on(InitiateAuthCommand)
      .resolves({ AuthenticationResult: { AccessToken: 'fresh.jwt', ExpiresIn: 3600 } });
    const response = await call(
      request('GET', '/admin/sign-in', {
        cookies: [`${REFRESH_COOKIE}=refresh-opaque`],
        query: { next: '/admin/requests/r1' },
      }),
    );
    expect(cognito).toHaveReceivedCommandWith(InitiateAuthCommand, {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: 'refresh-opaque' },
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.Location).toBe('/admin/requests/r1');
    expect(cookieNamed(response.cookies, SESSION_COOKIE)).toMatch(
      /^ck_admin=fresh\.jwt; Path=\/admin; Max-Age=3600;/,
    );
    // The refresh token is kept as it was: its cookie ends when the token does.
    expect(cookieNamed(response.cookies, REFRESH_COOKIE)).toBeUndefined();
  });

  it('never sends the prescriber off the dashboard', async () => {
    cognito
      .on(InitiateAuthCommand)
      .resolves({ AuthenticationResult: { AccessToken: 'fresh.jwt', ExpiresIn: 3600 } });
    const response = await call(
      request('GET', '/admin/sign-in', {
        cookies: [`${REFRESH_COOKIE}=refresh-opaque`],
        query: { next: '//evil.example/admin' },
      }),
    );
    expect(response.headers.Location).toBe('/admin');
  });

  it('forgets a refresh token Cognito refuses and shows the sign-in form', async () => {
    cognito.on(InitiateAuthCommand).rejects(cognitoError('NotAuthorizedException'));
    const response = await call(request('GET', '/admin/sign-in', { cookies: [`${REFRESH_COOKIE}=revoked`] }));
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('name="password"');
    expect(cookieNamed(response.cookies, REFRESH_COOKIE)).toContain('Max-Age=0');
  });

  it('does not refresh on the signed-out page', async () => {
    const response = await call(
      request('GET', '/admin/sign-in', {
        cookies: [`${REFRESH_COOKIE}=refresh-opaque`],
        query: { 'signed-out': '' },
      }),
    );
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('You have signed out.');
    expect(cognito.calls()).toHaveLength(0);
  });
});

describe('POST /admin/sign-in?next=… (a form posted after the access token expired)', () => {
  it('refreshes and sends the browser back with 307 to post the same form again', async () => {
    cognito
      .on(InitiateAuthCommand)
      .resolves({ AuthenticationResult: { AccessToken: 'fresh.jwt', ExpiresIn: 3600 } });
    const response = await call(
      request('POST', '/admin/sign-in', {
        form: { until: '2027-01-01' },
        cookies: [`${REFRESH_COOKIE}=refresh-opaque`],
        query: { next: '/admin/volunteers/v1/pause' },
      }),
    );
    expect(cognito).toHaveReceivedCommandWith(InitiateAuthCommand, { AuthFlow: 'REFRESH_TOKEN_AUTH' });
    expect(response.statusCode).toBe(307);
    expect(response.headers.Location).toBe('/admin/volunteers/v1/pause');
    expect(cookieNamed(response.cookies, SESSION_COOKIE)).toContain('fresh.jwt');
  });

  it('without a refresh token that works, sends the browser to sign in', async () => {
    cognito.on(InitiateAuthCommand).rejects(cognitoError('NotAuthorizedException'));
    const response = await call(
      request('POST', '/admin/sign-in', {
        form: {},
        cookies: [`${REFRESH_COOKIE}=revoked`],
        query: { next: '/admin/volunteers/v1/pause' },
      }),
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers.Location).toBe('/admin/sign-in');
    expect(cookieNamed(response.cookies, REFRESH_COOKIE)).toContain('Max-Age=0');
    expect(cookieNamed(response.cookies, SESSION_COOKIE)).toBeUndefined();
  });
});
