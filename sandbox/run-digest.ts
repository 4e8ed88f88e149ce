import { FUNCTIONS } from '../infra/catalogue.js';
import { settingsToEnvironment } from '../shared/config.js';
import { invoke } from './lambda-runtime.js';
import { LOCAL_TABLE_NAME } from './sandbox.js';
import { deploySettings, LOCAL_REGION } from './synthesized.js';

/**
 * `npm run digest`: runs the daily digest now against a running sandbox (its table and outbox), through
 * the same function module the schedule invokes. Reads the same port settings as `npm start`.
 */
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

Object.assign(process.env, {
  ...settingsToEnvironment(deploySettings()),
  TABLE_NAME: LOCAL_TABLE_NAME,
  PUBLIC_BASE_URL: `http://localhost:${port('PORT', 3000)}`,
  DYNAMODB_ENDPOINT: `http://localhost:${port('DYNAMODB_PORT', 8000)}`,
  SES_ENDPOINT: `http://localhost:${port('OUTBOX_PORT', 8005)}`,
  AWS_REGION: LOCAL_REGION,
  AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
  AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
});
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

try {
  const result = await invoke(FUNCTIONS.dailyDigest.entry, {});
  console.log(
    `Daily digest sent (see the outbox at http://localhost:${port('OUTBOX_PORT', 8005)}/):`,
    result,
  );
} catch (error) {
  console.error(
    `The digest could not run (is the sandbox running?): ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
