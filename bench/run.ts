/**
 * `npm run bench`: every figure measured in this run beside its reference, printed as one table and
 * written to bench/results/latest.{json,md}. Targets are judged here, never in timed unit tests.
 */
import './env.js';
import { cpus, loadavg } from 'node:os';
import { createServer } from 'node:net';
import { loadRuntimeConfig } from '../shared/config.js';
import type { FunctionName } from '../infra/catalogue.js';
import { STATE } from '../infra/constructs/workflow.js';
import type { WorkflowState } from '../shared/domain/matching.js';
import type { Mailer } from '../shared/domain/ports.js';
import { createSesMailer } from '../shared/mail/ses.js';
import { createSmsTexter } from '../shared/sms/client.js';
import { setRuntimeForTests } from '../shared/runtime.js';
import { createDocumentClient, createDynamoStore } from '../shared/store/dynamo.js';
import { createReportStore } from '../shared/store/reports-dynamo.js';
import { createIds } from '../shared/util/ids.js';
import { log } from '../shared/util/logger.js';
import { ensureLocalTable } from '../sandbox/local-table.js';
import { startDynamoDbLocal } from '../sandbox/services.js';
import { LOCAL_TABLE_NAME, startSandbox, type Sandbox } from '../sandbox/sandbox.js';
import { synthesizeTemplate, tableDeclaration, deploySettings } from '../sandbox/synthesized.js';
import { buildAll } from './bundle.js';
import { measureColdInit } from './cold-init.js';
import {
  costOf,
  runPath,
  TRANSITION_TARGETS,
  TRANSITIONS_BEFORE_WAVE_STEP,
  type PathName,
  type TaskHooks,
} from './cost.js';
import { measureLatency } from './latency.js';
import { fixedMonthlyCost } from './fixed-cost.js';
import { runFirstInvite, TIME_SCALE as FIRST_INVITE_TIME_SCALE } from './first-invite.js';
import { measureMatching, roster, seedRoster, AREAS } from './matching.js';
import {
  measureBareGet,
  measurePages,
  requestHistory,
  seedOpened,
  recordHistoryForReports,
  seedRequests,
  type DashboardPage,
} from './dashboard.js';
import { handler as adminRequestsHandler } from '../functions/admin-requests.js';
import { handler as adminVolunteersHandler } from '../functions/admin-volunteers.js';
import { handler as adminReportsHandler } from '../functions/admin-reports.js';
import { createMeter, meterClient } from './lib/meter.js';
import { verdict, toText, writeReport, type BenchReport, type Row } from './lib/report.js';
import { kb, round } from './lib/stats.js';
import { measureDynamoDbCapacity, measureThroughput } from './throughput.js';
import { FIXED_MONTHLY_PRICES, PRICES } from './prices.js';
import { awsClientConfig } from '../shared/util/aws-client-config.js';

const QUICK = process.argv.includes('--quick');
const COLD_RUNS = QUICK ? 5 : 20;
const LATENCY_REQUESTS = QUICK ? 200 : 2000;
const VOLUNTEERS = QUICK ? 1000 : 10_000;
const LOAD_SECONDS = QUICK ? 5 : 30;
const DASHBOARD_REQUESTS = QUICK ? 5000 : 50_000;
const DASHBOARD_LOADS = QUICK ? 10 : 50;
const VOLUNTEERS_OVERRIDE = process.argv.find((a) => a.startsWith('--volunteers='));
/** `--only=matching,throughput`: measure some sections while working on them; the report says so. */
const ONLY = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const SECTIONS = [
  'bundle',
  'cold',
  'latency',
  'invite',
  'cost',
  'matching',
  'dashboard',
  'throughput',
] as const;
const FIRST_INVITE_REQUESTS = 50;
const unknownSections = ONLY?.filter((s) => !(SECTIONS as readonly string[]).includes(s)) ?? [];
if (unknownSections.length > 0)
  throw new Error(`unknown sections ${unknownSections.join(', ')}; use ${SECTIONS.join(', ')}`);
const want = (section: (typeof SECTIONS)[number]) => !ONLY || ONLY.includes(section);

const rows: Row[] = [];
const details: Record<string, unknown> = {};
const notes: string[] = [];
const started = performance.now();
const ms = (v: number) => `${round(v, 1)} ms`;
const step = (text: string) => console.log(`[${Math.round((performance.now() - started) / 1000)} s] ${text}`);

