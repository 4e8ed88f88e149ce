import type { APIGatewayProxyEventV2 } from 'aws-lambda';
// Types only: the catalogue's route keys check the tables at compile time and add nothing to a bundle.
import type { CatalogueRoute, FunctionName } from '../infra/catalogue.js';

/**
 * The catalogue's routes for one function, as API Gateway names them in `event.routeKey`:
 * "POST /admin/requests/{id}/erase". Path parameters arrive in `event.pathParameters`.
 */
export type RouteKeyOf<F extends FunctionName> = CatalogueRoute extends infer R
  ? R extends { fn: F; method: infer M extends string; path: infer P extends string }
    ? `${M} ${P}`
    : never
  : never;

/**
 * A function's routes, each to its branch. Typed by the catalogue: a route the catalogue gives the
 * function without a branch here, or a branch for a route it does not give it, fails to compile.
 */
export type RouteTable<F extends FunctionName, Branch> = Readonly<Record<RouteKeyOf<F>, Branch>>;

/**
 * The branch for the route the event came through, or undefined when the table has none. Own keys
 * only, so a route key named after an object-prototype member never finds one.
 */
export function branchFor<Branch>(
  table: Readonly<Record<string, Branch>>,
  event: Pick<APIGatewayProxyEventV2, 'routeKey'>,
): Branch | undefined {
  return Object.hasOwn(table, event.routeKey) ? table[event.routeKey] : undefined;
}
