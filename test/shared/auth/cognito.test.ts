import {
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  CognitoIdentityProviderServiceException,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createCognitoIdentity } from '../../../shared/auth/cognito.js';

const CLIENT_ID = 'dashboard-client';
const EMAIL = 'prescriber@practice.example';
const cognito = mockClient(CognitoIdentityProviderClient);
const identity = createCognitoIdentity({ clientId: CLIENT_ID, region: 'eu-west-2' });

function cognitoError(name: string): CognitoIdentityProviderServiceException {
  return new CognitoIdentityProviderServiceException({
    name,
    $fault: 'client',
    $metadata: {},
    message: name,
  });
}

const TOKENS = {
  AccessToken: 'access.jwt',
  ExpiresIn: 3600,
  RefreshToken: 'refresh-opaque',
  IdToken: 'id.jwt',
};

beforeEach(() => {
  cognito.reset();
});

afterAll(() => {
  cognito.restore();
});

describe('signing in with two-step sign-in required', () => {
  it('asks for the code when the account has an authenticator', async () => {
    cognito.on(InitiateAuthCommand).resolves({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 's-code' });
    expect(await identity.signIn(EMAIL, 'Password-1234!')).toEqual({
      kind: 'mfa-required',
      session: 's-code',
    });
    expect(cognito).toHaveReceivedCommandWith(InitiateAuthCommand, {
      ClientId: CLIENT_ID,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: EMAIL, PASSWORD: 'Password-1234!' },
    });
  });

  it('signs in with the code and keeps the refresh token', async () => {
    cognito.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: TOKENS });
    expect(await identity.confirmMfa(EMAIL, 's-code', '123456')).toEqual({
      kind: 'signed-in',
      accessToken: 'access.jwt',
      expiresInSeconds: 3600,
      refreshToken: 'refresh-opaque',
    });
    expect(cognito).toHaveReceivedCommandWith(RespondToAuthChallengeCommand, {
      ClientId: CLIENT_ID,
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: 's-code',
      ChallengeResponses: { USERNAME: EMAIL, SOFTWARE_TOKEN_MFA_CODE: '123456' },
    });
  });

  it('a wrong code fails', async () => {
    cognito.on(RespondToAuthChallengeCommand).rejects(cognitoError('CodeMismatchException'));
    expect(await identity.confirmMfa(EMAIL, 's-code', '000000')).toEqual({ kind: 'failed' });
  });

  it('sets up an authenticator inside the sign-in when the account has none (MFA_SETUP)', async () => {
    cognito.on(InitiateAuthCommand).resolves({ ChallengeName: 'MFA_SETUP', Session: 's-setup' });
    cognito
      .on(AssociateSoftwareTokenCommand)
      .resolves({ SecretCode: 'JBSWY3DPEHPK3PXP', Session: 's-associated' });
    expect(await identity.signIn(EMAIL, 'Password-1234!')).toEqual({
      kind: 'mfa-setup',
      session: 's-associated',
      secret: 'JBSWY3DPEHPK3PXP',
    });
    // The challenge's session authorizes the new key: there is no access token yet.
    expect(cognito).toHaveReceivedCommandWith(AssociateSoftwareTokenCommand, { Session: 's-setup' });
    expect(cognito.commandCalls(AssociateSoftwareTokenCommand)[0]?.args[0].input.AccessToken).toBeUndefined();

    cognito.on(VerifySoftwareTokenCommand).resolves({ Status: 'SUCCESS', Session: 's-verified' });
    cognito.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: TOKENS });
    expect(await identity.confirmMfaSetup(EMAIL, 's-associated', '654321')).toMatchObject({
      kind: 'signed-in',
      accessToken: 'access.jwt',
      refreshToken: 'refresh-opaque',
    });
    expect(cognito).toHaveReceivedCommandWith(VerifySoftwareTokenCommand, {
      Session: 's-associated',
      UserCode: '654321',
    });
    expect(cognito).toHaveReceivedCommandWith(RespondToAuthChallengeCommand, {
      ClientId: CLIENT_ID,
      ChallengeName: 'MFA_SETUP',
      Session: 's-verified',
      ChallengeResponses: { USERNAME: EMAIL },
    });
  });

  it('a wrong code while setting up lets the same key be tried again, and signs nobody in', async () => {
    cognito.on(VerifySoftwareTokenCommand).rejects(cognitoError('EnableSoftwareTokenMFAException'));
    expect(await identity.confirmMfaSetup(EMAIL, 's-associated', '000000')).toEqual({
      kind: 'mfa-setup-wrong-code',
      session: 's-associated',
    });
    expect(cognito).not.toHaveReceivedCommand(RespondToAuthChallengeCommand);
  });

  it('a first sign-in chooses a password, then sets up the authenticator', async () => {
    cognito.on(RespondToAuthChallengeCommand).resolves({ ChallengeName: 'MFA_SETUP', Session: 's-setup' });
    cognito
      .on(AssociateSoftwareTokenCommand)
      .resolves({ SecretCode: 'JBSWY3DPEHPK3PXP', Session: 's-associated' });
    expect(await identity.setNewPassword(EMAIL, 's-new', 'Another-Password-99!')).toEqual({
      kind: 'mfa-setup',
      session: 's-associated',
      secret: 'JBSWY3DPEHPK3PXP',
    });
  });
});

