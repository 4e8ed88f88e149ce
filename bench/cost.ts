import { FUNCTIONS, type FunctionName } from '../infra/catalogue.js';
import { DEFAULT_MEMORY_MB } from '../infra/constructs/lambda.js';
import { STATE } from '../infra/constructs/workflow.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import { invoke } from '../sandbox/lambda-runtime.js';
import { clearOutbox, readOutbox } from '../sandbox/services.js';
import type { StoredText } from '../sandbox/sms-outbox.js';
import type { DbMeter } from './lib/meter.js';
import { requestBody } from './lib/requests.js';
import { since } from './lib/stats.js';
import { PRICES } from './prices.js';

/** The sandbox's Task interceptor calls these: the benchmark times each Task and acts after invites. */
export interface TaskHooks {
  onTask?: (stateName: string, ms: number) => void;
  afterInvites?: (wave: number) => Promise<void>;
}

const TASK_FUNCTIONS: Record<string, FunctionName> = {
  [STATE.wave]: 'wave',
  [STATE.escalate]: 'escalate',
};

/**
 * Transitions per path (wave 1, wave 2, escalation): the targets for the one-Task-per-wave definition,
 * and what the definition with four Tasks per wave (acknowledge, find, invite, check) took, measured
 * by this benchmark before the wave step replaced them.
 */
export const TRANSITION_TARGETS = [6, 9, 10] as const;
export const TRANSITIONS_BEFORE_WAVE_STEP = [8, 14, 15] as const;

export type PathName =
  'happy (accepted in wave 1)' | 'two waves (accepted in wave 2)' | 'escalation (no one answers)';

export interface PathRun {
  path: PathName;
  states: string[];
  invocations: { fn: FunctionName; ms: number }[];
  apiRequests: number;
  emails: number;
  /** Texts the sender sent (to people who prefer them), and their segments, from the SMS outbox. */
  texts: number;
  textSegments: number;
  /** Outbox messages the sender delivered (claimed and finished) on this path. */
  messages: number;
  readUnits: number;
  /** As DynamoDB Local reported them. */
  writeUnits: number;
  /** Items written inside TransactWriteItems, and the units DynamoDB Local reported for those calls. */
  transactItems: number;
  transactWriteUnits: number;
  writeUnitsBy: Record<string, number>;
  calls: Record<string, number>;
}

/**
 * The sandbox hands the sender up to 10 records at once and delivers them side by side, as one Lambda
 * invocation would: deliveries whose spans overlap are counted as one invocation, as long as their union.
 */
export function senderInvocations(spans: Iterable<{ start: number; end: number }>): number[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged.map((m) => m.end - m.start);
}

export interface PathCost {
  path: PathName;
  perThousand: {
    total: number;
    /** Everything but the messages themselves: the figure the ≤ $0.15 target is about. */
    nonMessage: number;
    stepFunctions: number;
    lambda: number;
    dynamodb: number;
    api: number;
    /** The messages, shown beside: SES per email, End User Messaging per SMS segment. */
    ses: number;
    sms: number;
  };
  /** Write units billed: DynamoDB Local's report, raised where it charged a transaction's item less than 2 WRU. */
  billedWriteUnits: number;
  /** The same, if every invocation also paid a cold start (Lambda bills the init phase). */
  perThousandAllCold: number;
  run: PathRun;
}

