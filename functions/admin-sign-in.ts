import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { checkPrescriber } from '../shared/auth/claims.js';
import { createCognitoMfaEnrolment, type MfaEnrolment } from '../shared/auth/cognito-mfa.js';
import { createCognitoIdentity } from '../shared/auth/cognito.js';
import { otpauthUri } from '../shared/auth/totp.js';
import type { IdentityProvider, SignInResult } from '../shared/auth/identity.js';
import { clearedSessionCookie, isSecureBase, sessionCookie } from '../shared/auth/session.js';
import { contactOf } from '../shared/domain/matching.js';
import { header, isCrossSite, parseBody } from '../shared/http/requests.js';
import { htmlResponse, redirect, type HttpResult } from '../shared/http/responses.js';
import { getRuntime } from '../shared/runtime.js';
import { renderAdminError, renderSignIn, renderTwoStep, TWO_STEP_PATH } from '../shared/web/admin/pages.js';
import { httpHandler } from './http-handler.js';

let identity: IdentityProvider | undefined;

function getIdentity(region: string): IdentityProvider {
  const clientId = process.env.USER_POOL_CLIENT_ID;
  if (!clientId) throw new Error('USER_POOL_CLIENT_ID is not set');
  identity ??= createCognitoIdentity({
    clientId,
    region,
    endpoint: process.env.COGNITO_ENDPOINT || undefined,
  });
  return identity;
}

let enrolment: MfaEnrolment | undefined;

function getEnrolment(region: string): MfaEnrolment {
  enrolment ??= createCognitoMfaEnrolment({ region, endpoint: process.env.COGNITO_ENDPOINT || undefined });
  return enrolment;
}

const WRONG = 'Enter a correct email address and password';

/**
 * GET /admin/sign-in shows the form; POST signs in with Cognito and puts the access token in an
 * HttpOnly, SameSite=Strict cookie (Secure over HTTPS); POST /admin/sign-out clears it. No
 * authorizer on these routes: they are how a token is got.
 */
export const handler = httpHandler(async (event) => {
  const { settings, config } = getRuntime();
  const contact = contactOf(settings);
  const secure = isSecureBase(config.publicBaseUrl);
  const method = event.requestContext.http.method;
  if (event.rawPath.replace(/\/+$/, '') === TWO_STEP_PATH) return twoStep(event);
  if (method === 'GET') {
    const message =
      event.queryStringParameters?.['signed-out'] !== undefined ? 'You have signed out.' : undefined;
    return htmlResponse(200, renderSignIn({ contact, message }));
  }
  if (isCrossSite(event, [config.publicBaseUrl])) return htmlResponse(403, renderAdminError(403, contact));
  if (event.rawPath === '/admin/sign-out') {
    return { ...redirect('/admin/sign-in?signed-out'), cookies: [clearedSessionCookie(secure)] };
  }
  const body = parseBody(event);
  if (body.kind !== 'form') return htmlResponse(400, renderAdminError(400, contact));
  const email = (body.fields.email ?? '').trim().slice(0, 254);
  const provider = getIdentity(config.region);
  let result: SignInResult;
  if (body.fields.newPasswordSession) {
    result = await provider.setNewPassword(
      email,
      body.fields.newPasswordSession,
      body.fields.newPassword ?? '',
    );
  } else if (body.fields.session) {
    const code = (body.fields.code ?? '').replace(/\s+/g, '');
    if (!/^\d{6}$/.test(code)) {
      return htmlResponse(
        400,
        renderSignIn({ contact, email, mfaSession: body.fields.session, error: 'Enter the 6-digit code' }),
      );
    }
    result = await provider.confirmMfa(email, body.fields.session, code);
  } else {
    const password = body.fields.password ?? '';
    if (email === '' || password === '')
      return htmlResponse(401, renderSignIn({ contact, email, error: WRONG }));
    result = await provider.signIn(email, password);
  }
  return signInResult(result, email, secure, contact);
});

function signInResult(
  result: SignInResult,
  email: string,
  secure: boolean,
  contact: ReturnType<typeof contactOf>,
): HttpResult {
  switch (result.kind) {
    case 'signed-in':
      // API Gateway v2 turns `cookies` into Set-Cookie headers; the sandbox does the same.
      return {
        ...redirect('/admin'),
        cookies: [sessionCookie(result.accessToken, result.expiresInSeconds, secure)],
      };
    case 'mfa-required':
      return htmlResponse(200, renderSignIn({ contact, email, mfaSession: result.session }));
    case 'new-password-required':
      return htmlResponse(200, renderSignIn({ contact, email, newPasswordSession: result.session }));
    case 'weak-password':
      return htmlResponse(
        400,
        renderSignIn({
          contact,
          email,
          newPasswordSession: result.session,
          error:
            'Choose a password of at least 14 characters with upper and lower case letters, a number and a symbol',
        }),
      );
    case 'throttled':
      return htmlResponse(
        429,
        renderSignIn({ contact, email, error: 'Too many attempts. Wait a few minutes, then try again' }),
      );
    case 'failed':
      return htmlResponse(401, renderSignIn({ contact, email, error: WRONG }));
  }
}

/**
 * "Set up two-step sign-in": behind the JWT authorizer like every dashboard page. GET asks Cognito for a
 * new authenticator secret and shows it; POST checks a code from the app and makes TOTP the account's
 * second step. Both calls are made with the prescriber's own access token (the Authorization header the
 * authorizer checked), so this function needs no IAM permission for them.
 */
async function twoStep(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const { settings, config } = getRuntime();
  const contact = contactOf(settings);
  const check = checkPrescriber(event);
  if (check.kind === 'unauthenticated') return htmlResponse(401, renderAdminError(401, contact));
  if (check.kind === 'forbidden') return htmlResponse(403, renderAdminError(403, contact));
  const accessToken = (header(event, 'authorization') ?? '').replace(/^Bearer\s+/i, '').trim();
  if (accessToken === '') return htmlResponse(401, renderAdminError(401, contact));
  const mfa = getEnrolment(config.region);
  const uriFor = (secret: string) =>
    otpauthUri({ secret, account: 'dashboard', issuer: settings.schemeName });
  if (event.requestContext.http.method === 'GET') {
    const started = await mfa.start(accessToken);
    if (started.kind === 'signed-out') return htmlResponse(401, renderAdminError(401, contact));
    return htmlResponse(200, renderTwoStep({ contact, secret: started.secret, uri: uriFor(started.secret) }));
  }
  if (isCrossSite(event, [config.publicBaseUrl]))
    return htmlResponse(403, renderAdminError(403, contact, true));
  const body = parseBody(event);
  if (body.kind !== 'form') return htmlResponse(400, renderAdminError(400, contact, true));
  // The secret comes back only to show it again; Cognito checks the code against the one it holds.
  const secret = /^[A-Z2-7]{16,128}$/.test(body.fields.secret ?? '') ? (body.fields.secret ?? '') : '';
  const again = (error: string) =>
    htmlResponse(400, renderTwoStep({ contact, secret, uri: uriFor(secret), error }));
  const code = (body.fields.code ?? '').replace(/\s+/g, '');
  if (!/^\d{6}$/.test(code)) return again('Enter the 6-digit code your authenticator app shows');
  const result = await mfa.confirm(accessToken, code);
  if (result === 'signed-out') return htmlResponse(401, renderAdminError(401, contact));
  if (result === 'wrong-code')
    return again('That code did not match. Check the key in your app and enter the code it shows now');
  return htmlResponse(200, renderTwoStep({ contact, done: true }));
}
