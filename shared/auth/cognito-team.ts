import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { ADMINS_GROUP, PRESCRIBERS_GROUP } from './claims.js';
import { awsClientConfig } from '../util/aws-client-config.js';

/** Accounts made and switched off in the pool, shaped like the domain's PrescriberAccounts port. */
export interface CognitoAccounts {
  create(input: {
    email: string;
    admin: boolean;
  }): Promise<{ kind: 'created'; id: string } | { kind: 'exists' }>;
  disable(memberId: string): Promise<void>;
  enable(memberId: string): Promise<void>;
}

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
}): CognitoAccounts {
  const client = options.client ?? new CognitoIdentityProviderClient(awsClientConfig(options));
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
