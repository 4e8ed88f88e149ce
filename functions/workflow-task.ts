import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { MatchingPorts, MatchingSettings, WorkflowState } from '../shared/domain/matching.js';
import { getRuntime } from '../shared/runtime.js';
import { logger } from '../shared/util/logger.js';

type Step = (
  state: WorkflowState,
  settings: MatchingSettings,
  ports: MatchingPorts,
) => Promise<WorkflowState>;

/** A Step Functions Task: the state in, the next state out. Errors propagate so the state machine retries them. */
export function workflowTask(step: Step) {
  return middy(async (state: WorkflowState): Promise<WorkflowState> => {
    const { settings, ports } = getRuntime();
    logger.appendKeys({ requestId: state.requestId, wave: state.wave });
    return step(state, settings, ports);
  }).use(injectLambdaContext(logger, { resetKeys: true }));
}