async function inviteLinks(outboxUrl: string): Promise<string[]> {
  return (await readOutbox(outboxUrl))
    .map((e) => /https?:\/\/[^\s"<]+\/respond\/[A-Za-z0-9_-]{43}/.exec(e.body.text ?? '')?.[0])
    .filter((link): link is string => link !== undefined);
}

export async function readTexts(smsOutboxUrl: string): Promise<StoredText[]> {
  return (await (await fetch(`${smsOutboxUrl}/store`)).json()) as StoredText[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Invites now reach the outbox through the stream and the sender, after the wave step returns: wait
 * for this wave's links, then a little longer, so that the whole wave (one transaction, one batch) is in.
 */
async function newInviteLinks(outboxUrl: string, seen: ReadonlySet<string>): Promise<string[]> {
  const deadline = performance.now() + 15_000;
  let links: string[] = [];
  while (links.length === 0) {
    if (performance.now() > deadline) return [];
    await sleep(20);
    links = (await inviteLinks(outboxUrl)).filter((link) => !seen.has(link));
  }
  await sleep(300);
  return (await inviteLinks(outboxUrl)).filter((link) => !seen.has(link));
}

/** The sender works after the workflow: wait until no DynamoDB call has been made for `quietMs`. */
async function untilQuiet(meter: DbMeter, quietMs: number, limitMs = 30_000): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (performance.now() - meter.lastCallAt < quietMs && performance.now() < deadline) await sleep(50);
}

/**
 * Files one request through the sandbox's HTTP server and lets the synthesized workflow run to its
 * end, answering the invites as the path says. Everything the request costs is counted on the way.
 */
export async function runPath(options: {
  sandbox: Sandbox;
  path: PathName;
  hooks: TaskHooks;
  meter: DbMeter;
  emails: { count: number };
  n: number;
}): Promise<PathRun> {
  const { sandbox, hooks, meter, path } = options;
  await sandbox.idle();
  await clearOutbox(sandbox.outboxUrl);
  const invocations: PathRun['invocations'] = [];
  let apiRequests = 0;
  const acceptInWave = path.startsWith('happy') ? 1 : path.startsWith('two') ? 2 : 0;
  const seen = new Set<string>();
  hooks.onTask = (stateName, ms) => {
    const fn = TASK_FUNCTIONS[stateName];
    if (fn) invocations.push({ fn, ms });
  };
  hooks.afterInvites = async (wave) => {
    // The outbox was cleared when the path began: links not seen in an earlier wave are this wave's.
    const links = await newInviteLinks(sandbox.outboxUrl, seen);
    for (const link of links) seen.add(link);
    if (wave !== acceptInWave) return;
    const [link] = links;
    if (!link) throw new Error(`no invite link in wave ${wave}`);
    let t = performance.now();
    const page = await fetch(link);
    await page.arrayBuffer();
    invocations.push({ fn: 'respond', ms: since(t) });
    t = performance.now();
    const accepted = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ action: 'accept' }).toString(),
    });
    await accepted.arrayBuffer();
    invocations.push({ fn: 'respond', ms: since(t) });
    apiRequests += 2;
    if (accepted.status !== 200) throw new Error(`accept answered ${accepted.status}`);
  };
  await untilQuiet(meter, 1000);
  const textsBefore = (await readTexts(sandbox.smsOutboxUrl)).length;
  meter.reset();
  options.emails.count = 0;
  const known = new Set(sandbox.workflow.executions.keys());
  const t = performance.now();
  const response = await fetch(`${sandbox.url}/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // SP8 4 shopping: enough volunteers for two full waves once the benchmark's extra three are added.
    body: JSON.stringify(requestBody(options.n, { postcode: 'SP8 4AB', helpType: 'shopping' })),
  });
  await response.arrayBuffer();
  invocations.push({ fn: 'submitRequest', ms: since(t) });
  apiRequests++;
  if (response.status !== 201) throw new Error(`submit answered ${response.status}`);
  let execution;
  for (let waited = 0; !execution; waited += 20) {
    execution = [...sandbox.workflow.executions.values()].find((e) => !known.has(e.name));
    if (waited > 30_000) throw new Error('no workflow started for the request');
    if (!execution) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await execution.done;
  // The stream trigger's function is invoked by the poller; time one more start of the same execution.
  const s = performance.now();
  await invoke(FUNCTIONS.startMatching.entry, {
    Records: [
      {
        eventName: 'INSERT',
        dynamodb: { Keys: { pk: { S: `REQ#${execution.name}` }, sk: { S: 'REQUEST' } }, SequenceNumber: '1' },
      },
    ],
  });
  invocations.push({ fn: 'startMatching', ms: since(s) });
  // The last messages (details, good news, "someone else said yes", the escalation) are still being
  // sent: each delivery is timed from its claim to its finish, and overlapping ones make one invocation.
  await untilQuiet(meter, 1500);
  for (const ms of senderInvocations(meter.messageSpans.values()))
    invocations.push({ fn: 'sendMessages', ms });
  const texts = (await readTexts(sandbox.smsOutboxUrl)).slice(textsBefore);
  hooks.onTask = undefined;
  hooks.afterInvites = undefined;
  if (execution.status !== 'SUCCEEDED')
    throw new Error(`${path}: workflow ${execution.status} ${execution.error ?? ''}`);
  if (acceptInWave > 0 && execution.states.includes(STATE.escalate))
    throw new Error(`${path}: the workflow escalated (${execution.states.join(' → ')})`);
  return {
    path,
    states: execution.states,
    invocations,
    apiRequests,
    emails: options.emails.count,
    texts: texts.length,
    textSegments: texts.reduce((sum, t) => sum + t.segments, 0),
    messages: meter.messageSpans.size,
    readUnits: meter.readUnits,
    writeUnits: meter.writeUnits,
    transactItems: meter.transactItems,
    transactWriteUnits: meter.transactWriteUnits,
    writeUnitsBy: { ...meter.writeUnitsBy },
    calls: { ...meter.calls },
  };
}

