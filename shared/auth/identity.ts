/** Signing in, as the dashboard needs it: Cognito in AWS, a local stand-in (same API) in the sandbox. */
export type SignInResult =
  | {
      kind: 'signed-in';
      accessToken: string;
      expiresInSeconds: number;
      /** Given by a sign-in; a refresh keeps the one it was given, so this is absent then. */
      refreshToken?: string;
    }
  /** An authenticator is set up for this account: ask for the 6-digit code. */
  | { kind: 'mfa-required'; session: string }
  /**
   * Two-step sign-in is required and this account has no authenticator yet (a new prescriber, or one
   * whose authenticator was reset): show the new key and ask for a code from it.
   */
  | { kind: 'mfa-setup'; session: string; secret: string }
  /** The code did not match the new key; the same key and session can be tried again. */
  | { kind: 'mfa-setup-wrong-code'; session: string }
  /** First sign-in with the temporary password Cognito emailed: a new password must be chosen. */
  | { kind: 'new-password-required'; session: string }
  /** The new password does not meet the pool's policy. */
  | { kind: 'weak-password'; session: string }
  | { kind: 'failed' }
  /** Too many attempts: Cognito is slowing this account down. */
  | { kind: 'throttled' };

export interface SessionTokens {
  accessToken?: string;
  refreshToken?: string;
}

export interface IdentityProvider {
  signIn(email: string, password: string): Promise<SignInResult>;
  confirmMfa(email: string, session: string, code: string): Promise<SignInResult>;
  confirmMfaSetup(email: string, session: string, code: string): Promise<SignInResult>;
  setNewPassword(email: string, session: string, newPassword: string): Promise<SignInResult>;
  /** A new access token from the refresh token: 'signed-in' (without a new refresh token) or 'failed'. */
  refresh(refreshToken: string): Promise<SignInResult>;
  /**
   * Ends the session at Cognito, not only in this browser: with a live access token, every token of
   * the account (all devices) is revoked; with only the refresh token, that token and the access tokens
   * it gave. 'nothing-live' when Cognito no longer knew the tokens (expired or revoked already).
   */
  signOut(tokens: SessionTokens): Promise<'revoked' | 'nothing-live'>;
}
