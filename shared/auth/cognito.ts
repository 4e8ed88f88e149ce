import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type AuthenticationResultType,
  type ChallengeNameType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityProvider, SignInResult } from './identity.js';

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

function fromResult(
  result: AuthenticationResultType | undefined,
  challenge: ChallengeNameType | string | undefined,
  session: string | undefined,
): SignInResult {
  if (result?.AccessToken) {
    return { kind: 'signed-in', accessToken: result.AccessToken, expiresInSeconds: result.ExpiresIn ?? 3600 };
  }
  if (challenge === 'SOFTWARE_TOKEN_MFA' && session) return { kind: 'mfa-required', session };
  if (challenge === 'NEW_PASSWORD_REQUIRED' && session) return { kind: 'new-password-required', session };
  return { kind: 'failed' };
}

function fromError(error: unknown, session?: string): SignInResult {
  const name = error instanceof Error ? error.name : '';
  if (name === 'InvalidPasswordException' && session) return { kind: 'weak-password', session };
  if (FAILED_NAMES.has(name)) return { kind: 'failed' };
  if (THROTTLED_NAMES.has(name)) return { kind: 'throttled' };
  throw error;
}

/**
 * USER_PASSWORD_AUTH against the app client (no secret: the dashboard's Lambda is the only caller and a
 * secret in its environment would add nothing). Public Cognito calls: no IAM permission is needed.
 */
export function createCognitoIdentity(options: CognitoOptions): IdentityProvider {
  const client =
    options.client ??
    new CognitoIdentityProviderClient({
      region: options.region ?? 'eu-west-2',
      ...(options.endpoint
        ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    });
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
        return fromResult(out.AuthenticationResult, out.ChallengeName, out.Session);
      } catch (error) {
        return fromError(error);
      }
    },
    async confirmMfa(email, session, code) {
      try {
        const out = await client.send(
          new RespondToAuthChallengeCommand({
            ClientId: options.clientId,
            ChallengeName: 'SOFTWARE_TOKEN_MFA',
            Session: session,
            ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: code },
          }),
        );
        return fromResult(out.AuthenticationResult, out.ChallengeName, out.Session);
      } catch (error) {
        return fromError(error);
      }
    },
    async setNewPassword(email, session, newPassword) {
      try {
        const out = await client.send(
          new RespondToAuthChallengeCommand({
            ClientId: options.clientId,
            ChallengeName: 'NEW_PASSWORD_REQUIRED',
            Session: session,
            ChallengeResponses: { USERNAME: email, NEW_PASSWORD: newPassword },
          }),
        );
        return fromResult(out.AuthenticationResult, out.ChallengeName, out.Session);
      } catch (error) {
        return fromError(error, session);
      }
    },
  };
}
