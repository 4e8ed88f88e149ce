import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { FUNCTIONS } from '../infra/catalogue.js';
import { ADMINS_GROUP } from '../shared/auth/claims.js';
import { settingsToEnvironment, type SchemeSettings } from '../shared/config.js';
import { importRoster } from '../shared/domain/roster-csv.js';
import type { ReportStore, Store } from '../shared/domain/ports.js';
import { createDocumentClient, createDynamoStore } from '../shared/store/dynamo.js';
import { createReportStore } from '../shared/store/reports-dynamo.js';
import { createIds } from '../shared/util/ids.js';
import { createSandboxServer } from './http-server.js';
import { createRateLimiter } from './rate-limit.js';
import { LOCAL_USER_POOL_ID, startLocalAuth, type LocalAuth } from './auth.js';
import { invoke } from './lambda-runtime.js';
import { DYNAMODB_THROTTLED, SES_THROTTLED, startFaultProxy } from './fault-proxy.js';
import { startLocalSfnEndpoint } from './local-sfn-endpoint.js';
import { ensureLocalTable } from './local-table.js';
import { createLocalWorkflow, type LocalWorkflow } from './local-workflow.js';
import { startMailboxSimulator } from './mailbox-simulator.js';
import { assertPortFree, startDynamoDbLocal, startOutboxServer } from './services.js';
import { startStreamPoller } from './stream-poller.js';
import { startSmsOutbox } from './sms-outbox.js';
import { SANDBOX_LOOKUP_HASH_SECRET } from './dev-secrets.js';
import { startDigestClock } from './daily-digest.js';
import {
  deploySettings,
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  streamFilterPatterns,
  synthesizedWorkflow,
  synthesizeTemplate,
  tableDeclaration,
} from './synthesized.js';

export const LOCAL_TABLE_NAME = 'community-kindness-local';

export interface SandboxOptions {
  port: number;
  outboxPort: number;
  /** The local SMS endpoint and its outbox page; a free port when unset. */
  smsOutboxPort?: number;
  dynamoDbPort: number;
  /** Where DynamoDB Local keeps its data; in memory when unset. */
  dataDir?: string;
  /** Delete the data folder first. */
  fresh?: boolean;
  timeScale: number;
  /** A roster CSV to load; the demo roster when unset and the table has no volunteers. */
  volunteersCsv?: string;
  /** Settings on top of cdk.json's (tests use a smaller wave or window). */
  settings?: Partial<SchemeSettings>;
  /** Replace a Task's behaviour, e.g. to inject a fault: (state name, input, run the real one). */
  taskInterceptor?: (stateName: string, input: unknown, runReal: () => Promise<unknown>) => Promise<unknown>;
  /** Public POSTs from one address per five minutes; false turns the limit off (load tests). */
  submitRateLimit?: number | false;
  /** Retry back-off in ms inside the workflow (tests keep it tiny). */
  retryIntervalMs?: number;
  /** Fault injection for tests: each decides, per call, whether that call fails. */
  faults?: {
    /** StartExecution for this execution name answers 500 (the stream then retries the record). */
    startExecution?: (name: string) => boolean;
    /** An SES SendEmail call is throttled before it reaches the outbox. */
    sendEmail?: () => boolean;
    /** An SMS SendTextMessage call is refused with ThrottlingException. */
    sendText?: () => boolean;
    /** A DynamoDB write from a handler is throttled (the SDK retries, then the Task or the request fails). */
    dynamoDbWrite?: (operation: string) => boolean;
  };
  log?: (line: string) => void;
  /** The sandbox prescriber's password; a fresh one is generated (and printed) when unset. */
  prescriberPassword?: string;
  /** How long after a send to a mailbox-simulator address its bounce or complaint arrives (1 s unset). */
  mailboxSimulatorDelayMs?: number;
  /** The daily digest's own clock: first run after `firstDelayMs`, then every `everyMs`. Unset: only `runDigest`. */
  digest?: { firstDelayMs: number; everyMs: number };
}

