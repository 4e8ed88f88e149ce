import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PrescriberAccounts } from '../domain/team.js';
import { ADMINS_GROUP, PRESCRIBERS_GROUP } from './claims.js';

/**
 * The team's accounts in the user pool, with the function's own IAM role (exactly AdminCreateUser,
 * AdminAddUserToGroup, AdminDisableUser and AdminEnableUser on this pool). Cognito emails the new
 * prescriber a temporary password; their first sign-in asks for their own password and authenticator.
 * Accounts are addressed by their `sub` (the pool's username when email is the sign-in alias).
 */
export function createCognitoAccounts(options: {
  userPoolId: string;
  region?: string;
  /** The sandbox's local pool; unset in AWS. */
  endpoint?: string;
  client?: CognitoIdentityProviderClient;
}): PrescriberAccounts {
  const client =
    options.client ??
    new CognitoIdentityProviderClient({
      region: options.region ?? 'eu-west-2',
      ...(options.endpoint
        ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    });
  const UserPoolId = options.userPoolId;
  return {
    async create({ email, admin }) {
      let id: string | undefined;
      try {
        const out = await client.send(
          new AdminCreateUserCommand({
            UserPoolId,
            Username: email,
            UserAttributes: [
              { Name: 'email', Value: email },
              // The practice's own address, where the invitation goes: it is verified by being used.
              { Name: 'email_verified', Value: 'true' },
            ],
            DesiredDeliveryMediums: ['EMAIL'],
          }),
        );
        id = out.User?.Attributes?.find((a) => a.Name === 'sub')?.Value ?? out.User?.Username;
      } catch (error) {
        if (error instanceof Error && error.name === 'UsernameExistsException') return { kind: 'exists' };
        throw error;
      }
      if (!id) throw new Error('Cognito returned no id for the new account');
      for (const GroupName of admin ? [PRESCRIBERS_GROUP, ADMINS_GROUP] : [PRESCRIBERS_GROUP]) {
        await client.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: id, GroupName }));
      }
      return { kind: 'created', id };
    },
    async disable(memberId) {
      await client.send(new AdminDisableUserCommand({ UserPoolId, Username: memberId }));
    },
    async enable(memberId) {
      await client.send(new AdminEnableUserCommand({ UserPoolId, Username: memberId }));
    },
  };
}
