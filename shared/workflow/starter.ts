import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';

export interface WorkflowStarter {
  /**
   * Starts matching for a stored request; a second start with the same name is a no-op. A run the
   * prescriber asks for again passes its own unique name (`${requestId}-r2`).
   */
  start(requestId: string, executionName?: string): Promise<'started' | 'already-started'>;
}

export interface SfnStarterOptions {
  stateMachineArn: string;
  region?: string;
  /** The sandbox's local Step Functions endpoint; unset in AWS. */
  endpoint?: string;
  client?: SFNClient;
}

/**
 * The execution is named after the request: Step Functions refuses a second execution with the
 * same name, so a retried stream batch cannot start matching twice. Input carries the id only.
 */
export function createSfnStarter(options: SfnStarterOptions): WorkflowStarter {
  const client =
    options.client ??
    new SFNClient({
      region: options.region ?? 'eu-west-2',
      ...(options.endpoint
        ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    });
  return {
    async start(requestId, executionName) {
      try {
        await client.send(
          new StartExecutionCommand({
            stateMachineArn: options.stateMachineArn,
            name: executionName ?? requestId,
            input: JSON.stringify({ requestId, wave: 0 }),
          }),
        );
        return 'started';
      } catch (error) {
        if (error instanceof Error && error.name === 'ExecutionAlreadyExists') return 'already-started';
        throw error;
      }
    },
  };
}
