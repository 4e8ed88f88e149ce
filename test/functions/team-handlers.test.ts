import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { handler as requestActions } from '../../functions/admin-request-actions.js';
import { handler as requests } from '../../functions/admin-requests.js';
import { handler as team, setAccountsForTests } from '../../functions/admin-team.js';
import { setRuntimeForTests } from '../../shared/runtime.js';
import { aRequest, type TestPorts } from '../support/memory-store.js';
import { httpEvent, installMemoryRuntime, lambdaContext } from '../support/handler-runtime.js';

/** The team routes and the claim routes through the real handlers, with Cognito's client mocked. */
const cognito = mockClient(CognitoIdentityProviderClient);
const savedPoolId = process.env.USER_POOL_ID;
const ALEX = { sub: '11111111-aaaa-4aaa-aaaa-alexalexalex', groups: '[prescribers admins]' };
const SAM = { sub: '22222222-bbbb-4bbb-bbbb-samsamsamsam', groups: '[prescribers]' };

let ports: TestPorts;

beforeEach(async () => {
  process.env.USER_POOL_ID = 'eu-west-2_TestPool';
  ports = installMemoryRuntime();
  // Cognito's adapter, built afresh on the mocked client.
  setAccountsForTests(undefined);
  cognito.reset();
  for (const [id, name, email, admin] of [
    [ALEX.sub, 'Alex Morgan', 'alex@practice.example.org', true],
    [SAM.sub, 'Sam Taylor', 'sam@practice.example.org', false],
  ] as const) {
    await ports.store.putTeamMember({
      id,
      name,
      email,
      admin,
      enabled: true,
      addedAt: '2026-01-01T00:00:00.000Z',
    });
  }
});

afterAll(() => {
  cognito.restore();
  setRuntimeForTests(undefined);
  setAccountsForTests(undefined);
  process.env.USER_POOL_ID = savedPoolId;
});

/** An event as API Gateway passes it after the JWT authorizer, as this prescriber. */
function as(
  who: { sub: string; groups: string },
  method: 'GET' | 'POST',
  routePath: string,
  options: {
    path?: string;
    pathParameters?: Record<string, string>;
    body?: string;
    query?: Record<string, string>;
  } = {},
): APIGatewayProxyEventV2 {
  const event = httpEvent(method, routePath, {
    pathParameters: options.pathParameters,
    body: options.body,
    headers:
      method === 'POST'
        ? { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }
        : {},
  });
  return {
    ...event,
    rawPath: options.path ?? routePath,
    queryStringParameters: options.query,
    requestContext: {
      ...event.requestContext,
      authorizer: {
        jwt: { claims: { sub: who.sub, token_use: 'access', 'cognito:groups': who.groups }, scopes: [] },
      },
    } as APIGatewayProxyEventV2['requestContext'],
  };
}

const call = async (fn: typeof team, event: APIGatewayProxyEventV2) =>
  (await fn(event, lambdaContext())) as {
    statusCode: number;
    body: string;
    headers?: Record<string, string>;
  };

describe('the team page is for admins', () => {
  it.each([
    ['GET', '/admin/team', undefined],
    ['POST', '/admin/team', undefined],
    ['POST', '/admin/team/{id}/disable', { id: ALEX.sub }],
    ['POST', '/admin/team/{id}/enable', { id: ALEX.sub }],
  ] as const)(
    'answers 403 to a prescriber who is not an admin: %s %s',
    async (method, route, pathParameters) => {
      const result = await call(
        team,
        as(SAM, method, route, { pathParameters, body: 'name=Mallory&email=mallory%40example.org' }),
      );
      expect(result.statusCode).toBe(403);
      expect(cognito.calls()).toHaveLength(0);
      expect(ports.store.team.size).toBe(2);
    },
  );

  it('lists the team for an admin, without a button to disable themselves', async () => {
    const result = await call(team, as(ALEX, 'GET', '/admin/team'));
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('Alex Morgan (you)');
    expect(result.body).toContain('sam@practice.example.org');
    expect(result.body).toContain(`/admin/team/${SAM.sub}/disable`);
    expect(result.body).not.toContain(`/admin/team/${ALEX.sub}/disable`);
  });
});

