import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as adminCare from '../../functions/admin-care.js';
import * as adminReports from '../../functions/admin-reports.js';
import * as adminMatchAgain from '../../functions/admin-match-again.js';
import * as adminPhoneRequests from '../../functions/admin-phone-requests.js';
import * as adminRequestActions from '../../functions/admin-request-actions.js';
import * as adminRequests from '../../functions/admin-requests.js';
import * as adminSignIn from '../../functions/admin-sign-in.js';
import * as adminTeam from '../../functions/admin-team.js';
import * as adminVolunteers from '../../functions/admin-volunteers.js';
import * as concern from '../../functions/concern.js';
import * as publicPages from '../../functions/public-pages.js';
import * as respond from '../../functions/respond.js';
import * as selfService from '../../functions/self-service.js';
import * as submitRequest from '../../functions/submit-request.js';
import * as volunteerProfile from '../../functions/volunteer-profile.js';
import { ROUTES, type FunctionName, type Route } from '../../infra/catalogue.js';
import { matchRoute, toApiGatewayEvent } from '../../sandbox/http-server.js';
import { setRuntimeForTests } from '../../shared/runtime.js';
import { installMemoryRuntime, lambdaContext } from '../support/handler-runtime.js';

interface HttpModule {
  routes: Record<string, (...args: never[]) => Promise<unknown>>;
  handler: (event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;
}

/** Every module the catalogue routes HTTP to, by function name. */
const MODULES: Partial<Record<FunctionName, HttpModule>> = {
  publicPages,
  submitRequest,
  respond,
  selfService,
  adminSignIn,
  adminRequests,
  adminRequestActions,
  adminMatchAgain,
  adminPhoneRequests,
  adminVolunteers,
  adminReports,
  concern,
  adminCare,
  adminTeam,
  volunteerProfile,
} as unknown as Partial<Record<FunctionName, HttpModule>>;

const keyOf = (route: Route) => `${route.method} ${route.path}`;
const httpFunctions = [...new Set(ROUTES.map((r) => r.fn))];

function moduleOf(fn: FunctionName): HttpModule {
  const module = MODULES[fn];
  if (!module) throw new Error(`no module for ${fn}`);
  return module;
}

/** A concrete path for a route: each {name} becomes a value no literal segment uses. */
function concretePath(route: Route): { path: string; pathParameters: Record<string, string> } {
  const pathParameters: Record<string, string> = {};
  const path = route.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    pathParameters[name] = `${name}-x7Q`;
    return pathParameters[name];
  });
  return { path, pathParameters };
}

/** The event API Gateway would send for a request through `route`, made the way the sandbox makes it. */
function eventFor(route: Route, routeKey = keyOf(route)): APIGatewayProxyEventV2 {
  const { path, pathParameters } = concretePath(route);
  const request = {
    headers: {
      host: 'help.example.org',
      'sec-fetch-site': 'same-origin',
      'content-type': 'application/x-www-form-urlencoded',
    },
    socket: { remoteAddress: '192.0.2.1' },
  } as unknown as IncomingMessage;
  const event = toApiGatewayEvent(
    request,
    new URL(`http://localhost${path}`),
    Buffer.alloc(0),
    route,
    pathParameters,
  );
  event.routeKey = routeKey;
  // What the JWT authorizer puts on an /admin event: a prescriber's access token.
  Object.assign(event.requestContext, {
    authorizer: { jwt: { claims: { sub: 'prescriber-1', 'cognito:groups': '[prescribers]' }, scopes: null } },
  });
  return event;
}

beforeAll(() => {
  installMemoryRuntime();
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(() => {
  setRuntimeForTests(undefined);
});

describe('the catalogue is the one route table', () => {
  it('has a handler module for every function it routes HTTP to', () => {
    expect(httpFunctions.sort()).toEqual(Object.keys(MODULES).sort());
  });

  it.each(httpFunctions)("%s's route table has exactly the catalogue's routes for it", (fn) => {
    const { routes } = moduleOf(fn);
    const expected = ROUTES.filter((r) => r.fn === fn).map(keyOf);
    expect(Object.keys(routes).sort()).toEqual(expected.sort());
    for (const branch of Object.values(routes)) expect(branch).toBeTypeOf('function');
  });

  it.each(ROUTES.map((route) => [keyOf(route), route] as const))(
    '%s reaches its own branch through the real handler',
    async (key, route) => {
      const module = moduleOf(route.fn);
      const answer = { statusCode: 299, body: key };
      const branches = Object.keys(module.routes).map((k) => [k, vi.spyOn(module.routes, k)] as const);
      for (const [, spy] of branches) spy.mockResolvedValue(answer);

      const event = eventFor(route);
      const result = await module.handler(event, lambdaContext());

      expect(result).toEqual(answer);
      for (const [k, spy] of branches) expect(spy).toHaveBeenCalledTimes(k === key ? 1 : 0);
      const [called] = branches.find(([k]) => k === key)?.[1].mock.calls[0] ?? [];
      expect((called as unknown as APIGatewayProxyEventV2).pathParameters ?? {}).toEqual(
        concretePath(route).pathParameters,
      );
    },
  );
});

describe('a route the table lacks is a 404, never a fall-through', () => {
  const otherFunctionsKey = (fn: FunctionName) => keyOf(ROUTES.find((r) => r.fn !== fn) as Route);
  // A path the catalogue has, with a method it does not have for that path (API Gateway answers 404 too).
  const wrongMethod = (fn: FunctionName) => {
    const route = ROUTES.find((r) => r.fn === fn) as Route;
    const other = route.method === 'GET' ? 'POST' : 'GET';
    return ROUTES.some((r) => r.path === route.path && r.method === other)
      ? undefined
      : `${other} ${route.path}`;
  };

  it.each(httpFunctions)('%s answers 404 for unknown, foreign and prototype-named route keys', async (fn) => {
    const module = moduleOf(fn);
    const route = ROUTES.find((r) => r.fn === fn) as Route;
    const keys = [
      'GET /nowhere',
      `${route.method} ${route.path}/extra`,
      otherFunctionsKey(fn),
      'constructor',
      '__proto__',
      'toString',
      ...(wrongMethod(fn) ? [wrongMethod(fn) as string] : []),
    ];
    for (const key of keys) {
      const result = (await module.handler(eventFor(route, key), lambdaContext())) as { statusCode: number };
      expect({ key, status: result.statusCode }).toEqual({ key, status: 404 });
    }
  });
});

describe('the sandbox names routes as API Gateway does', () => {
  it.each(ROUTES.map((route) => [keyOf(route), route] as const))(
    '%s: its concrete path matches this route, with its routeKey and path parameters',
    (key, route) => {
      const { path, pathParameters } = concretePath(route);
      const matched = matchRoute(ROUTES, route.method, path);
      expect(matched?.route).toBe(route);
      expect(matched?.pathParameters).toEqual(pathParameters);
      expect(eventFor(route).routeKey).toBe(key);
      expect(eventFor(route).requestContext.routeKey).toBe(key);
    },
  );
});
