import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyToJoin,
  approveApplicant,
  declineApplicant,
  recordChecks,
  type ApplicantPorts,
} from '../../shared/domain/applicants.js';
import { findCandidates } from '../../shared/domain/matching.js';
import type { Store } from '../../shared/domain/ports.js';
import type { ApplicantInput } from '../../shared/schema/applicant.js';
import { createDocumentClient } from '../../shared/store/dynamo.js';
import { keys } from '../../shared/store/table.js';
import { aRequest } from '../support/builders.js';
import { freshTable } from '../support/local-table.js';
import { FakeClock, FakeIds, RecordingLog, testSettings } from '../support/memory-store.js';

/**
 * Join the team against DynamoDB Local: an applicant is stored but never found by a wave; approval
 * makes them a volunteer whose offers carry their week and weekly limit, so the next wave asks them
 * only for help they can give in time, and not once their week is full.
 */
const settings = testSettings({ waveSize: 5 });
// Monday 9 March 2026, 13:00 in London (GMT).
const clock = new FakeClock('2026-03-09T13:00:00.000Z');
let store: Store;
let ports: ApplicantPorts & { store: Store };
let tableName: string;
let endpoint: string;

const sam: ApplicantInput = {
  name: 'Sam Newcomer',
  email: 'sam.newcomer@example.org',
  phone: '07700900123',
  areas: ['GL50'],
  helpTypes: ['dog-walking'],
  dbsChecked: false,
  postcode: 'GL50 1AB',
  availability: ['tue-morning', 'wed-morning'],
  weeklyLimit: 1,
  language: 'en',
  idempotencyKey: 'join-key-1',
};

beforeAll(async () => {
  const table = await freshTable('applicants');
  store = table.store;
  tableName = table.tableName;
  endpoint = table.endpoint;
  ports = { store, clock, ids: new FakeIds(), log: new RecordingLog() };
});

let nextRequest = 0;
/** A dog walk in GL50 needed by `neededBy`: the wave's chosen volunteers. */
async function waveFor(neededBy: string): Promise<string[]> {
  const request = aRequest({ id: `walk-${++nextRequest}`, helpType: 'dog-walking', area: 'GL50', neededBy });
  await store.createRequest(request, {
    requestId: request.id,
    at: clock.now().toISOString(),
    type: 'received',
    actor: 'test',
  });
  const found = await findCandidates({ requestId: request.id, wave: 0 }, settings, {
    store,
    clock,
    ids: new FakeIds(),
    log: ports.log,
  });
  return found.volunteerIds ?? [];
}

