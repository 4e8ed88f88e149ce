import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { HELP_TYPES, type HelpType } from '../shared/vocabulary/help-types.js';
import type { HelpRequest, RequestStatus, Volunteer } from '../shared/domain/model.js';
import type { ReportStore, Store } from '../shared/domain/ports.js';
import { keys, REQUEST_SK } from '../shared/store/table.js';
import { recordRequestFacts } from '../shared/domain/admin/reports.js';
import { lambdaContext } from '../sandbox/lambda-runtime.js';
import { AREAS } from './matching.js';
import type { DbMeter } from './lib/meter.js';
import { batchPut, random } from './lib/seed.js';
import { since, summarize } from './lib/stats.js';

/**
 * The dashboard at a scheme's whole history: a year of requests and a large roster, each page loaded
 * through its own Lambda handler (as API Gateway calls it, with a prescriber's claims) against a
 * DynamoDB Local of its own. Each page's time, HTML size, DynamoDB calls and read units, beside a bare
 * GetItem in the same run.
 */

const DAY_MS = 86_400_000;

/**
 * What a request's age makes it: the last few days hold the open queue (waiting, escalated, on hold,
 * with a volunteer), older requests are closed or cancelled, as a year of a working scheme would be.
 */
function statusFor(ageDays: number, next: () => number): RequestStatus {
  const roll = next();
  if (ageDays < 2) {
    if (roll < 0.15) return 'received';
    if (roll < 0.35) return 'matching';
    if (roll < 0.45) return 'escalated';
    if (roll < 0.5) return 'on-hold';
    return 'assigned';
  }
  if (ageDays < 14) {
    if (roll < 0.03) return 'escalated';
    if (roll < 0.4) return 'assigned';
    if (roll < 0.9) return 'closed';
    return 'cancelled';
  }
  return roll < 0.9 ? 'closed' : 'cancelled';
}

const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function referenceFor(index: number): string {
  let code = '';
  let n = index + 1_048_576; // five characters for every index seeded
  while (n > 0) {
    code = (REFERENCE_ALPHABET[n % 32] ?? '0') + code;
    n = Math.floor(n / 32);
  }
  return `GCK-${code.slice(-5)}`;
}

/** A year of requests, newest last, in the store's own shapes; `volunteerIds` are who helped. */
export function requestHistory(count: number, volunteerIds: readonly string[], now: Date): HelpRequest[] {
  const next = random(99);
  return Array.from({ length: count }, (_, i) => {
    const ageDays = ((count - i) / count) * 365;
    const created = new Date(now.getTime() - ageDays * DAY_MS);
    const status = statusFor(ageDays, next);
    const area = `${AREAS[Math.floor(next() * AREAS.length)] ?? 'GL1'} ${Math.floor(next() * 9) + 1}`;
    const helped = volunteerIds[Math.floor(next() * volunteerIds.length)] ?? '';
    const withVolunteer = status === 'assigned' || status === 'closed';
    const neededBy = new Date(created.getTime() + 3 * DAY_MS).toISOString().slice(0, 10);
    return {
      id: ulid(created.getTime()),
      reference: referenceFor(i),
      status,
      helpType: HELP_TYPES[Math.floor(next() * HELP_TYPES.length)] as HelpType,
      area,
      neededBy,
      urgent: next() < 0.2,
      details: 'Milk, bread and the newspaper, please',
      requester: {
        name: `Requester ${i}`,
        phone: `07700 9${String(i % 100_000).padStart(5, '0')}`,
        addressLine1: `${(i % 200) + 1} Station Road`,
        postcode: `${area}AB`,
      },
      createdAt: created.toISOString(),
      enteredBy: 'public-form',
      wave: status === 'received' ? 0 : 1,
      ...(status === 'matching' ? { waveStartedAt: created.toISOString() } : {}),
      ...(withVolunteer ? { assignedVolunteerId: helped, assignedAt: created.toISOString() } : {}),
      ...(status === 'escalated'
        ? { escalatedAt: created.toISOString(), escalationReason: 'no-candidates' as const }
        : {}),
      ...(status === 'closed' || status === 'cancelled'
        ? {
            closedAt: new Date(created.getTime() + 4 * DAY_MS).toISOString(),
            outcome: status === 'closed' ? ('helped' as const) : ('no-longer-needed' as const),
          }
        : {}),
      expiresAt: Math.floor((created.getTime() + 400 * DAY_MS) / 1000),
    };
  });
}

/**
 * Seeds requests straight into the table with BatchWriteItem, in the store's item shapes (the request
 * and its reference): the real write path (a transaction, a duplicate check) would take most of the
 * benchmark's time on this machine. The requests the pages open are written through the store.
 */
export async function seedRequests(
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly HelpRequest[],
  concurrency = 8,
): Promise<void> {
  const items: Record<string, unknown>[] = [];
  for (const request of requests) {
    items.push({
      ...request,
      ...keys.request(request.id),
      entity: 'request',
      statusKey: `STATUS#${request.status}`,
      ttl: request.expiresAt,
    });
    items.push({
      ...keys.reference(request.reference),
      entity: 'reference',
      requestId: request.id,
      ttl: request.expiresAt,
    });
  }
  await batchPut(client, tableName, items, concurrency);
}

