import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { MatchingPorts, MatchingSettings, WorkflowState } from '../shared/domain/matching.js';
import { getRuntime } from '../shared/runtime.js';
import { logger } from '../shared/util/logger.js';

type Step<Input> = (input: Input, settings: MatchingSettings, ports: MatchingPorts) => Promise<WorkflowState>;

/** An error name as Step Functions matches and records it: a plain identifier, or a generic one. */
const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9_.]{0,63}$/;

/**
 * The error Step Functions sees: the name only. Execution history keeps a failed Task's error and cause
 * for 90 days, and the Lambda runtime logs them; an AWS error message can quote an address (SES names
 * the identity it refused), so neither the message nor the stack leaves the function.
 */
export function cleanedError(error: unknown): Error {
  const name = error instanceof Error && PLAIN_NAME.test(error.name) ? error.name : 'Error';
  const cleaned = new Error(name);
  cleaned.name = name;
  cleaned.stack = name;
  return cleaned;
}

/**
 * A Step Functions Task: the state in (or an input that carries it), the next state out. Errors
 * propagate, cleaned to their name, so the state machine retries them and then hands the request on.
 */
export function workflowTask<Input = WorkflowState>(
  step: Step<Input>,
  stateOf: (input: Input) => WorkflowState = (input) => input as WorkflowState,
) {
  return middy(async (input: Input): Promise<WorkflowState> => {
    const { settings, ports } = getRuntime();
    const state = stateOf(input);
    logger.appendKeys({ requestId: state.requestId, wave: state.wave });
    try {
      return await step(input, settings, ports);
    } catch (error) {
      const cleaned = cleanedError(error);
      logger.warn('task failed; Step Functions retries it', { error: cleaned.name });
      throw cleaned;
    }
  }).use(injectLambdaContext(logger, { resetKeys: true }));
}
