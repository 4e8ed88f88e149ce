import { ADMINS_GROUP } from '../shared/auth/claims.js';
import { otpauthUri } from '../shared/auth/totp.js';
import type { LocalAccount } from './auth.js';
import { parseFaultShares, refuseShare } from './fault-proxy.js';
import { PortInUseError } from './services.js';
import { startSandbox } from './sandbox.js';

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`${name} must be a positive whole number (got "${raw}")`);
    process.exit(2);
  }
  return value;
}

/**
 * How to sign in as a demo prescriber. Two-step sign-in is required, as in AWS: the authenticator key
 * (the same on every start) goes into an app once, or `npm run totp` prints the current code.
 */
function prescriberLines(account: LocalAccount, schemeName: string, first: boolean): string {
  const key = account.totpSecret ?? '';
  const password =
    first && process.env.SANDBOX_PRESCRIBER_PASSWORD
      ? ' (from SANDBOX_PRESCRIBER_PASSWORD)'
      : first
        ? ' (new each start; set SANDBOX_PRESCRIBER_PASSWORD to keep one)'
        : ' (new each start)';
  const role = account.groups.includes(ADMINS_GROUP) ? ', an admin: manages the team at /admin/team' : '';
  return `  ${account.name ?? 'Prescriber'}${role}
    sign in as        ${account.email}
    password          ${account.password}${password}
    authenticator key ${key.replace(/(.{4})(?=.)/g, '$1 ')} (time based; the same on every start)
      as a link       ${otpauthUri({ secret: key, account: account.email, issuer: schemeName })}
    no app? the code  npm run totp -- ${account.email}`;
}

const fresh = process.argv.includes('--fresh') || process.env.SANDBOX_FRESH === '1';
const timeScale = intFromEnv('SANDBOX_TIME_SCALE', 60);
let faultShares;
try {
  faultShares = parseFaultShares(process.env.SANDBOX_FAULTS);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
// Quieter by default: the handlers' JSON logs (ids only) are there with POWERTOOLS_LOG_LEVEL=INFO.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
// CloudWatch metric lines (EMF) mean nothing locally; POWERTOOLS_METRICS_DISABLED=false shows them.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

try {
  const sandbox = await startSandbox({
    port: intFromEnv('PORT', 3000),
    outboxPort: intFromEnv('OUTBOX_PORT', 8005),
    smsOutboxPort: intFromEnv('SMS_OUTBOX_PORT', 8006),
    dynamoDbPort: intFromEnv('DYNAMODB_PORT', 8000),
    dataDir: process.env.SANDBOX_DATA_DIR ?? '.sandbox-data/dynamodb',
    fresh,
    timeScale,
    volunteersCsv: process.env.SANDBOX_VOLUNTEERS || undefined,
    // SANDBOX_FAULTS=ses=0.3,sms=0.3: AWS's own throttling answers for that share of sends.
    faults: { sendEmail: refuseShare(faultShares.ses), sendText: refuseShare(faultShares.sms) },
    prescriberPassword: process.env.SANDBOX_PRESCRIBER_PASSWORD || undefined,
    // EventBridge Scheduler's stand-in: the daily digest a minute after start, then every day.
    digest: {
      firstDelayMs: intFromEnv('SANDBOX_DIGEST_DELAY_SECONDS', 60) * 1000,
      everyMs: intFromEnv('SANDBOX_DIGEST_EVERY_SECONDS', 86_400) * 1000,
    },
    log: (line) => console.log(`[sandbox] ${line}`),
  });
  const windowMinutes = (seconds: number) => (seconds / timeScale / 60).toFixed(1);
  console.log(`
${sandbox.settings.schemeName} sandbox is running.

  Request form        ${sandbox.url}/
  Outbox (emails)     ${sandbox.outboxUrl}/        JSON: ${sandbox.outboxUrl}/store
  Outbox (texts)      ${sandbox.smsOutboxUrl}/        JSON: ${sandbox.smsOutboxUrl}/store
    simulate a reply  curl -X POST ${sandbox.smsOutboxUrl}/inbound -H 'content-type: application/json' -d '{"from": "+447700900104", "body": "YES"}'
  DynamoDB Local      ${sandbox.dynamoDbEndpoint}
  Dashboard           ${sandbox.url}/admin
  Two prescribers share the queue ("I'll handle this" on a request; filter mine / nobody's / everyone's):
${sandbox.auth.accounts.map((account, i) => prescriberLines(account, sandbox.settings.schemeName, i === 0)).join('\n')}

Time runs ${timeScale}× faster for the workflow's waits: a volunteer has ${windowMinutes(
    sandbox.settings.responseWindowSeconds,
  )} min to answer (${windowMinutes(sandbox.settings.urgentResponseWindowSeconds)} min if urgent),
then the next wave is invited; after ${sandbox.settings.maxWaves} waves the prescriber (${sandbox.settings.prescriberEmail}) is emailed.
The prescriber's daily digest runs ${intFromEnv('SANDBOX_DIGEST_DELAY_SECONDS', 60)} s after start, then every day; \`npm run digest\` runs it now.
${
  faultShares.ses > 0 || faultShares.sms > 0
    ? `Faults: the email outbox refuses ${faultShares.ses * 100}% and the text outbox ${faultShares.sms * 100}% of sends (SANDBOX_FAULTS).\n`
    : ''
}Try: a request for "Something else" at a Zeals postcode (BA12 6) – nobody offers it there, so it escalates at once.
Data is kept in .sandbox-data/ between runs; start with --fresh to wipe it. Ctrl-C stops everything.
`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\n[sandbox] Stopping…');
    await sandbox.stop();
    console.log('[sandbox] Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
} catch (error) {
  if (error instanceof PortInUseError) console.error(error.message);
  else
    console.error(`The sandbox could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
