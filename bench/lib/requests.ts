import type { APIGatewayProxyEventV2 } from 'aws-lambda';

const HELP = ['prescription', 'shopping', 'dog-walking', 'friendly-chat'] as const;

/**
 * A valid request body, a different person every time (name, phone, details, key), inside the service
 * area. The phone number is unique per n too: the duplicate check matches on postcode, help
 * type and phone, so a shared number held every request after the first few "on hold" as a possible
 * repeat, and the benchmarks measured that path (an extra read and write per submit, no matching)
 * instead of the ordinary one.
 */
export function requestBody(n: number, overrides: Record<string, string> = {}): Record<string, string> {
  const inFiveDays = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
  return {
    name: `Bench Person ${n}`,
    onBehalf: 'no',
    phone: `07${String(n % 1_000_000_000).padStart(9, '0')}`,
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
