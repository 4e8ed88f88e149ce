import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runInNewContext } from 'node:vm';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { ADMINS_GROUP, PRESCRIBERS_GROUP } from '../shared/auth/claims.js';
import { ACCESS_TOKEN_MINUTES, REFRESH_TOKEN_HOURS } from '../shared/auth/session.js';
import { base32Decode, base32Encode, newTotpSecret, verifyTotp } from '../shared/auth/totp.js';
import { ADMIN_VIEWER_REQUEST_CODE } from '../shared/auth/viewer-request.js';

/*
 * Why a hand-written local user pool and not cognito-local (npm, 5.3.0), the ecosystem's Cognito
 * emulator: tried call by call with the AWS SDK against a pool with MfaConfiguration ON, it covers
 * AdminCreateUser, AdminAddUserToGroup, InitiateAuth (USER_PASSWORD_AUTH), and TOTP set up with an
 * access token (AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference, then the
 * SOFTWARE_TOKEN_MFA challenge). It lacks what required two-step sign-in and real sign-out need:
 * - MFA_SETUP: a user with no authenticator in a pool that requires one gets NotAuthorizedException
 *   instead of the MFA_SETUP challenge; AssociateSoftwareToken and VerifySoftwareToken with a Session
 *   answer "not supported; call with AccessToken"; RespondToAuthChallenge MFA_SETUP is unsupported.
 * - GlobalSignOut and AdminSetUserMFAPreference: unsupported targets.
 * - After a sign-in through a challenge (every sign-in here), the refresh token is never stored, so
 *   REFRESH_TOKEN_AUTH and RevokeToken answer NotAuthorizedException.
 * - Challenge sessions are not checked: a made-up Session, or one already used, signs in.
 * - A wrong password answers InvalidPasswordException and an unknown user NotAuthorizedException
 *   (Cognito with prevent-user-existence-errors answers NotAuthorizedException to both); no ExpiresIn.
 * - Tokens are signed with a private key published inside the npm package.
 * Filling those gaps would leave little of cognito-local in the paths the dashboard uses, so the
 * sandbox keeps this small pool, which answers exactly the calls the dashboard makes, as Cognito does.
 */

/** The sandbox's app client id, as Cognito would give one. */
export const LOCAL_CLIENT_ID = 'sandbox-dashboard-client';
const ACCESS_TOKEN_SECONDS = ACCESS_TOKEN_MINUTES * 60;
const REFRESH_TOKEN_MS = REFRESH_TOKEN_HOURS * 3600_000;

export interface LocalAccount {
  email: string;
  password: string;
  /** Stable across restarts, so the audit's actor ids stay meaningful with kept data. */
  sub: string;
  groups: string[];
  /**
   * The verified authenticator key (base32). The pool requires two-step sign-in, as in AWS: an account
   * without one is asked to set one up at sign-in (Cognito's MFA_SETUP challenge).
   */
  totpSecret?: string;
  /** How the team list names them (the sandbox writes it there at start). */
  name?: string;
  /** Disabled by an admin (AdminDisableUser): no sign-in, no refresh, no own-account calls. */
  disabled?: boolean;
  /** Made by AdminCreateUser: the temporary password must be replaced at the first sign-in. */
  mustChangePassword?: boolean;
}

/** The local pool's id, as the team function's USER_POOL_ID. */
export const LOCAL_USER_POOL_ID = 'local-user-pool';

export interface LocalAuth {
  /** The local stand-in for the Cognito endpoint: the sign-in function's SDK client calls it. */
  endpoint: string;
  issuer: string;
  clientId: string;
  /** The demo prescribers (and any an admin adds); `prescriber` is the first, an admin. */
  accounts: LocalAccount[];
  prescriber: LocalAccount;
  /** Signs an access token the way Cognito would; tests use it for wrong-group and expired tokens. */
  issueAccessToken(input: {
    sub: string;
    groups: string[];
    expiresInSeconds?: number;
    clientId?: string;
  }): Promise<string>;
  /**
   * What API Gateway's JWT authorizer does: the claims (as API Gateway passes them), or undefined for a
   * 401. Like the authorizer it checks signature, issuer, client and expiry offline, so a token revoked
   * by a sign-out is still accepted until it expires; Cognito's own calls refuse it.
   */
  verify(authorization: string | undefined): Promise<Record<string, string> | undefined>;
  /** What an administrator does for a prescriber who lost their phone: the next sign-in sets up anew. */
  resetAuthenticator(email: string): void;
  stop(): Promise<void>;
}

