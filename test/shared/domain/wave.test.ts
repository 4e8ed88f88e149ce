import { beforeEach, describe, expect, it } from 'vitest';
import type { WorkflowState } from '../../../shared/domain/matching.js';
import type { HelpRequest, Volunteer } from '../../../shared/domain/model.js';
import { runWave, type WaveInput, type WaveRun } from '../../../shared/domain/wave.js';
import {
  aRequest,
  aVolunteer,
  DEFAULT_NOW,
  testPorts,
  testSettings,
  type TestPorts,
} from '../../support/memory-store.js';
import { deliverPending } from '../../support/outbox.js';

const settings = testSettings({ waveSize: 2, maxWaves: 2 });
const REQUEST_ID = 'req-wave';
const REQUESTER = 'mary@example.com';
/** The run started a minute before the test clock's "now". */
const FIRST_RUN: WaveRun = { name: REQUEST_ID, startedAt: '2026-03-10T09:59:00.000Z' };

let ports: TestPorts;

beforeEach(() => {
  ports = testPorts();
});

const fourShoppers = (): Volunteer[] => ['vol-a', 'vol-b', 'vol-c', 'vol-d'].map((id) => aVolunteer({ id }));

async function seed(request: Partial<HelpRequest> = {}, volunteers: Volunteer[] = fourShoppers()) {
  ports.store.seedRequest(aRequest({ id: REQUEST_ID, ...request }));
  await ports.store.putVolunteers(volunteers);
}

const step = (state: WorkflowState, run: WaveRun = FIRST_RUN): Promise<WorkflowState> =>
  runWave({ state, run } satisfies WaveInput, settings, ports);

const start: WorkflowState = { requestId: REQUEST_ID, wave: 0 };
const afterWait = (wave: number): WorkflowState => ({
  requestId: REQUEST_ID,
  wave,
  next: 'wait',
  windowSeconds: settings.responseWindowSeconds,
});

async function invitedIn(wave: number): Promise<string[]> {
  return (await ports.store.listInvites(REQUEST_ID))
    .filter((i) => i.wave === wave)
    .map((i) => i.volunteerId)
    .sort();
}

const emailsTo = (address: string) => ports.mailer.to(address).length;
/** What the table stream does after each step: the real sender delivers what the step wrote. */
const deliver = () => deliverPending(ports, { settings });
const volunteerEmails = () => ports.mailer.sent.filter((m) => m.to.endsWith('@volunteers.example.org'));
const auditOf = (type: string) => ports.store.audit.filter((a) => a.type === type);

describe('the first wave step of a run', () => {
  it('invites the first wave, their messages written with the invites, and asks the state machine to wait', async () => {
    await seed();

    const next = await step(start);

    expect(next).toEqual({ requestId: REQUEST_ID, wave: 1, next: 'wait', windowSeconds: 7200 });
    expect(await invitedIn(1)).toEqual(['vol-a', 'vol-b']);
    // The step itself sends nothing: its invites wait in the outbox for the sender.
    expect(ports.mailer.attempts).toEqual([]);
    await deliver();
    expect(volunteerEmails().map((m) => m.to)).toEqual([
      'vol-a@volunteers.example.org',
      'vol-b@volunteers.example.org',
    ]);
    // The requester's confirmation was written with the request, never by a wave step.
    expect(emailsTo(REQUESTER)).toBe(0);
  });

  it('invites while email is down: the invites wait in the outbox and go once it is back', async () => {
    await seed();
    ports.mailer.failNext(2);

    const next = await step(start);
    const throttled = await deliver();
    const retried = await deliver();

    expect(next.next).toBe('wait');
    expect(await invitedIn(1)).toEqual(['vol-a', 'vol-b']);
    expect(throttled.errors).toHaveLength(2);
    expect(retried.results.map((r) => r.result)).toEqual(['sent', 'sent']);
    expect(volunteerEmails()).toHaveLength(2);
  });

  it('holds a possible duplicate: nobody invited, and the step writes no message', async () => {
    await seed({ status: 'on-hold', possibleDuplicateOf: 'req-original' });

    const next = await step(start);

    expect(next.next).toBe('done');
    expect(await ports.store.listInvites(REQUEST_ID)).toEqual([]);
    expect(ports.store.messages.size).toBe(0);
  });

  it('does not confirm again a request a later run picks up (the prescriber re-ran it)', async () => {
    await seed({ status: 'received', wave: 2 });

    await step(start, { name: `${REQUEST_ID}-r2`, startedAt: FIRST_RUN.startedAt });
    await deliver();

    expect(emailsTo(REQUESTER)).toBe(0);
    expect(await invitedIn(1)).toEqual(['vol-a', 'vol-b']);
  });
});

