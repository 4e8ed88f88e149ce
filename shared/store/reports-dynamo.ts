import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  REPORT_FACT_FIELDS,
  type RecordedFacts,
  type ReportFacts,
  type ReportStore,
} from '../domain/ports.js';
import { addDaysToDate } from '../vocabulary/time.js';
import { batchGetItems } from './batch.js';
import { isConditionFailure } from './conditions.js';
import { keys, TABLE_KEYS } from './table.js';

/**
 * The reports' record in the single table: REPORT#day/DAY holds `requests`, a map from each request id
 * made that day to its facts, and a TTL no earlier than its latest request's. One entry per request
 * makes every write idempotent (the stream may deliver a change twice, or out of step with another
 * request's): an entry is set to what the request holds now, never counted up or down.
 */
const ENTRIES = 'requests';

/** The facts after the id, in this order: one short string per request keeps a day's item small. */
const ENTRY_FIELDS = REPORT_FACT_FIELDS.filter((field) => field !== 'id');

/**
 * Updates per write: each entry adds a path and two placeholders to the expression, well within
 * DynamoDB's limits at this size.
 */
const ENTRIES_PER_UPDATE = 50;

type Item = Record<string, unknown>;

function encode(facts: ReportFacts): string {
  return JSON.stringify(ENTRY_FIELDS.map((field) => facts[field] ?? null));
}

function decode(id: string, entry: string): ReportFacts {
  const values = JSON.parse(entry) as (string | null)[];
  const facts: Record<string, unknown> = { id };
  ENTRY_FIELDS.forEach((field, i) => {
    if (values[i] !== null && values[i] !== undefined) facts[field] = values[i];
  });
  return facts as unknown as ReportFacts;
}

/** The day a request counts in: reports run midnight to midnight UTC, like their periods. */
const dayOf = (facts: ReportFacts) => facts.createdAt.slice(0, 10);

function groupByDay(facts: readonly RecordedFacts[]): Map<string, RecordedFacts[]> {
  const days = new Map<string, RecordedFacts[]>();
  for (const one of facts) days.set(dayOf(one), [...(days.get(dayOf(one)) ?? []), one]);
  return days;
}

export function createReportStore(db: DynamoDBDocumentClient, TableName: string): ReportStore {
  const ttlName = TABLE_KEYS.ttlAttribute;

  /** Sets entries on an existing day; raises its TTL only if that makes it later (never lowers it). */
  async function setEntries(day: string, changed: readonly RecordedFacts[], ttl: number | undefined) {
    for (let i = 0; i < changed.length; i += ENTRIES_PER_UPDATE) {
      const part = changed.slice(i, i + ENTRIES_PER_UPDATE);
      const names: Record<string, string> = { '#r': ENTRIES };
      const values: Record<string, unknown> = {};
      const sets = part.map((facts, n) => {
        names[`#i${n}`] = facts.id;
        values[`:e${n}`] = encode(facts);
        return `#r.#i${n} = :e${n}`;
      });
      const update = async (withTtl: boolean) =>
        db.send(
          new UpdateCommand({
            TableName,
            Key: keys.reportDay(day),
            UpdateExpression: `SET ${[...sets, ...(withTtl ? ['#ttl = :ttl'] : [])].join(', ')}`,
            ConditionExpression: withTtl
              ? 'attribute_exists(pk) AND (attribute_not_exists(#ttl) OR #ttl < :ttl)'
              : 'attribute_exists(pk)',
            ExpressionAttributeNames: { ...names, ...(withTtl ? { '#ttl': ttlName } : {}) },
            ExpressionAttributeValues: { ...values, ...(withTtl ? { ':ttl': ttl } : {}) },
          }),
        );
      if (ttl === undefined) {
        await update(false);
        continue;
      }
      try {
        await update(true);
      } catch (error) {
        // Another write made the day's TTL later meanwhile: keep it, set the entries alone.
        if (!isConditionFailure(error)) throw error;
        await update(false);
      }
    }
  }

  async function recordDay(day: string, facts: readonly RecordedFacts[]): Promise<void> {
    // What the day holds now for these requests, read consistently so an unchanged entry is not rewritten.
    const names: Record<string, string> = { '#r': ENTRIES, '#ttl': ttlName };
    facts.forEach((one, n) => (names[`#i${n}`] = one.id));
    const out = await db.send(
      new GetCommand({
        TableName,
        Key: keys.reportDay(day),
        ProjectionExpression: ['pk', '#ttl', ...facts.map((_, n) => `#r.#i${n}`)].join(', '),
        ExpressionAttributeNames: names,
        ConsistentRead: true,
      }),
    );
    const held = (out.Item?.[ENTRIES] ?? {}) as Record<string, string>;
    const heldTtl = out.Item?.[ttlName] as number | undefined;
    const changed = facts.filter((one) => held[one.id] !== encode(one));
    const latest = Math.max(0, ...facts.map((one) => one.expiresAt ?? 0));
    const ttl = latest > (heldTtl ?? 0) ? latest : undefined;
    if (changed.length === 0 && ttl === undefined) return;
    if (!out.Item) {
      try {
        await db.send(
          new PutCommand({
            TableName,
            Item: {
              ...keys.reportDay(day),
              [ENTRIES]: Object.fromEntries(changed.map((one) => [one.id, encode(one)])),
              ...(ttl === undefined ? {} : { [ttlName]: ttl }),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return;
      } catch (error) {
        // The day's first write raced another: it exists now, so the entries are set on it instead.
        if (!isConditionFailure(error)) throw error;
      }
    }
    await setEntries(day, changed, ttl);
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

    async listReportFacts(from, to) {
      const days: Item[] = [];
      for (let day = from; day <= to; day = addDaysToDate(day, 1)) days.push(keys.reportDay(day));
      const items = await batchGetItems(
        db,
        TableName,
        days,
        { ProjectionExpression: '#r', ExpressionAttributeNames: { '#r': ENTRIES } },
        'report read',
      );
      return items.flatMap((item) =>
        Object.entries((item[ENTRIES] ?? {}) as Record<string, string>).map(([id, entry]) =>
          decode(id, entry),
        ),
      );
    },
  };
}
