/**
 * Time to first invite: from the API's 201 to the first invite in an outbox (the email outbox or the
 * SMS outbox, whichever shows one first), in a sandbox of its own at time scale 60, beside DynamoDB
 * Local's own PutItem latency measured between the same requests.
 *
 * Run by bench/run.ts as a separate process (`node --import tsx bench/first-invite.ts 50`): the
 * sandbox sets the handlers' environment and their cached runtime for the whole process, and the main
 * benchmark's sandbox runs with other settings. Prints one JSON line.
 */
import './env.js';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { startSandbox, type Sandbox } from '../sandbox/sandbox.js';
import { clearOutbox, readOutbox } from '../sandbox/services.js';
import { deploySettings } from '../sandbox/synthesized.js';
import { createDocumentClient } from '../shared/store/dynamo.js';
import { awsClientConfig } from '../shared/util/aws-client-config.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readTexts } from './cost.js';
import { requestBody } from './lib/requests.js';
import { since, summarize } from './lib/stats.js';

export const TIME_SCALE = 60;
const PUTS_PER_REQUEST = 5;
/** Longer than any first invite can honestly take; a request past it is counted as having none. */
const GIVE_UP_MS = 15_000;
const POLL_MS = 10;
const INVITE_LINK = /\/respond\/[A-Za-z0-9_-]{43}/;

/**
 * Area and help type pairs the demo roster (sandbox/demo-volunteers.csv) can serve, so that every
 * request gets an invite: some have only email volunteers, some text-preferring ones too, so both
 * outboxes race.
 */
const CASES = [
  { postcode: 'SP8 4AB', helpType: 'shopping' },
  { postcode: 'SP8 5AB', helpType: 'friendly-chat' },
  { postcode: 'SP7 9AB', helpType: 'prescription' },
  { postcode: 'BA12 6AB', helpType: 'friendly-chat' },
  { postcode: 'SP8 4AB', helpType: 'dog-walking' },
] as const;

export interface FirstInviteResult {
  requests: number;
  timeScale: number;
  responseWindowSeconds: number;
  /** ms from the 201 to the first invite seen in either outbox (polled every POLL_MS). */
  firstInvite: ReturnType<typeof summarize>;
  /** Bare PutItems of a request-sized item against DynamoDB Local, between the requests. */
  barePut: ReturnType<typeof summarize>;
  firstBy: { email: number; text: number };
  withoutInvite: number;
  errors: number;
  pollMs: number;
  loadAverage: number[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function firstInviteChannel(sandbox: Sandbox): Promise<'email' | 'text' | undefined> {
  const [emails, texts] = await Promise.all([readOutbox(sandbox.outboxUrl), readTexts(sandbox.smsOutboxUrl)]);
  if (emails.some((e) => INVITE_LINK.test(e.body.text ?? ''))) return 'email';
  if (texts.some((t) => INVITE_LINK.test(t.body))) return 'text';
  return undefined;
}

export async function measureFirstInvite(requests: number): Promise<FirstInviteResult> {
  const base = deploySettings();
  // The windows are long enough that no second wave of an earlier request reaches the outboxes
  // while a later request is measured (each request's outboxes are cleared and read alone).
  const responseWindowSeconds = 24 * 3600;
  const sandbox = await startSandbox({
    port: await freePort(),
    outboxPort: await freePort(),
    dynamoDbPort: await freePort(),
    timeScale: TIME_SCALE,
    submitRateLimit: false,
    settings: {
      ...base,
      responseWindowSeconds,
      urgentResponseWindowSeconds: responseWindowSeconds,
      maxWaves: 1,
    },
  });
  try {
    const admin = new DynamoDBClient(awsClientConfig({ endpoint: sandbox.dynamoDbEndpoint }));
    await admin.send(
      new CreateTableCommand({
        TableName: 'bench-put',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
    const client = createDocumentClient({ endpoint: sandbox.dynamoDbEndpoint });
    const firstInvite: number[] = [];
    const barePut: number[] = [];
    const firstBy = { email: 0, text: 0 };
    let withoutInvite = 0;
    let errors = 0;
    // One warm-up request (module loads, first shard iterators), not counted.
    for (let i = -1; i < requests; i++) {
      await Promise.all([
        clearOutbox(sandbox.outboxUrl),
        fetch(`${sandbox.smsOutboxUrl}/clear-store`, { method: 'POST' }),
      ]);
      const n = 3_000_000 + i + 1;
      const response = await fetch(`${sandbox.url}/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(requestBody(n, { ...CASES[(i + 1) % CASES.length] })),
      });
      await response.arrayBuffer();
      const answeredAt = performance.now();
      if (response.status !== 201) {
        errors++;
        continue;
      }
      let channel: 'email' | 'text' | undefined;
      while (!channel && since(answeredAt) < GIVE_UP_MS) {
        await sleep(POLL_MS);
        channel = await firstInviteChannel(sandbox);
      }
      const elapsed = since(answeredAt);
      if (i < 0) continue;
      if (!channel) {
        withoutInvite++;
        continue;
      }
      firstInvite.push(elapsed);
      firstBy[channel]++;
      // The reference, in the same minute of the same run: DynamoDB Local's own write latency.
      for (let p = 0; p < PUTS_PER_REQUEST; p++) {
        const t = performance.now();
        await client.send(
          new PutCommand({
            TableName: 'bench-put',
            Item: { pk: `REQ#${randomUUID()}`, sk: 'REQUEST', ...requestBody(n) },
          }),
        );
        barePut.push(since(t));
      }
    }
    return {
      requests,
      timeScale: TIME_SCALE,
      responseWindowSeconds,
      firstInvite: summarize(firstInvite),
      barePut: summarize(barePut),
      firstBy,
      withoutInvite,
      errors,
      pollMs: POLL_MS,
      loadAverage: loadavg(),
    };
  } finally {
    await sandbox.stop();
  }
}

/** Runs the measurement in a fresh process and returns its result. */
export function runFirstInvite(requests: number): Promise<FirstInviteResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/first-invite.ts', String(requests)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`the first-invite measurement exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as FirstInviteResult);
    });
  });
}

function isEntryPoint(): boolean {
  const invoked = process.argv[1];
  if (!invoked) return false;
  try {
    return realpathSync(invoked) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  const result = await measureFirstInvite(Number(process.argv[2] ?? 50));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}