describe('refreshing', () => {
  it('swaps the refresh token for a new access token', async () => {
    cognito
      .on(InitiateAuthCommand)
      .resolves({ AuthenticationResult: { AccessToken: 'new.jwt', ExpiresIn: 3600 } });
    expect(await identity.refresh('refresh-opaque')).toEqual({
      kind: 'signed-in',
      accessToken: 'new.jwt',
      expiresInSeconds: 3600,
    });
    expect(cognito).toHaveReceivedCommandWith(InitiateAuthCommand, {
      ClientId: CLIENT_ID,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: 'refresh-opaque' },
    });
  });

  it('a revoked or expired refresh token fails', async () => {
    cognito.on(InitiateAuthCommand).rejects(cognitoError('NotAuthorizedException'));
    expect(await identity.refresh('refresh-opaque')).toEqual({ kind: 'failed' });
  });
});

describe('signing out', () => {
  it('revokes every token of the account with the access token (GlobalSignOut)', async () => {
    cognito.on(GlobalSignOutCommand).resolves({});
    expect(await identity.signOut({ accessToken: 'access.jwt', refreshToken: 'refresh-opaque' })).toBe(
      'revoked',
    );
    expect(cognito).toHaveReceivedCommandWith(GlobalSignOutCommand, { AccessToken: 'access.jwt' });
    expect(cognito).not.toHaveReceivedCommand(RevokeTokenCommand);
  });

  it('revokes the refresh token when the access token has lapsed', async () => {
    cognito.on(GlobalSignOutCommand).rejects(cognitoError('NotAuthorizedException'));
    cognito.on(RevokeTokenCommand).resolves({});
    expect(await identity.signOut({ accessToken: 'old.jwt', refreshToken: 'refresh-opaque' })).toBe(
      'revoked',
    );
    expect(cognito).toHaveReceivedCommandWith(RevokeTokenCommand, {
      ClientId: CLIENT_ID,
      Token: 'refresh-opaque',
    });
  });

  it('revokes the refresh token alone when there is no access token', async () => {
    cognito.on(RevokeTokenCommand).resolves({});
    expect(await identity.signOut({ refreshToken: 'refresh-opaque' })).toBe('revoked');
    expect(cognito).not.toHaveReceivedCommand(GlobalSignOutCommand);
    expect(cognito).toHaveReceivedCommandWith(RevokeTokenCommand, {
      ClientId: CLIENT_ID,
      Token: 'refresh-opaque',
    });
  });

  it('has nothing to revoke without tokens, or when Cognito no longer knows them', async () => {
    expect(await identity.signOut({})).toBe('nothing-live');
    expect(cognito.calls()).toHaveLength(0);
    cognito.on(GlobalSignOutCommand).rejects(cognitoError('NotAuthorizedException'));
    expect(await identity.signOut({ accessToken: 'old.jwt' })).toBe('nothing-live');
  });

  it('lets a throttle or an outage through, for the caller to decide', async () => {
    cognito.on(GlobalSignOutCommand).rejects(cognitoError('TooManyRequestsException'));
    await expect(identity.signOut({ accessToken: 'access.jwt' })).rejects.toThrow('TooManyRequestsException');
  });
});