/**
 * Builds the reports' record for seeded requests with the code the stream consumer runs (read each
 * request's facts, set them under its day), in chunks of neighbouring days: in AWS the stream does
 * this one change at a time as requests are made.
 */
export async function recordHistoryForReports(
  store: Pick<ReportStore, 'getReportFacts' | 'recordReportFacts'>,
  requests: readonly HelpRequest[],
  chunk = 500,
  concurrency = 4,
): Promise<void> {
  const ids = [...requests].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((r) => r.id);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const start = next;
      next += chunk;
      await recordRequestFacts(ids.slice(start, start + chunk), { store });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

export interface DashboardPage {
  name: string;
  /** The route as the catalogue names it, and the path with its parameters filled in. */
  routeKey: string;
  path: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  handler: Handler;
}

export interface DashboardPageResult {
  name: string;
  path: string;
  status: number;
  load: ReturnType<typeof summarize>;
  htmlBytes: number;
  callsPerLoad: Record<string, number>;
  readUnitsPerLoad: number;
  scans: number;
}

/** A GET as API Gateway hands it to the function, after the JWT authorizer: a prescriber's access token. */
function pageEvent(page: DashboardPage): APIGatewayProxyEventV2 {
  const rawQueryString = new URLSearchParams(page.query ?? {}).toString();
  return {
    version: '2.0',
    routeKey: page.routeKey,
    rawPath: page.path,
    rawQueryString,
    headers: { host: 'localhost', 'user-agent': 'bench' },
    ...(page.query ? { queryStringParameters: page.query } : {}),
    ...(page.pathParameters ? { pathParameters: page.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: 'GET',
        path: page.path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'bench',
      },
      requestId: ulid(),
      routeKey: page.routeKey,
      stage: '$default',
      time: '01/Dec/2026:10:00:00 +0000',
      timeEpoch: Date.now(),
      authorizer: {
        jwt: {
          claims: { sub: 'bench-prescriber', 'cognito:groups': '[prescribers]', token_use: 'access' },
          scopes: null,
        },
      },
    } as APIGatewayProxyEventV2['requestContext'],
    isBase64Encoded: false,
  };
}

/** Each page `loads` times after a warm-up, its DynamoDB calls counted by the meter on the store's client. */
export async function measurePages(
  pages: readonly DashboardPage[],
  meter: DbMeter,
  loads: number,
): Promise<DashboardPageResult[]> {
  const results: DashboardPageResult[] = [];
  for (const page of pages) {
    const context = lambdaContext(page.name);
    let status = 0;
    let htmlBytes = 0;
    for (let i = 0; i < 3; i++) await page.handler(pageEvent(page), context);
    meter.reset();
    const times: number[] = [];
    for (let i = 0; i < loads; i++) {
      const t = performance.now();
      const result = (await page.handler(pageEvent(page), context)) as APIGatewayProxyStructuredResultV2;
      times.push(since(t));
      status = result.statusCode ?? 0;
      htmlBytes = Buffer.byteLength(String(result.body ?? ''), 'utf8');
    }
    results.push({
      name: page.name,
      path: page.path,
      status,
      load: summarize(times),
      htmlBytes,
      callsPerLoad: Object.fromEntries(
        Object.entries(meter.calls).map(([k, v]) => [
          k.replace('Command', ''),
          Math.round((v / loads) * 10) / 10,
        ]),
      ),
      readUnitsPerLoad: meter.readUnits / loads,
      scans: meter.scans,
    });
  }
  return results;
}

/** The floor every page is judged against: one consistent GetItem of a request, in the same run. */
export async function measureBareGet(
  client: DynamoDBDocumentClient,
  tableName: string,
  requestId: string,
  loads: number,
): Promise<ReturnType<typeof summarize>> {
  const times: number[] = [];
  for (let i = 0; i < loads + 20; i++) {
    const t = performance.now();
    await client.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: `REQ#${requestId}`, sk: REQUEST_SK },
        ConsistentRead: true,
      }),
    );
    if (i >= 20) times.push(since(t));
  }
  return summarize(times);
}

/** What the pages open: written through the store, so their audit, invites and search keys are real. */
export async function seedOpened(
  store: Store,
  volunteers: readonly Volunteer[],
  now: Date,
): Promise<{ request: HelpRequest; volunteer: Volunteer }> {
  const [volunteer] = volunteers;
  if (!volunteer) throw new Error('no volunteers seeded');
  // The volunteer again through the store: their search keys and lookups, as an import writes them.
  await store.putVolunteer(volunteer);
  const [typical] = requestHistory(1, [volunteer.id], now);
  if (!typical) throw new Error('no request made');
  const request: HelpRequest = {
    ...typical,
    id: ulid(),
    reference: 'GCK-BENCH',
    status: 'escalated',
    area: `${volunteer.areas[0] ?? 'GL1'} 1`,
    helpType: volunteer.helpTypes[0] ?? 'shopping',
    requester: {
      name: 'Margaret Benchmark',
      phone: '01747 850001',
      addressLine1: '1 High Street',
      postcode: 'SP8 4AA',
    },
    escalatedAt: now.toISOString(),
    escalationReason: 'no-acceptance',
  };
  await store.createRequest(request, {
    requestId: request.id,
    at: request.createdAt,
    type: 'received',
    actor: 'public-form',
  });
  return { request, volunteer };
}