describe('a retried wave step (Step Functions repeats it with the same input)', () => {
  it('run twice after a full success, invites nobody twice and emails each once', async () => {
    await seed();

    const first = await step(start);
    const again = await step(start);
    await deliver();

    expect(again).toEqual(first);
    expect(await invitedIn(1)).toEqual(['vol-a', 'vol-b']);
    expect(await ports.store.listInvites(REQUEST_ID)).toHaveLength(2);
    expect(ports.store.messages.size).toBe(2);
    expect(volunteerEmails()).toHaveLength(2);
    expect(auditOf('wave-started')).toHaveLength(1);
  });

  it('after failing once its invites were stored, chooses nobody new and emails each once', async () => {
    await seed();
    ports.store.failNext('recordInvitesSent');
    await expect(step(start)).rejects.toMatchObject({ name: 'InternalServerError' });

    const next = await step(start);
    await deliver();

    expect(next).toMatchObject({ wave: 1, next: 'wait' });
    expect(await invitedIn(1)).toEqual(['vol-a', 'vol-b']);
    expect(emailsTo('vol-a@volunteers.example.org')).toBe(1);
    expect(emailsTo('vol-b@volunteers.example.org')).toBe(1);
    expect(emailsTo('vol-c@volunteers.example.org')).toBe(0);
  });

  it('after the wait, resumes the wave it had started instead of taking it for a newer run', async () => {
    await seed();
    await step(start);
    ports.store.failNext('recordInvitesSent');
    await expect(step(afterWait(1))).rejects.toMatchObject({ name: 'InternalServerError' });

    const next = await step(afterWait(1));
    await deliver();

    expect(next).toMatchObject({ wave: 2, next: 'wait' });
    expect(await invitedIn(2)).toEqual(['vol-c', 'vol-d']);
    expect(emailsTo('vol-c@volunteers.example.org')).toBe(1);
    expect(emailsTo('vol-d@volunteers.example.org')).toBe(1);
    expect(auditOf('wave-started')).toHaveLength(2);
  });

  it('after the wave had started but stored no invite, chooses the wave then', async () => {
    await seed();
    await step(start);
    ports.store.failNext('findVolunteersOffering');
    await expect(step(afterWait(1))).rejects.toMatchObject({ name: 'InternalServerError' });
    expect((await ports.store.getRequest(REQUEST_ID))?.wave).toBe(2);

    const next = await step(afterWait(1));

    expect(next).toMatchObject({ wave: 2, next: 'wait' });
    expect(await invitedIn(2)).toEqual(['vol-c', 'vol-d']);
  });
});

describe('a wave step after the wait', () => {
  it('stops when someone has said yes, inviting nobody', async () => {
    await seed();
    await step(start);
    ports.store.seedRequest(
      aRequest({ id: REQUEST_ID, status: 'assigned', wave: 1, assignedVolunteerId: 'vol-a' }),
    );

    const next = await step(afterWait(1));

    expect(next).toEqual({ requestId: REQUEST_ID, wave: 1, next: 'done' });
    expect(await invitedIn(2)).toEqual([]);
  });

  it('stops when the request was cancelled', async () => {
    await seed();
    await step(start);
    ports.store.seedRequest(aRequest({ id: REQUEST_ID, status: 'cancelled', wave: 1 }));

    expect((await step(afterWait(1))).next).toBe('done');
    expect(await invitedIn(2)).toEqual([]);
  });

  it('invites the next wave while waves remain', async () => {
    await seed();
    await step(start);

    const next = await step(afterWait(1));

    expect(next).toEqual({ requestId: REQUEST_ID, wave: 2, next: 'wait', windowSeconds: 7200 });
    expect(await invitedIn(2)).toEqual(['vol-c', 'vol-d']);
    await deliver();
    expect(volunteerEmails()).toHaveLength(4);
  });

  it('asks for the prescriber once the last wave has gone unanswered', async () => {
    await seed();
    await step(start);
    await step(afterWait(1));

    const next = await step(afterWait(2));

    expect(next).toEqual({
      requestId: REQUEST_ID,
      wave: 2,
      next: 'escalate',
      escalationReason: 'no-acceptance',
    });
  });

  it('stands down when a later run (after a release) has started the next wave', async () => {
    await seed();
    await step(start);
    // The volunteer who said yes released the task; run 2 continued the wave count and invited wave 2.
    await ports.store.appendAudit({
      requestId: REQUEST_ID,
      at: DEFAULT_NOW,
      type: 'released',
      actor: 'vol-a',
      data: { run: 2, wave: 1 },
    });
    await runWave(
      {
        state: { requestId: REQUEST_ID, wave: 1 },
        run: { name: `${REQUEST_ID}-r2`, startedAt: DEFAULT_NOW },
      },
      settings,
      ports,
    );
    const invitedBefore = (await ports.store.listInvites(REQUEST_ID)).length;

    const next = await step(afterWait(1));

    expect(next.next).toBe('done');
    expect((await ports.store.listInvites(REQUEST_ID)).length).toBe(invitedBefore);
  });
});

describe('a later run over earlier invites', () => {
  it('does not take an earlier run’s invites of the same wave number for its own: it invites others', async () => {
    // Run 1 invited vol-a and vol-b in wave 1 and was escalated; the prescriber runs matching again.
    await seed({ status: 'received', wave: 1 });
    for (const volunteerId of ['vol-a', 'vol-b'])
      ports.store.seedInvite({
        requestId: REQUEST_ID,
        volunteerId,
        wave: 1,
        tokenHash: `hash-${volunteerId}`,
        status: 'sent',
        createdAt: '2026-03-10T08:00:00.000Z',
        expiresAt: 0,
      });
    const rerun: WaveRun = { name: `${REQUEST_ID}-r2`, startedAt: FIRST_RUN.startedAt };

    const next = await step(start, rerun);

    expect(next).toMatchObject({ wave: 1, next: 'wait' });
    expect(await invitedIn(1)).toEqual(['vol-a', 'vol-b', 'vol-c', 'vol-d']);
    await deliver();
    expect(volunteerEmails().map((m) => m.to)).toEqual([
      'vol-c@volunteers.example.org',
      'vol-d@volunteers.example.org',
    ]);
  });
});
