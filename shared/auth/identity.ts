/** Signing in, as the dashboard needs it: Cognito in AWS, a local stand-in (same API) in the sandbox. */
export type SignInResult =
  | { kind: 'signed-in'; accessToken: string; expiresInSeconds: number }
  /** TOTP is set up for this account: ask for the 6-digit code. */
  | { kind: 'mfa-required'; session: string }
  /** First sign-in with the temporary password Cognito emailed: a new password must be chosen. */
  | { kind: 'new-password-required'; session: string }
  /** The new password does not meet the pool's policy. */
  | { kind: 'weak-password'; session: string }
  | { kind: 'failed' }
  /** Too many attempts: Cognito is slowing this account down. */
  | { kind: 'throttled' };

export interface IdentityProvider {
  signIn(email: string, password: string): Promise<SignInResult>;
  confirmMfa(email: string, session: string, code: string): Promise<SignInResult>;
  setNewPassword(email: string, session: string, newPassword: string): Promise<SignInResult>;
}