/** Dollars per 1,000 requests that take this path, at the configured memory, from the price list. */
export function costOf(run: PathRun, coldInitMs: Partial<Record<FunctionName, number>>): PathCost {
  const gb = DEFAULT_MEMORY_MB / 1024;
  const billedMs = (ms: number) => Math.ceil(ms);
  const lambdaOf = (extra: (fn: FunctionName) => number) =>
    run.invocations.reduce(
      (sum, i) =>
        sum +
        ((billedMs(i.ms) + extra(i.fn)) / 1000) * gb * PRICES.lambdaGbSecondArm.usd +
        PRICES.lambdaRequest.usd,
      0,
    );
  const stepFunctions = run.states.length * PRICES.stepFunctionsTransition.usd;
  // Stream pollers: Lambda reads DynamoDB Streams for its triggers without charge, and records the
  // event filter drops are not invocations; only the invocations themselves (listed) are billed.
  const lambda = lambdaOf(() => 0);
  // A transactional write is billed 2 WRU per item (per KB): where DynamoDB Local reported less for a
  // transaction, the difference is added, so the model never undercounts the outbox's writes.
  const transactionShortfall = Math.max(0, 2 * run.transactItems - run.transactWriteUnits);
  const billedWriteUnits = run.writeUnits + transactionShortfall;
  const dynamodb = billedWriteUnits * PRICES.dynamoWriteUnit.usd + run.readUnits * PRICES.dynamoReadUnit.usd;
  const ses = run.emails * PRICES.sesMessage.usd;
  const sms = run.textSegments * PRICES.smsSegmentUk.usd;
  const api = run.apiRequests * PRICES.httpApiRequest.usd;
  const nonMessage = stepFunctions + lambda + dynamodb + api;
  const total = nonMessage + ses + sms;
  const cold = total - lambda + lambdaOf((fn) => Math.ceil(coldInitMs[fn] ?? 0));
  const k = (usd: number) => usd * 1000;
  return {
    path: run.path,
    perThousand: {
      total: k(total),
      nonMessage: k(nonMessage),
      stepFunctions: k(stepFunctions),
      lambda: k(lambda),
      dynamodb: k(dynamodb),
      api: k(api),
      ses: k(ses),
      sms: k(sms),
    },
    billedWriteUnits,
    perThousandAllCold: k(cold),
    run,
  };
}