let scanFailure = false;
/** A Scan the meter refused: the section's row says so and the run fails; any other error is thrown on. */
function noteScan(error: unknown, section: string): void {
  if (!(error instanceof Error && error.name === 'ScanForbiddenError')) throw error;
  scanFailure = true;
  rows.push({
    section,
    figure: 'a Query, never a Scan (client spy)',
    value: 'a Scan was attempted',
    reference: error.message,
    target: '0 Scans',
    verdict: 'NOT MET',
  });
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

// 1 and 2: bundles and cold init ---------------------------------------------------------------
step('Bundling every function with the CDK options, plus the peer and the floor…');
const bundles = want('bundle') || want('cold') ? await buildAll() : [];
details.bundles = bundles.map(({ file: _file, ...b }) => b);
for (const b of want('bundle') ? bundles : []) {
  const top = b.contributors
    .slice(0, 3)
    .map((c) => `${c.name} ${kb(c.bytes)}`)
    .join(', ');
  rows.push({
    section: '1 Bundle',
    figure: b.kind === 'ours' ? b.name : b.kind === 'peer' ? 'peer: typical handler' : 'floor: empty handler',
    value: kb(b.bytes),
    reference: `largest: ${top}`,
    target: b.kind === 'ours' ? '≤ 400 KB' : '-',
    verdict: b.kind === 'ours' ? verdict(b.bytes <= 400 * 1024) : 'info',
  });
}

step(`Cold init: ${COLD_RUNS} interleaved fresh processes per bundle…`);
const cold = want('cold') ? measureColdInit(bundles, COLD_RUNS) : [];
details.coldInit = cold;
const floor = cold.find((c) => c.kind === 'floor');
const peer = cold.find((c) => c.kind === 'peer');
if (want('cold') && (!floor || !peer)) throw new Error('no floor or peer measured');
if (floor && peer)
  for (const c of cold.filter((c) => c.kind !== 'floor')) {
    const ratio = c.processMs / floor.processMs;
    rows.push({
      section: '2 Cold init',
      figure: c.kind === 'peer' ? 'peer: typical handler' : c.name,
      value: `${ms(c.processMs)} (${round(ratio, 2)}×; import ${ms(c.importMs)})`,
      reference: `floor ${ms(floor.processMs)}${c.kind === 'ours' ? `, peer ${ms(peer.processMs)} (${round(peer.processMs / floor.processMs, 2)}×)` : ''}`,
      target: c.kind === 'ours' ? '≤ 2.0× floor' : '-',
      verdict: c.kind === 'ours' ? verdict(ratio <= 2) : 'info',
    });
  }
const coldInitMs = Object.fromEntries(
  cold.filter((c) => c.kind === 'ours').map((c) => [c.name, c.importMs]),
) as Partial<Record<FunctionName, number>>;

// 3b: time to first invite, in a sandbox (and a process) of its own at time scale 60 ------------
if (want('invite')) {
  step(
    `Time to first invite: ${FIRST_INVITE_REQUESTS} requests, one at a time, in a sandbox at time scale ${FIRST_INVITE_TIME_SCALE}…`,
  );
  const invite = await runFirstInvite(FIRST_INVITE_REQUESTS);
  details.firstInvite = invite;
  const f = invite.firstInvite;
  rows.push(
    {
      section: '3 Latency',
      figure: `201 → first invite in an outbox, p50 (n=${f.n})`,
      value: ms(f.p50),
      reference: `DynamoDB Local PutItem p50 ${ms(invite.barePut.p50)} (n=${invite.barePut.n}, same run); first by email ${invite.firstBy.email}, by text ${invite.firstBy.text}`,
      target: '≤ 1.5 s',
      verdict: verdict(f.p50 <= 1500 && invite.withoutInvite === 0 && invite.errors === 0),
    },
    {
      section: '3 Latency',
      figure: `201 → first invite in an outbox, p99 (n=${f.n})`,
      value: ms(f.p99),
      reference: `DynamoDB Local PutItem p99 ${ms(invite.barePut.p99)}; p90 ${ms(f.p90)}, max ${ms(f.max)}; without an invite ${invite.withoutInvite}, errors ${invite.errors}; load ${invite.loadAverage.map((l) => round(l, 1)).join(' / ')}`,
      target: '≤ 3 s',
      verdict: verdict(f.p99 <= 3000 && invite.withoutInvite === 0 && invite.errors === 0),
    },
  );
}

// The sandbox, for 3 to 6 --------------------------------------------------------------------
step('Starting the sandbox (DynamoDB Local, outbox, synthesized workflow)…');
const hooks: TaskHooks = {};
const settings = { ...deploySettings(), responseWindowSeconds: 60, urgentResponseWindowSeconds: 60 };
let sandbox: Sandbox | undefined;
const stopAll = async () => {
  await sandbox?.stop();
  sandbox = undefined;
};
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
try {
  sandbox = await startSandbox({
    port: await freePort(),
    outboxPort: await freePort(),
    dynamoDbPort: await freePort(),
    timeScale: 600,
    retryIntervalMs: 5,
    // The deployed WAF limits each address; one load generator is one address, so the emulation is off.
    submitRateLimit: false,
    settings,
    taskInterceptor: async (stateName, _input, runReal) => {
      const t = performance.now();
      const output = (await runReal()) as WorkflowState;
      hooks.onTask?.(stateName, performance.now() - t);
      // A wave step that invited hands over to the Wait, carrying the wave it invited.
      if (stateName === STATE.wave && output.next === 'wait') await hooks.afterInvites?.(output.wave);
      return output;
    },
    log: (line) => {
      if (/error|dead letter|failed/i.test(line)) console.error(`  sandbox: ${line}`);
    },
  });
  const template = synthesizeTemplate(sandbox.settings);
  const declaration = tableDeclaration(template);
  const endpoint = sandbox.dynamoDbEndpoint;
  const config = loadRuntimeConfig(process.env);
  const plainClient = createDocumentClient({ endpoint });
  const ses = createSesMailer({
    sender: config.senderEmail,
    endpoint: config.sesEndpoint,
    region: config.region,
  });

  const { DynamoDBClient: dynamoAdmin, DeleteTableCommand } = await import('@aws-sdk/client-dynamodb');
  const admin = new dynamoAdmin(awsClientConfig({ endpoint }));
  // 4: matching at scale, in a DynamoDB Local of its own: DynamoDB Local keeps every table in one SQLite
  // database with a single writer thread, and its 60,000 items slowed every later section's writes
  // (even after DeleteTable), while after the latency section's writes seeding took over eight minutes.
  if (want('matching')) {
    step(`Matching: seeding ${VOLUNTEERS} volunteers over ${AREAS.length} areas and 7 help types…`);
    const matchingDb = await startDynamoDbLocal({ port: await freePort() });
    try {
      await ensureLocalTable(matchingDb.client, 'bench-matching', declaration);
      const matchMeter = createMeter();
      const matchStore = createDynamoStore({
        tableName: 'bench-matching',
        client: meterClient(createDocumentClient({ endpoint: matchingDb.endpoint }), matchMeter),
      });
      const volunteers = roster(VOLUNTEERS_OVERRIDE ? Number(VOLUNTEERS_OVERRIDE.split('=')[1]) : VOLUNTEERS);
      const seedStart = performance.now();
      await seedRoster(createDocumentClient({ endpoint: matchingDb.endpoint }), 'bench-matching', volunteers);
      const seedSeconds = (performance.now() - seedStart) / 1000;
      step(`Matching: seeded in ${round(seedSeconds, 1)} s; finding waves…`);
      try {
        const matching = await measureMatching({
          store: matchStore,
          meter: matchMeter,
          volunteers,
          seedSeconds,
          settings: sandbox.settings,
          iterations: QUICK ? 50 : 300,
        });
        details.matching = matching;
        rows.push(
          {
            section: '4 Matching',
            figure: `one wave over ${matching.volunteers} volunteers, p50 / p99 (n=${matching.find.n})`,
            value: `${ms(matching.find.p50)} / ${ms(matching.find.p99)}`,
            reference: `p90 ${ms(matching.find.p90)}; ${round(matching.offeringMean, 0)} offering on average`,
            target: 'p50 and p99 ≤ 50 ms',
            verdict: verdict(matching.find.p50 <= 50 && matching.find.p99 <= 50),
          },
          {
            section: '4 Matching',
            figure: 'consumed read capacity per wave',
            value: `${round(matching.readUnitsPerFind, 1)} RRU`,
            reference: `calls per wave: ${Object.entries(matching.callsPerFind)
              .map(([k, v]) => `${k.replace('Command', '')} ${v}`)
              .join(', ')}`,
            target: '-',
            verdict: 'info',
          },
          {
            section: '4 Matching',
            figure: 'a Query, never a Scan (client spy)',
            value: `${matching.scans} Scans`,
            reference: `${matching.callsPerFind.QueryCommand ?? 0} Query per wave`,
            target: '0 Scans',
            verdict: verdict(matching.scans === 0),
          },
        );
      } catch (error) {
        noteScan(error, '4 Matching');
      }
    } finally {
      await matchingDb.stop();
    }
  }

  // 4b: the dashboard at a year's history, in a DynamoDB Local of its own (as matching, for the same reason)
  if (want('dashboard')) {
    const volunteerCount = VOLUNTEERS_OVERRIDE ? Number(VOLUNTEERS_OVERRIDE.split('=')[1]) : VOLUNTEERS;
    step(`Dashboard: seeding ${volunteerCount} volunteers and ${DASHBOARD_REQUESTS} requests over a year…`);
    const dashboardDb = await startDynamoDbLocal({ port: await freePort() });
    try {
      await ensureLocalTable(dashboardDb.client, 'bench-dashboard', declaration);
      const seedClient = createDocumentClient({ endpoint: dashboardDb.endpoint });
      const pageMeter = createMeter();
      const pageClient = meterClient(createDocumentClient({ endpoint: dashboardDb.endpoint }), pageMeter);
      const pageStore = createDynamoStore({
        tableName: 'bench-dashboard',
        client: pageClient,
        lookupHashSecret: process.env.LOOKUP_HASH_SECRET,
      });
      const now = new Date();
      const volunteers = roster(volunteerCount);
      const seedStart = performance.now();
      await seedRoster(seedClient, 'bench-dashboard', volunteers);
      const history = requestHistory(
        DASHBOARD_REQUESTS,
        volunteers.map((v) => v.id),
        now,
      );
      await seedRequests(seedClient, 'bench-dashboard', history);
      const opened = await seedOpened(pageStore, volunteers, now);
      await recordHistoryForReports(createReportStore(seedClient, 'bench-dashboard'), [
        ...history,
        opened.request,
      ]);
      const seedSeconds = (performance.now() - seedStart) / 1000;
      const statusCounts: Record<string, number> = {};
      for (const r of history) statusCounts[r.status] = (statusCounts[r.status] ?? 0) + 1;
      step(`Dashboard: seeded in ${round(seedSeconds, 1)} s; loading each page ${DASHBOARD_LOADS} times…`);
      setRuntimeForTests({
        config: { ...config, tableName: 'bench-dashboard' },
        settings: { ...config, serviceAreas: [...new Set([...config.serviceAreas, ...AREAS])] },
        ports: { store: pageStore, mailer: ses, clock: { now: () => new Date() }, ids: createIds(), log },
        reports: createReportStore(pageClient, 'bench-dashboard'),
      });
      const today = now.toISOString().slice(0, 10);
      const monthAgo = new Date(now.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
      const pages: DashboardPage[] = [
        { name: 'home', routeKey: 'GET /admin', path: '/admin', handler: adminRequestsHandler },
        {
          name: 'request page',
          routeKey: 'GET /admin/requests/{id}',
          path: `/admin/requests/${opened.request.id}`,
          pathParameters: { id: opened.request.id },
          handler: adminRequestsHandler,
        },
        {
          name: 'search by phone',
          routeKey: 'GET /admin/search',
          path: '/admin/search',
          query: { q: opened.request.requester.phone ?? '' },
          handler: adminRequestsHandler,
        },
        {
          name: 'roster page 1',
          routeKey: 'GET /admin/volunteers',
          path: '/admin/volunteers',
          handler: adminVolunteersHandler,
        },
        {
          name: 'roster search by name',
          routeKey: 'GET /admin/volunteers',
          path: '/admin/volunteers',
          query: { q: opened.volunteer.name },
          handler: adminVolunteersHandler,
        },
        {
          name: 'volunteer page',
          routeKey: 'GET /admin/volunteers/{id}',
          path: `/admin/volunteers/${opened.volunteer.id}`,
          pathParameters: { id: opened.volunteer.id },
          handler: adminVolunteersHandler,
        },
        {
          name: 'reports, the last 30 days',
          routeKey: 'GET /admin/reports',
          path: '/admin/reports',
          query: { from: monthAgo, to: today },
          handler: adminReportsHandler,
        },
      ];
      const results = await measurePages(pages, pageMeter, DASHBOARD_LOADS);
      const bare = await measureBareGet(
        seedClient,
        'bench-dashboard',
        opened.request.id,
        DASHBOARD_LOADS * 4,
      );
      setRuntimeForTests(undefined);
      details.dashboard = {
        volunteers: volunteerCount,
        requests: DASHBOARD_REQUESTS,
        statusCounts,
        seedSeconds,
        bareGet: bare,
        pages: results,
      };
      rows.push({
        section: '8 Dashboard',
        figure: `bare GetItem, p50 / p99 (n=${bare.n})`,
        value: `${ms(bare.p50)} / ${ms(bare.p99)}`,
        reference: `${volunteerCount} volunteers, ${DASHBOARD_REQUESTS} requests (${Object.entries(
          statusCounts,
        )
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})`,
        target: '-',
        verdict: 'info',
      });
      for (const r of results) {
        const ok =
          r.status === 200 && r.scans === 0 && r.load.p99 <= 10 * bare.p99 && r.htmlBytes <= 150 * 1024;
        rows.push({
          section: '8 Dashboard',
          figure: `${r.name}, p50 / p99 (n=${r.load.n})`,
          value: `${ms(r.load.p50)} / ${ms(r.load.p99)} (${round(r.load.p99 / bare.p99, 1)}× GetItem p99)`,
          reference: `HTTP ${r.status}; ${kb(r.htmlBytes)} HTML; per load: ${Object.entries(r.callsPerLoad)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}; ${round(r.readUnitsPerLoad, 1)} RRU; ${r.scans} Scans`,
          target: 'p99 ≤ 10× GetItem p99, ≤ 150 KB, 0 Scans',
          verdict: verdict(ok),
        });
      }
    } catch (error) {
      noteScan(error, '8 Dashboard');
    } finally {
      await dashboardDb.stop();
    }
  }

  // 3: warm latency -------------------------------------------------------------------------
  if (want('latency')) {
    step(`Warm latency: ${LATENCY_REQUESTS} submits in process and through HTTP, beside bare writes…`);
    await ensureLocalTable(admin, 'bench-latency', declaration);
    setRuntimeForTests({
      config: { ...config, tableName: 'bench-latency' },
      settings: config,
      ports: {
        store: createDynamoStore({ tableName: 'bench-latency', client: plainClient }),
        mailer: ses,
        clock: { now: () => new Date() },
        ids: createIds(),
        log,
      },
    });
    const latency = await measureLatency({
      client: plainClient,
      tableName: 'bench-latency',
      sandboxUrl: sandbox.url,
      requests: LATENCY_REQUESTS,
      warmup: 200,
    });
    details.latency = latency;
    await admin.send(new DeleteTableCommand({ TableName: 'bench-latency' }));
    const overhead = latency.inProcess.p50 - latency.barePut.p50;
    rows.push(
      {
        section: '3 Latency',
        figure: `submit in process, p50 / p99 (n=${latency.inProcess.n})`,
        value: `${ms(latency.inProcess.p50)} / ${ms(latency.inProcess.p99)}`,
        reference: `bare PutItem ${ms(latency.barePut.p50)} / ${ms(latency.barePut.p99)}`,
        target: 'p99 ≤ 15 ms',
        verdict: verdict(latency.inProcess.p99 <= 15 && latency.errors === 0),
      },
      {
        section: '3 Latency',
        figure: 'handler overhead (p50 − bare PutItem p50)',
        value: ms(overhead),
        reference: `its two round trips, bare: the duplicate check's BatchGetItem p50 ${ms(latency.bareLookup.p50)} + the store's 6-item TransactWriteItems p50 ${ms(latency.bareTransaction.p50)} (handler over both ${ms(latency.inProcess.p50 - latency.bareTransaction.p50 - latency.bareLookup.p50)}); transaction of request ${ms(latency.transactionOf['1'].p50)}, + audit ${ms(latency.transactionOf['2'].p50)}, + reference ${ms(latency.transactionOf['3'].p50)}, + idempotency key and 2 duplicate keys ${ms(latency.bareTransaction.p50)}`,
        target: '≤ 1 ms',
        verdict: verdict(overhead <= 1),
      },
      {
        section: '3 Latency',
        figure: `submit through the sandbox HTTP server, p50 / p99 (n=${latency.http.n})`,
        value: `${ms(latency.http.p50)} / ${ms(latency.http.p99)}`,
        reference: `in process ${ms(latency.inProcess.p50)} / ${ms(latency.inProcess.p99)}; errors ${latency.errors}`,
        target: '-',
        verdict: 'info',
      },
    );
  }

  // 6: cost paths (before the load test fills the sandbox) -------------------------------------
  if (want('cost')) {
    step('Cost model: three paths through the synthesized workflow, metered…');
    const costMeter = createMeter();
    const meteredClient = meterClient(createDocumentClient({ endpoint }), costMeter);
    const emails = { count: 0 };
    const countingMailer: Mailer = {
      async send(message) {
        emails.count++;
        await ses.send(message);
      },
    };
    setRuntimeForTests({
      config,
      settings: config,
      ports: {
        store: createDynamoStore({
          tableName: LOCAL_TABLE_NAME,
          client: meteredClient,
          lookupHashSecret: process.env.LOOKUP_HASH_SECRET,
        }),
        mailer: countingMailer,
        clock: { now: () => new Date() },
        ids: createIds(),
        log,
      },
      // Texts to the demo volunteers who prefer them go to the sandbox's SMS outbox, where they are counted.
      texter: createSmsTexter({ region: config.region, endpoint: config.smsEndpoint }),
    });
    // Enough volunteers in SP8 4 for two full waves of the configured size (the demo roster has three).
    await sandbox.store.putVolunteers(
      [1, 2, 3].map((i) => ({
        id: `BENCHVOL${i}`,
        name: `Bench Helper${i}`,
        email: `bench.helper.${i}@example.org`,
        areas: ['SP8 4'],
        helpTypes: ['shopping'],
        dbsChecked: true,
        recentInvites: [],
        createdAt: new Date().toISOString(),
      })),
    );
    const paths: PathName[] = [
      'happy (accepted in wave 1)',
      'two waves (accepted in wave 2)',
      'escalation (no one answers)',
    ];
    const costs = [];
    for (const [i, path] of paths.entries()) {
      const run = await runPath({ sandbox, path, hooks, meter: costMeter, emails, n: 900_000 + i });
      costs.push(costOf(run, coldInitMs));
    }
    details.cost = { memoryMb: 512, architecture: 'arm64', prices: PRICES, paths: costs };
    const usd = (v: number) => `$${round(v, 3)}`;
    for (const c of costs) {
      const p = c.perThousand;
      const r = c.run;
      const deliveries = r.invocations.filter((i) => i.fn === 'sendMessages').length;
      rows.push({
        section: '6 Cost / 1,000',
        figure: c.path,
        value: `${usd(p.total)} (all cold: ${usd(c.perThousandAllCold)})`,
        reference: `SFN ${usd(p.stepFunctions)} (${r.states.length} transitions), λ ${usd(p.lambda)} (${r.invocations.length} calls, ${deliveries} of them the sender's, for ${r.messages} messages), DDB ${usd(p.dynamodb)} (${round(c.billedWriteUnits, 1)} WRU billed: ${round(r.writeUnits, 1)} reported [${Object.entries(
          r.writeUnitsBy,
        )
          .map(([k, v]) => `${k.replace('ItemCommand', '').replace('ItemsCommand', '')} ${round(v, 1)}`)
          .join(
            ', ',
          )}] + ${round(c.billedWriteUnits - r.writeUnits, 1)} to bring ${r.transactItems} transaction items to 2 WRU; ${round(r.readUnits, 1)} RRU), API ${usd(p.api)}; messages: SES ${usd(p.ses)} (${r.emails} emails), SMS ${usd(p.sms)} (${r.texts} texts, ${r.textSegments} segments)`,
        target: c.path.startsWith('happy') ? '≤ $0.50' : '-',
        verdict: c.path.startsWith('happy') ? verdict(p.total <= 0.5) : 'info',
      });
    }
    // Why the happy path's messages cost what they do: the confirmation, one invite per wave member,
    // the details to the volunteer who said yes, the good news to the requester, and "someone else has
    // said yes" to the rest of the wave; by email, or by text for those who prefer texts.
    const happy = costs[0];
    if (happy) {
      const p = happy.perThousand;
      const r = happy.run;
      const required = 2 * settings.waveSize + 2;
      rows.push({
        section: '6 Cost / 1,000',
        figure: 'happy path: messages (beside the target, not in it)',
        value: usd(p.ses + p.sms),
        reference: `${r.messages} outbox messages delivered (${required} the product promises: 1 confirmation + ${settings.waveSize} invites + 1 details + 1 good news + ${settings.waveSize - 1} "someone else said yes"); SES ${r.emails} × $${PRICES.sesMessage.usd * 1000}/1,000 = ${usd(p.ses)}; SMS ${r.textSegments} segments × $${PRICES.smsSegmentUk.usd} = ${usd(p.sms)}; all ${required} by text (1 segment each): ${usd(required * PRICES.smsSegmentUk.usd * 1000)}`,
        target: '-',
        verdict: 'info',
      });
      const lines = [
        ['Step Functions', p.stepFunctions],
        ['Lambda', p.lambda],
        ['DynamoDB', p.dynamodb],
        ['API Gateway', p.api],
      ] as const;
      const dominant = [...lines].sort((a, b) => b[1] - a[1])[0];
      rows.push({
        section: '6 Cost / 1,000',
        figure: 'happy path: variable cost other than messages',
        value: usd(p.nonMessage),
        reference: `${lines.map(([name, v]) => `${name} ${usd(v)}`).join(', ')}; largest: ${dominant?.[0]} (${round(((dominant?.[1] ?? 0) / p.nonMessage) * 100, 0)}%); before the outbox $0.249 ($0.20 of it Step Functions, 8 transitions)`,
        target: '≤ $0.15',
        verdict: verdict(p.nonMessage <= 0.15),
      });
    }
    // Step Functions bills each state entered; the counts come from the executions' StateEntered events.
    const transitions = costs.map((c) => c.run.states.length);
    rows.push({
      section: '6 Cost / 1,000',
      figure: 'Step Functions transitions: wave 1 / wave 2 / escalation',
      value: transitions.join(' / '),
      reference: `SFN ${costs.map((c) => `$${round(c.perThousand.stepFunctions, 3)}`).join(' / ')} per 1,000; ${TRANSITIONS_BEFORE_WAVE_STEP.join(' / ')} with a Task each to acknowledge, find, invite and check`,
      target: `≤ ${TRANSITION_TARGETS.join(' / ')}`,
      verdict: verdict(transitions.every((n, i) => n <= (TRANSITION_TARGETS[i] ?? 0))),
    });
    step('Fixed monthly cost: counting resources in the synthesized templates…');
    const fixed = fixedMonthlyCost(sandbox.settings);
    details.fixedMonthly = { ...fixed, prices: FIXED_MONTHLY_PRICES };
    for (const line of fixed.lines)
      rows.push({
        section: '7 Fixed / month',
        figure: line.item,
        value: `$${round(line.monthlyUsd, 2)}`,
        reference: `${line.quantity} × $${line.unitUsd} (${line.counted})`,
        target: '-',
        verdict: 'info',
      });
    rows.push({
      section: '7 Fixed / month',
      figure: 'one practice, before any request',
      value: `$${round(fixed.monthlyUsd, 2)}`,
      reference:
        'usage (WAF $0.60 per million requests, KMS calls, texts) is in the per-1,000 figures or beside them; prices and sources in bench/prices.ts',
      target: '-',
      verdict: 'info',
    });
  }

  // 5: throughput ------------------------------------------------------------------------------
  // The workflows the latency and cost sections started still run in the sandbox; let them finish (up
  // to a minute) so that the load is not measured against their DynamoDB traffic.
  if (want('throughput')) {
    step('Waiting for the workflows started so far to finish…');
    await Promise.race([sandbox.idle(), new Promise((resolve) => setTimeout(resolve, 60_000))]);
  }
  if (want('throughput')) {
    step(`Throughput: autocannon for ${LOAD_SECONDS} s against the sandbox…`);
    setRuntimeForTests(undefined);
    await ensureLocalTable(admin, 'bench-capacity', declaration);
    const capacity = await measureDynamoDbCapacity({
      endpoint,
      tableName: 'bench-capacity',
      seconds: QUICK ? 3 : 5,
      connections: 16,
    });
    details.dynamoDbCapacity = capacity;
    const throughput = await measureThroughput({
      sandbox,
      tableName: LOCAL_TABLE_NAME,
      seconds: LOAD_SECONDS,
      connections: 16,
      catchUpLimitSeconds: QUICK ? 30 : 120,
    });
    details.throughput = throughput;
    const errors = throughput.load.errors + throughput.load.timeouts + throughput.load.non2xx;
    rows.push(
      {
        section: '5 Throughput',
        figure: `sandbox POST /requests, ${LOAD_SECONDS} s, 16 connections`,
        value: `${round(throughput.load.requestsPerSecond, 0)} req/s`,
        reference: `${throughput.load.total} requests; latency p50 ${throughput.load.latencyP50} ms, p99 ${throughput.load.latencyP99} ms; DynamoDB Local alone took ${round(capacity.putsPerSecond, 0)} PutItems/s (16 writers, same run)`,
        target: '≥ 200 req/s',
        verdict: verdict(throughput.load.requestsPerSecond >= 200),
      },
      {
        section: '5 Throughput',
        figure: 'errors (socket, timeout, non-2xx)',
        value: String(errors),
        reference: `${throughput.load.status2xx} answered 2xx`,
        target: '0',
        verdict: verdict(errors === 0),
      },
      {
        section: '5 Throughput',
        figure: 'stored requests without a workflow (lost)',
        value: String(throughput.lost),
        reference: `${throughput.stored} stored, ${throughput.withWorkflow} with an execution after ${round(throughput.catchUpSeconds, 0)} s (${throughput.finished} of them finished by then)`,
        target: '0',
        verdict: verdict(throughput.lost === 0),
      },
    );
  }
} finally {
  await stopAll();
}

if (ONLY) notes.push(`Only these sections were measured (--only): ${ONLY.join(', ')}.`);
if (QUICK)
  notes.push(
    `Quick mode (--quick): ${COLD_RUNS} cold runs, ${LATENCY_REQUESTS} latency requests, ${VOLUNTEERS} volunteers, ${LOAD_SECONDS} s of load. The figures' sample sizes are below the issue's; run without --quick for those.`,
  );
notes.push(
  'Each figure is measured beside its reference in the same run; the machine is shared, so compare ratios rather than absolute times.',
  'Bundles are built with BUNDLING from infra/constructs/lambda.ts, the options the stack deploys with. Cold init: a fresh `node` process importing the bundle, median of interleaved runs, Node ' +
    process.versions.node +
    ' (Lambda runs Node 22 on arm64).',
  'Cost: Lambda durations are measured here (x86, DynamoDB Local), billed per ms at 512 MB arm64; DynamoDB units are what DynamoDB Local reported (ReturnConsumedCapacity) for every call on the path, with every item of a TransactWriteItems raised to 2 WRU where Local reported less; prices and their sources are in bench/prices.ts and the JSON. "All cold" adds each function\'s measured import time to every invocation (Lambda bills the init phase).',
  "Cost, the outbox: each message's delivery is timed from its claim to its finish on the table, and deliveries that overlap (the sandbox hands the sender up to 10 records at once, as the deployed trigger does) count as one invocation lasting their union; the stream pollers are not billed (Lambda reads DynamoDB Streams for its triggers free, and filtered-out records are not invocations). Texts go only to people who prefer them (the demo roster has some); the SMS price per segment is a planning figure, not verified (bench/prices.ts).",
);
if (want('invite'))
  notes.push(
    `Time to first invite: a sandbox of its own (a separate process) at time scale ${FIRST_INVITE_TIME_SCALE}, the demo roster, ${FIRST_INVITE_REQUESTS} requests one at a time (after one warm-up), both outboxes cleared before each and polled every 10 ms. The delay includes the sandbox's stream pollers' idle intervals (sandbox/sandbox.ts: 250 ms for start-matching, 50 ms for the sender), which stand in for Lambda's event source mappings; response windows are set to a day so no later wave of an earlier request lands in a measurement.`,
  );
const report: BenchReport = {
  generatedAt: new Date().toISOString(),
  machine: {
    node: process.versions.node,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    platform: `${process.platform}-${process.arch}`,
    loadAverage: loadavg(),
  },
  durationSeconds: Math.round((performance.now() - started) / 1000),
  rows,
  details,
  notes,
};
// A partial run (--only) never replaces the full table: it is written beside it, named by its sections.
const resultName = ONLY ? `only-${ONLY.join('-')}` : 'latest';
await writeReport(report, `bench/results/${resultName}.json`, `bench/results/${resultName}.md`);
console.log(
  `\n${toText(report)}\n\nWritten to bench/results/${resultName}.json and .md (${report.durationSeconds} s).`,
);
process.exit(scanFailure ? 1 : 0);
