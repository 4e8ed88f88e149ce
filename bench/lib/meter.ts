import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Capacity = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };

const READS = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);
const METERED = new Set([
  ...READS,
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

export class ScanForbiddenError extends Error {
  override name = 'ScanForbiddenError';
}

/** What a DynamoDB client did: calls by operation and the capacity DynamoDB reported for them. */
export interface DbMeter {
  calls: Record<string, number>;
  readUnits: number;
  writeUnits: number;
  scans: number;
  /** Items written in TransactWriteItems calls, and the write units DynamoDB reported for those calls. */
  transactItems: number;
  transactWriteUnits: number;
  /** Reported write units by operation, to say where the writes go. */
  writeUnitsBy: Record<string, number>;
  /** performance.now() of the last call: the benchmark waits for the table to go quiet. */
  lastCallAt: number;
  /**
   * Per outbox message, from its claim to its finish (the sender's own DynamoDB calls on MSG#id): one
   * delivery's duration, since the sandbox invokes the sender without a hook to time it.
   */
  messageSpans: Map<string, { start: number; end: number }>;
  reset(): void;
}

export function createMeter(): DbMeter {
  const meter: DbMeter = {
    calls: {},
    readUnits: 0,
    writeUnits: 0,
    scans: 0,
    transactItems: 0,
    transactWriteUnits: 0,
    writeUnitsBy: {},
    lastCallAt: performance.now(),
    messageSpans: new Map(),
    reset() {
      meter.calls = {};
      meter.readUnits = 0;
      meter.writeUnits = 0;
      meter.scans = 0;
      meter.transactItems = 0;
      meter.transactWriteUnits = 0;
      meter.writeUnitsBy = {};
      meter.lastCallAt = performance.now();
      meter.messageSpans = new Map();
    },
  };
  return meter;
}

/**
 * Spies on a document client: asks DynamoDB for the consumed capacity of every call and adds it
 * up, counts calls by operation, and refuses any Scan outright, so a Scan cannot pass unnoticed.
 */
export function meterClient(client: DynamoDBDocumentClient, meter: DbMeter): DynamoDBDocumentClient {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      if (command === 'ScanCommand') {
        meter.scans++;
        throw new ScanForbiddenError('a Scan reached the table: matching must be a Query');
      }
      meter.calls[command] = (meter.calls[command] ?? 0) + 1;
      const input = args.input as Record<string, unknown>;
      if (METERED.has(command)) input.ReturnConsumedCapacity = 'TOTAL';
      const started = performance.now();
      const result = await next(args);
      meter.lastCallAt = performance.now();
      // Marshalled by the time it reaches the client's stack ({ S: 'MSG#…' }), plain in a unit test.
      const rawPk = (input.Key as { pk?: unknown } | undefined)?.pk;
      const messagePk = typeof rawPk === 'object' && rawPk !== null ? (rawPk as { S?: unknown }).S : rawPk;
      if (command === 'UpdateItemCommand' && typeof messagePk === 'string' && messagePk.startsWith('MSG#')) {
        const span = meter.messageSpans.get(messagePk) ?? { start: started, end: meter.lastCallAt };
        span.end = meter.lastCallAt;
        meter.messageSpans.set(messagePk, span);
      }
      const transactItems =
        command === 'TransactWriteItemsCommand' ? (input.TransactItems as unknown[]).length : 0;
      meter.transactItems += transactItems;
      const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
      for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        const units = c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0);
        if (READS.has(command)) meter.readUnits += units;
        else {
          meter.writeUnits += units;
          meter.writeUnitsBy[command] = (meter.writeUnitsBy[command] ?? 0) + units;
        }
        if (transactItems > 0) meter.transactWriteUnits += units;
      }
      return result;
    },
    { step: 'initialize', name: 'benchMeter', priority: 'low' },
  );
  return client;
}
