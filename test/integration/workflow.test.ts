import { beforeEach, describe, expect, it } from 'vitest';
import { STATE } from '../../infra/constructs/workflow.js';
import type { Sandbox } from '../../sandbox/sandbox.js';
import type { WorkflowState } from '../../shared/domain/matching.js';
import {
  clearOutbox,
  inviteLinks,
  postJson,
  readOutbox,
  respond,
  useSandbox,
  validRequest,
  waitFor,
} from '../support/sandbox.js';

/**
 * The state machine synthesized by the CDK stack, run by aws-local-stepfunctions, with every Task
 * calling the function module it deploys with, against DynamoDB Local and the SES outbox.
 */
let sandbox: Sandbox;
/** Lets a scenario act at a precise point: after a wave's invites are sent, before the wait ends. */
let afterInvites: ((wave: number) => Promise<void>) | undefined;
let failTask: string | undefined;

useSandbox(
  {
    settings: { waveSize: 2, maxWaves: 2 },
    taskInterceptor: async (stateName, _input, runReal) => {
      if (stateName === failTask) throw new Error(`injected failure in ${stateName}`);
      const output = (await runReal()) as WorkflowState;
      // A wave step that invited hands the state machine to the Wait, with the wave it invited.
      if (stateName === STATE.wave && output.next === 'wait' && afterInvites) await afterInvites(output.wave);
      return output;
    },
  },
  (started) => (sandbox = started),
  120_000,
);

beforeEach(async () => {
  afterInvites = undefined;
  failTask = undefined;
  await sandbox.idle();
  await clearOutbox(sandbox.outboxUrl);
});

async function submit(overrides: Record<string, string> = {}) {
  const { status, json } = await postJson(`${sandbox.url}/requests`, validRequest(overrides));
  expect(status).toBe(201);
  const reference = String(json.reference);
  const execution = await waitFor(() => findExecutionFor(reference), `the workflow for ${reference}`);
  return { reference, execution };
}

async function findExecutionFor(reference: string) {
  for (const execution of sandbox.workflow.executions.values()) {
    const request = await sandbox.store.getRequest(execution.name);
    if (request?.reference === reference) return execution;
  }
  return undefined;
}

/** The paths through the definition, state by state: their length is what Step Functions bills. */
const INVITE_AND_WAIT = [STATE.wave, STATE.afterWave, STATE.wait];
const FINISH = [STATE.wave, STATE.afterWave, STATE.done];
const ESCALATE = [STATE.wave, STATE.afterWave, STATE.escalate, STATE.done];

/** The invite links in the outbox, once at least `count` have been delivered. */
const invitesDelivered = (count: number) =>
  waitFor(async () => {
    const links = inviteLinks(await readOutbox(sandbox.outboxUrl));
    return links.length >= count ? links : undefined;
  }, `${count} invites delivered`);

const subjects = async () =>
  (await readOutbox(sandbox.outboxUrl)).map((e) => `${e.destination.to[0]}: ${e.subject}`);

describe('the synthesized workflow in the local interpreter', () => {
  it('assigns the request when a volunteer accepts in the first wave', async () => {
    afterInvites = async (wave) => {
      if (wave !== 1) return;
      // The invites go out through the outbox, a moment after the step wrote them.
      const [link] = await invitesDelivered(1);
      expect((await respond(String(link), 'accept')).status).toBe(200);
    };
    const { execution } = await submit();
    await execution.done;
    expect(execution.status).toBe('SUCCEEDED');
    // One wave of invites, one wait, one step that finds the request assigned: 6 transitions.
    expect(execution.states).toEqual([...INVITE_AND_WAIT, ...FINISH]);
    expect(execution.states).not.toContain(STATE.escalate);
    const request = await sandbox.store.getRequest(execution.name);
    expect(request?.status).toBe('assigned');
    expect((await subjects()).filter((s) => s.includes('Needs you'))).toEqual([]);
  });

  it('assigns the request when a volunteer accepts in the second wave', async () => {
    afterInvites = async (wave) => {
      if (wave !== 2) return;
      // The demo roster has three shopping volunteers in SP8 4: two in the first wave, one in the second.
      const links = await invitesDelivered(3);
      secondWaveLinks = links.length;
      await respond(String(links.at(-1)), 'accept');
    };
    let secondWaveLinks = 0;
    const { execution } = await submit();
    await execution.done;
    expect(secondWaveLinks).toBe(3);
    expect(execution.status).toBe('SUCCEEDED');
    // Two waves of invites, each followed by its wait: 9 transitions.
    expect(execution.states).toEqual([...INVITE_AND_WAIT, ...INVITE_AND_WAIT, ...FINISH]);
    expect(execution.states).not.toContain(STATE.escalate);
    expect((await sandbox.store.getRequest(execution.name))?.status).toBe('assigned');
    const invites = await sandbox.store.listInvites(execution.name);
    expect(new Set(invites.map((i) => i.volunteerId)).size).toBe(3);
    expect(invites.map((i) => i.wave).sort()).toEqual([1, 1, 2]);
  });

  it('escalates to the prescriber when nobody answers after the last wave', async () => {
    const { execution, reference } = await submit();
    await execution.done;
    expect(execution.status).toBe('SUCCEEDED');
    // Both waves invited and waited out, then the prescriber: 10 transitions.
    expect(execution.states).toEqual([...INVITE_AND_WAIT, ...INVITE_AND_WAIT, ...ESCALATE]);
    const request = await sandbox.store.getRequest(execution.name);
    expect(request).toMatchObject({ status: 'escalated', escalationReason: 'no-acceptance' });
    const toPrescriber = await waitFor(async () => {
      const found = (await readOutbox(sandbox.outboxUrl)).filter((e) =>
        e.destination.to.includes(sandbox.settings.prescriberEmail),
      );
      return found.length > 0 ? found : undefined;
    }, 'the escalation email');
    await sandbox.idle();
    expect(toPrescriber).toHaveLength(1);
    expect(toPrescriber[0]?.subject).toContain(reference);
  });

  it('escalates at once when no volunteer offers that help in that area', async () => {
    const { execution } = await submit({
      helpType: 'other',
      postcode: 'BA12 6AA',
      details: 'Hang a picture',
    });
    await execution.done;
    // Nobody invited, so nothing to wait for.
    expect(execution.states).toEqual(ESCALATE);
    expect(await sandbox.store.getRequest(execution.name)).toMatchObject({
      status: 'escalated',
      escalationReason: 'no-candidates',
    });
    expect(
      await waitFor(
        async () =>
          (await subjects()).some((s) => s.startsWith(`${sandbox.settings.prescriberEmail}: Needs you`)) ||
          undefined,
        'the escalation email',
      ),
    ).toBe(true);
  });

  it('escalates with the reason when a task keeps failing, instead of dropping the request', async () => {
    failTask = STATE.wave;
    const { execution } = await submit();
    await execution.done;
    expect(execution.status).toBe('SUCCEEDED');
    // Retried (the interpreter records a retry as no new state), then caught into Escalate.
    expect(execution.states).toEqual([STATE.wave, STATE.escalate, STATE.done]);
    expect(await sandbox.store.getRequest(execution.name)).toMatchObject({
      status: 'escalated',
      escalationReason: 'system-failure',
    });
  });

  it('carries ids only in the execution input', async () => {
    const { execution } = await submit();
    await execution.done;
    expect(Object.keys(execution.input as object).sort()).toEqual(['requestId', 'wave']);
    const serialised = JSON.stringify(execution.input);
    for (const value of Object.values(validRequest())) expect(serialised).not.toContain(value);
  });
});
