/**
 * Records again, for the reports, every request made in a period, as it is now:
 *   npx tsx scripts/rebuild-reports.ts --from 2026-11-01 --to 2026-11-30 [--table NAME] [--endpoint URL] [--region REGION]
 * For when the reports' stream consumer's dead-letter queue alarmed (its messages name stream positions,
 * not requests), or for a table that held requests before the reports kept their own record. Safe to
 * run again: each request's facts are set, never added. Reads ids and report facts only.
 */
import { rebuildReportRecord } from '../shared/domain/admin/reports.js';
import { createDynamoReportStore } from '../shared/store/reports-dynamo.js';
import { addDaysToDate, isCalendarDate } from '../shared/vocabulary/time.js';
import { runCli, UsageError } from './cli.js';

const USAGE = `Usage: npx tsx scripts/rebuild-reports.ts --from YYYY-MM-DD --to YYYY-MM-DD [--table NAME] [--endpoint URL] [--region REGION]

  --from, --to  the days whose requests are recorded again (UTC days, both included; a year at most)
  --table       the stack's TableName output (default: $TABLE_NAME, else the sandbox's table)
  --endpoint    DynamoDB endpoint (default: $DYNAMODB_ENDPOINT; the sandbox's is http://localhost:8000)
  --region      AWS region (default: $AWS_REGION, else eu-west-2)`;

await runCli(
  {
    usage: USAGE,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      table: { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
    },
    failure: 'Could not rebuild the reports',
  },
  async ({ values }) => {
    const { from, to } = values;
    if (!from || !to || !isCalendarDate(from) || !isCalendarDate(to))
      throw new UsageError('--from and --to need real dates, like 2026-11-01');
    if (from > to || to > addDaysToDate(from, 366))
      throw new UsageError('--from must come first, at most a year before --to');
    const store = createDynamoReportStore({
      tableName: values.table ?? process.env.TABLE_NAME ?? 'community-kindness-local',
      endpoint: values.endpoint ?? process.env.DYNAMODB_ENDPOINT,
      region: values.region ?? process.env.AWS_REGION ?? 'eu-west-2',
    });
    const recorded = await rebuildReportRecord(from, to, { store });
    console.log(`Recorded ${recorded} request${recorded === 1 ? '' : 's'} made from ${from} to ${to}.`);
    return 0;
  },
);
