import { randomUUID } from 'node:crypto';
import {
  BatchGetCommand,
  PutCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { FUNCTIONS } from '../infra/catalogue.js';
import { invoke } from '../sandbox/lambda-runtime.js';
import { requestBody, submitEvent } from './lib/requests.js';
import { since, summarize } from './lib/stats.js';

export interface LatencyResult {
  inProcess: ReturnType<typeof summarize>;
  barePut: ReturnType<typeof summarize>;
  bareTransaction: ReturnType<typeof summarize>;
  /** The duplicate check's read before it: a consistent BatchGetItem of two keys. */
  bareLookup: ReturnType<typeof summarize>;
  /** TransactWriteItems of the request alone, + audit, + reference (WITH_ITEMS): what each item adds. */
  transactionOf: Record<'1' | '2' | '3', ReturnType<typeof summarize>>;
  http: ReturnType<typeof summarize>;
  errors: number;
}

/** An item the size of a stored request, for the bare reference writes. */
function requestLikeItem(n: number): Record<string, unknown> {
  const id = randomUUID();
  return {
    pk: `REQ#${id}`,
    sk: 'REQUEST',
    entity: 'request',
    statusKey: 'STATUS#received',
    createdAt: new Date().toISOString(),
    ...requestBody(n),
  };
}

/** Which of the four items (idempotency key, reference, request, audit) the smaller transactions hold. */
const WITH_ITEMS = { 1: [2], 2: [2, 3], 3: [1, 2, 3] } as const;

/**
 * The submit handler warm, in this process, with API Gateway events, interleaved one for one with a
 * bare PutItem (and, to explain the difference, a bare TransactWriteItems of the same four items the
 * store writes) against the same table; then the same handler through the sandbox's HTTP server.
 */
export async function measureLatency(options: {
  client: DynamoDBDocumentClient;
  tableName: string;
  sandboxUrl: string;
  requests: number;
  warmup: number;
}): Promise<LatencyResult> {
  const { client, tableName: TableName } = options;
  const handler = (n: number) => invoke(FUNCTIONS.submitRequest.entry, submitEvent(requestBody(n)));
  let errors = 0;
  let n = 0;
  const check = (result: unknown) => {
    if ((result as { statusCode?: number }).statusCode !== 201) errors++;
  };
  for (let i = 0; i < options.warmup; i++) {
    check(await handler(n++));
    await client.send(new PutCommand({ TableName, Item: requestLikeItem(n) }));
  }
  const inProcess: number[] = [];
  const bare: number[] = [];
  const transaction: number[] = [];
  const lookup: number[] = [];
  const partial: Record<1 | 2 | 3, number[]> = { 1: [], 2: [], 3: [] };
  for (let i = 0; i < options.requests; i++) {
    let t = performance.now();
    check(await handler(n++));
    inProcess.push(since(t));

    const item = requestLikeItem(n);
    t = performance.now();
    await client.send(new PutCommand({ TableName, Item: item }));
    bare.push(since(t));

    const id = randomUUID();
    const items = [
      {
        Put: {
          TableName,
          Item: { pk: `IDEM#${id}`, sk: 'IDEM', requestId: id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName,
          Item: { pk: `REF#${id}`, sk: 'REF', requestId: id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName,
          Item: { ...item, pk: `REQ#${id}` },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName, Item: { pk: `REQ#${id}`, sk: `AUDIT#${Date.now()}`, type: 'received' } } },
      // The duplicate check's two hashed keys, written with the request.
      ...['name', 'phone'].map((on) => ({
        Put: { TableName, Item: { pk: `DUPKEY#${id}${on}`, sk: 'DUPKEY', requestId: id, expiresAt: 0 } },
      })),
    ];
    t = performance.now();
    await client.send(
      new BatchGetCommand({
        RequestItems: {
          [TableName]: {
            Keys: ['name', 'phone'].map((on) => ({ pk: `DUPKEY#${id}${on}`, sk: 'DUPKEY' })),
            ConsistentRead: true,
          },
        },
      }),
    );
    lookup.push(since(t));
    t = performance.now();
    await client.send(new TransactWriteCommand({ TransactItems: items }));
    transaction.push(since(t));

    // The same items, fewer of them, under fresh keys: the cost of each item the store adds.
    for (const size of [1, 2, 3] as const) {
      const other = randomUUID();
      const fewer = WITH_ITEMS[size]
        .map((index) => items[index] as (typeof items)[number])
        .map((entry) => ({
          Put: {
            ...entry.Put,
            Item: { ...entry.Put.Item, pk: String(entry.Put.Item.pk).replace(id, other) },
          },
        }));
      t = performance.now();
      await client.send(new TransactWriteCommand({ TransactItems: fewer }));
      partial[size].push(since(t));
    }
  }

  const url = `${options.sandboxUrl}/requests`;
  const post = async (i: number) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(requestBody(i)),
    });
    await response.arrayBuffer();
    if (response.status !== 201) errors++;
  };
  for (let i = 0; i < options.warmup; i++) await post(n++);
  const http: number[] = [];
  for (let i = 0; i < options.requests; i++) {
    const t = performance.now();
    await post(n++);
    http.push(since(t));
  }
  return {
    inProcess: summarize(inProcess),
    barePut: summarize(bare),
    bareTransaction: summarize(transaction),
    bareLookup: summarize(lookup),
    transactionOf: { '1': summarize(partial[1]), '2': summarize(partial[2]), '3': summarize(partial[3]) },
    http: summarize(http),
    errors,
  };
}
