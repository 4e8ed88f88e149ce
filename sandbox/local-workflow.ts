import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { SynthesizedWorkflow } from './synthesized.js';

// aws-local-stepfunctions 3 calls Promise.withResolvers (Node 22); give Node 20 the same thing.
if (!('withResolvers' in Promise)) {
  Object.defineProperty(Promise, 'withResolvers', {
    value<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

type JsonValue = Parameters<StateMachine['run']>[0];
type TaskHandler = (input: JsonValue) => Promise<JsonValue>;

export interface ExecutionRecord {
  name: string;
  input: JsonValue;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  output?: JsonValue;
  error?: string;
  /** Names of the states entered, in order: the tests read the path a request took. */
  states: string[];
  done: Promise<void>;
}

export interface LocalWorkflowOptions {
  workflow: SynthesizedWorkflow;
  /** Runs a Task: by default the sandbox invokes the function module the Task deploys with. */
  runTask: (stateName: string, entry: string, input: JsonValue) => Promise<JsonValue>;
  /** 60 makes an hour's wait take a minute. */
  timeScale: number;
  /** Retry back-off in ms (the definition's seconds scaled by timeScale when unset). */
  retryIntervalMs?: number;
  onExecutionEnd?: (record: ExecutionRecord) => void;
}

function readPath(value: unknown, path: string): unknown {
  return path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)
    .reduce<unknown>(
      (current, key) =>
        current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined,
      value,
    );
}

/**
 * Runs the synthesized definition with aws-local-stepfunctions. Each Task calls the same module it
 * deploys with; Waits are shortened by the time scale. Executions are named, and a second start
 * with a name already used is refused, as Step Functions does.
 */
export function createLocalWorkflow(options: LocalWorkflowOptions) {
  const machine = new StateMachine(options.workflow.definition as unknown as StateMachineDefinition, {
    validationOptions: { checkArn: false },
  });
  const executions = new Map<string, ExecutionRecord>();
  const waitStates = Object.entries(options.workflow.definition.States).filter(([, s]) => s.Type === 'Wait');
  const retryStates = Object.entries(options.workflow.definition.States).filter(([, s]) =>
    Array.isArray(s.Retry),
  );

  function start(name: string, input: JsonValue): ExecutionRecord {
    const existing = executions.get(name);
    if (existing)
      throw Object.assign(new Error(`Execution ${name} already exists`), { name: 'ExecutionAlreadyExists' });
    let lastOutput: unknown = input;
    const taskResourceLocalHandlers: Record<string, TaskHandler> = {};
    for (const [stateName, entry] of Object.entries(options.workflow.taskEntries)) {
      taskResourceLocalHandlers[stateName] = async (taskInput) => {
        const output = await options.runTask(stateName, entry, taskInput);
        // Every Task returns the whole state, so the next Wait reads its seconds from this output.
        lastOutput = output;
        return output;
      };
    }
    // Read when the Wait runs, from the state the previous Task returned: urgent windows stay shorter.
    const waitTimeOverrides = new Proxy({} as Record<string, number>, {
      get(_target, stateName) {
        const state = waitStates.find(([n]) => n === stateName)?.[1];
        if (!state) return undefined;
        const seconds = Number(
          state.SecondsPath ? readPath(lastOutput, String(state.SecondsPath)) : state.Seconds,
        );
        return Number.isFinite(seconds) ? (seconds * 1000) / options.timeScale : 0;
      },
      has: (_target, stateName) => waitStates.some(([n]) => n === stateName),
    });
    const retryIntervalOverrides = Object.fromEntries(
      retryStates.map(([n, s]) => {
        const retriers = s.Retry as {
          IntervalSeconds?: number;
          MaxAttempts?: number;
          BackoffRate?: number;
        }[];
        const delays = retriers.map(
          (r) => options.retryIntervalMs ?? ((r.IntervalSeconds ?? 1) * 1000) / options.timeScale,
        );
        return [n, delays];
      }),
    );
    const record: ExecutionRecord = { name, input, status: 'RUNNING', states: [], done: Promise.resolve() };
    const execution = machine.run(input, {
      overrides: { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides },
      context: { Execution: { Name: name, Input: input, StartTime: new Date().toISOString() } },
    });
    const logging = (async () => {
      for await (const event of execution.eventLogs) {
        if (event.type === 'StateEntered') record.states.push(event.state.name);
      }
    })();
    record.done = execution.result
      .then((output) => {
        record.status = 'SUCCEEDED';
        record.output = output;
      })
      .catch((error: unknown) => {
        record.status = 'FAILED';
        record.error = error instanceof Error ? error.message : String(error);
      })
      .then(() => logging.catch(() => undefined))
      .then(() => options.onExecutionEnd?.(record));
    executions.set(name, record);
    return record;
  }

  return {
    start,
    executions,
    async idle(): Promise<void> {
      await Promise.all([...executions.values()].map((e) => e.done));
    },
  };
}

export type LocalWorkflow = ReturnType<typeof createLocalWorkflow>;
