import type { Log } from './ports.js';
import type { WorkflowStarter } from '../workflow/starter.js';

export interface StartResult {
  /** Ids whose start failed: the stream retries them (and sends them to the dead-letter queue in the end). */
  failed: string[];
}

export async function startMatching(
  requestIds: string[],
  ports: { starter: WorkflowStarter; log: Log },
): Promise<StartResult> {
  const failed: string[] = [];
  // In order, one at a time: a stream batch is small and a failure must not skip later records.
  for (const requestId of requestIds) {
    try {
      const result = await ports.starter.start(requestId);
      ports.log.info('matching started', { requestId, result });
    } catch (error) {
      ports.log.error('could not start matching', {
        requestId,
        error: error instanceof Error ? error.name : 'unknown',
      });
      failed.push(requestId);
    }
  }
  return { failed };
}
