import { createCognitoIdentity } from '../shared/auth/cognito.js';
import type { IdentityProvider, SignInResult } from '../shared/auth/identity.js';
import { clearedSessionCookie, isSecureBase, sessionCookie } from '../shared/auth/session.js';
import { contactOf } from '../shared/domain/matching.js';
import { isCrossSite, parseBody } from '../shared/http/requests.js';
import { htmlResponse, redirect, type HttpResult } from '../shared/http/responses.js';
import { getRuntime } from '../shared/runtime.js';
import { renderAdminError, renderSignIn } from '../shared/web/admin/pages.js';
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
