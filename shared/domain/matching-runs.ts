import type { AuditEvent } from './model.js';

/** Audit entries that each started one more execution of matching for the request. */
const NEW_RUN_EVENTS: readonly AuditEvent['type'][] = ['matching-rerun', 'released', 'unassigned'];

/**
 * Step Functions names must be unique, so the first run is named after the request and each later one
 * (the prescriber's rerun or unassignment, a volunteer's release, a held duplicate treated as new)
 * `${requestId}-r${n}`, n counted from the audit.
 */
export function nextMatchingRun(
  requestId: string,
  audit: readonly AuditEvent[],
): { run: number; name: string } {
  const run = audit.filter((e) => NEW_RUN_EVENTS.includes(e.type)).length + 2;
  return { run, name: `${requestId}-r${run}` };
}
