import { matchKeys } from './duplicates.js';
import type { CareStore, Clock, Log, RequestStore, SeriesStore } from './ports.js';
import { DAY_SECONDS, epochSeconds } from '../vocabulary/time.js';

export type ErasureResult =
  | {
      kind: 'erased';
      requestId: string;
      /** Recurring help: every occurrence erased, in order. */ requestIds: string[];
    }
  | { kind: 'not-found' };

/** Once erased, the series record (ids only) stays this long for the audit's sake, then TTL removes it. */
const ERASED_SERIES_DAYS = 30;

/**
 * A requester's right to erasure (UK GDPR art. 17): their request, its reference and every invite
 * link go; what remains is the audit trail of ids and times, with an entry saying who erased it. For
 * recurring help every occurrence holds the same person's details, so all of them go, and the series
 * ends so no new occurrence is made from what is left.
 */
export async function eraseRequester(
  reference: string,
  actor: string,
  ports: {
    store: Pick<RequestStore, 'findRequestIdByReference' | 'eraseRequest' | 'appendAudit' | 'getRequest'> &
      Pick<SeriesStore, 'getSeries' | 'endSeries'> &
      Pick<CareStore, 'deleteDuplicateKeys'>;
    clock: Clock;
    log: Log;
  },
): Promise<ErasureResult> {
  const requestId = await ports.store.findRequestIdByReference(reference.trim().toUpperCase());
  if (!requestId) return { kind: 'not-found' };
  const request = await ports.store.getRequest(requestId);
  const series = request?.seriesId ? await ports.store.getSeries(request.seriesId) : undefined;
  const now = ports.clock.now();
  if (series) {
    // Ended first: a close racing with the erasure cannot then create an occurrence from erased details.
    await ports.store.endSeries(series.id, {
      endedAt: now.toISOString(),
      endedBy: actor,
      endReason: 'erased',
      expiresAt: epochSeconds(now) + ERASED_SERIES_DAYS * DAY_SECONDS,
    });
  }
  const ids = series ? [...new Set([...series.requestIds, requestId])] : [requestId];
  const erased: string[] = [];
  for (const id of ids) {
    const visit = id === requestId ? request : await ports.store.getRequest(id);
    // The duplicate check's hashed keys are made from the person's name, postcode and phone: they go too.
    if (visit) {
      const keys = matchKeys({ ...visit.requester, helpType: visit.helpType }).map((k) => k.hash);
      await ports.store.deleteDuplicateKeys(keys, id);
    }
    if (!(await ports.store.eraseRequest(id))) continue;
    await ports.store.appendAudit({ requestId: id, at: now.toISOString(), type: 'erased', actor });
    erased.push(id);
  }
  if (!erased.includes(requestId)) return { kind: 'not-found' };
  ports.log.info('requester data erased', {
    requestId,
    occurrences: erased.length,
    ...(series ? { seriesId: series.id } : {}),
  });
  return { kind: 'erased', requestId, requestIds: erased };
}
