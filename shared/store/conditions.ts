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
