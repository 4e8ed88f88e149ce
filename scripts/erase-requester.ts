import { parseArgs } from 'node:util';
import { eraseRequester } from '../shared/domain/erasure.js';
import { createDynamoStore } from '../shared/store/dynamo.js';
import { REFERENCE_PATTERN } from '../shared/util/ids.js';

const USAGE = `Erases one requester's personal data, keeping an anonymised audit trail.

  npx tsx scripts/erase-requester.ts GCK-7F3K2 --by <your name or staff id> [--table NAME] [--endpoint URL] [--region REGION]

The table defaults to TABLE_NAME (else community-kindness-local, the sandbox's), the endpoint to
DYNAMODB_ENDPOINT (the sandbox: http://localhost:8000); without an endpoint it uses your AWS credentials.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    by: { type: 'string' },
    table: { type: 'string' },
    endpoint: { type: 'string' },
    region: { type: 'string' },
    help: { type: 'boolean' },
  },
});

const reference = positionals[0]?.trim().toUpperCase();
if (values.help || !reference || !values.by) {
  console.error(USAGE);
  process.exit(2);
}
if (!REFERENCE_PATTERN.test(reference)) {
  console.error(`"${reference}" is not a reference like GCK-7F3K2.`);
  process.exit(2);
}

const store = createDynamoStore({
  tableName: values.table ?? process.env.TABLE_NAME ?? 'community-kindness-local',
  endpoint: values.endpoint ?? process.env.DYNAMODB_ENDPOINT,
  region: values.region ?? process.env.AWS_REGION ?? 'eu-west-2',
});
const result = await eraseRequester(reference, `operator:${values.by}`, {
  store,
  clock: { now: () => new Date() },
  log: { info: () => undefined, warn: () => undefined, error: () => undefined },
});
if (result.kind === 'not-found') {
  console.error(`No request with reference ${reference}: nothing to erase (it may have expired already).`);
  process.exit(1);
}
console.log(
  `Erased ${reference} (request ${result.requestId}${result.requestIds.length > 1 ? ` and ${result.requestIds.length - 1} other visits of its regular help` : ''}). The audit trail keeps ids and times only.`,
);