export interface Sandbox {
  url: string;
  outboxUrl: string;
  /** The local SMS endpoint: texts at / (HTML) and /store (JSON), replies at POST /inbound. */
  smsOutboxUrl: string;
  dynamoDbEndpoint: string;
  settings: SchemeSettings;
  /** The table's store, with the reports' record. */
  store: Store & ReportStore;
  workflow: LocalWorkflow;
  /** The local user pool: the prescriber's sign-in, and real tokens for tests. */
  auth: LocalAuth;
  /** Resolves when every workflow started so far has finished. */
  idle: () => Promise<void>;
  /** Runs the daily digest function now, as the schedule would. */
  runDigest: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * The whole system on one machine: DynamoDB Local, the SES outbox, the synthesized state machine in
 * aws-local-stepfunctions, the table stream feeding the start-matching function, and an HTTP server
 * routing to the real handlers. Only endpoints (and the Wait time scale) differ from AWS.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const log = options.log ?? (() => undefined);
  await assertPortFree(options.port, 'PORT');
  await assertPortFree(options.outboxPort, 'OUTBOX_PORT');
  if (options.smsOutboxPort) await assertPortFree(options.smsOutboxPort, 'SMS_OUTBOX_PORT');
  await assertPortFree(options.dynamoDbPort, 'DYNAMODB_PORT');

  const settings: SchemeSettings = { ...deploySettings(), ...options.settings };
  log('Synthesizing the CDK stack…');
  const template = synthesizeTemplate(settings);
  const workflowDefinition = synthesizedWorkflow(template);