describe('adding a prescriber with Cognito', () => {
  it('creates the account, puts it in the prescribers (and admins) group, and lists them', async () => {
    cognito.on(AdminCreateUserCommand).resolves({
      User: { Username: 'new-sub-1234', Attributes: [{ Name: 'sub', Value: 'new-sub-1234' }] },
    });
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const result = await call(
      team,
      as(ALEX, 'POST', '/admin/team', { body: 'name=Jo+Bloggs&email=Jo%40Practice.example.org&admin=yes' }),
    );
    expect(result.statusCode).toBe(303);
    expect(result.headers?.location ?? result.headers?.Location).toBe('/admin/team?done=added');
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input).toMatchObject({
      UserPoolId: 'eu-west-2_TestPool',
      Username: 'jo@practice.example.org',
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand).map((c) => c.args[0].input)).toEqual([
      { UserPoolId: 'eu-west-2_TestPool', Username: 'new-sub-1234', GroupName: 'prescribers' },
      { UserPoolId: 'eu-west-2_TestPool', Username: 'new-sub-1234', GroupName: 'admins' },
    ]);
    expect(ports.store.team.get('new-sub-1234')).toMatchObject({
      name: 'Jo Bloggs',
      admin: true,
      enabled: true,
    });
  });

  it('says so when the email has an account already, and lists nobody new', async () => {
    cognito
      .on(AdminCreateUserCommand)
      .rejects(Object.assign(new Error('exists'), { name: 'UsernameExistsException' }));
    const result = await call(
      team,
      as(ALEX, 'POST', '/admin/team', { body: 'name=Sam&email=sam%40practice.example.org' }),
    );
    expect(result.statusCode).toBe(409);
    expect(result.body).toContain('An account with that email address already exists');
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
    expect(ports.store.team.size).toBe(2);
  });

  it('shows the form again with errors for a missing name and a bad email, calling nothing', async () => {
    const result = await call(team, as(ALEX, 'POST', '/admin/team', { body: 'name=&email=nope' }));
    expect(result.statusCode).toBe(400);
    expect(result.body).toContain('Enter their name');
    expect(result.body).toContain('value="nope"');
    expect(cognito.calls()).toHaveLength(0);
  });
});

describe('disabling and enabling a prescriber', () => {
  it('disables in Cognito by the account’s id and marks the list, then enables again', async () => {
    cognito.on(AdminDisableUserCommand).resolves({});
    cognito.on(AdminEnableUserCommand).resolves({});
    const off = await call(
      team,
      as(ALEX, 'POST', '/admin/team/{id}/disable', { pathParameters: { id: SAM.sub } }),
    );
    expect(off.statusCode).toBe(303);
    expect(cognito.commandCalls(AdminDisableUserCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'eu-west-2_TestPool',
      Username: SAM.sub,
    });
    expect(ports.store.team.get(SAM.sub)?.enabled).toBe(false);
    const on = await call(
      team,
      as(ALEX, 'POST', '/admin/team/{id}/enable', { pathParameters: { id: SAM.sub } }),
    );
    expect(on.statusCode).toBe(303);
    expect(cognito.commandCalls(AdminEnableUserCommand)).toHaveLength(1);
    expect(ports.store.team.get(SAM.sub)?.enabled).toBe(true);
  });

  it('refuses an admin disabling their own account, and someone not on the list', async () => {
    const self = await call(
      team,
      as(ALEX, 'POST', '/admin/team/{id}/disable', { pathParameters: { id: ALEX.sub } }),
    );
    expect(self.statusCode).toBe(409);
    const stranger = await call(
      team,
      as(ALEX, 'POST', '/admin/team/{id}/disable', { pathParameters: { id: 'who' } }),
    );
    expect(stranger.statusCode).toBe(404);
    expect(cognito.calls()).toHaveLength(0);
  });
});

