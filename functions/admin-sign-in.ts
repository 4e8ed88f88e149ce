import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { checkPrescriber } from '../shared/auth/claims.js';
import { createCognitoMfaEnrolment, type MfaEnrolment } from '../shared/auth/cognito-mfa.js';
import { createCognitoIdentity } from '../shared/auth/cognito.js';
import { otpauthUri } from '../shared/auth/totp.js';
import type { IdentityProvider, SignInResult } from '../shared/auth/identity.js';
import {
  clearedRefreshCookie,
  clearedSessionCookie,
  isSecureBase,
  readCookie,
  REFRESH_COOKIE,
  refreshCookie,
  safeAdminPath,
  SESSION_COOKIE,
  sessionCookie,
  SIGN_IN_PATH,
} from '../shared/auth/session.js';
import { contactOf } from '../shared/domain/views.js';
import type { SchemeContact } from '../shared/domain/views.js';
import { header, isCrossSite, parseBody } from '../shared/http/requests.js';
import { htmlResponse, redirect, type HttpResult } from '../shared/http/responses.js';
import { getCoreRuntime } from '../shared/runtime-core.js';
import { logger } from '../shared/util/logger.js';
import { renderAdminError, renderSignIn, renderTwoStep } from '../shared/web/admin/pages.js';
import { byRouteKey, httpHandler, type HttpRoute } from './http-handler.js';
import type { RouteTable } from './route-table.js';

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
const CODE_DID_NOT_MATCH =
  'That code did not match. Check the key in your app and enter the code it shows now';
const SIX_DIGITS = /^\d{6}$/;
/** The key Cognito gave for a new authenticator comes back in the form only to be shown again. */
const BASE32_KEY = /^[A-Z2-7]{16,128}$/;

interface Page {
  contact: SchemeContact;
  secure: boolean;
  /** An authenticator key is labelled with the scheme, as the app lists it. */
  uriFor: (secret: string) => string;
}

/**
 * GET /admin/sign-in shows the form, or first swaps a refresh token for a new access token and goes
 * back to the page the prescriber was on. POST signs in with Cognito (password, then the code from the
 * authenticator, or setting one up when the account has none) and puts the tokens in HttpOnly,
 * SameSite=Strict cookies (Secure over HTTPS). POST /admin/sign-out revokes the tokens at Cognito, then
 * clears the cookies. No authorizer on these routes: they are how a token is got.
 */
export const routes: RouteTable<'adminSignIn', HttpRoute> = {
  'GET /admin/sign-in': async (event) => {
    const { config } = getCoreRuntime();
    return signInPage(event, getIdentity(config.region), pageOf());
  },
  'POST /admin/sign-in': async (event) => {
    const { config } = getCoreRuntime();
    const page = pageOf();
    if (isCrossSite(event, [config.publicBaseUrl]))
      return htmlResponse(403, renderAdminError(403, page.contact));
    const provider = getIdentity(config.region);
    const resumeTo = event.queryStringParameters?.next;
    if (resumeTo !== undefined) return resumePost(event, provider, page.secure, resumeTo);
    const body = parseBody(event);
    if (body.kind !== 'form') return htmlResponse(400, renderAdminError(400, page.contact));
    return signInStep(body.fields, provider, page);
  },
  'POST /admin/sign-out': async (event) => {
    const { config } = getCoreRuntime();
    const page = pageOf();
    if (isCrossSite(event, [config.publicBaseUrl]))
      return htmlResponse(403, renderAdminError(403, page.contact));
    return signOut(event, getIdentity(config.region), page.secure);
  },
  'GET /admin/two-step': (event) => twoStep(event, pageOf()),
  'POST /admin/two-step': (event) => twoStep(event, pageOf()),
};

export const handler = httpHandler(byRouteKey(routes));

function pageOf(): Page {
  const { settings, config } = getCoreRuntime();
  return {
    contact: contactOf(settings),
    secure: isSecureBase(config.publicBaseUrl),
    uriFor: (secret) => otpauthUri({ secret, account: 'dashboard', issuer: settings.schemeName }),
  };
}

