import { setTimeout as sleep } from 'node:timers/promises';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from './dynamo.js';
import type { RequestStatus } from '../domain/model.js';
import {
  REPORT_FACT_FIELDS,
  type RecordedFacts,
  type ReportFacts,
  type ReportStore,
} from '../domain/ports.js';
import { addDaysToDate } from '../vocabulary/time.js';
import { batchGetItems } from './batch.js';
import { queryByStatusKey } from './by-status.js';
import { isConditionFailure } from './conditions.js';
import { keys, TABLE_KEYS } from './table.js';

/**
 * The reports' record in the single table: REPORT#day/DAY holds `requests`, one string with a line per
 * request made that day (its id and facts), a `version` and a TTL no earlier than its latest request's.
 * One string, not a map of entries: a month's report then reads 31 attributes rather than thousands,
 * which is most of its cost. Each write sets a request's line to what the request holds now, never
 * counts up or down, so a change delivered twice or out of step with another is still counted once;
 * the version makes two writers on one day take turns instead of one undoing the other.
 */
const ENTRIES = 'requests';
const VERSION = 'version';

/** Tries at one day before the stream is left to retry the batch: each loses only to a newer write. */
const ATTEMPTS = 8;

type Item = Record<string, unknown>;

/** Every status a request can be in: a Record, so a status added to the model must be added here. */
const EVERY_STATUS: Record<RequestStatus, true> = {
  received: true,
  matching: true,
  assigned: true,
  escalated: true,
  cancelled: true,
  closed: true,
  'on-hold': true,
};

/** Separators inside a value are escaped, so any value reads back exactly as written. */
const escapeValue = (value: string) => value.replace(/[%|\n]/g, (c) => encodeURIComponent(c));
const unescapeValue = (value: string) => (value.includes('%') ? decodeURIComponent(value) : value);

/** The day a request counts in: reports run midnight to midnight UTC, like their periods. */
const dayOf = (facts: ReportFacts) => facts.createdAt.slice(0, 10);

/**
 * Times are kept as milliseconds in base 36: when it was made from the start of its day, when it was
 * arranged or escalated from when it was made. A line is then about 100 characters, not 160, and a
 * month's report reads about a third less.
 */
const dayStart = (day: string) => Date.parse(`${day}T00:00:00.000Z`);
const offset = (from: number, iso: string | undefined) => {
  const at = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isFinite(at) ? (at - from).toString(36) : '';
};
const timeAt = (from: number, value: string | undefined) =>
  value ? new Date(from + parseInt(value, 36)).toISOString() : undefined;

/** id|helpType|made|enteredBy|arranged|volunteer|escalated|outcome */
function encode(facts: ReportFacts): string {
  const made = Date.parse(facts.createdAt);
  return [
    facts.id,
    facts.helpType,
    offset(dayStart(dayOf(facts)), facts.createdAt),
    facts.enteredBy,
    offset(made, facts.assignedAt),
    facts.assignedVolunteerId ?? '',
    offset(made, facts.escalatedAt),
    facts.outcome ?? '',
  ]
    .map(escapeValue)
    .join('|');
}

function decode(day: string, line: string): ReportFacts {
  const [id = '', helpType, made, enteredBy, arranged, volunteer, escalated, outcome] = line
    .split('|')
    .map(unescapeValue);
  const createdAt = timeAt(dayStart(day), made) ?? `${day}T00:00:00.000Z`;
  const facts = { id, helpType, createdAt, enteredBy } as ReportFacts;
  const assignedAt = timeAt(Date.parse(createdAt), arranged);
  const escalatedAt = timeAt(Date.parse(createdAt), escalated);
  if (assignedAt) facts.assignedAt = assignedAt;
  if (volunteer) facts.assignedVolunteerId = volunteer;
  if (escalatedAt) facts.escalatedAt = escalatedAt;
  if (outcome) facts.outcome = outcome as ReportFacts['outcome'];
  return facts;
}

/** A day's lines by request id, in the order written. */
function linesOf(entries: unknown): Map<string, string> {
  const lines = new Map<string, string>();
  if (typeof entries !== 'string' || entries === '') return lines;
  for (const line of entries.split('\n')) lines.set(unescapeValue(line.slice(0, line.indexOf('|'))), line);
  return lines;
}

