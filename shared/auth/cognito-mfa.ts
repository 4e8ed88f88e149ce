import {
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { awsClientConfig } from '../util/aws-client-config.js';

/** Setting up an authenticator app for the signed-in prescriber. */
export interface MfaEnrolment {
  /** A new secret (base32) for the app; the old one, if any, keeps working until a code from this is verified. */
  start(accessToken: string): Promise<{ kind: 'secret'; secret: string } | { kind: 'signed-out' }>;
  /** Checks a code from the app against the new secret, then makes TOTP the account's second step. */
  confirm(accessToken: string, code: string): Promise<'enabled' | 'wrong-code' | 'signed-out'>;
}

const SIGNED_OUT = new Set(['NotAuthorizedException', 'UserNotFoundException']);
const WRONG_CODE = new Set(['EnableSoftwareTokenMFAException', 'CodeMismatchException']);

/**
 * Cognito's own-account calls with the user's access token: no IAM permission is involved (the token is
 * the authority, and it must carry the aws.cognito.signin.user.admin scope that USER_PASSWORD_AUTH gives).
 */
export function createCognitoMfaEnrolment(options: {
  region?: string;
  endpoint?: string;
  client?: CognitoIdentityProviderClient;
}): MfaEnrolment {
  const client = options.client ?? new CognitoIdentityProviderClient(awsClientConfig(options));
  const nameOf = (error: unknown) => (error instanceof Error ? error.name : '');
  return {
    async start(accessToken) {
      try {
        const out = await client.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
        if (!out.SecretCode) throw new Error('Cognito returned no secret');
        return { kind: 'secret', secret: out.SecretCode };
      } catch (error) {
        if (SIGNED_OUT.has(nameOf(error))) return { kind: 'signed-out' };
        throw error;
      }
    },
    async confirm(accessToken, code) {
      try {
        const out = await client.send(
          new VerifySoftwareTokenCommand({
            AccessToken: accessToken,
            UserCode: code,
            FriendlyDeviceName: 'Dashboard authenticator',
          }),
        );
        if (out.Status !== 'SUCCESS') return 'wrong-code';
        await client.send(
          new SetUserMFAPreferenceCommand({
            AccessToken: accessToken,
            SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
          }),
        );
        return 'enabled';
      } catch (error) {
        if (WRONG_CODE.has(nameOf(error))) return 'wrong-code';
        if (SIGNED_OUT.has(nameOf(error))) return 'signed-out';
        throw error;
      }
    },
  };
}
