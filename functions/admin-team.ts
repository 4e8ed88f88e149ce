import { createCognitoAccounts } from '../shared/auth/cognito-team.js';
import {
  addPrescriber,
  setPrescriberEnabled,
  type PrescriberAccounts,
  type TeamAdminPorts,
} from '../shared/domain/team.js';
import { htmlResponse, redirect, type HttpResult } from '../shared/http/responses.js';
import { renderAdminError } from '../shared/web/admin/pages.js';
import { renderTeamPage, TEAM_PATH } from '../shared/web/admin/team-page.js';
import {
  adminHandler,
  badRequest,
  doneMessage,
  formFields,
  notFound,
  withId,
  type AdminContext,
  type AdminRoute,
} from './admin-route.js';
import type { RouteTable } from './route-table.js';

let accounts: PrescriberAccounts | undefined;

/** Built on first use: the Cognito client is this function's alone, so no other dashboard bundle carries it. */
function getAccounts(region: string): PrescriberAccounts {
  const userPoolId = process.env.USER_POOL_ID;
  if (!userPoolId) throw new Error('USER_POOL_ID is not set');
  accounts ??= createCognitoAccounts({
    userPoolId,
    region,
    endpoint: process.env.COGNITO_ENDPOINT || undefined,
  });
  return accounts;
}

/** Tests put a fake user pool here; undefined goes back to Cognito. */
export function setAccountsForTests(next: PrescriberAccounts | undefined): void {
  accounts = next;
}

const MESSAGES: Record<string, string> = {
  added: 'The prescriber is added. Cognito has emailed them a temporary password.',
  disabled: 'The account is disabled: they can no longer sign in.',
  enabled: 'The account is enabled: they can sign in again.',
};

function portsOf(context: AdminContext): TeamAdminPorts {
  const { ports, config } = context.runtime;
  return { store: ports.store, clock: ports.clock, log: ports.log, accounts: getAccounts(config.region) };
}

/** Only admins manage the team: everyone else gets 403 on every route here. */
function adminsOnly(branch: AdminRoute): AdminRoute {
  return (event, context) =>
    context.prescriber.admin === true
      ? branch(event, context)
      : Promise.resolve(htmlResponse(403, renderAdminError(403, context.contact, true)));
}

function changeAccount(enabled: boolean): AdminRoute {
  return adminsOnly(
    withId(async (_event, id, context) => {
      const result = await setPrescriberEnabled(id, enabled, context.prescriber, portsOf(context));
      if (result === 'not-found') return notFound(context);
      if (result === 'self')
        return teamPage(context, 409, { message: 'You cannot disable your own account.' });
      return redirect(`${TEAM_PATH}?done=${enabled ? 'enabled' : 'disabled'}`);
    }),
  );
}

/** The dashboard's team page: who can sign in, and (for admins) adding, disabling and enabling accounts. */
export const routes: RouteTable<'adminTeam', AdminRoute> = {
  'GET /admin/team': adminsOnly((event, context) =>
    teamPage(context, 200, { message: doneMessage(MESSAGES, event) }),
  ),
  'POST /admin/team': adminsOnly(async (event, context) => {
    const fields = formFields(event);
    if (!fields) return badRequest(context);
    const values = { name: fields.name ?? '', email: fields.email ?? '', admin: fields.admin === 'yes' };
    const result = await addPrescriber(values, portsOf(context));
    if (result.kind === 'added') return redirect(`${TEAM_PATH}?done=added`);
    const errors =
      result.kind === 'invalid'
        ? result.errors
        : [{ field: 'email', message: 'An account with that email address already exists' }];
    return teamPage(context, result.kind === 'invalid' ? 400 : 409, { errors, values });
  }),
  'POST /admin/team/{id}/disable': changeAccount(false),
  'POST /admin/team/{id}/enable': changeAccount(true),
};

export const handler = adminHandler(routes);

async function teamPage(
  context: AdminContext,
  status: number,
  extra: Pick<Parameters<typeof renderTeamPage>[0], 'message' | 'errors' | 'values'>,
): Promise<HttpResult> {
  const team = await context.runtime.ports.store.listTeam();
  return htmlResponse(
    status,
    renderTeamPage({ contact: context.contact, team, me: context.prescriber.id, ...extra }),
  );
}