  if (options.dataDir && options.fresh) rmSync(options.dataDir, { recursive: true, force: true });
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  log('Starting DynamoDB Local…');
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => undefined);
  };
  try {
    const dynamo = await startDynamoDbLocal({
      port: options.dynamoDbPort,
      dataDir: options.dataDir ? resolve(options.dataDir) : undefined,
    });
    stops.push(dynamo.stop);
    const tableState = await ensureLocalTable(dynamo.client, LOCAL_TABLE_NAME, tableDeclaration(template));
    log(`Table ${LOCAL_TABLE_NAME}: ${tableState}`);

    const outbox = await startOutboxServer(options.outboxPort);
    stops.push(outbox.stop);
    // Mail to SES's simulator addresses bounces or is complained about a moment after it is accepted,
    // through the same handler the configuration set's SNS topic invokes in AWS.
    const mailboxSimulator = await startMailboxSimulator({
      target: outbox.url,
      deliver: (event) => invoke(FUNCTIONS.emailEvents.entry, event),
      delayMs: options.mailboxSimulatorDelayMs,
      log,
    });
    stops.push(mailboxSimulator.stop);
    const faults = options.faults;
    let sesEndpoint = mailboxSimulator.url;
    if (faults?.sendEmail) {
      const failSend = faults.sendEmail;
      const proxy = await startFaultProxy(mailboxSimulator.url, () =>
        failSend() ? SES_THROTTLED : undefined,
      );
      stops.push(() => closeServer(proxy.server));
      sesEndpoint = proxy.url;
    }
    // A simulated reply runs the same handler the SNS topic invokes in AWS.
    const smsOutbox = await startSmsOutbox({
      port: options.smsOutboxPort ?? 0,
      failSend: faults?.sendText,
      deliverInbound: (event) => invoke(FUNCTIONS.smsInbound.entry, event),
    });
    stops.push(smsOutbox.stop);
    let handlerDynamoEndpoint = dynamo.endpoint;
    if (faults?.dynamoDbWrite) {
      const failWrite = faults.dynamoDbWrite;
      const proxy = await startFaultProxy(dynamo.endpoint, (headers) => {
        const operation = String(headers['x-amz-target'] ?? '').split('.')[1] ?? '';
        const isWrite = [
          'PutItem',
          'UpdateItem',
          'DeleteItem',
          'TransactWriteItems',
          'BatchWriteItem',
        ].includes(operation);
        return isWrite && failWrite(operation) ? DYNAMODB_THROTTLED : undefined;
      });
      stops.push(() => closeServer(proxy.server));
      handlerDynamoEndpoint = proxy.url;
    }

    const url = `http://localhost:${options.port}`;
    const workflow = createLocalWorkflow({
      workflow: workflowDefinition,
      timeScale: options.timeScale,
      retryIntervalMs: options.retryIntervalMs,
      runTask: (stateName, entry, input) => {
        const runReal = () => invoke(entry, input) as Promise<never>;
        return (
          options.taskInterceptor ? options.taskInterceptor(stateName, input, runReal) : runReal()
        ) as Promise<never>;
      },
      onExecutionEnd: (record) =>
        log(`Workflow ${record.name}: ${record.status} (${record.states.join(' → ')})`),
    });
    const sfn = await startLocalSfnEndpoint(workflow, faults?.startExecution);
    stops.push(() => closeServer(sfn.server));

    // The handlers read their configuration from the environment, as in Lambda.
    // The dashboard's sign-in: a local user pool with real signed tokens, never "no auth locally".
    // Two prescribers share the queue: the first (the scheme's prescriber) is also an admin.
    const auth = await startLocalAuth({
      email: settings.prescriberEmail,
      name: SANDBOX_TEAM.admin,
      password: options.prescriberPassword,
      team: [{ email: secondPrescriberEmail(settings.prescriberEmail), name: SANDBOX_TEAM.second }],
      onAccountCreated: (email, temporaryPassword) =>
        log(`New prescriber ${email}: temporary password ${temporaryPassword} (Cognito emails it in AWS)`),
    });
    stops.push(auth.stop);

    Object.assign(process.env, {
      ...settingsToEnvironment(settings),
      USER_POOL_CLIENT_ID: auth.clientId,
      USER_POOL_ID: LOCAL_USER_POOL_ID,
      COGNITO_ENDPOINT: auth.endpoint,
      TABLE_NAME: LOCAL_TABLE_NAME,
      PUBLIC_BASE_URL: url,
      DYNAMODB_ENDPOINT: handlerDynamoEndpoint,
      SES_ENDPOINT: sesEndpoint,
      SMS_ENDPOINT: smsOutbox.url,
      LOOKUP_HASH_SECRET: process.env.LOOKUP_HASH_SECRET ?? SANDBOX_LOOKUP_HASH_SECRET,
      SFN_ENDPOINT: sfn.url,
      STATE_MACHINE_ARN: `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:Matching`,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    });

    const documents = createDocumentClient({ endpoint: dynamo.endpoint });
    // One object for tests and tools; in AWS the reports' record is a store of its own (two functions use it).
    const store = {
      ...createDynamoStore({
        tableName: LOCAL_TABLE_NAME,
        client: documents,
        lookupHashSecret: process.env.LOOKUP_HASH_SECRET,
      }),
      ...createReportStore(documents, LOCAL_TABLE_NAME),
    };
    await seedVolunteers(store, options.volunteersCsv, log);
    await seedTeam(store, auth);

    const table = await dynamo.client.send(new DescribeTableCommand({ TableName: LOCAL_TABLE_NAME }));
    const streamArn = table.Table?.LatestStreamArn;
    if (!streamArn) throw new Error('the local table has no stream');
    const streams = new DynamoDBStreamsClient({
      endpoint: dynamo.endpoint,
      region: LOCAL_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    // As in AWS, three triggers on the one stream: new requests start matching, every message in the
    // outbox goes to the one sender (so in the sandbox too, nothing is sent from inside a request), and
    // every request made or changed is recorded for the reports.
    for (const [fn, deadLetter, intervalMs] of [
      [FUNCTIONS.startMatching, 'could not start matching for', 250],
      // Polled more often: a message's delay is what a person waits for (an invite's window is short here).
      [FUNCTIONS.sendMessages, 'could not send the message', 50],
      [FUNCTIONS.recordReportFacts, 'could not record for reports', 250],
    ] as const) {
      const poller = startStreamPoller({
        client: streams,
        streamArn,
        patterns: streamFilterPatterns(template, fn.entry) as never,
        deliver: (event) => invoke(fn.entry, event) as never,
        intervalMs,
        onError: (error) => log(`Stream poller: ${error instanceof Error ? error.message : String(error)}`),
        onDeadLetter: (record) => log(`Dead letter: ${deadLetter} ${JSON.stringify(record.dynamodb?.Keys)}`),
      });
      stops.push(async () => poller.stop());
    }

    const limit = options.submitRateLimit ?? settings.submitRateLimitPer5Minutes;
    const server: Server = createSandboxServer({
      rateLimiter: limit === false ? undefined : createRateLimiter(limit),
      invoke: (entry, event) => invoke(entry, event),
      onError: (error) => log(`HTTP: ${error instanceof Error ? error.message : String(error)}`),
      verifyToken: (authorization) => auth.verify(authorization),
    });
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(options.port, resolveListen);
    });
    stops.push(() => closeServer(server));

    const digest = startDigestClock({
      run: () => invoke(FUNCTIONS.dailyDigest.entry, {}),
      firstDelayMs: options.digest?.firstDelayMs,
      everyMs: options.digest?.everyMs ?? 24 * 3600_000,
      log,
    });
    stops.push(async () => digest.stop());

    return {
      url,
      outboxUrl: outbox.url,
      smsOutboxUrl: smsOutbox.url,
      dynamoDbEndpoint: dynamo.endpoint,
      settings,
      store,
      workflow,
      auth,
      idle: () => workflow.idle(),
      runDigest: digest.runNow,
      stop: async () => {
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function seedVolunteers(
  store: Store,
  csvPath: string | undefined,
  log: (line: string) => void,
): Promise<void> {
  const existing = await store.listVolunteers();
  if (!csvPath && existing.length > 0) {
    log(`Roster: ${existing.length} volunteers already in the table`);
    return;
  }
  const path = csvPath ?? 'sandbox/demo-volunteers.csv';
  if (!existsSync(path)) throw new Error(`SANDBOX_VOLUNTEERS: no file at ${path}`);
  const summary = await importRoster(readFileSync(path, 'utf8'), {
    store,
    ids: createIds(),
    clock: { now: () => new Date() },
  });
  if (summary.errors.length > 0) throw new Error(`Roster ${path} has errors:\n${summary.errors.join('\n')}`);
  log(`Roster from ${path}: ${summary.created} added, ${summary.updated} updated`);
}

/** The demo team's names, as the pages show them. */
export const SANDBOX_TEAM = { admin: 'Alex Morgan', second: 'Sam Taylor' } as const;

/** The second demo prescriber signs in at the scheme's own domain, beside the first. */
export function secondPrescriberEmail(prescriberEmail: string): string {
  const domain = prescriberEmail.split('@')[1] ?? 'example.org';
  return `second.prescriber@${domain}`;
}

/**
 * The team list names each demo prescriber: written at every start (the local pool lives in memory,
 * so its accounts start enabled again, and the list says so).
 */
async function seedTeam(store: Store, auth: LocalAuth): Promise<void> {
  const startedAt = Date.now();
  const existing = new Map((await store.listTeam()).map((member) => [member.id, member]));
  for (const [index, account] of auth.accounts.entries()) {
    // A millisecond apart, so the list keeps the order they are named in.
    const addedAt = new Date(startedAt + index).toISOString();
    await store.putTeamMember({
      id: account.sub,
      name: account.name ?? account.email,
      email: account.email,
      admin: account.groups.includes(ADMINS_GROUP),
      enabled: true,
      addedAt: existing.get(account.sub)?.addedAt ?? addedAt,
    });
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolveClose) => {
    server.closeAllConnections?.();
    server.close(() => resolveClose());
  });
}
