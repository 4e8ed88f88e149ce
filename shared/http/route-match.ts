/**
 * Matching a request path against API Gateway route paths ("/respond/{token}"), shared by the sandbox's
 * router and the catch-all route, which must tell an unknown address (404) from a known one asked with
 * the wrong method (405) the same way in both places.
 */
export interface RoutePath {
  method: string;
  /** API Gateway path syntax: {name} is a path parameter. */
  path: string;
}

interface CompiledPath {
  pattern: RegExp;
  names: string[];
}

/** Each route's pattern, compiled once rather than for every route on every request. */
const compiled = new Map<string, CompiledPath>();

function compile(path: string): CompiledPath {
  let entry = compiled.get(path);
  if (!entry) {
    const names: string[] = [];
    const source = path
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const name = /^\{([^}]+)\}$/.exec(part)?.[1];
        if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(name);
        return '([^/]+)';
      })
      .join('');
    entry = { pattern: new RegExp(`^${source}$`), names };
    compiled.set(path, entry);
  }
  return entry;
}

/**
 * A path segment decoded; one with a malformed percent-escape ("%ff", "%", "%e2%80") is passed on as
 * it came, so the handler sees an unrecognised token and answers with its "link not recognised"
 * page rather than the router failing.
 */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The route's path parameters when the request path matches it, else undefined. */
export function matchPath(routePath: string, requestPath: string): Record<string, string> | undefined {
  const { pattern, names } = compile(routePath);
  const match = pattern.exec(requestPath);
  if (!match) return undefined;
  return Object.fromEntries(names.map((name, i) => [name, decodePathSegment(match[i + 1] ?? '')]));
}

/** The first route for this method and path, with its parameters. */
export function matchRoute<R extends RoutePath>(routes: readonly R[], method: string, path: string) {
  for (const route of routes) {
    if (route.method !== method) continue;
    const pathParameters = matchPath(route.path, path);
    if (pathParameters) return { route, pathParameters };
  }
  return undefined;
}

/** The methods that have a route for this path (for 405's Allow header); empty when the path is unknown. */
export function methodsForPath(routes: readonly RoutePath[], path: string): string[] {
  return [...new Set(routes.filter((route) => matchPath(route.path, path)).map((route) => route.method))];
}
