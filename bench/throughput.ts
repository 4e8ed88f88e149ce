import { spawn } from 'node:child_process';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Sandbox } from '../sandbox/sandbox.js';
import { requestBody } from './lib/requests.js';
import { awsClientConfig } from '../shared/util/aws-client-config.js';

export interface LoadResult {
  requestsPerSecond: number;
  total: number;
  sent: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  status2xx: number;
  latencyP50: number;
  latencyP99: number;
  durationSeconds: number;
}

export interface ThroughputResult {
  load: LoadResult;
  stored: number;
  withWorkflow: number;
  lost: number;
  /** Of the executions started for the stored requests, those that had ended when the count was taken. */
  finished: number;
  catchUpSeconds: number;
}

function documentClient(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(awsClientConfig({ endpoint })));
}

/**
 * The ceiling under the sandbox: PutItems of a request-sized item per second that DynamoDB Local
 * takes from `connections` concurrent writers, into a table declared like the stack's (its indexes
 * and stream), measured in the same run just before the load. Every submit writes at least six items
 * (a four-item transaction and two duplicate keys) and reads one batch, and every stored request
 * then runs its workflow against the same DynamoDB Local.
 */
export async function measureDynamoDbCapacity(options: {
  endpoint: string;
  tableName: string;
  seconds: number;
  connections: number;
}): Promise<{ putsPerSecond: number }> {
  const client = documentClient(options.endpoint);
  const end = performance.now() + options.seconds * 1000;
  let puts = 0;
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < end) {
        await client.send(
          new PutCommand({
            TableName: options.tableName,
            Item: {
              pk: `REQ#${randomUUID()}`,
              sk: 'REQUEST',
              statusKey: 'STATUS#received',
              createdAt: new Date().toISOString(),
              ...requestBody(puts),
            },
          }),
        );
        puts++;
      }
    }),
  );
  client.destroy();
  return { putsPerSecond: puts / options.seconds };
}

function runLoad(url: string, seconds: number, connections: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/load.ts', url, String(seconds), String(connections)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`the load generator exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as LoadResult);
    });
  });
}

/**
 * Every request item in the table. This check is the benchmark's own, not the application's, so it
 * may Scan: it must see everything that was stored, by any path.
 */
async function storedRequestIds(endpoint: string, tableName: string): Promise<string[]> {
  const client = documentClient(endpoint);
  const ids: string[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'sk = :sk',
        ExpressionAttributeValues: { ':sk': 'REQUEST' },
        ProjectionExpression: 'pk',
        ExclusiveStartKey,
      }),
    );
    for (const item of out.Items ?? []) ids.push(String(item.pk).slice(4));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  client.destroy();
  return ids;
}

/**
 * autocannon against the sandbox for `seconds`; then waits (up to `catchUpLimitSeconds`) for the
 * stream to deliver every stored request, and counts those with no workflow execution: lost.
 */
export async function measureThroughput(options: {
  sandbox: Sandbox;
  tableName: string;
  seconds: number;
  connections: number;
  catchUpLimitSeconds: number;
}): Promise<ThroughputResult> {
  const { sandbox } = options;
  const before = new Set(await storedRequestIds(sandbox.dynamoDbEndpoint, options.tableName));
  const load = await runLoad(sandbox.url, options.seconds, options.connections);
  const started = performance.now();
  let stored: string[] = [];
  let missing: string[] = [];
  for (;;) {
    stored = (await storedRequestIds(sandbox.dynamoDbEndpoint, options.tableName)).filter(
      (id) => !before.has(id),
    );
    missing = stored.filter((id) => !sandbox.workflow.executions.has(id));
    const waited = (performance.now() - started) / 1000;
    if (missing.length === 0 || waited > options.catchUpLimitSeconds) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return {
    load,
    stored: stored.length,
    withWorkflow: stored.length - missing.length,
    lost: missing.length,
    finished: stored.filter((id) => {
      const execution = sandbox.workflow.executions.get(id);
      return execution !== undefined && execution.status !== 'RUNNING';
    }).length,
    catchUpSeconds: (performance.now() - started) / 1000,
  };
}