/** One step of signing in: the password, the authenticator's code, a new authenticator, or a new password. */
async function signInStep(
  fields: Record<string, string | undefined>,
  provider: IdentityProvider,
  page: Page,
): Promise<HttpResult> {
  const { contact } = page;
  const email = (fields.email ?? '').trim().slice(0, 254);
  const code = (fields.code ?? '').replace(/\s+/g, '');
  let result: SignInResult;
  if (fields.newPasswordSession) {
    result = await provider.setNewPassword(email, fields.newPasswordSession, fields.newPassword ?? '');
  } else if (fields.setupSession) {
    const secret = BASE32_KEY.test(fields.secret ?? '') ? (fields.secret ?? '') : '';
    const setup = { session: fields.setupSession, email, secret };
    if (!SIX_DIGITS.test(code)) return setupPage(400, page, setup, 'Enter the 6-digit code');
    result = await provider.confirmMfaSetup(email, fields.setupSession, code);
    if (result.kind === 'mfa-setup-wrong-code') {
      return setupPage(400, page, { ...setup, session: result.session }, CODE_DID_NOT_MATCH);
    }
  } else if (fields.session) {
    if (!SIX_DIGITS.test(code)) {
      return htmlResponse(
        400,
        renderSignIn({ contact, email, mfaSession: fields.session, error: 'Enter the 6-digit code' }),
      );
    }
    result = await provider.confirmMfa(email, fields.session, code);
  } else {
    const password = fields.password ?? '';
    if (email === '' || password === '')
      return htmlResponse(401, renderSignIn({ contact, email, error: WRONG }));
    result = await provider.signIn(email, password);
  }
  return signInResult(result, email, page);
}

function setupPage(
  status: number,
  page: Page,
  setup: { session: string; email: string; secret: string },
  error?: string,
): HttpResult {
  return htmlResponse(
    status,
    renderTwoStep({
      contact: page.contact,
      secret: setup.secret,
      uri: page.uriFor(setup.secret),
      signIn: { session: setup.session, email: setup.email },
      error,
    }),
  );
}

/**
 * The viewer-request function sends a navigation here when the access token's cookie has expired; the
 * refresh token (sent to this path only) gets a new access token without the password and code. A
 * refresh token Cognito refuses (expired, or revoked by a sign-out elsewhere) is forgotten.
 */
async function signInPage(event: APIGatewayProxyEventV2, provider: IdentityProvider, page: Page) {
  const { contact, secure } = page;
  const query = event.queryStringParameters ?? {};
  const signedOut = query['signed-out'] !== undefined;
  const refreshToken = readCookie(event.cookies, REFRESH_COOKIE);
  if (refreshToken && !signedOut) {
    const refreshed = await provider.refresh(refreshToken);
    if (refreshed.kind === 'signed-in') {
      return {
        ...redirect(safeAdminPath(query.next)),
        cookies: [sessionCookie(refreshed.accessToken, refreshed.expiresInSeconds, secure)],
      };
    }
    if (refreshed.kind === 'failed') {
      return { ...htmlResponse(200, renderSignIn({ contact })), cookies: [clearedRefreshCookie(secure)] };
    }
  }
  const message = signedOut ? 'You have signed out.' : undefined;
  return htmlResponse(200, renderSignIn({ contact, message }));
}

/**
 * A dashboard form posted after the access token expired, sent here by the viewer-request function
 * with 307 (method and form kept). With a new access token the browser is sent back, again with 307,
 * to post the same form to where it was going; without one, to the sign-in page.
 */
async function resumePost(
  event: APIGatewayProxyEventV2,
  provider: IdentityProvider,
  secure: boolean,
  next: string,
): Promise<HttpResult> {
  const refreshToken = readCookie(event.cookies, REFRESH_COOKIE);
  const refreshed = refreshToken ? await provider.refresh(refreshToken) : undefined;
  if (refreshed?.kind === 'signed-in') {
    return {
      ...redirect(safeAdminPath(next)),
      statusCode: 307,
      cookies: [sessionCookie(refreshed.accessToken, refreshed.expiresInSeconds, secure)],
    };
  }
  const forget = refreshed?.kind === 'throttled' ? [] : [clearedRefreshCookie(secure)];
  return { ...redirect(SIGN_IN_PATH), cookies: forget };
}

/**
 * Clearing the cookies alone would leave the tokens usable by anyone who had copied them, so Cognito
 * revokes them first: GlobalSignOut with the access token (every session of the account, so a
 * dashboard left open on another computer is signed out too), or RevokeToken when only the refresh
 * token is left. API Gateway checks access tokens offline, so one already issued stays accepted until
 * it expires (at most an hour); nothing new can be got from the revoked refresh token. If Cognito
 * cannot be reached, the cookies are still cleared: the browser is signed out either way.
 */
