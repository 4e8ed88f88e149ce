import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Items straight into a table, 25 to a BatchWriteItem, `concurrency` batches in flight, each batch's
 * unprocessed items sent again until none are left: how the benchmarks seed a large table quickly.
 */
export async function batchPut(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
  concurrency = 8,
): Promise<void> {
  let index = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (index < items.length) {
        const batch = items.slice(index, index + 25);
        index += 25;
        let pending: Record<string, unknown>[] | undefined = batch.map((Item) => ({ PutRequest: { Item } }));
        while (pending && pending.length > 0) {
          const out = await client.send(
            new BatchWriteCommand({ RequestItems: { [tableName]: pending as never } }),
          );
          pending = out.UnprocessedItems?.[tableName] as Record<string, unknown>[] | undefined;
        }
      }
    }),
  );
}

/** A deterministic pseudo-random sequence (a linear congruential generator), so every run seeds the same data. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
