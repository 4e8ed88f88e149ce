/**
 * Creates a prescriber's dashboard account in a deployed stack's user pool:
 *   npx tsx scripts/create-prescriber.ts --user-pool-id eu-west-2_AbC123 --email name@practice.nhs.uk [--region eu-west-2]
 * Cognito emails the person a temporary password; at their first sign-in the dashboard asks them to
 * choose their own. Nobody else ever sees a password. Running it again for the same email only makes
 * sure the account is in the prescribers group (and can resend the invitation with --resend).
 * Uses your AWS credentials (cognito-idp:AdminCreateUser, AdminAddUserToGroup).
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { PRESCRIBERS_GROUP } from '../shared/auth/claims.js';
import { isEmail } from '../shared/schema/fields.js';
import { awsClientConfig } from '../shared/util/aws-client-config.js';
import { runCli, UsageError } from './cli.js';

const USAGE = `Usage: npx tsx scripts/create-prescriber.ts --user-pool-id ID --email EMAIL [--region REGION] [--resend]

  --user-pool-id  the stack's UserPoolId output (cdk deploy prints it)
  --email         the prescriber's work email; Cognito sends the temporary password there
  --region        AWS region (default: $AWS_REGION, else eu-west-2)
  --resend        send the invitation email again to an account that has not signed in yet`;

await runCli(
  {
    usage: USAGE,
    options: {
      'user-pool-id': { type: 'string' },
      email: { type: 'string' },
      region: { type: 'string' },
      resend: { type: 'boolean', default: false },
    },
    failure: 'Could not create the prescriber',
  },
  async ({ values }) => {
    const userPoolId = values['user-pool-id'];
    const email = values.email?.trim().toLowerCase();
    if (!userPoolId) throw new UsageError('--user-pool-id is required');
    if (!email || !isEmail(email)) throw new UsageError('--email needs a valid email address');
    const client = new CognitoIdentityProviderClient(
      awsClientConfig({ region: values.region || process.env.AWS_REGION || undefined }),
    );
    try {
      await client.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: email,
          UserAttributes: [
            { Name: 'email', Value: email },
            // The address is the practice's own and the invitation goes there: it is verified by being used.
            { Name: 'email_verified', Value: 'true' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
          ...(values.resend ? { MessageAction: 'RESEND' as const } : {}),
        }),
      );
      console.log(
        values.resend
          ? 'Invitation sent again.'
          : 'Account created; Cognito has emailed a temporary password.',
      );
    } catch (error) {
      if (!(error instanceof Error && error.name === 'UsernameExistsException')) throw error;
      console.log('The account already exists; making sure it is in the prescribers group.');
    }
    await client.send(
      new AdminAddUserToGroupCommand({
        UserPoolId: userPoolId,
        Username: email,
        GroupName: PRESCRIBERS_GROUP,
      }),
    );
    console.log(
      `In the "${PRESCRIBERS_GROUP}" group. They sign in at <PublicUrl>/admin and choose their own password.`,
    );
    return 0;
  },
);