async function signOut(event: APIGatewayProxyEventV2, provider: IdentityProvider, secure: boolean) {
  const bearer = (header(event, 'authorization') ?? '').replace(/^Bearer\s+/i, '').trim();
  const accessToken = readCookie(event.cookies, SESSION_COOKIE) || bearer || undefined;
  const refreshToken = readCookie(event.cookies, REFRESH_COOKIE) || undefined;
  try {
    await provider.signOut({ accessToken, refreshToken });
  } catch (error) {
    logger.warn('sign-out could not revoke the tokens', {
      errorName: error instanceof Error ? error.name : 'unknown',
    });
  }
  return {
    ...redirect('/admin/sign-in?signed-out'),
    cookies: [clearedSessionCookie(secure), clearedRefreshCookie(secure)],
  };
}

function signInResult(result: SignInResult, email: string, page: Page): HttpResult {
  const { contact, secure } = page;
  switch (result.kind) {
    case 'signed-in':
      // API Gateway v2 turns `cookies` into Set-Cookie headers; the sandbox does the same.
      return {
        ...redirect('/admin'),
        cookies: [
          sessionCookie(result.accessToken, result.expiresInSeconds, secure),
          ...(result.refreshToken ? [refreshCookie(result.refreshToken, secure)] : []),
        ],
      };
    case 'mfa-required':
      return htmlResponse(200, renderSignIn({ contact, email, mfaSession: result.session }));
    case 'mfa-setup':
      return setupPage(200, page, { session: result.session, email, secret: result.secret });
    case 'mfa-setup-wrong-code':
      // A wrong set-up code is answered with the set-up form above, where the key is at hand.
      return htmlResponse(401, renderSignIn({ contact, email, error: WRONG }));
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
 * "Set up two-step sign-in" for a signed-in prescriber, to move to a new authenticator: behind the JWT
 * authorizer like every dashboard page. GET asks Cognito for a new key and shows it; POST checks a code
 * from the app and makes it the account's second step (the old one works until then). Both calls are
 * made with the prescriber's own access token (the Authorization header the authorizer checked), so
 * this function needs no IAM permission for them.
 */
async function twoStep(event: APIGatewayProxyEventV2, page: Page): Promise<HttpResult> {
  const { config } = getCoreRuntime();
  const { contact, uriFor } = page;
  const check = checkPrescriber(event);
  if (check.kind === 'unauthenticated') return htmlResponse(401, renderAdminError(401, contact));
  if (check.kind === 'forbidden') return htmlResponse(403, renderAdminError(403, contact));
  const accessToken = (header(event, 'authorization') ?? '').replace(/^Bearer\s+/i, '').trim();
  if (accessToken === '') return htmlResponse(401, renderAdminError(401, contact));
  const mfa = getEnrolment(config.region);
  if (event.requestContext.http.method === 'GET') {
    const started = await mfa.start(accessToken);
    if (started.kind === 'signed-out') return htmlResponse(401, renderAdminError(401, contact));
    return htmlResponse(200, renderTwoStep({ contact, secret: started.secret, uri: uriFor(started.secret) }));
  }
  if (isCrossSite(event, [config.publicBaseUrl]))
    return htmlResponse(403, renderAdminError(403, contact, true));
  const body = parseBody(event);
  if (body.kind !== 'form') return htmlResponse(400, renderAdminError(400, contact, true));
  const secret = BASE32_KEY.test(body.fields.secret ?? '') ? (body.fields.secret ?? '') : '';
  const again = (error: string) =>
    htmlResponse(400, renderTwoStep({ contact, secret, uri: uriFor(secret), error }));
  const code = (body.fields.code ?? '').replace(/\s+/g, '');
  if (!SIX_DIGITS.test(code)) return again('Enter the 6-digit code your authenticator app shows');
  const result = await mfa.confirm(accessToken, code);
  if (result === 'signed-out') return htmlResponse(401, renderAdminError(401, contact));
  if (result === 'wrong-code') return again(CODE_DID_NOT_MATCH);
  return htmlResponse(200, renderTwoStep({ contact, done: true }));
}
