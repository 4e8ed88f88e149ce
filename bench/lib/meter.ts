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
  reset(): void;
}

export function createMeter(): DbMeter {
  const meter: DbMeter = {
    calls: {},
    readUnits: 0,
    writeUnits: 0,
    scans: 0,
    reset() {
      meter.calls = {};
      meter.readUnits = 0;
      meter.writeUnits = 0;
      meter.scans = 0;
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
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
      for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        const units = c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0);
        if (READS.has(command)) meter.readUnits += units;
        else meter.writeUnits += units;
      }
      return result;
    },
    { step: 'initialize', name: 'benchMeter', priority: 'low' },
  );
  return client;
}
