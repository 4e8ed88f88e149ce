import { beforeAll, describe, expect, it } from 'vitest';
import { STATE } from '../../infra/constructs/workflow.js';
import { createLocalWorkflow } from '../../sandbox/local-workflow.js';
import {
  deploySettings,
  synthesizeTemplate,
  synthesizedWorkflow,
  type SynthesizedWorkflow,
} from '../../sandbox/synthesized.js';
import type { WorkflowState } from '../../shared/domain/matching.js';
import type { WaveInput } from '../../shared/domain/wave.js';

/**
 * Step Functions bills Standard workflows by state transition. The definition the stack deploys runs
 * here in aws-local-stepfunctions, as in the sandbox, with each Task answering as the domain would on
 * the path under test, and the transitions counted from the execution's StateEntered events.
 */
const MAX_WAVES = 2;
let workflow: SynthesizedWorkflow;

beforeAll(() => {
  workflow = synthesizedWorkflow(synthesizeTemplate({ ...deploySettings(), maxWaves: MAX_WAVES }));
});

type Path = { acceptedInWave?: number };

/** The wave step's answers: invite (then wait), stop once accepted, or escalate after the last wave. */
function answer(input: WaveInput, path: Path): WorkflowState {
  const { state } = input;
  const invite = (wave: number): WorkflowState => ({
    requestId: state.requestId,
    wave,
    next: 'wait',
    windowSeconds: 60,
  });
  if (state.next === undefined) return invite(state.wave + 1);
  if (path.acceptedInWave === state.wave)
    return { requestId: state.requestId, wave: state.wave, next: 'done' };
  if (state.wave < MAX_WAVES) return invite(state.wave + 1);
  return {
    requestId: state.requestId,
    wave: state.wave,
    next: 'escalate',
    escalationReason: 'no-acceptance',
  };
}

async function transitions(path: Path, name: string) {
  const runs: WaveInput['run'][] = [];
  const local = createLocalWorkflow({
    workflow,
    timeScale: 60_000,
    retryIntervalMs: 1,
    runTask: async (stateName, _entry, input) => {
      if (stateName === STATE.escalate) return { ...(input as object), outcome: 'escalated' };
      const waveInput = input as unknown as WaveInput;
      runs.push(waveInput.run);
      return answer(waveInput, path) as unknown as Record<string, string>;
    },
  });
  const execution = local.start(name, { requestId: name, wave: 0 });
  await execution.done;
  expect(execution.status).toBe('SUCCEEDED');
  return { states: execution.states, runs };
}

describe('state transitions per request, in the local interpreter', () => {
  it('6 when a volunteer accepts in the first wave', async () => {
    const { states } = await transitions({ acceptedInWave: 1 }, 'happy');
    expect(states).toEqual([
      STATE.wave,
      STATE.afterWave,
      STATE.wait,
      STATE.wave,
      STATE.afterWave,
      STATE.done,
    ]);
    expect(states).toHaveLength(6);
  });

  it('9 when a volunteer accepts in the second wave', async () => {
    const { states } = await transitions({ acceptedInWave: 2 }, 'second-wave');
    expect(states).toHaveLength(9);
    expect(states.filter((s) => s === STATE.wait)).toHaveLength(2);
    expect(states.at(-1)).toBe(STATE.done);
  });

  it('10 when nobody answers and the prescriber is told', async () => {
    const { states } = await transitions({}, 'escalation');
    expect(states).toHaveLength(10);
    expect(states.slice(-2)).toEqual([STATE.escalate, STATE.done]);
  });

  it('hands every wave step the run it belongs to, resolved from the context object', async () => {
    const { runs } = await transitions({ acceptedInWave: 1 }, 'run-context');
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      expect(run.name).toBe('run-context');
      expect(Number.isNaN(Date.parse(run.startedAt))).toBe(false);
    }
    expect(runs[1]?.startedAt).toBe(runs[0]?.startedAt);
  });
});
