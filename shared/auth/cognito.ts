import {
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  VerifySoftwareTokenCommand,
  type AuthenticationResultType,
  type ChallengeNameType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityProvider, SignInResult } from './identity.js';
import { awsClientConfig } from '../util/aws-client-config.js';

export interface CognitoOptions {
  clientId: string;
  region?: string;
  /** The sandbox's local stand-in; unset in AWS. */
  endpoint?: string;
  client?: CognitoIdentityProviderClient;
}

const FAILED_NAMES = new Set(['NotAuthorizedException', 'UserNotFoundException', 'CodeMismatchException']);
const THROTTLED_NAMES = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'TooManyFailedAttemptsException',
]);
/** What VerifySoftwareToken answers to a code that does not match the new key. */
const WRONG_SETUP_CODE_NAMES = new Set(['EnableSoftwareTokenMFAException', 'CodeMismatchException']);
/** Tokens Cognito no longer honours (expired, revoked, or never ours): nothing is left to revoke. */
const DEAD_TOKEN_NAMES = new Set(['NotAuthorizedException', 'UnsupportedTokenTypeException']);

const nameOf = (error: unknown) => (error instanceof Error ? error.name : '');

function fromError(error: unknown, session?: string): SignInResult {
  const name = nameOf(error);
  if (name === 'InvalidPasswordException' && session) return { kind: 'weak-password', session };
  if (FAILED_NAMES.has(name)) return { kind: 'failed' };
  if (THROTTLED_NAMES.has(name)) return { kind: 'throttled' };
  throw error;
}

/**
 * USER_PASSWORD_AUTH against the app client (no secret: the dashboard's Lambda is the only caller and a
 * secret in its environment would add nothing). Public Cognito calls, authorized by the password, a
 * challenge session or the user's own token: no IAM permission is needed.
 *
 * The pool requires TOTP. A prescriber with no authenticator yet gets Cognito's MFA_SETUP challenge at
 * sign-in; its session is what AssociateSoftwareToken and VerifySoftwareToken accept in place of an
 * access token, so the key is set up inside the sign-in itself.
 */
export function createCognitoIdentity(options: CognitoOptions): IdentityProvider {
  const client = options.client ?? new CognitoIdentityProviderClient(awsClientConfig(options));

  async function next(
    result: AuthenticationResultType | undefined,
    challenge: ChallengeNameType | string | undefined,
    session: string | undefined,
  ): Promise<SignInResult> {
    if (result?.AccessToken) {
      return {
        kind: 'signed-in',
        accessToken: result.AccessToken,
        expiresInSeconds: result.ExpiresIn ?? 3600,
        ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
      };
    }
    if (!session) return { kind: 'failed' };
    if (challenge === 'SOFTWARE_TOKEN_MFA') return { kind: 'mfa-required', session };
    if (challenge === 'NEW_PASSWORD_REQUIRED') return { kind: 'new-password-required', session };
    if (challenge === 'MFA_SETUP') {
      const out = await client.send(new AssociateSoftwareTokenCommand({ Session: session }));
      if (!out.SecretCode || !out.Session) return { kind: 'failed' };
      return { kind: 'mfa-setup', session: out.Session, secret: out.SecretCode };
    }
    return { kind: 'failed' };
  }

  async function respond(
    challenge: ChallengeNameType,
    session: string,
    responses: Record<string, string>,
  ): Promise<SignInResult> {
    const out = await client.send(
      new RespondToAuthChallengeCommand({
        ClientId: options.clientId,
        ChallengeName: challenge,
        Session: session,
        ChallengeResponses: responses,
      }),
    );
    return next(out.AuthenticationResult, out.ChallengeName, out.Session);
  }

  async function revokeRefreshToken(refreshToken: string): Promise<'revoked' | 'nothing-live'> {
    try {
      await client.send(new RevokeTokenCommand({ ClientId: options.clientId, Token: refreshToken }));
      return 'revoked';
    } catch (error) {
      if (DEAD_TOKEN_NAMES.has(nameOf(error))) return 'nothing-live';
      throw error;
    }
  }

  return {
    async signIn(email, password) {
      try {
        const out = await client.send(
          new InitiateAuthCommand({
            ClientId: options.clientId,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: email, PASSWORD: password },
          }),
        );
        return await next(out.AuthenticationResult, out.ChallengeName, out.Session);
      } catch (error) {
        return fromError(error);
      }
    },
    async confirmMfa(email, session, code) {
      try {
        return await respond('SOFTWARE_TOKEN_MFA', session, {
          USERNAME: email,
          SOFTWARE_TOKEN_MFA_CODE: code,
        });
      } catch (error) {
        return fromError(error);
      }
    },
    async confirmMfaSetup(email, session, code) {
      let verifiedSession: string;
      try {
        const verified = await client.send(
          new VerifySoftwareTokenCommand({
            Session: session,
            UserCode: code,
            FriendlyDeviceName: 'Dashboard authenticator',
          }),
        );
        if (verified.Status !== 'SUCCESS' || !verified.Session)
          return { kind: 'mfa-setup-wrong-code', session };
        verifiedSession = verified.Session;
      } catch (error) {
        if (WRONG_SETUP_CODE_NAMES.has(nameOf(error))) return { kind: 'mfa-setup-wrong-code', session };
        return fromError(error);
      }
      try {
        return await respond('MFA_SETUP', verifiedSession, { USERNAME: email });
      } catch (error) {
        return fromError(error);
      }
    },
    async setNewPassword(email, session, newPassword) {
      try {
        return await respond('NEW_PASSWORD_REQUIRED', session, {
          USERNAME: email,
          NEW_PASSWORD: newPassword,
        });
      } catch (error) {
        return fromError(error, session);
      }
    },
    async refresh(refreshToken) {
      try {
        const out = await client.send(
          new InitiateAuthCommand({
            ClientId: options.clientId,
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            AuthParameters: { REFRESH_TOKEN: refreshToken },
          }),
        );
        const result = await next(out.AuthenticationResult, out.ChallengeName, out.Session);
        // A refresh never starts a challenge: anything but tokens means signing in again.
        return result.kind === 'signed-in' ? result : { kind: 'failed' };
      } catch (error) {
        return fromError(error);
      }
    },
    async signOut({ accessToken, refreshToken }) {
      if (accessToken) {
        try {
          await client.send(new GlobalSignOutCommand({ AccessToken: accessToken }));
          return 'revoked';
        } catch (error) {
          if (!DEAD_TOKEN_NAMES.has(nameOf(error))) throw error;
          // The access token had lapsed: the refresh token can still be revoked on its own.
        }
      }
      return refreshToken ? revokeRefreshToken(refreshToken) : 'nothing-live';
    },
  };
}