/** Cognito's challenge session lasts 3 minutes; a few wrong codes end it, as Cognito's limits would. */
const CHALLENGE_SESSION_MS = 3 * 60_000;
const CODE_ATTEMPTS = 5;

/** The fields of the Cognito calls the local pool answers. */
interface CognitoInput {
  ClientId?: string;
  AuthFlow?: string;
  AuthParameters?: { USERNAME?: string; PASSWORD?: string; REFRESH_TOKEN?: string };
  ChallengeName?: string;
  Session?: string;
  ChallengeResponses?: { USERNAME?: string; SOFTWARE_TOKEN_MFA_CODE?: string; NEW_PASSWORD?: string };
  UserPoolId?: string;
  Username?: string;
  GroupName?: string;
  UserAttributes?: { Name?: string; Value?: string }[];
  AccessToken?: string;
  Token?: string;
  UserCode?: string;
  SoftwareTokenMfaSettings?: { Enabled?: boolean; PreferredMfa?: boolean };
}

/**
 * Where a sign-in has got to between calls. Each step answers with a new session and spends the one
 * it was given, as Cognito's do: `code` waits for the authenticator's code; `setup` waits for
 * AssociateSoftwareToken, `associated` for VerifySoftwareToken of the new key, `verified` for
 * RespondToAuthChallenge MFA_SETUP.
 */
interface ChallengeSession {
  stage: 'code' | 'setup' | 'associated' | 'verified' | 'new-password';
  email: string;
  expiresAt: number;
  attempts: number;
  newSecret?: string;
}

interface RefreshGrant {
  email: string;
  /** Shared by the access tokens this grant gives (Cognito's origin_jti): revoking it revokes them. */
  origin: string;
  expiresAt: number;
}

type Answer = { status: number; body: unknown };
const cognitoError = (type: string, message: string): Answer => ({
  status: 400,
  body: { __type: type, message },
});

/** A password the pool's policy would accept, printed once at sandbox start. */
export function generatePassword(): string {
  return `Ck-${randomBytes(12).toString('base64url')}-7a`;
}

