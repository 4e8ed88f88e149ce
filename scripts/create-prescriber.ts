/**
 * Creates a prescriber's dashboard account in a deployed stack's user pool:
 *   npx tsx scripts/create-prescriber.ts --user-pool-id eu-west-2_AbC123 --email name@practice.nhs.uk [--region eu-west-2]
 *     [--admin] [--name "Sam Taylor" --table-name <TableName output>]
 * With --admin the account may manage the team from the dashboard (/admin/team); with --name and
 * --table-name it is put on the team list under that name (the first admin is made this way; admins add
 * the rest from the dashboard).
 * Cognito emails the person a temporary password; at their first sign-in the dashboard asks them to
 * choose their own. Nobody else ever sees a password. Running it again for the same email only makes
 * sure the account is in the prescribers group (and can resend the invitation with --resend).
 * Uses your AWS credentials (cognito-idp:AdminCreateUser, AdminAddUserToGroup).
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { ADMINS_GROUP, PRESCRIBERS_GROUP } from '../shared/auth/claims.js';
import { createDynamoStore } from '../shared/store/dynamo.js';
import { isEmail } from '../shared/schema/fields.js';
import { awsClientConfig } from '../shared/util/aws-client-config.js';
import { runCli, UsageError } from './cli.js';

const USAGE = `Usage: npx tsx scripts/create-prescriber.ts --user-pool-id ID --email EMAIL [--region REGION] [--resend]

  --user-pool-id  the stack's UserPoolId output (cdk deploy prints it)
  --email         the prescriber's work email; Cognito sends the temporary password there
  --region        AWS region (default: $AWS_REGION, else eu-west-2)
  --resend        send the invitation email again to an account that has not signed in yet
  --admin         also in the admins group: may add, disable and enable prescribers on the dashboard
  --name          how the dashboard names them ("Handled by Sam Taylor"); needs --table-name
  --table-name    the stack's TableName output: puts them on the dashboard's team list`;

await runCli(
  {
    usage: USAGE,
    options: {
      'user-pool-id': { type: 'string' },
      email: { type: 'string' },
      region: { type: 'string' },
      resend: { type: 'boolean', default: false },
      admin: { type: 'boolean', default: false },
      name: { type: 'string' },
      'table-name': { type: 'string' },
    },
    failure: 'Could not create the prescriber',
  },
  async ({ values }) => {
    const userPoolId = values['user-pool-id'];
    const email = values.email?.trim().toLowerCase();
    if (!userPoolId) throw new UsageError('--user-pool-id is required');
    if (!email || !isEmail(email)) throw new UsageError('--email needs a valid email address');
    const name = values.name?.trim();
    if ((name === undefined) !== (values['table-name'] === undefined))
      throw new UsageError('--name and --table-name go together');
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
    const groups = values.admin ? [PRESCRIBERS_GROUP, ADMINS_GROUP] : [PRESCRIBERS_GROUP];
    for (const GroupName of groups) {
      await client.send(
        new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName }),
      );
    }
    console.log(
      `In the ${groups.map((g) => `"${g}"`).join(' and ')} group${groups.length > 1 ? 's' : ''}. They sign in at <PublicUrl>/admin and choose their own password.`,
    );
    const tableName = values['table-name'];
    if (name && tableName) {
      const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }));
      const sub = user.UserAttributes?.find((a) => a.Name === 'sub')?.Value;
      if (!sub) throw new Error('Cognito returned no id for the account');
      const store = createDynamoStore({
        tableName,
        region: values.region || process.env.AWS_REGION || undefined,
      });
      await store.putTeamMember({
        id: sub,
        name,
        email,
        admin: values.admin === true,
        enabled: true,
        addedAt: new Date().toISOString(),
      });
      console.log("On the dashboard's team list.");
    }
    return 0;
  },
);