function groupByDay(facts: readonly RecordedFacts[]): Map<string, RecordedFacts[]> {
  const days = new Map<string, RecordedFacts[]>();
  for (const one of facts) days.set(dayOf(one), [...(days.get(dayOf(one)) ?? []), one]);
  return days;
}

export function createReportStore(db: DynamoDBDocumentClient, TableName: string): ReportStore {
  const ttlName = TABLE_KEYS.ttlAttribute;

  async function recordDay(day: string, facts: readonly RecordedFacts[]): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (attempt > 0) await sleep(Math.min(500, 10 * 2 ** attempt * (0.5 + Math.random())));
      // Read consistently: the version written back must be the one these lines were read at.
      const out = await db.send(
        new GetCommand({ TableName, Key: keys.reportDay(day), ConsistentRead: true }),
      );
      const lines = linesOf(out.Item?.[ENTRIES]);
      let changed = false;
      for (const one of facts) {
        const line = encode(one);
        if (lines.get(one.id) === line) continue;
        lines.set(one.id, line);
        changed = true;
      }
      const heldTtl = (out.Item?.[ttlName] as number | undefined) ?? 0;
      const ttl = Math.max(heldTtl, ...facts.map((one) => one.expiresAt ?? 0));
      if (!changed && ttl === heldTtl) return;
      const version = (out.Item?.[VERSION] as number | undefined) ?? 0;
      try {
        await db.send(
          new PutCommand({
            TableName,
            Item: {
              ...keys.reportDay(day),
              [ENTRIES]: [...lines.values()].join('\n'),
              [VERSION]: version + 1,
              ...(ttl > 0 ? { [ttlName]: ttl } : {}),
            },
            ...(out.Item
              ? {
                  ConditionExpression: '#version = :version',
                  ExpressionAttributeNames: { '#version': VERSION },
                  ExpressionAttributeValues: { ':version': version },
                }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          }),
        );
        return;
      } catch (error) {
        // Another write to this day landed first: read it again and add these lines to what it wrote.
        if (!isConditionFailure(error)) throw error;
      }
    }
    throw new Error(`the reports' record of ${day} kept changing under this write`);
  }

  return {
    async getReportFacts(requestIds) {
      const fields = [...REPORT_FACT_FIELDS, 'expiresAt'];
      const items = await batchGetItems(
        db,
        TableName,
        [...new Set(requestIds)].map(keys.request),
        {
          ProjectionExpression: fields.map((_, i) => `#f${i}`).join(', '),
          ExpressionAttributeNames: Object.fromEntries(fields.map((field, i) => [`#f${i}`, field])),
          ConsistentRead: true,
        },
        'request facts read',
      );
      return items as unknown as RecordedFacts[];
    },

    async recordReportFacts(facts) {
      // One entry per request: a request named twice in a batch is recorded as last read.
      const latest = [...new Map(facts.map((one) => [one.id, one])).values()];
      await Promise.all([...groupByDay(latest)].map(([day, ofDay]) => recordDay(day, ofDay)));
    },

    async listRequestIdsMade(from, to) {
      const lists = await Promise.all(
        (Object.keys(EVERY_STATUS) as RequestStatus[]).map((status) =>
          queryByStatusKey(db, TableName, `STATUS#${status}`, {
            createdAtFrom: `${from}T00:00:00.000Z`,
            createdAtOnOrBefore: `${to}T23:59:59.999Z`,
            attributes: ['pk'],
          }),
        ),
      );
      return lists.flat().map((item) => String(item.pk).slice('REQ#'.length));
    },

    async listReportFacts(from, to) {
      const days: Item[] = [];
      for (let day = from; day <= to; day = addDaysToDate(day, 1)) days.push(keys.reportDay(day));
      const items = await batchGetItems(
        db,
        TableName,
        days,
        { ProjectionExpression: 'pk, #r', ExpressionAttributeNames: { '#r': ENTRIES } },
        'report read',
      );
      return items.flatMap((item) => {
        const day = String(item.pk).slice('REPORT#'.length);
        return [...linesOf(item[ENTRIES]).values()].map((line) => decode(day, line));
      });
    },
  };
}

/** The reports' record on its own table client, as the two functions that use it build it. */
export function createDynamoReportStore(options: {
  tableName: string;
  endpoint?: string;
  region?: string;
  client?: DynamoDBDocumentClient;
}): ReportStore {
  return createReportStore(options.client ?? createDocumentClient(options), options.tableName);
}
