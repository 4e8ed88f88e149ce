import {
  checkOutcome,
  findCandidates,
  isOpen,
  sendInvites,
  type MatchingPorts,
  type MatchingSettings,
  type WorkflowState,
} from './matching.js';
import { laterRunStarted } from './runs.js';

/** The execution a wave step belongs to, from the Step Functions context object: a name and a time. */
export interface WaveRun {
  /** `$$.Execution.Name`: the request id for the first run, `${requestId}-r${n}` for a later one. */
  name: string;
  /** `$$.Execution.StartTime`, ISO 8601. */
  startedAt: string;
}

/** What the wave Task receives: the workflow's state and the run it belongs to. */
export interface WaveInput {
  state: WorkflowState;
  run: WaveRun;
}

/**
 * One step of matching, run first and then after every response window: has anyone said yes (or was
 * the request cancelled)? If not, choose the next wave and invite it. The returned `next` tells the
 * state machine what follows: `wait` for replies, `done`, or `escalate` to the prescriber.
 *
 * Safe to retry as a whole: Step Functions repeats the step with the same input after a transient
 * failure, and a wave this run already started is resumed from its stored invites (a volunteer sent
 * their invite is skipped, one stored but not sent is sent again) rather than chosen afresh, which
 * would invite a second set of volunteers.
 */
export async function runWave(
  input: WaveInput,
  settings: MatchingSettings,
  ports: MatchingPorts,
): Promise<WorkflowState> {
  const { state, run } = input;
  // The execution's input carries no `next`; every later step comes back from the Wait. (The
  // requester's confirmation is not sent here: it was written with the request, in its transaction.)
  const firstStep = state.next === undefined;

  const resumable = await inviteesOfWaveStartedByThisRun(state, run, ports);
  if (resumable && resumable.length > 0) {
    ports.log.info('resuming a wave this run had started', {
      requestId: state.requestId,
      wave: state.wave + 1,
      invites: resumable.length,
    });
    return sendInvites(
      { requestId: state.requestId, wave: state.wave + 1, volunteerIds: resumable },
      settings,
      ports,
    );
  }
  // The outcome check compares wave counts to notice a newer run; a wave this run started itself
  // would look like one, so it is skipped then (the request was open and the wave allowed when it began).
  if (!firstStep && !resumable) {
    const outcome = await checkOutcome(state, settings, ports);
    if (outcome.next !== 'next-wave') return outcome;
  }
  const found = await findCandidates({ requestId: state.requestId, wave: state.wave }, settings, ports);
  if (found.next !== 'invite') return found;
  return sendInvites(found, settings, ports);
}

/**
 * When an earlier attempt of this very step already started the next wave (the request's wave count
 * has moved to it and no later run has been started since), the volunteers it stored invites for;
 * otherwise undefined. Invites of the same wave number from an earlier run (a prescriber's rerun counts
 * waves from 0 again) were created before this run started, so they are not taken for this wave's.
 */
async function inviteesOfWaveStartedByThisRun(
  state: WorkflowState,
  run: WaveRun,
  ports: MatchingPorts,
): Promise<string[] | undefined> {
  const wave = state.wave + 1;
  const request = await ports.store.getRequest(state.requestId);
  if (!request || !isOpen(request) || request.wave !== wave) return undefined;
  if (laterRunStarted(await ports.store.listAudit(request.id), run.name, request.id)) return undefined;
  const invites = await ports.store.listInvites(request.id);
  return invites
    .filter((invite) => invite.wave === wave && invite.createdAt >= run.startedAt)
    .map((invite) => invite.volunteerId);
}
