/**
 * Imports the volunteer roster from a CSV file into the table:
 *   npx tsx scripts/import-volunteers.ts roster.csv [--table NAME] [--endpoint URL] [--region REGION] [--dry-run]
 * Output carries counts only; the one exception is an error about a bad value, which the operator needs to see to fix it.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { importRoster, ROSTER_COLUMNS } from '../shared/domain/roster-csv.js';
import type { VolunteerStore } from '../shared/domain/ports.js';
import { createDynamoStore } from '../shared/store/dynamo.js';
import { createIds } from '../shared/util/ids.js';

const USAGE = `Usage: npx tsx scripts/import-volunteers.ts <file.csv> [--table NAME] [--endpoint URL] [--region REGION] [--dry-run]

The file needs a header line with the columns ${ROSTER_COLUMNS.join(', ')}.
Lists (areas, help_types) are separated by ";". Nothing is imported unless every row is valid.

  --table     DynamoDB table (default: $TABLE_NAME, else community-kindness-local)
  --endpoint  DynamoDB endpoint, e.g. http://localhost:8000 for the sandbox (default: $DYNAMODB_ENDPOINT)
  --region    AWS region (default: $AWS_REGION, else eu-west-2)
  --dry-run   check the file and report what would change, without writing`;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        table: { type: 'string' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) {
    console.error(USAGE);
    return 2;
  }

  const tableName = values.table ?? (process.env.TABLE_NAME || 'community-kindness-local');
  const endpoint = values.endpoint ?? (process.env.DYNAMODB_ENDPOINT || undefined);
  const region = values.region ?? (process.env.AWS_REGION || 'eu-west-2');
  const dryRun = values['dry-run'];

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    console.error(
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
    return 1;
  }

  const dynamo = createDynamoStore({ tableName, ...(endpoint ? { endpoint } : {}), region });
  // A dry run still reads the table: telling "new" from "update" needs the existing emails.
  const store: Pick<VolunteerStore, 'findVolunteerByEmail' | 'putVolunteers'> = dryRun
    ? { findVolunteerByEmail: (email) => dynamo.findVolunteerByEmail(email), putVolunteers: async () => {} }
    : dynamo;

  const where = `table ${tableName}${endpoint ? ` at ${endpoint}` : ''} (${region})`;
  let summary;
  try {
    summary = await importRoster(text, { store, ids: createIds(), clock: { now: () => new Date() } });
  } catch (error) {
    // Only the message: the SDK error object carries the request, which would print volunteers' details.
    console.error(`Import failed, nothing was written to ${where}: ${(error as Error).message}`);
    return 1;
  }

  if (summary.errors.length > 0) {
    console.error(`${file}: ${plural(summary.errors.length, 'problem')} found; nothing was imported.`);
    for (const message of summary.errors) console.error(message);
    return 1;
  }

  const total = summary.created + summary.updated;
  if (dryRun) {
    console.log(
      `Dry run: ${file} is valid. Would import ${plural(total, 'volunteer')} into ${where}: ` +
        `${summary.created} new, ${summary.updated} updated. Nothing was written.`,
    );
  } else {
    console.log(
      `Imported ${plural(total, 'volunteer')} into ${where}: ${summary.created} new, ${summary.updated} updated.`,
    );
  }
  return 0;
}

process.exitCode = await main();
