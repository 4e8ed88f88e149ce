import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runInNewContext } from 'node:vm';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { PRESCRIBERS_GROUP } from '../shared/auth/claims.js';
import { base32Decode, base32Encode, newTotpSecret, verifyTotp } from '../shared/auth/totp.js';
import { ADMIN_VIEWER_REQUEST_CODE } from '../shared/auth/viewer-request.js';

/** The sandbox's app client id, as Cognito would give one. */
export const LOCAL_CLIENT_ID = 'sandbox-dashboard-client';
const SESSION_SECONDS = 8 * 3600;

export interface LocalAccount {
  email: string;
  password: string;
  /** Stable across restarts, so the audit's actor ids stay meaningful with kept data. */
  sub: string;
  groups: string[];
  /** The authenticator secret once verified (base32); with `mfaEnabled`, sign-in asks for a code. */
  totpSecret?: string;
  mfaEnabled?: boolean;
}

export interface LocalAuth {
  /** The local stand-in for the Cognito endpoint: the sign-in function's SDK client calls it. */
  endpoint: string;
  issuer: string;
  clientId: string;
  prescriber: LocalAccount;
  /** Signs an access token the way Cognito would; tests use it for wrong-group and expired tokens. */
  issueAccessToken(input: {
    sub: string;
    groups: string[];
    expiresInSeconds?: number;
    clientId?: string;
  }): Promise<string>;
  /** What API Gateway's JWT authorizer does: the claims (as API Gateway passes them), or undefined for a 401. */
  verify(authorization: string | undefined): Promise<Record<string, string> | undefined>;
  stop(): Promise<void>;
}

/** Cognito's MFA session lasts 3 minutes; a few wrong codes end it, as Cognito's limits would. */
const MFA_SESSION_MS = 3 * 60_000;
const MFA_ATTEMPTS = 5;

/** The fields of the Cognito calls the local pool answers. */
interface CognitoInput {
  ClientId?: string;
  AuthFlow?: string;
  AuthParameters?: { USERNAME?: string; PASSWORD?: string };
  ChallengeName?: string;
  Session?: string;
  ChallengeResponses?: { USERNAME?: string; SOFTWARE_TOKEN_MFA_CODE?: string };
  AccessToken?: string;
  UserCode?: string;
  SoftwareTokenMfaSettings?: { Enabled?: boolean; PreferredMfa?: boolean };
}

/** A password the pool's policy would accept, printed once at sandbox start. */
export function generatePassword(): string {
  return `Ck-${randomBytes(12).toString('base64url')}-7a`;
}

