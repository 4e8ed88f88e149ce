import type { APIGatewayProxyEventV2 } from 'aws-lambda';

const HELP = ['prescription', 'shopping', 'dog-walking', 'friendly-chat'] as const;

/** A valid request body, different every time (name, details, key), inside the service area. */
export function requestBody(n: number, overrides: Record<string, string> = {}): Record<string, string> {
  const inFiveDays = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
  return {
    name: `Bench Person ${n}`,
    onBehalf: 'no',
    phone: '07700900456',
    email: `bench.person.${n}@example.net`,
    addressLine1: `${(n % 200) + 1} Benchmark Road`,
    postcode: `GL5${n % 5} ${(n % 9) + 1}AB`,
    helpType: HELP[n % HELP.length] as string,
    details: `Request number ${n}: a pint of milk and some bread`,
    neededBy: inFiveDays,
    consent: 'yes',
    idempotencyKey: `bench-${process.pid}-${n}-${Math.random().toString(36).slice(2)}`,
    ...overrides,
  };
}

/** The API Gateway (payload 2.0) event for POST /requests with a JSON body. */
export function submitEvent(body: unknown): APIGatewayProxyEventV2 {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: 'POST /requests',
    rawPath: '/requests',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'localhost', 'user-agent': 'bench' },
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: 'POST',
        path: '/requests',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'bench',
      },
      requestId: `${now.getTime()}-${Math.random().toString(36).slice(2)}`,
      routeKey: 'POST /requests',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
  };
}
