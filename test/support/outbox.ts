import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { deliverMessage, type DeliveryResult, type SenderPorts } from '../../shared/domain/sender.js';
import type { MatchingSettings } from '../../shared/domain/matching.js';
import type { Store } from '../../shared/domain/ports.js';
import { emailRenderers } from '../../shared/mail/render.js';
import { MemoryStore, testSettings } from './memory-store.js';

/**
 * What the table stream does in AWS and the sandbox's poller does locally: hands every message not
 * yet dealt with to the REAL sender (shared/domain/sender.ts) with the test's recording mailer, so a
 * domain test checks the same emails it checked when the domain sent them itself.
 */
export interface DrainResult {
  results: { messageId: string; result: DeliveryResult }[];
  /** Transient failures, left for a "stream retry" (the next drain). */
  errors: { messageId: string; error: unknown }[];
}

type DrainPorts = Omit<SenderPorts, 'renderers' | 'store'> & {
  store: Store;
  renderers?: SenderPorts['renderers'];
};

/** Message ids the sender has not finished, oldest first. */
export type PendingLister = () => Promise<string[]>;

export function memoryPending(store: MemoryStore): PendingLister {
  return async () => store.pendingMessages().map((m) => m.id);
}

/** For a DynamoDB Local table: a Scan is fine in a test, never in the system itself. */
export function tablePending(tableName: string, endpoint: string): PendingLister {
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return async () => {
    const ids: { id: string; createdAt: string }[] = [];
    let ExclusiveStartKey: Record<string, never> | undefined;
    do {
      const out = await client.send(
        new ScanCommand({
          TableName: tableName,
          FilterExpression: 'sk = :sk AND attribute_not_exists(doneAt)',
          ExpressionAttributeValues: { ':sk': { S: 'MESSAGE' } },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      for (const item of out.Items ?? [])
        ids.push({ id: String(item.id?.S), createdAt: String(item.createdAt?.S) });
      ExclusiveStartKey = out.LastEvaluatedKey as typeof ExclusiveStartKey;
    } while (ExclusiveStartKey);
    return ids.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((m) => m.id);
  };
}

/**
 * Delivers every pending message, and any that delivering them writes (a pause notice), once each
 * per round; a message that fails transiently is retried in the next round, up to `rounds`.
 */
export async function deliverPending(
  ports: DrainPorts,
  options: { settings?: MatchingSettings; pending?: PendingLister; rounds?: number } = {},
): Promise<DrainResult> {
  const settings = options.settings ?? testSettings();
  const pending =
    options.pending ?? (ports.store instanceof MemoryStore ? memoryPending(ports.store) : undefined);
  if (!pending) throw new Error('deliverPending needs a way to list pending messages for this store');
  const senderPorts: SenderPorts = { ...ports, renderers: ports.renderers ?? emailRenderers };
  const drained: DrainResult = { results: [], errors: [] };
  for (let round = 0; round < (options.rounds ?? 1); round++) {
    const tried = new Set<string>();
    for (let ids = await pending(); ids.some((id) => !tried.has(id)); ids = await pending()) {
      for (const messageId of ids.filter((id) => !tried.has(id))) {
        tried.add(messageId);
        try {
          drained.results.push({ messageId, result: await deliverMessage(messageId, settings, senderPorts) });
        } catch (error) {
          drained.errors.push({ messageId, error });
        }
      }
    }
    if ((await pending()).length === 0) break;
  }
  return drained;
}