export function stableSub(email: string): string {
  const hex = createHash('sha256').update(`sandbox-prescriber:${email.toLowerCase()}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

/**
 * API Gateway hands a JWT authorizer's claims to the function as strings; a list becomes "[a b]".
 * The sandbox does the same so the handler's parsing is exercised locally.
 */
export function claimsAsApiGatewayPassesThem(payload: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (Array.isArray(value)) out[key] = `[${value.map(String).join(' ')}]`;
    else if (value !== null && typeof value === 'object') out[key] = JSON.stringify(value);
    else if (value !== undefined) out[key] = String(value);
  }
  return out;
}

/**
 * A local user pool for the sandbox: real RS256 tokens from a key pair made at start, an endpoint that
 * answers InitiateAuth (USER_PASSWORD_AUTH) like Cognito's, TOTP enrolment (AssociateSoftwareToken,
 * VerifySoftwareToken, SetUserMFAPreference) and the SOFTWARE_TOKEN_MFA challenge with real RFC 6238 codes, and a verifier that checks signature,
 * issuer, audience (client_id) and expiry like API Gateway's JWT authorizer. Never "no auth locally".
 */
export async function startLocalAuth(options: { email: string; password?: string }): Promise<LocalAuth> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  const prescriber: LocalAccount = {
    email: options.email.toLowerCase(),
    password: options.password ?? generatePassword(),
    sub: stableSub(options.email),
    groups: [PRESCRIBERS_GROUP],
  };

  let issuer = '';
  /** Secret from AssociateSoftwareToken, until a code from it is verified. */
  let pendingSecret: string | undefined;
  const mfaSessions = new Map<string, { expiresAt: number; attempts: number }>();
  const sign = (
    key: CryptoKey,
    input: { sub: string; groups: string[]; expiresInSeconds?: number; clientId?: string },
  ) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      'cognito:groups': input.groups,
      client_id: input.clientId ?? LOCAL_CLIENT_ID,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      auth_time: now,
      username: input.sub,
      jti: randomUUID(),
    })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject(input.sub)
      .setIssuer(issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + (input.expiresInSeconds ?? SESSION_SECONDS))
      .sign(key);
  };

  const server: Server = createServer((req, res) => {
    void answer(req).then(
      ({ status, body }) => {
        res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      },
      () => {
        res.writeHead(500, { 'Content-Type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'InternalErrorException', message: 'local auth failed' }));
      },
    );
  });

  async function answer(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    if (req.method === 'GET' && req.url?.endsWith('/.well-known/jwks.json'))
      return { status: 200, body: jwks };
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as CognitoInput;
    const refuse = {
      status: 400,
      body: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' },
    };
    const signedIn = async () => ({
      status: 200,
      body: {
        AuthenticationResult: {
          AccessToken: await sign(privateKey, { sub: prescriber.sub, groups: prescriber.groups }),
          ExpiresIn: SESSION_SECONDS,
          TokenType: 'Bearer',
        },
        ChallengeParameters: {},
      },
    });
    const operation = target.replace('AWSCognitoIdentityProviderService.', '');
    switch (operation) {
      case 'InitiateAuth': {
        if (input.ClientId !== LOCAL_CLIENT_ID || input.AuthFlow !== 'USER_PASSWORD_AUTH') return refuse;
        const username = (input.AuthParameters?.USERNAME ?? '').toLowerCase();
        const password = input.AuthParameters?.PASSWORD ?? '';
        if (!sameSecret(username, prescriber.email) || !sameSecret(password, prescriber.password))
          return refuse;
        if (!prescriber.mfaEnabled) return signedIn();
        // As Cognito does: the password alone gets a short-lived session for the code, not a token.
        const session = randomBytes(32).toString('base64url');
        mfaSessions.set(session, { expiresAt: Date.now() + MFA_SESSION_MS, attempts: 0 });
        return {
          status: 200,
          body: { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: session, ChallengeParameters: {} },
        };
      }
      case 'RespondToAuthChallenge': {
        const session = mfaSessions.get(input.Session ?? '');
        const expired = {
          status: 400,
          body: { __type: 'NotAuthorizedException', message: 'Invalid session.' },
        };
        if (input.ClientId !== LOCAL_CLIENT_ID || input.ChallengeName !== 'SOFTWARE_TOKEN_MFA' || !session)
          return expired;
        if (session.expiresAt < Date.now() || session.attempts >= MFA_ATTEMPTS) {
          mfaSessions.delete(input.Session ?? '');
          return expired;
        }
        const code = input.ChallengeResponses?.SOFTWARE_TOKEN_MFA_CODE ?? '';
        const secret = prescriber.totpSecret;
        if (!secret || !verifyTotp(base32Decode(secret), code, Date.now() / 1000)) {
          session.attempts += 1;
          return {
            status: 400,
            body: { __type: 'CodeMismatchException', message: 'Invalid code received.' },
          };
        }
        mfaSessions.delete(input.Session ?? '');
        return signedIn();
      }
      case 'AssociateSoftwareToken': {
        if (!(await ownAccessToken(input.AccessToken))) return refuse;
        const secret = base32Encode(newTotpSecret());
        pendingSecret = secret;
        return { status: 200, body: { SecretCode: secret } };
      }
      case 'VerifySoftwareToken': {
        if (!(await ownAccessToken(input.AccessToken))) return refuse;
        if (
          !pendingSecret ||
          !verifyTotp(base32Decode(pendingSecret), input.UserCode ?? '', Date.now() / 1000)
        ) {
          return {
            status: 400,
            body: {
              __type: 'EnableSoftwareTokenMFAException',
              message: 'Code mismatch and fail enable Software Token MFA',
            },
          };
        }
        prescriber.totpSecret = pendingSecret;
        pendingSecret = undefined;
        return { status: 200, body: { Status: 'SUCCESS' } };
      }
      case 'SetUserMFAPreference': {
        if (!(await ownAccessToken(input.AccessToken))) return refuse;
        const enable = input.SoftwareTokenMfaSettings?.Enabled === true;
        if (enable && !prescriber.totpSecret) {
          return {
            status: 400,
            body: {
              __type: 'InvalidParameterException',
              message: 'User has not verified software token mfa',
            },
          };
        }
        prescriber.mfaEnabled = enable;
        return { status: 200, body: {} };
      }
      default:
        return {
          status: 400,
          body: { __type: 'InvalidParameterException', message: `${target} is not available locally` },
        };
    }
  }

  /** The calls a user makes about their own account carry their access token: it must be ours and theirs. */
  async function ownAccessToken(token: string | undefined): Promise<boolean> {
    if (!token) return false;
    try {
      const { payload } = await jwtVerify(token, publicKey, { issuer, algorithms: ['RS256'] });
      return payload.sub === prescriber.sub && payload.token_use === 'access';
    } catch {
      return false;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  issuer = `${endpoint}/local-user-pool`;

  return {
    endpoint,
    issuer,
    clientId: LOCAL_CLIENT_ID,
    prescriber,
    issueAccessToken: (input) => sign(privateKey, input),
    async verify(authorization) {
      const token = authorization?.replace(/^Bearer\s+/i, '').trim();
      if (!token) return undefined;
      try {
        const { payload } = await jwtVerify(token, publicKey, { issuer, algorithms: ['RS256'] });
        // Cognito access tokens carry client_id, ID tokens aud: the authorizer accepts either.
        const audience = payload.client_id ?? payload.aud;
        if (audience !== LOCAL_CLIENT_ID) return undefined;
        return claimsAsApiGatewayPassesThem(payload);
      } catch {
        return undefined;
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

type CfHeaders = Record<string, { value: string }>;
interface CfRequest {
  method: string;
  uri: string;
  querystring: Record<string, { value: string }>;
  headers: CfHeaders;
  cookies: Record<string, { value: string }>;
}
export type ViewerRequestResult =
  | { kind: 'request'; headers: Record<string, string> }
  | { kind: 'response'; statusCode: number; headers: Record<string, string> };

const viewerRequestHandler = runInNewContext(`${ADMIN_VIEWER_REQUEST_CODE}; handler`, {}) as (event: {
  request: CfRequest;
}) => CfRequest | { statusCode: number; headers?: CfHeaders };

/** Runs the CloudFront Function that deploys on /admin* (the same source) over a sandbox request. */
export function runAdminViewerRequest(input: {
  method: string;
  uri: string;
  headers: Record<string, string>;
}): ViewerRequestResult {
  const headers: CfHeaders = {};
  for (const [key, value] of Object.entries(input.headers)) headers[key.toLowerCase()] = { value };
  const cookies: Record<string, { value: string }> = {};
  for (const part of (input.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name) cookies[name] = { value: rest.join('=') };
  }
  const result = viewerRequestHandler({
    request: { method: input.method, uri: input.uri, querystring: {}, headers, cookies },
  });
  const flatten = (h: CfHeaders | undefined) =>
    Object.fromEntries(Object.entries(h ?? {}).map(([key, { value }]) => [key, value]));
  if ('statusCode' in result)
    return { kind: 'response', statusCode: result.statusCode, headers: flatten(result.headers) };
  return { kind: 'request', headers: flatten(result.headers) };
}
