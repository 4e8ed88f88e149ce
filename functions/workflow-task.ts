import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { MatchingPorts, MatchingSettings, WorkflowState } from '../shared/domain/matching.js';
import { getCoreRuntime } from '../shared/runtime-core.js';
import { logger } from '../shared/util/logger.js';

type Step<Input> = (input: Input, settings: MatchingSettings, ports: MatchingPorts) => Promise<WorkflowState>;

/** The only message a failed step reports: Step Functions keeps execution history for 90 days. */
export const CLEANED_ERROR_MESSAGE = 'The step failed; the function log has its name and request id.';

/** An error name Step Functions can match in Retry and Catch; anything else is reported as "Error". */
const SAFE_ERROR_NAME = /^[A-Za-z][A-Za-z0-9]{0,79}$/;

/**
 * What reaches Step Functions when a step throws: the error's class name, which Retry and Catch
 * match on and Escalate records, and a fixed message. The original message never leaves the
 * function: an SES rejection, for one, can quote the recipient's address.
 */
export function cleanedError(error: unknown): Error {
  const name = error instanceof Error && SAFE_ERROR_NAME.test(error.name) ? error.name : 'Error';
  const cleaned = new Error(CLEANED_ERROR_MESSAGE);
  cleaned.name = name;
  // The stack would repeat the name and message with this module's frames: nothing worth keeping.
  cleaned.stack = `${name}: ${CLEANED_ERROR_MESSAGE}`;
  return cleaned;
}

/** Safe facts about an AWS SDK error (status and AWS request id); never its message. */
function sdkFacts(error: unknown): Record<string, unknown> {
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown; requestId?: unknown } } | null)
    ?.$metadata;
  if (!metadata) return {};
  return {
    ...(typeof metadata.httpStatusCode === 'number' ? { httpStatusCode: metadata.httpStatusCode } : {}),
    ...(typeof metadata.requestId === 'string' ? { awsRequestId: metadata.requestId } : {}),
  };
}

/**
 * A Step Functions Task: the state in (or an input that carries it), the next state out. Errors
 * propagate (cleaned) so the state machine retries them and, in the end, catches them into Escalate.
 */
export function workflowTask<Input = WorkflowState>(
  step: Step<Input>,
  stateOf: (input: Input) => WorkflowState = (input) => input as WorkflowState,
) {
  return middy(async (input: Input): Promise<WorkflowState> => {
    const { settings, ports } = getCoreRuntime();
    const state = stateOf(input);
    logger.appendKeys({ requestId: state.requestId, wave: state.wave });
    try {
      return await step(input, settings, ports);
    } catch (error) {
      const cleaned = cleanedError(error);
      logger.error('workflow step failed', { errorName: cleaned.name, ...sdkFacts(error) });
      throw cleaned;
    }
  }).use(injectLambdaContext(logger, { resetKeys: true }));
}
