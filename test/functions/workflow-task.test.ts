import { afterEach, describe, expect, it, vi } from 'vitest';

// Powertools reads its level when the logger module is first imported: keep test output quiet.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { handler as escalate } from '../../functions/escalate.js';
import { CLEANED_ERROR_MESSAGE, cleanedError, workflowTask } from '../../functions/workflow-task.js';
import type { WorkflowState } from '../../shared/domain/matching.js';
import { setRuntimeForTests } from '../../shared/runtime.js';
import { logger } from '../../shared/util/logger.js';
import { installMemoryRuntime, lambdaContext } from '../support/handler-runtime.js';
import { aRequest, testSettings } from '../support/memory-store.js';

/** What the Node.js Lambda runtime reports to Step Functions for a thrown error (the Cause in history). */
function asLambdaReportsIt(error: unknown): string {
  const e = error as Error;
  return JSON.stringify({ errorType: e.name, errorMessage: e.message, trace: e.stack?.split('\n') });
}

afterEach(() => {
  vi.restoreAllMocks();
  setRuntimeForTests(undefined);
});

describe('a workflow step that throws', () => {
  it('reaches Step Functions as its class name with a fixed message: no address from an error message', async () => {
    const ports = installMemoryRuntime();
    const request = aRequest({ id: 'req-1', status: 'matching' });
    ports.store.seedRequest(request);
    const prescriber = testSettings().prescriberEmail;
    // An AWS error whose message quotes a value it refused (here, an address).
    const rejection = Object.assign(new Error(`One or more parameter values were invalid: ${prescriber}`), {
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400, requestId: 'aws-req-1' },
    });
    vi.spyOn(ports.store, 'escalate').mockRejectedValue(rejection);
    const logged = vi.spyOn(logger, 'error');

    const state: WorkflowState = { requestId: request.id, wave: 1 };
    const thrown = await escalate(state, lambdaContext('escalate')).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).name).toBe('ValidationException');
    expect((thrown as Error).message).toBe(CLEANED_ERROR_MESSAGE);
    const reported = asLambdaReportsIt(thrown);
    expect(reported).not.toContain(prescriber);
    expect(reported).not.toContain('parameter values');
    // The function's own log keeps the name and the AWS request id, not the message either.
    expect(logged).toHaveBeenCalledWith('workflow step failed', {
      errorName: 'ValidationException',
      httpStatusCode: 400,
      awsRequestId: 'aws-req-1',
    });
    expect(JSON.stringify(logged.mock.calls)).not.toContain(prescriber);
  });

  it('keeps the error name Retry and Catch match on, for a domain error', async () => {
    installMemoryRuntime();
    class InviteDeliveryError extends Error {
      override name = 'InviteDeliveryError';
    }
    const task = workflowTask(async () => {
      throw new InviteDeliveryError('2 of 2 invites failed for jo@example.org');
    });
    await expect(task({ requestId: 'req-2', wave: 1 }, lambdaContext('task'))).rejects.toMatchObject({
      name: 'InviteDeliveryError',
      message: CLEANED_ERROR_MESSAGE,
    });
  });

  it('passes a successful step through unchanged', async () => {
    installMemoryRuntime();
    const task = workflowTask(async (state) => ({ ...state, next: 'done' }));
    await expect(task({ requestId: 'req-3', wave: 2 }, lambdaContext('task'))).resolves.toEqual({
      requestId: 'req-3',
      wave: 2,
      next: 'done',
    });
  });
});

describe('cleanedError', () => {
  it.each([
    ['a thrown string', 'jo@example.org is unreachable', 'Error'],
    [
      'a name with spaces and an address',
      Object.assign(new Error('x'), { name: 'Bad jo@example.org' }),
      'Error',
    ],
    ['a name Step Functions reserves', Object.assign(new Error('x'), { name: 'States.Timeout' }), 'Error'],
    [
      'a plain TypeError',
      new TypeError("Cannot read properties of undefined (reading 'email')"),
      'TypeError',
    ],
  ])('reports %s as %s with the fixed message', (_label, thrown, expectedName) => {
    const cleaned = cleanedError(thrown);
    expect(cleaned.name).toBe(expectedName);
    expect(cleaned.message).toBe(CLEANED_ERROR_MESSAGE);
    expect(cleaned.stack).toBe(`${expectedName}: ${CLEANED_ERROR_MESSAGE}`);
  });
});
