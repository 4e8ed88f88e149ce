import { createReadStream, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { assetFiles, FALLBACK_FUNCTION, FUNCTIONS, ROUTES, type Route } from '../infra/catalogue.js';
import { MAX_BODY_BYTES } from '../shared/http/requests.js';
import { matchRoute } from '../shared/http/route-match.js';
import { SECURITY_HEADERS } from '../shared/http/responses.js';
import type { RateLimiter } from './rate-limit.js';
import { runAdminViewerRequest } from './auth.js';

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

export { matchRoute };

/** The API Gateway HTTP API (payload 2.0) event a request would become in AWS. */
export function toApiGatewayEvent(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  /** Undefined: no route matched, and API Gateway hands the request to the catch-all `$default` route. */
  route: Route | undefined,
  pathParameters: Record<string, string>,
): APIGatewayProxyEventV2 {
  const routeKey = route ? `${route.method} ${route.path}` : '$default';
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query = Object.fromEntries(url.searchParams);
  const isText = /^(application\/(json|x-www-form-urlencoded)|text\/)/.test(headers['content-type'] ?? '');
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
    pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : undefined,
    body: body.length > 0 ? (isText ? body.toString('utf8') : body.toString('base64')) : undefined,
    isBase64Encoded: body.length > 0 && !isText,
    requestContext: {
      accountId: '000000000000',
      apiId: 'sandbox',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: route?.method ?? req.method ?? 'GET',
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: `${now.getTime()}-${Math.random().toString(36).slice(2)}`,
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
  };
}

export interface HttpServerOptions {
  invoke: (entry: string, event: APIGatewayProxyEventV2) => Promise<unknown>;
  onError?: (error: unknown) => void;
  /** Public POSTs pass through it (the WAF rate rule's stand-in); unset means no limit. */
  rateLimiter?: RateLimiter;
  /**
   * For routes marked `auth: 'prescriber'`: what API Gateway's JWT authorizer does (claims, or
   * undefined for a 401). /admin* requests also pass through the CloudFront Function that deploys there.
   */
  verifyToken?: (authorization: string | undefined) => Promise<Record<string, string> | undefined>;
}

/** Serves /assets/ and routes everything else through ROUTES to the handlers, as API Gateway would. */
export function createSandboxServer(options: HttpServerOptions): Server {
  const assets = assetFiles();
  return createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('Internal error in the sandbox');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/assets/') && (method === 'GET' || method === 'HEAD')) {
      const file = assets[url.pathname.slice('/assets/'.length)];
      if (!file || !existsSync(file)) return notFound(res);
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'public, max-age=3600',
        'X-Content-Type-Options': 'nosniff',
      });
      if (method === 'HEAD') return void res.end();
      createReadStream(file).pipe(res);
      return;
    }
    // HEAD is answered like GET without a body, as API Gateway does for a GET route.
    const routeMethod = method === 'HEAD' ? 'GET' : method;
    // No route: API Gateway's catch-all `$default` route, whose function answers 404 or 405 with a page.
    const matched = matchRoute(ROUTES, routeMethod, url.pathname);
    const body = await readBody(req);
    if (body === undefined) {
      res.writeHead(413, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: 'The request is too large.' }));
      return;
    }
    if (routeMethod === 'POST' && !matched?.route.auth && options.rateLimiter) {
      if (!options.rateLimiter.allow(req.socket.remoteAddress ?? 'unknown')) {
        res.writeHead(429, {
          ...SECURITY_HEADERS,
          'Content-Type': 'text/plain; charset=utf-8',
          'Retry-After': '300',
        });
        return void res.end('Too many requests from this address. Please wait a few minutes and try again.');
      }
    }
    const event = toApiGatewayEvent(req, url, body, matched?.route, matched?.pathParameters ?? {});
    if (url.pathname === '/admin' || url.pathname.startsWith('/admin/')) {
      // CloudFront's viewer-request function on /admin*: the session cookie becomes Authorization.
      const viewer = runAdminViewerRequest({
        method,
        uri: url.pathname,
        headers: event.headers as Record<string, string>,
      });
      if (viewer.kind === 'response') {
        res.writeHead(viewer.statusCode, { ...SECURITY_HEADERS, ...viewer.headers });
        return void res.end();
      }
      event.headers = viewer.headers;
    }
    const cookieHeader = event.headers.cookie;
    if (cookieHeader) event.cookies = cookieHeader.split(';').map((c) => c.trim());
    if (matched?.route.auth === 'prescriber') {
      const claims = await options.verifyToken?.(event.headers.authorization);
      if (!claims) {
        // API Gateway's own answer when the JWT authorizer refuses a token.
        res.writeHead(401, { 'Content-Type': 'application/json', 'www-authenticate': 'Bearer' });
        return void res.end(JSON.stringify({ message: 'Unauthorized' }));
      }
      Object.assign(event.requestContext, { authorizer: { jwt: { claims, scopes: null } } });
    }
    const result = (await options.invoke(
      FUNCTIONS[matched?.route.fn ?? FALLBACK_FUNCTION].entry,
      event,
    )) as APIGatewayProxyStructuredResultV2;
    const headers: Record<string, string | string[]> = { ...(result.headers ?? {}) } as Record<
      string,
      string
    >;
    // Payload 2.0: a function's `cookies` become Set-Cookie headers.
    if (result.cookies && result.cookies.length > 0) headers['Set-Cookie'] = result.cookies;
    res.writeHead(result.statusCode ?? 200, headers);
    if (method === 'HEAD') return void res.end();
    res.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
  }
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('Not found');
}

/** API Gateway refuses bodies over its limit; the sandbox stops reading well before, at 4× the handler's own limit. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES * 4) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
