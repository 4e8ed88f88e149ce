import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';

type Pattern = { [key: string]: Pattern | unknown[] };

/** Lambda event filtering, for the equality patterns the stack uses. */
export function matchesPattern(record: unknown, pattern: Pattern): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual =
      record && typeof record === 'object' ? (record as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(expected)) return expected.includes(actual);
    return matchesPattern(actual, expected as Pattern);
  });
}

export interface StreamPollerOptions {
  client: DynamoDBStreamsClient;
  streamArn: string;
  patterns: Pattern[];
  /** Receives a batch as Lambda would ({ Records }); its batchItemFailures are retried. */
  deliver: (event: {
    Records: _Record[];
  }) => Promise<{ batchItemFailures?: { itemIdentifier: string }[] } | undefined>;
  intervalMs?: number;
  maxRetries?: number;
  onError?: (error: unknown) => void;
  onDeadLetter?: (record: _Record) => void;
}

/** How often the poller looks for new shards (a closed shard's last records are still read meanwhile). */
const SHARD_REFRESH_MS = 1000;

/** Polls DynamoDB Local's stream like Lambda's event source mapping: filtered batches, failed records retried. */
export function startStreamPoller(options: StreamPollerOptions): { stop: () => void } {
  let stopped = false;
  const iterators = new Map<string, string | undefined>();
  const pending: _Record[] = [];
  const attempts = new Map<string, number>();
  let started = false;

  async function refreshShards(): Promise<void> {
    const stream = await options.client.send(new DescribeStreamCommand({ StreamArn: options.streamArn }));
    for (const shard of stream.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
      const out = await options.client.send(
        new GetShardIteratorCommand({
          StreamArn: options.streamArn,
          ShardId: shard.ShardId,
          // New shards after start-up are read from their beginning; the first ones from now on.
          ShardIteratorType: iterators.size === 0 && !started ? 'LATEST' : 'TRIM_HORIZON',
        }),
      );
      iterators.set(shard.ShardId, out.ShardIterator);
    }
    started = true;
  }

  let shardsCheckedAt = Number.NEGATIVE_INFINITY;

  async function pollOnce(): Promise<void> {
    // Shards change rarely (DynamoDB Local rolls them over every few hours, AWS every ~4 h); asking
    // on every poll doubled the calls the poller made while a load test kept it busy.
    if (performance.now() - shardsCheckedAt >= SHARD_REFRESH_MS) {
      await refreshShards();
      shardsCheckedAt = performance.now();
    }
    for (const [shardId, iterator] of iterators) {
      if (!iterator) continue;
      const out = await options.client.send(new GetRecordsCommand({ ShardIterator: iterator }));
      iterators.set(shardId, out.NextShardIterator);
      pending.push(...(out.Records ?? []).filter((r) => options.patterns.some((p) => matchesPattern(r, p))));
    }
    if (pending.length === 0) return;
    const batch = pending.splice(0, 10);
    const result = await options.deliver({ Records: batch });
    const failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    for (const record of batch) {
      const id = String(record.dynamodb?.SequenceNumber);
      if (!failed.has(id)) continue;
      const tries = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, tries);
      // As the deployed mapping does: a bounded number of retries, then the dead-letter queue.
      if (tries > (options.maxRetries ?? 10)) options.onDeadLetter?.(record);
      else pending.push(record);
    }
  }

  void (async () => {
    while (!stopped) {
      try {
        await pollOnce();
      } catch (error) {
        options.onError?.(error);
      }
      // Records already waiting are delivered at once; only an idle stream waits between polls.
      if (pending.length === 0)
        await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
    }
  })();
  return {
    stop: () => {
      stopped = true;
    },
  };
}
