import { runtimeConfig } from '../config.js';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { awsClientConfig } from '../util/aws-client-config.js';

export interface WorkflowStarter {
  /**
   * Starts matching for a stored request; a second start with the same name is a no-op. A run the
   * prescriber asks for again passes its own unique name (`${requestId}-r2`). `fromWave` (default 0)
   * continues the wave count, so an earlier execution still waiting can tell it has been overtaken.
   */
  start(requestId: string, executionName?: string, fromWave?: number): Promise<'started' | 'already-started'>;
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
  const client = options.client ?? new SFNClient(awsClientConfig(options));
  return {
    async start(requestId, executionName, fromWave = 0) {
      try {
        await client.send(
          new StartExecutionCommand({
            stateMachineArn: options.stateMachineArn,
            name: executionName ?? requestId,
            input: JSON.stringify({ requestId, wave: fromWave }),
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

let starter: WorkflowStarter | undefined;

/**
 * The matching workflow's starter from the runtime configuration, built once per container; the stream
 * trigger and the dashboard share it. Here rather than in runtime.ts so the stream function's bundle stays
 * free of the store and mail adapters.
 */
export function getWorkflowStarter(): WorkflowStarter {
  const config = runtimeConfig();
  if (!config.stateMachineArn) throw new Error('STATE_MACHINE_ARN is not set');
  starter ??= createSfnStarter({
    stateMachineArn: config.stateMachineArn,
    region: config.region,
    endpoint: config.sfnEndpoint,
  });
  return starter;
}