export function stableSub(email: string): string {
  const hex = createHash('sha256').update(`sandbox-prescriber:${email.toLowerCase()}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A demo prescriber's authenticator key: the same on every start, so a key added to an app once keeps
 * working, and `npm run totp` can print the current code without asking the running sandbox. Sandbox
 * only (it is derived from the email): the password, new on each start, is what guards the demo data.
 */
export function sandboxAuthenticatorKey(email: string): string {
  const digest = createHmac('sha256', 'community-kindness-sandbox-authenticator')
    .update(email.trim().toLowerCase())
    .digest();
  return base32Encode(digest.subarray(0, 20));
}

function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');
const newOpaqueToken = () => randomBytes(32).toString('base64url');

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
 * A local user pool for the sandbox that requires two-step sign-in, as the deployed one does: real
 * RS256 tokens from a key pair made at start, and an endpoint that answers the Cognito calls the
 * dashboard makes, like Cognito: InitiateAuth (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH), the
 * SOFTWARE_TOKEN_MFA and MFA_SETUP challenges with real RFC 6238 codes, AssociateSoftwareToken and
 * VerifySoftwareToken (with a challenge session or an access token), SetUserMFAPreference,
 * GlobalSignOut and RevokeToken. Demo prescribers come with an authenticator set up
 * (`sandboxAuthenticatorKey`), unless `enrolled: false`. Never "no auth locally".
 */
export async function startLocalAuth(options: {
  email: string;
  password?: string;
  enrolled?: boolean;
  /** The first prescriber's name on the team list. */
  name?: string;
  /** More demo prescribers (not admins), each with their own password and authenticator key. */
  team?: { email: string; name: string }[];
  /** An admin added an account: in AWS Cognito emails the temporary password; the sandbox prints it. */
  onAccountCreated?: (email: string, temporaryPassword: string) => void;
}): Promise<LocalAuth> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  const email = options.email.trim().toLowerCase();
  const prescriber: LocalAccount = {
    email,
    password: options.password ?? generatePassword(),
    sub: stableSub(email),
    groups: [PRESCRIBERS_GROUP, ADMINS_GROUP],
    ...(options.name ? { name: options.name } : {}),
    ...(options.enrolled === false ? {} : { totpSecret: sandboxAuthenticatorKey(email) }),
  };
  const accounts = [prescriber];
  for (const member of options.team ?? []) {
    const memberEmail = member.email.trim().toLowerCase();
    accounts.push({
      email: memberEmail,
      name: member.name,
      password: generatePassword(),
      sub: stableSub(memberEmail),
      groups: [PRESCRIBERS_GROUP],
      ...(options.enrolled === false ? {} : { totpSecret: sandboxAuthenticatorKey(memberEmail) }),
    });
  }

  let issuer = '';
  const challenges = new Map<string, ChallengeSession>();
  const refreshGrants = new Map<string, RefreshGrant>();
  const revokedOrigins = new Set<string>();
  /** A key from AssociateSoftwareToken with an access token, per account, until a code from it is verified. */
  const pendingSecrets = new Map<string, string>();

  const accountByEmail = (value: string) => accounts.find((a) => sameSecret(a.email, value.toLowerCase()));
  const accountBySub = (sub: unknown) => accounts.find((a) => a.sub === sub);
  /** Admin calls name an account by its username (the sub here) or its email alias, as Cognito's do. */
  const accountByUsername = (username: string | undefined) =>
    username === undefined ? undefined : (accountBySub(username) ?? accountByEmail(username));

  const sign = (
    key: CryptoKey,
    input: { sub: string; groups: string[]; expiresInSeconds?: number; clientId?: string; origin?: string },
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
      ...(input.origin ? { origin_jti: input.origin } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject(input.sub)
      .setIssuer(issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + (input.expiresInSeconds ?? ACCESS_TOKEN_SECONDS))
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

  function openChallenge(
    stage: ChallengeSession['stage'],
    account: LocalAccount,
    newSecret?: string,
  ): string {
    const session = randomBytes(32).toString('base64url');
    challenges.set(session, {
      stage,
      email: account.email,
      expiresAt: Date.now() + CHALLENGE_SESSION_MS,
      attempts: 0,
      ...(newSecret ? { newSecret } : {}),
    });
    return session;
  }

  /** The live session at that stage, or undefined (unknown, spent, expired or out of attempts). */
  function challengeAt(session: string | undefined, stage: ChallengeSession['stage']) {
    const found = challenges.get(session ?? '');
    if (!found || found.stage !== stage) return undefined;
    if (found.expiresAt < Date.now() || found.attempts >= CODE_ATTEMPTS) {
      challenges.delete(session ?? '');
      return undefined;
    }
    const account = accountByEmail(found.email);
    return account ? { found, account } : undefined;
  }

  /** Tokens for a finished sign-in: a new grant, whose refresh token gives access tokens later. */
  async function tokensFor(account: LocalAccount): Promise<Answer> {
    const origin = randomUUID();
    const refreshToken = newOpaqueToken();
    refreshGrants.set(hashOf(refreshToken), {
      email: account.email,
      origin,
      expiresAt: Date.now() + REFRESH_TOKEN_MS,
    });
    return {
      status: 200,
      body: {
        AuthenticationResult: {
          AccessToken: await sign(privateKey, { sub: account.sub, groups: account.groups, origin }),
          ExpiresIn: ACCESS_TOKEN_SECONDS,
          RefreshToken: refreshToken,
          TokenType: 'Bearer',
        },
        ChallengeParameters: {},
      },
    };
  }

  function revokeGrant(hash: string): void {
    const grant = refreshGrants.get(hash);
    if (!grant) return;
    revokedOrigins.add(grant.origin);
    refreshGrants.delete(hash);
  }

  async function answer(req: IncomingMessage): Promise<Answer> {
    if (req.method === 'GET' && req.url?.endsWith('/.well-known/jwks.json'))
      return { status: 200, body: jwks };
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as CognitoInput;
    const operation = target.replace('AWSCognitoIdentityProviderService.', '');
    const wrongClient = input.ClientId !== LOCAL_CLIENT_ID;
    switch (operation) {
      case 'InitiateAuth':
        if (wrongClient) return cognitoError('ResourceNotFoundException', 'User pool client does not exist.');
        if (input.AuthFlow === 'USER_PASSWORD_AUTH') return passwordStep(input);
        if (input.AuthFlow === 'REFRESH_TOKEN_AUTH') return refreshStep(input);
        return cognitoError('InvalidParameterException', 'Auth flow not enabled for this client');
      case 'RespondToAuthChallenge':
        if (wrongClient) return cognitoError('ResourceNotFoundException', 'User pool client does not exist.');
        return respondToChallenge(input);
      case 'AssociateSoftwareToken':
        return associateSoftwareToken(input);
      case 'VerifySoftwareToken':
        return verifySoftwareToken(input);
      case 'SetUserMFAPreference': {
        const account = await ownAccount(input.AccessToken);
        if (!account) return cognitoError('NotAuthorizedException', 'Invalid Access Token');
        if (input.SoftwareTokenMfaSettings?.Enabled === true && !account.totpSecret)
          return cognitoError('InvalidParameterException', 'User has not verified software token mfa');
        // The pool requires two-step sign-in, so turning it off changes nothing, as in Cognito.
        return { status: 200, body: {} };
      }
      case 'GlobalSignOut': {
        const account = await ownAccount(input.AccessToken);
        if (!account) return cognitoError('NotAuthorizedException', 'Access Token has been revoked');
        for (const [hash, grant] of refreshGrants) if (grant.email === account.email) revokeGrant(hash);
        return { status: 200, body: {} };
      }
      case 'RevokeToken':
        if (wrongClient)
          return cognitoError('UnauthorizedException', 'Client is not authorized to revoke the token.');
        // Cognito answers success for a token it no longer holds, too.
        revokeGrant(hashOf(input.Token ?? ''));
        return { status: 200, body: {} };
      // The team page's calls (in AWS authorized by the function's IAM role, here by being local).
      case 'AdminCreateUser':
        return adminCreateUser(input);
      case 'AdminAddUserToGroup': {
        const account = accountByUsername(input.Username);
        if (!account) return cognitoError('UserNotFoundException', 'User does not exist.');
        const group = input.GroupName ?? '';
        if (![PRESCRIBERS_GROUP, ADMINS_GROUP].includes(group))
          return cognitoError('ResourceNotFoundException', 'Group not found.');
        if (!account.groups.includes(group)) account.groups.push(group);
        return { status: 200, body: {} };
      }
      case 'AdminDisableUser':
      case 'AdminEnableUser': {
        const account = accountByUsername(input.Username);
        if (!account) return cognitoError('UserNotFoundException', 'User does not exist.');
        account.disabled = operation === 'AdminDisableUser';
        // As Cognito does: disabling ends the account's sessions, so its refresh tokens stop working.
        if (account.disabled)
          for (const [hash, grant] of refreshGrants) if (grant.email === account.email) revokeGrant(hash);
        return { status: 200, body: {} };
      }
      default:
        return cognitoError('InvalidParameterException', `${target} is not available locally`);
    }
  }

  function adminCreateUser(input: CognitoInput): Answer {
    const newEmail = (input.Username ?? '').trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(newEmail))
      return cognitoError('InvalidParameterException', 'Username should be an email.');
    if (accountByEmail(newEmail))
      return cognitoError('UsernameExistsException', 'An account with the given email already exists.');
    const account: LocalAccount = {
      email: newEmail,
      password: generatePassword(),
      sub: randomUUID(),
      groups: [],
      mustChangePassword: true,
    };
    accounts.push(account);
    options.onAccountCreated?.(account.email, account.password);
    return {
      status: 200,
      body: {
        User: {
          Username: account.sub,
          Enabled: true,
          UserStatus: 'FORCE_CHANGE_PASSWORD',
          Attributes: [
            { Name: 'sub', Value: account.sub },
            { Name: 'email', Value: account.email },
            { Name: 'email_verified', Value: 'true' },
          ],
        },
      },
    };
  }

  async function passwordStep(input: CognitoInput): Promise<Answer> {
    const account = accountByEmail(input.AuthParameters?.USERNAME ?? '');
    // One answer for an unknown user and a wrong password: the pool prevents user existence errors.
    if (!account || !sameSecret(input.AuthParameters?.PASSWORD ?? '', account.password))
      return cognitoError('NotAuthorizedException', 'Incorrect username or password.');
    if (account.disabled) return cognitoError('NotAuthorizedException', 'User is disabled.');
    // A temporary password from AdminCreateUser: the first sign-in chooses a new one.
    if (account.mustChangePassword) {
      return {
        status: 200,
        body: {
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: openChallenge('new-password', account),
          ChallengeParameters: {},
        },
      };
    }
    // As Cognito does: the password alone gets a short-lived session for the second step, not a token.
    if (!account.totpSecret) {
      return {
        status: 200,
        body: {
          ChallengeName: 'MFA_SETUP',
          Session: openChallenge('setup', account),
          ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' },
        },
      };
    }
    return {
      status: 200,
      body: {
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: openChallenge('code', account),
        ChallengeParameters: {},
      },
    };
  }

  async function refreshStep(input: CognitoInput): Promise<Answer> {
    const hash = hashOf(input.AuthParameters?.REFRESH_TOKEN ?? '');
    const grant = refreshGrants.get(hash);
    const account = grant && accountByEmail(grant.email);
    if (
      !grant ||
      !account ||
      account.disabled ||
      grant.expiresAt < Date.now() ||
      revokedOrigins.has(grant.origin)
    ) {
      refreshGrants.delete(hash);
      return cognitoError('NotAuthorizedException', 'Invalid Refresh Token');
    }
    return {
      status: 200,
      body: {
        AuthenticationResult: {
          AccessToken: await sign(privateKey, {
            sub: account.sub,
            groups: account.groups,
            origin: grant.origin,
          }),
          ExpiresIn: ACCESS_TOKEN_SECONDS,
          TokenType: 'Bearer',
        },
        ChallengeParameters: {},
      },
    };
  }

  async function respondToChallenge(input: CognitoInput): Promise<Answer> {
    const invalid = cognitoError('NotAuthorizedException', 'Invalid session for the user.');
    const username = input.ChallengeResponses?.USERNAME ?? '';
    if (input.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
      const live = challengeAt(input.Session, 'new-password');
      if (!live || !sameSecret(username.toLowerCase(), live.account.email)) return invalid;
      const newPassword = input.ChallengeResponses?.NEW_PASSWORD ?? '';
      // The deployed pool's policy: 14 characters with a lower and upper case letter, a digit and a symbol.
      if (
        newPassword.length < 14 ||
        !/[a-z]/.test(newPassword) ||
        !/[A-Z]/.test(newPassword) ||
        !/\d/.test(newPassword) ||
        !/[^A-Za-z0-9]/.test(newPassword)
      ) {
        live.found.attempts += 1;
        return cognitoError('InvalidPasswordException', 'Password does not conform to policy.');
      }
      challenges.delete(input.Session ?? '');
      live.account.password = newPassword;
      delete live.account.mustChangePassword;
      // Then, as Cognito does in a pool that requires two-step sign-in, the authenticator's set-up.
      return {
        status: 200,
        body: {
          ChallengeName: 'MFA_SETUP',
          Session: openChallenge('setup', live.account),
          ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' },
        },
      };
    }
    if (input.ChallengeName === 'MFA_SETUP') {
      const live = challengeAt(input.Session, 'verified');
      if (!live || !sameSecret(username.toLowerCase(), live.account.email)) return invalid;
      challenges.delete(input.Session ?? '');
      return tokensFor(live.account);
    }
    if (input.ChallengeName !== 'SOFTWARE_TOKEN_MFA') return invalid;
    const live = challengeAt(input.Session, 'code');
    if (!live || !sameSecret(username.toLowerCase(), live.account.email)) return invalid;
    const secret = live.account.totpSecret;
    const code = input.ChallengeResponses?.SOFTWARE_TOKEN_MFA_CODE ?? '';
    if (!secret || !verifyTotp(base32Decode(secret), code, Date.now() / 1000)) {
      live.found.attempts += 1;
      return cognitoError('CodeMismatchException', 'Invalid code received for user');
    }
    challenges.delete(input.Session ?? '');
    return tokensFor(live.account);
  }

  async function associateSoftwareToken(input: CognitoInput): Promise<Answer> {
    const secret = base32Encode(newTotpSecret());
    if (input.Session !== undefined) {
      const live = challengeAt(input.Session, 'setup');
      if (!live) return cognitoError('NotAuthorizedException', 'Invalid session for the user.');
      challenges.delete(input.Session);
      return {
        status: 200,
        body: { SecretCode: secret, Session: openChallenge('associated', live.account, secret) },
      };
    }
    const account = await ownAccount(input.AccessToken);
    if (!account) return cognitoError('NotAuthorizedException', 'Invalid Access Token');
    pendingSecrets.set(account.email, secret);
    return { status: 200, body: { SecretCode: secret } };
  }

  async function verifySoftwareToken(input: CognitoInput): Promise<Answer> {
    const mismatch = cognitoError(
      'EnableSoftwareTokenMFAException',
      'Code mismatch and fail enable Software Token MFA',
    );
    const matches = (secret: string | undefined) =>
      secret !== undefined && verifyTotp(base32Decode(secret), input.UserCode ?? '', Date.now() / 1000);
    if (input.Session !== undefined) {
      const live = challengeAt(input.Session, 'associated');
      if (!live) return cognitoError('NotAuthorizedException', 'Invalid session for the user.');
      if (!matches(live.found.newSecret)) {
        live.found.attempts += 1;
        return mismatch;
      }
      challenges.delete(input.Session);
      live.account.totpSecret = live.found.newSecret;
      return { status: 200, body: { Status: 'SUCCESS', Session: openChallenge('verified', live.account) } };
    }
    const account = await ownAccount(input.AccessToken);
    if (!account) return cognitoError('NotAuthorizedException', 'Invalid Access Token');
    const pending = pendingSecrets.get(account.email);
    if (!matches(pending)) return mismatch;
    account.totpSecret = pending;
    pendingSecrets.delete(account.email);
    return { status: 200, body: { Status: 'SUCCESS' } };
  }

  /**
   * The calls a user makes about their own account carry their access token: it must be ours, an access
   * token, and not revoked by a sign-out (Cognito checks that; API Gateway's authorizer cannot).
   */
  async function ownAccount(token: string | undefined): Promise<LocalAccount | undefined> {
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, publicKey, { issuer, algorithms: ['RS256'] });
      if (payload.token_use !== 'access') return undefined;
      if (typeof payload.origin_jti === 'string' && revokedOrigins.has(payload.origin_jti)) return undefined;
      const account = accountBySub(payload.sub);
      return account?.disabled ? undefined : account;
    } catch {
      return undefined;
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
    accounts,
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
    resetAuthenticator(accountEmail) {
      const account = accountByEmail(accountEmail);
      if (account) delete account.totpSecret;
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

/**
 * Runs the CloudFront Function that deploys on /admin* (the same source) over a sandbox request. As in
 * CloudFront, the function sees cookies apart from the headers, and the Cookie header the origin gets is
 * built from the cookies it leaves.
 */
export function runAdminViewerRequest(input: {
  method: string;
  uri: string;
  headers: Record<string, string>;
}): ViewerRequestResult {
  const headers: CfHeaders = {};
  for (const [key, value] of Object.entries(input.headers)) {
    if (key.toLowerCase() !== 'cookie') headers[key.toLowerCase()] = { value };
  }
  const cookies: Record<string, { value: string }> = {};
  const cookieHeader = Object.entries(input.headers).find(([key]) => key.toLowerCase() === 'cookie')?.[1];
  for (const part of (cookieHeader ?? '').split(';')) {
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
  const forwarded = Object.entries(result.cookies).map(([name, { value }]) => `${name}=${value}`);
  return {
    kind: 'request',
    headers: {
      ...flatten(result.headers),
      ...(forwarded.length > 0 ? { cookie: forwarded.join('; ') } : {}),
    },
  };
}