describe('applicant → approve → invited, in DynamoDB Local', () => {
  let applicantId = '';

  it('stores an application with its confirmation, once, under a key that holds only an id', async () => {
    const first = await applyToJoin(sam, settings, ports);
    const again = await applyToJoin(sam, settings, ports);
    expect(first.kind).toBe('created');
    if (first.kind !== 'created') return;
    applicantId = first.applicantId;
    expect(again).toEqual({ kind: 'duplicate', applicantId });

    const db = createDocumentClient({ endpoint });
    const raw = await db.send(new GetCommand({ TableName: tableName, Key: keys.applicant(applicantId) }));
    expect(raw.Item).toMatchObject({
      pk: `APP#${applicantId}`,
      sk: 'APPLICANT',
      statusKey: 'APPLICANTS#waiting',
      ttl: Math.floor(clock.now().getTime() / 1000) + 60 * 86_400,
    });
    expect(await store.listApplicants('waiting')).toEqual([
      expect.objectContaining({
        id: applicantId,
        availability: ['tue-morning', 'wed-morning'],
        weeklyLimit: 1,
      }),
    ]);
    const pending = await store.getMessage(
      // The confirmation's id is fresh; find it through the applicant's recipient.
      (await pendingMessageIds()).at(0) ?? '',
    );
    expect(pending).toMatchObject({ kind: 'applicant-confirmation', to: { role: 'applicant', applicantId } });
  });

  it('never invites an applicant: a wave finds no one before approval', async () => {
    expect(await waveFor('2026-03-11')).toEqual([]);
    expect(await store.findVolunteerByEmail(sam.email)).toBeUndefined();
  });

  it('records the checks while the application waits', async () => {
    expect(
      await recordChecks(applicantId, { idSeen: true, dbsCheckedOn: '2025-03-15' }, settings, ports),
    ).toEqual({
      kind: 'saved',
    });
    expect((await store.getApplicant(applicantId))?.checks).toEqual({
      idSeen: true,
      dbsCheckedOn: '2025-03-15',
    });
  });

  it('approves: the volunteer is on the roster, found by their email’s keyed hash, and the application is gone', async () => {
    expect(await approveApplicant(applicantId, 'prescriber-1', ports)).toEqual({
      kind: 'approved',
      volunteerId: applicantId,
    });
    expect(await store.getApplicant(applicantId)).toBeUndefined();
    expect(await store.listApplicants('waiting')).toEqual([]);
    const volunteer = await store.findVolunteerByEmail('Sam.Newcomer@example.org');
    expect(volunteer).toMatchObject({
      id: applicantId,
      availability: ['tue-morning', 'wed-morning'],
      weeklyLimit: 1,
      dbsChecked: true,
      dbsCheckedOn: '2025-03-15',
    });
    // A second approval (a double click, another prescriber) changes nothing.
    expect(await approveApplicant(applicantId, 'prescriber-2', ports)).toEqual({ kind: 'not-found' });
  });

  it('invites them to a walk needed by Wednesday, not to one needed by Monday', async () => {
    const [offer] = await store.findVolunteersOffering('GL50', 'dog-walking');
    expect(offer).toMatchObject({
      id: applicantId,
      availability: ['tue-morning', 'wed-morning'],
      weeklyLimit: 1,
    });
    expect(await waveFor('2026-03-11')).toEqual([applicantId]);
    expect(await waveFor('2026-03-09')).toEqual([]);
  });

  it('does not invite them again the week they accepted one job, and does the next week', async () => {
    await store.recordAcceptance(applicantId, clock.now().toISOString());
    const [offer] = await store.findVolunteersOffering('GL50', 'dog-walking');
    expect(offer?.recentAccepts).toEqual([clock.now().toISOString()]);
    expect(await waveFor('2026-03-11')).toEqual([]);

    clock.set('2026-03-16T07:00:00.000Z');
    expect(await waveFor('2026-03-17')).toEqual([applicantId]);
    // Last week's acceptance is dropped when the next one is counted.
    await store.recordAcceptance(applicantId, clock.now().toISOString());
    expect((await store.getVolunteer(applicantId))?.recentAccepts).toEqual([clock.now().toISOString()]);
  });

  it('declines another applicant: kept with its reason until its TTL, never on the roster', async () => {
    const other = await applyToJoin(
      { ...sam, email: 'ola@example.org', idempotencyKey: 'join-key-2' },
      settings,
      ports,
    );
    if (other.kind !== 'created') throw new Error('not created');
    expect(
      await declineApplicant(other.applicantId, 'could-not-reach', 'prescriber-1', settings, ports),
    ).toEqual({
      kind: 'declined',
    });
    const declined = await store.getApplicant(other.applicantId);
    expect(declined).toMatchObject({ status: 'declined', declineReason: 'could-not-reach' });
    expect(declined?.expiresAt).toBe(Math.floor(clock.now().getTime() / 1000) + 60 * 86_400);
    expect((await store.listApplicants('declined')).map((a) => a.id)).toEqual([other.applicantId]);
    expect(await approveApplicant(other.applicantId, 'prescriber-1', ports)).toEqual({ kind: 'not-waiting' });
    expect(await store.findVolunteerByEmail('ola@example.org')).toBeUndefined();
  });
});

describe('an applicant who offers more than one transaction holds', () => {
  it('is approved with every offer written: 20 areas × 7 kinds of help', async () => {
    const areas = Array.from({ length: 20 }, (_, i) => `GL${70 + i}`);
    const applied = await applyToJoin(
      {
        ...sam,
        email: 'busy@example.org',
        idempotencyKey: 'join-key-3',
        areas,
        helpTypes: [
          'prescription',
          'shopping',
          'friendly-chat',
          'dog-walking',
          'lift',
          'practical-help',
          'other',
        ],
      },
      settings,
      ports,
    );
    if (applied.kind !== 'created') throw new Error('not created');
    expect(await approveApplicant(applied.applicantId, 'prescriber-1', ports)).toMatchObject({
      kind: 'approved',
    });
    // The first offer (in the transaction) and the last (in the batch after it) are both found.
    expect((await store.findVolunteersOffering('GL70', 'prescription')).map((v) => v.id)).toEqual([
      applied.applicantId,
    ]);
    expect((await store.findVolunteersOffering('GL89', 'other')).map((v) => v.id)).toEqual([
      applied.applicantId,
    ]);
  });
});

/** The outbox's unsent messages (a Scan is fine in a test, never in the system). */
async function pendingMessageIds(): Promise<string[]> {
  const { tablePending } = await import('../support/outbox.js');
  return tablePending(tableName, endpoint)();
}
