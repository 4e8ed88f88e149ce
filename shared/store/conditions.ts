import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** A single write's condition failed: an answer ("not now"), not an error. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Which items of a cancelled transaction failed their condition, by position. */
export function cancelledConditions(error: unknown): boolean[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).map((r) => r.Code === 'ConditionalCheckFailed');
}

/**
 * `#status IN (:p0, :p1, …)` and its values, built from one of the domain's status lists, so a state
 * rule (which requests are open, which invites can be answered) is written once, in the domain, and
 * both stores read it from there.
 */
export function statusIn(
  statuses: readonly string[],
  prefix: string,
): { condition: string; values: Record<string, string> } {
  const names = statuses.map((_, i) => `:${prefix}${i}`);
  return {
    condition: `#status IN (${names.join(', ')})`,
    values: Object.fromEntries(statuses.map((status, i) => [names[i], status])),
  };
}