describe('claiming a request through the handlers', () => {
  it('claims for the first, tells the second who has it, and the home page filters by it', async () => {
    const request = aRequest({ id: 'req-claim', reference: 'GCK-CLAIM', status: 'escalated' });
    await ports.store.createRequest(request, {
      requestId: request.id,
      at: request.createdAt,
      type: 'received',
      actor: 'public-form',
    });
    const claim = (who: typeof ALEX) =>
      call(
        requestActions,
        as(who, 'POST', '/admin/requests/{id}/claim', { pathParameters: { id: request.id } }),
      );
    const first = await claim(SAM);
    expect(first.statusCode).toBe(303);
    expect(first.headers?.location ?? first.headers?.Location).toBe('/admin/requests/req-claim?done=claimed');
    const second = await claim(ALEX);
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Sam Taylor is already handling this.');

    const home = (who: typeof ALEX, show: string) =>
      call(requests, as(who, 'GET', '/admin', { query: { show } }));
    expect((await home(SAM, 'mine')).body).toContain('GCK-CLAIM');
    expect((await home(ALEX, 'mine')).body).not.toContain('GCK-CLAIM');
    expect((await home(ALEX, 'unclaimed')).body).not.toContain('GCK-CLAIM');
    const everyone = (await home(ALEX, 'everyone')).body;
    expect(everyone).toContain('GCK-CLAIM');
    expect(everyone).toContain('Handled by Sam Taylor');

    const giveBack = (who: typeof ALEX) =>
      call(
        requestActions,
        as(who, 'POST', '/admin/requests/{id}/give-back', { pathParameters: { id: request.id } }),
      );
    expect((await giveBack(ALEX)).statusCode).toBe(409);
    expect((await giveBack(SAM)).statusCode).toBe(303);
    expect(ports.store.requests.get(request.id)?.claimedBy).toBeUndefined();
  });
});

describe('a disabled prescriber’s token, still current', () => {
  async function escalated() {
    const request = aRequest({ id: 'req-held-back', reference: 'GCK-HELDBACK', status: 'escalated' });
    await ports.store.createRequest(request, {
      requestId: request.id,
      at: request.createdAt,
      type: 'received',
      actor: 'public-form',
    });
    return request;
  }

  async function disableSam() {
    cognito.on(AdminDisableUserCommand).resolves({});
    cognito.on(AdminEnableUserCommand).resolves({});
    const off = await call(
      team,
      as(ALEX, 'POST', '/admin/team/{id}/disable', { pathParameters: { id: SAM.sub } }),
    );
    expect(off.statusCode).toBe(303);
  }

  it('gets a 403 that says the account is disabled on a GET, showing nothing of the dashboard', async () => {
    await escalated();
    expect((await call(requests, as(SAM, 'GET', '/admin'))).body).toContain('GCK-HELDBACK');
    await disableSam();
    ports.store.calls.length = 0;

    const refused = await call(requests, as(SAM, 'GET', '/admin'));

    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Your account is disabled');
    expect(refused.body).toContain("ask the scheme's admin to enable your account again");
    expect(refused.body).not.toContain('GCK-HELDBACK');
    expect(refused.body).not.toContain('/admin/sign-out');
    // The one read that decides it, and nothing the page would have read.
    expect(ports.store.calls).toEqual(['getTeamMember']);
  });

  it('gets a 403 on a POST, and the POST changes nothing', async () => {
    const request = await escalated();
    await disableSam();
    const auditBefore = await ports.store.listAudit(request.id);
    ports.store.calls.length = 0;

    const refused = await call(
      requestActions,
      as(SAM, 'POST', '/admin/requests/{id}/claim', { pathParameters: { id: request.id } }),
    );

    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Your account is disabled');
    expect(ports.store.writes()).toEqual([]);
    expect(ports.store.requests.get(request.id)?.claimedBy).toBeUndefined();
    expect(await ports.store.listAudit(request.id)).toEqual(auditBefore);
  });

  it('is accepted again once an admin enables them', async () => {
    await disableSam();
    expect((await call(requests, as(SAM, 'GET', '/admin'))).statusCode).toBe(403);
    const on = await call(
      team,
      as(ALEX, 'POST', '/admin/team/{id}/enable', { pathParameters: { id: SAM.sub } }),
    );
    expect(on.statusCode).toBe(303);
    expect((await call(requests, as(SAM, 'GET', '/admin'))).statusCode).toBe(200);
  });

  it('leaves a prescriber with no team entry (an account older than the list) as they were', async () => {
    const older = { sub: '33333333-cccc-4ccc-cccc-olderolderold', groups: '[prescribers]' };
    expect(ports.store.team.has(older.sub)).toBe(false);
    expect((await call(requests, as(older, 'GET', '/admin'))).statusCode).toBe(200);
  });
});
