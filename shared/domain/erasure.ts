import type { Clock, Log, RequestStore } from './ports.js';

export type ErasureResult = { kind: 'erased'; requestId: string } | { kind: 'not-found' };

/**
 * A requester's right to erasure (UK GDPR art. 17): their request, its reference and every invite
 * link go; what remains is the audit trail of ids and times, with an entry saying who erased it.
 */
export async function eraseRequester(
  reference: string,
  actor: string,
  ports: {
    store: Pick<RequestStore, 'findRequestIdByReference' | 'eraseRequest' | 'appendAudit'>;
    clock: Clock;
    log: Log;
  },
): Promise<ErasureResult> {
  const requestId = await ports.store.findRequestIdByReference(reference.trim().toUpperCase());
  if (!requestId || !(await ports.store.eraseRequest(requestId))) return { kind: 'not-found' };
  await ports.store.appendAudit({ requestId, at: ports.clock.now().toISOString(), type: 'erased', actor });
  ports.log.info('requester data erased', { requestId });
  return { kind: 'erased', requestId };
}
