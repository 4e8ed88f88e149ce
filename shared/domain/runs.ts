import type { AuditEvent } from './model.js';

/** Audit entries that each started one more execution of matching for the request. */
export const NEW_RUN_EVENTS: readonly AuditEvent['type'][] = ['matching-rerun', 'released', 'unassigned'];

const LATER_RUN = /-r(\d+)$/;

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

/** The run number an execution name stands for, by the naming rule above: the first run is 1. */
export function runNumberOf(executionName: string, requestId: string): number {
  if (executionName === requestId) return 1;
  const run = Number(LATER_RUN.exec(executionName)?.[1]);
  return Number.isInteger(run) && run > 1 ? run : 1;
}

/** Whether the audit records a run of matching started after the named one. */
export function laterRunStarted(
  audit: readonly AuditEvent[],
  executionName: string,
  requestId: string,
): boolean {
  const run = runNumberOf(executionName, requestId);
  return audit.some((e) => NEW_RUN_EVENTS.includes(e.type) && Number(e.data?.run) > run);
}
